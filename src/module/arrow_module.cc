#include "module/arrow_module.h"

#include <dlfcn.h>

#include <atomic>
#include <mutex>
#include <system_error>

#include "core/error.h"

namespace orbit {
namespace {

std::atomic<const ArrowModule*> registered{nullptr};

std::mutex& LoadMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

void RegisterArrowModule(const ArrowModule& module) noexcept { registered.store(&module, std::memory_order_release); }

const ArrowModule* ArrowModule::IfLoaded() noexcept { return registered.load(std::memory_order_acquire); }

std::filesystem::path ArrowModulePath() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (ec ? std::filesystem::path(".") : self.parent_path()) / "liborbit_arrow.so";
}

const ArrowModule& ArrowModule::Get() {
  if (const ArrowModule* m = IfLoaded()) return *m;
  const std::lock_guard<std::mutex> lock(LoadMutex());
  if (const ArrowModule* m = IfLoaded()) return *m;
  const std::string path = ArrowModulePath().string();
  // RTLD_NOW: a missing symbol is reported here, not in the middle of a run.
  // The handle is never closed: Arrow keeps threads and static state.
  if (::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) == nullptr) {
    const char* why = ::dlerror();
    ThrowIo("cannot load the Arrow module " + path + " (needed for Parquet, Arrow streams, compressed CSV and "
            "object storage): " + (why != nullptr ? why : "unknown error"));
  }
  const ArrowModule* m = IfLoaded();
  if (m == nullptr) ThrowIo("cannot load the Arrow module " + path + ": it did not register itself");
  return *m;
}

}  // namespace orbit
