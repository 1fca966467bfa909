#include "engine/resource_usage.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace orbit::engine {
namespace {

int64_t StatusFieldBytes(const char* field) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  int64_t kb = -1;
  const size_t len = std::strlen(field);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, field, len) == 0) {
      kb = std::atoll(line + len);
      break;
    }
  }
  std::fclose(f);
  return kb < 0 ? -1 : kb * 1024;
}

}  // namespace

int64_t PeakRssBytes() {
  const int64_t hwm = StatusFieldBytes("VmHWM:");
  if (hwm >= 0) return hwm;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

int64_t CurrentRssBytes() { return StatusFieldBytes("VmRSS:"); }

}  // namespace orbit::engine
