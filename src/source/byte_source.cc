#include "source/byte_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "module/arrow_module.h"
#include "storage/location.h"

namespace orbit::source {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A local file read with read(2); the descriptor is closed on destruction.
class LocalFileSource final : public ByteSource {
 public:
  explicit LocalFileSource(const std::string& path) : path_(path) {
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) ThrowIo(path + ": cannot open file: " + std::strerror(errno));
  }
  ~LocalFileSource() override { ::close(fd_); }
  LocalFileSource(const LocalFileSource&) = delete;
  LocalFileSource& operator=(const LocalFileSource&) = delete;

  size_t Read(char* out, size_t n) override {
    size_t got = 0;
    while (got < n) {  // a short read is not the end: fill the request
      const ssize_t r = ::read(fd_, out + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) ThrowIo(path_ + ": cannot read: " + std::strerror(errno));
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    return got;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace

Compression CompressionFromName(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return Compression::kNone;
  const std::string ext = Lower(path.substr(dot));
  if (ext == ".gz" || ext == ".gzip") return Compression::kGzip;
  if (ext == ".zst" || ext == ".zstd") return Compression::kZstd;
  if (ext == ".bz2") return Compression::kBz2;
  return Compression::kNone;
}

std::unique_ptr<ByteSource> OpenByteSource(const std::string& path_or_uri) {
  if (storage::IsUri(path_or_uri) || CompressionFromName(path_or_uri) != Compression::kNone)
    return ArrowModule::Get().open_arrow_byte_source(path_or_uri);
  return std::make_unique<LocalFileSource>(path_or_uri);
}

}  // namespace orbit::source
