// src/source/byte_source.h
//
// The bytes of one text input, read front to back. A plain local file is
// read with read(2) directly; an object named by a URI (storage/location.h)
// or a compressed file (.gz/.zst/.bz2) goes through the Arrow module's
// filesystems and codecs (module/arrow_module.h), so reading a local CSV
// file never loads Arrow.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace orbit::source {

enum class Compression { kNone, kGzip, kZstd, kBz2 };

// From the file name's last extension (.gz/.gzip, .zst/.zstd, .bz2).
Compression CompressionFromName(const std::string& path);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `out`; returns the count, 0 only at the end.
  // Errors: Error(kIo) "<path>: cannot read: <cause>".
  virtual size_t Read(char* out, size_t n) = 0;
};

// Opens `path_or_uri` for reading, decompressed when its name says so.
// Errors: Error(kIo) "<path>: cannot open file: <cause>", or the Arrow
// module's message for URIs and codecs.
std::unique_ptr<ByteSource> OpenByteSource(const std::string& path_or_uri);

// The Arrow module's half of OpenByteSource (URIs, codecs); defined in
// source/arrow_byte_source.cc, reached through ArrowModule::Get().
std::unique_ptr<ByteSource> OpenArrowByteSource(const std::string& path_or_uri);

}  // namespace orbit::source
