#include "core/output_set.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace orbit {
namespace {

// Registry of live temporaries for the signal path: fixed storage, no
// allocation, each slot claimed by an atomic flag.
constexpr size_t kSlots = 64;
constexpr size_t kPathMax = 4096;
struct Slot {
  std::atomic<bool> used{false};
  char path[kPathMax] = {};  // zero-initialised: the registry is constant-initialised (.bss), not touched at start
};
std::array<Slot, kSlots> g_registry;

int Register(const std::filesystem::path& p) {
  const std::string text = p.string();
  if (text.size() >= kPathMax) return -1;
  for (size_t i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_registry[i].used.load() || !g_registry[i].used.compare_exchange_strong(expected, true)) continue;
    std::memcpy(g_registry[i].path, text.c_str(), text.size() + 1);
    return static_cast<int>(i);
  }
  return -1;  // more live temporaries than slots: only the signal path loses them
}

void Unregister(int slot) {
  if (slot >= 0) g_registry[static_cast<size_t>(slot)].used.store(false);
}

// FNV-1a of the destination's file name: the temporary's tag.
uint64_t NameHash(std::string_view name) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string TemporaryPrefix(const std::filesystem::path& destination) {
  return fmt::format(".orbit-{:016x}-", NameHash(destination.filename().string()));
}

std::atomic<UriPublisher> g_uri_publisher{nullptr};

bool IsUri(const std::string& path) {
  const size_t sep = path.find("://");
  return sep != std::string::npos && sep > 0 && path.find('/') == sep + 1;
}

bool ProcessAlive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// Removes `.orbit-<hash>-<pid>.tmp` files of `destination` whose process is gone.
void RemoveStaleTemporaries(const std::filesystem::path& folder, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() <= prefix.size() + 4 || name.substr(name.size() - 4) != ".tmp")
      continue;
    const std::string pid_text = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0' || pid == static_cast<long>(::getpid()) || ProcessAlive(pid)) continue;
    std::error_code ignored;
    std::filesystem::remove(entry.path(), ignored);
  }
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

std::string Normal(const std::string& p) {
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
  return ec ? p : abs.string();
}

// A file name longer than the folder's NAME_MAX (or a path longer than
// PATH_MAX) could only fail at the final rename, after all the work.
void CheckNameLength(const std::string& path, const std::string& what) {
  const std::filesystem::path p(path);
  const std::string name = p.filename().string();
  const std::string folder = p.parent_path().empty() ? "." : p.parent_path().string();
  errno = 0;
  long name_max = ::pathconf(folder.c_str(), _PC_NAME_MAX);
  if (name_max <= 0) name_max = 255;  // folder not created yet, or no limit reported
  if (name.size() > static_cast<size_t>(name_max))
    ThrowIo(fmt::format("{}: file name too long ({} bytes; the file system's limit is {}): {}...", what, name.size(),
                        name_max, name.substr(0, 40)));
  if (Normal(path).size() >= kPathMax)
    ThrowIo(fmt::format("{}: path too long ({} bytes; the limit is {})", what, Normal(path).size(), kPathMax - 1));
}

}  // namespace

OutputSet::~OutputSet() {
  for (Output& o : outputs_) {
    if (o.temporary.empty()) continue;
    std::error_code ignored;
    std::filesystem::remove(o.temporary, ignored);
    Unregister(o.registry_slot);
  }
}

