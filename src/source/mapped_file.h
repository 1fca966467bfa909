// src/source/mapped_file.h
//
// A regular local file mapped read-only, so a reader can parse its bytes in
// place instead of copying them out of the page cache. The pages of text the
// reader is done with are released (they stay in the page cache but leave
// the process), so a scan through a large file holds only what is in flight
// and honours --memory-limit as reading into buffers does.
//
// A file that shrinks while mapped cannot crash the process: reads past its
// new end see zeros and changed() turns true (a SIGBUS handler, installed on
// the first Open, does this for our mappings only); the reader must then
// report the file as changed rather than trust what it parsed.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace orbit::source {

class MappedFile {
 public:
  // The mapped file, or nullptr when `path` is not a non-empty regular local
  // file that can be mapped (a URI, a pipe, an empty file, ...): the caller
  // then reads it. Never throws.
  static std::unique_ptr<MappedFile> Open(const std::string& path) noexcept;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }

  // True once a read found the file shorter than when it was mapped.
  bool changed() const noexcept;

  // Releases the whole pages before `end` (a pointer into text()) that are
  // not released yet. REQUIRES: calls in increasing order of `end`; no view
  // of the released bytes is read again (it would only fault them back in).
  void ReleaseBefore(const char* end) noexcept;

 private:
  MappedFile(const char* data, size_t size, int slot) : data_(data), size_(size), slot_(slot) {}
  const char* data_;
  size_t size_;
  int slot_;  // in the SIGBUS handler's table of mappings
  size_t released_ = 0;  // bytes from the start already released (page multiple)
};

}  // namespace orbit::source
