// OpenArrowByteSource (source/byte_source.h), part of the Arrow module:
// objects named by URIs, and text compressed with gzip, zstd or bzip2.
#include <arrow/io/api.h>
#include <arrow/io/compressed.h>
#include <arrow/util/compression.h>

#include "core/error.h"
#include "source/byte_source.h"
#include "storage/location.h"

namespace orbit::source {
namespace {

class ArrowByteSource final : public ByteSource {
 public:
  // Messages name the URI without its query (it may hold credentials).
  explicit ArrowByteSource(const std::string& path) : path_(storage::DisplayName(path)) {
    if (storage::IsUri(path)) {  // an object named by a URI (storage/location.h)
      stream_ = storage::OpenForReading(path);
    } else {
      auto file = arrow::io::ReadableFile::Open(path);
      if (!file.ok()) ThrowIo(path + ": cannot open file: " + file.status().message());
      stream_ = *file;
    }
    const Compression compression = CompressionFromName(storage::DisplayName(path));
    if (compression == Compression::kNone) return;
    const arrow::Compression::type type = compression == Compression::kGzip   ? arrow::Compression::GZIP
                                          : compression == Compression::kZstd ? arrow::Compression::ZSTD
                                                                              : arrow::Compression::BZ2;
    auto codec = arrow::util::Codec::Create(type);
    if (!codec.ok()) ThrowIo(path_ + ": this build cannot decompress it: " + codec.status().message());
    codec_ = std::move(*codec);
    auto compressed = arrow::io::CompressedInputStream::Make(codec_.get(), stream_);
    if (!compressed.ok()) ThrowIo(path_ + ": " + compressed.status().message());
    stream_ = *compressed;
  }

  size_t Read(char* out, size_t n) override {
    auto got = stream_->Read(static_cast<int64_t>(n), out);
    if (!got.ok()) ThrowIo(path_ + ": cannot read: " + got.status().message());
    return static_cast<size_t>(*got);
  }

 private:
  std::string path_;
  std::unique_ptr<arrow::util::Codec> codec_;  // outlives stream_'s use of it
  std::shared_ptr<arrow::io::InputStream> stream_;
};

}  // namespace

std::unique_ptr<ByteSource> OpenArrowByteSource(const std::string& path_or_uri) {
  return std::make_unique<ArrowByteSource>(path_or_uri);
}

}  // namespace orbit::source
