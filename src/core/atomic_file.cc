#include "core/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace orbit {

std::filesystem::path PrepareTemporaryFor(const std::string& destination) {
  const std::filesystem::path target(destination);
  std::filesystem::path dir = target.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) ThrowIo("cannot create folder " + dir.string() + ": " + ec.message());
  } else {
    dir = ".";
  }
  return dir / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()));
}

void CommitTemporary(const std::filesystem::path& temporary, const std::string& destination) {
  std::error_code ec;
  std::filesystem::rename(temporary, destination, ec);
  if (ec) {
    DiscardTemporary(temporary);
    ThrowIo("cannot move the finished file into place at " + destination + ": " + ec.message());
  }
}

void DiscardTemporary(const std::filesystem::path& temporary) noexcept {
  std::error_code ignored;
  std::filesystem::remove(temporary, ignored);
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::filesystem::path tmp = PrepareTemporaryFor(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) ThrowIo("cannot write " + path + " (temporary file " + tmp.string() + "): " + std::strerror(errno));
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) {
      const int err = errno;
      DiscardTemporary(tmp);
      ThrowIo("write failed for " + path + ": " + std::strerror(err));
    }
  }
  CommitTemporary(tmp, path);
}

}  // namespace orbit