void OutputSet::Declare(const std::string& path, const std::string& what, const std::vector<std::string>& inputs) {
  if (path.empty()) ThrowUsage(what + ": empty path");
  if (IsUri(path)) {
    const std::string shown = path.substr(0, path.find('?'));
    if (g_uri_publisher.load() == nullptr) ThrowUsage(what + ": " + shown + ": URI destinations are not supported here");
    for (const Output& o : outputs_)
      if (o.path == path) ThrowUsage(what + " " + shown + " is also the destination of " + o.what);
    for (const std::string& input : inputs)
      if (input == path) ThrowUsage(what + " " + shown + " is an input of this run (--bars); refusing to overwrite it");
    outputs_.push_back(Output{path, what, {}, -1});
    return;
  }
  for (const Output& o : outputs_)
    if (Normal(o.path) == Normal(path) || SameFile(o.path, path))
      ThrowUsage(what + " " + path + " is also the destination of " + o.what + "; give each output its own file");
  for (const std::string& input : inputs)
    if (Normal(input) == Normal(path) || SameFile(input, path))
      ThrowUsage(what + " " + path + " is an input of this run (" + input + "); refusing to overwrite it");
  CheckNameLength(path, what);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    ThrowIo(what + ": " + path + " is a folder, not a file");
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) {
    std::filesystem::create_directories(folder, ec);
    if (ec) ThrowIo(what + ": cannot create folder " + folder.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(folder, ec))
      ThrowIo(what + ": " + folder.string() + " is not a folder");
  }
  const std::string probe_dir = folder.empty() ? "." : folder.string();
  if (::access(probe_dir.c_str(), W_OK) != 0)
    ThrowIo(what + ": cannot write into folder " + probe_dir + ": " + std::strerror(errno));
  outputs_.push_back(Output{path, what, {}, -1});
}

bool OutputSet::declared(const std::string& path) const {
  for (const Output& o : outputs_)
    if (o.path == path) return true;
  return false;
}

OutputSet::Output& OutputSet::Find(const std::string& path) {
  for (Output& o : outputs_)
    if (o.path == path) return o;
  throw Error(ErrorKind::kInternal, "output " + path + " was not declared");
}

std::filesystem::path OutputSet::Stage(const std::string& path) {
  Output& o = Find(path);
  if (IsUri(path)) {  // staged locally, uploaded by Commit
    if (o.temporary.empty()) {
      std::error_code ec;
      std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
      if (ec) folder = "/tmp";
      o.temporary = folder / fmt::format(".orbit-{:016x}-{}.tmp", NameHash(path), static_cast<long>(::getpid()));
      o.registry_slot = Register(o.temporary);
    }
    return o.temporary;
  }
  const std::filesystem::path destination(path);
  std::filesystem::path folder = destination.parent_path();
  if (folder.empty()) folder = ".";
  const std::string prefix = TemporaryPrefix(destination);
  RemoveStaleTemporaries(folder, prefix);
  if (o.temporary.empty()) {
    o.temporary = folder / fmt::format("{}{}.tmp", prefix, static_cast<long>(::getpid()));
    o.registry_slot = Register(o.temporary);
  }
  return o.temporary;
}

void OutputSet::StageContents(const std::string& path, std::string_view contents) {
  const std::filesystem::path tmp = Stage(path);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) ThrowIo("cannot write " + path + " (temporary file " + tmp.string() + "): " + std::strerror(errno));
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.flush();
  if (!out) ThrowIo("write failed for " + path + ": " + std::strerror(errno));
}

void OutputSet::Commit() {
  for (Output& o : outputs_) {
    if (o.temporary.empty()) continue;
    std::error_code ec;
    if (IsUri(o.path)) {
      g_uri_publisher.load()(o.temporary, o.path);
      std::filesystem::remove(o.temporary, ec);
      Unregister(o.registry_slot);
      o.temporary.clear();
      continue;
    }
    std::filesystem::rename(o.temporary, o.path, ec);
    if (ec) ThrowIo("cannot move the finished file into place at " + o.path + ": " + ec.message());
    Unregister(o.registry_slot);
    o.temporary.clear();
  }
}

void SetUriPublisher(UriPublisher publisher) noexcept { g_uri_publisher.store(publisher); }

void RemoveRegisteredTemporaries() noexcept {
  for (Slot& slot : g_registry)
    if (slot.used.load()) ::unlink(slot.path);
}

}  // namespace orbit
