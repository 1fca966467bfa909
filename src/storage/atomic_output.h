// src/storage/atomic_output.h
//
// One output file or object, written so that readers see either the previous
// content or the complete new one, never a partial one, and a failed or
// killed write leaves no file under the destination's name:
//  - a plain local path: a temporary file beside it, renamed into place
//    (core/atomic_file);
//  - a URI (s3://, gs://, file://): a temporary key ".<name>.tmp.<pid>.<n>"
//    beside the destination, fully uploaded and closed, then moved onto the
//    destination with FileSystem::Move. On S3 that is a server-side copy of
//    the complete object followed by a delete of the temporary key: the
//    destination key appears atomically (S3 never shows a partial object),
//    but the pair is not one transaction, so a process killed between the two
//    steps may leave the hidden temporary key behind (dataset readers ignore
//    names starting with "."). See docs/CLUSTER.md.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "storage/location.h"

namespace arrow::io {
class OutputStream;
}

namespace orbit::storage {

class AtomicOutput {
 public:
  // Opens the temporary file/key. Errors: Error(kIo) naming the destination.
  explicit AtomicOutput(const std::string& destination);
  ~AtomicOutput();  // not committed: the temporary is removed (errors ignored)
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  arrow::io::OutputStream& stream() { return *stream_; }
  std::shared_ptr<arrow::io::OutputStream> shared_stream() { return stream_; }

  // Closes the stream and moves the temporary into place.
  // Errors: Error(kIo) naming the destination and the cause.
  void Commit();

 private:
  void Discard() noexcept;

  std::string destination_;
  bool remote_ = false;
  bool committed_ = false;
  std::filesystem::path local_temporary_;
  Location location_;             // remote only
  std::string remote_temporary_;  // path inside location_.filesystem
  std::shared_ptr<arrow::io::OutputStream> stream_;
};

// Writes `contents` to `destination` (local path or URI) atomically.
// Errors: Error(kIo) naming the destination.
void WriteAtomically(const std::string& destination, std::string_view contents);

}  // namespace orbit::storage
