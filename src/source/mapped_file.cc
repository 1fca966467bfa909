#include "source/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include "storage/location.h"

namespace orbit::source {
namespace {

// A file that shrinks while it is mapped (rewritten by the program exporting
// it) makes reads past its new end raise SIGBUS. The handler below turns that
// into a flag: it maps a zero page over the faulting page of one of our
// mappings, so the read goes on, and marks the mapping changed; the scanner
// then reports the file as changed instead of parsing the zeros. Faults
// outside our mappings go to the previous handler (or the default action).
struct ActiveMapping {
  std::atomic<uintptr_t> begin{0}, end{0};
  std::atomic<bool> changed{false};
};
constexpr size_t kMaxMappings = 32;  // more files mapped at once: the rest are read
std::array<ActiveMapping, kMaxMappings> g_mappings;
struct sigaction g_previous_sigbus {};
const uintptr_t g_page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (ActiveMapping& m : g_mappings) {
    const uintptr_t begin = m.begin.load(std::memory_order_acquire);
    if (begin == 0 || addr < begin || addr >= m.end.load(std::memory_order_acquire)) continue;
    void* zero = ::mmap(reinterpret_cast<void*>(addr & ~(g_page - 1)), g_page, PROT_READ,
                        MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (zero != MAP_FAILED) {
      m.changed.store(true, std::memory_order_release);
      return;  // the faulting read is retried and now sees zeros
    }
  }
  if ((g_previous_sigbus.sa_flags & SA_SIGINFO) != 0 && g_previous_sigbus.sa_sigaction != nullptr) {
    g_previous_sigbus.sa_sigaction(sig, info, context);
  } else if (g_previous_sigbus.sa_handler != SIG_DFL && g_previous_sigbus.sa_handler != SIG_IGN &&
             g_previous_sigbus.sa_handler != nullptr) {
    g_previous_sigbus.sa_handler(sig);
  } else {
    ::signal(SIGBUS, SIG_DFL);  // the retried read faults again and ends the process as it would have
  }
}

void InstallSigbusHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = &OnSigbus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous_sigbus);
  });
}

// A free slot for [begin, end), or -1.
int Claim(uintptr_t begin, uintptr_t end) {
  for (size_t i = 0; i < kMaxMappings; ++i) {
    uintptr_t expected = 0;
    if (g_mappings[i].begin.load() != 0) continue;
    g_mappings[i].changed.store(false);
    g_mappings[i].end.store(end);
    if (g_mappings[i].begin.compare_exchange_strong(expected, begin)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::unique_ptr<MappedFile> MappedFile::Open(const std::string& path) noexcept {
  if (storage::IsUri(path)) return nullptr;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;  // the reader opens it again and reports why
  struct stat st {};
  void* data = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    data = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (data == MAP_FAILED) return nullptr;
  const auto size = static_cast<size_t>(st.st_size);
  InstallSigbusHandler();
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const int slot = Claim(begin, begin + size);
  if (slot < 0) {
    ::munmap(data, size);
    return nullptr;
  }
  (void)::madvise(data, size, MADV_SEQUENTIAL);
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const char*>(data), size, slot));
}

MappedFile::~MappedFile() {
  ::munmap(const_cast<char*>(data_), size_);
  g_mappings[static_cast<size_t>(slot_)].begin.store(0, std::memory_order_release);
}

bool MappedFile::changed() const noexcept {
  return g_mappings[static_cast<size_t>(slot_)].changed.load(std::memory_order_acquire);
}

void MappedFile::ReleaseBefore(const char* end) noexcept {
  const size_t upto = static_cast<size_t>(end - data_) / g_page * g_page;
  if (upto <= released_) return;
  (void)::madvise(const_cast<char*>(data_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

}  // namespace orbit::source
