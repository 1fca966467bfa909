// src/storage/atomic_output.h
//
// One object written to a URI (s3://, gs://, file://) so that readers see
// either the previous object or the complete new one, never a partial one,
// and a failed or killed write leaves nothing under the destination's name:
// the bytes go to a temporary key ".<name>.tmp.<pid>.<n>" beside the
// destination, which is completed and closed, then moved onto the destination
// with FileSystem::Move. On S3 that is a server-side copy of the complete
// object followed by a delete of the temporary key: the destination appears
// atomically (S3 never shows a partial object), but the pair is not one
// transaction, so a process killed between the two requests may leave the
// hidden temporary key behind (dataset readers ignore names starting with
// "."). See docs/CLUSTER.md. Local paths are OutputSet's business
// (core/output_set.h), which hands URI destinations to PublishStagedFile.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "storage/location.h"

namespace arrow::io {
class OutputStream;
}

namespace orbit::storage {

class AtomicOutput {
 public:
  // REQUIRES: IsUri(destination). Opens the temporary key.
  // Errors: Error(kUsage) for credentials in the URI, Error(kIo) naming it.
  explicit AtomicOutput(const std::string& destination);
  ~AtomicOutput();  // not committed: the temporary is removed (errors ignored)
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  arrow::io::OutputStream& stream() { return *stream_; }

  // Closes the stream and moves the temporary into place.
  // Errors: Error(kIo) naming the destination and the cause.
  void Commit();

 private:
  void Discard() noexcept;

  std::string shown_;  // the destination without its query
  bool committed_ = false;
  Location location_;
  std::string temporary_;  // path inside location_.filesystem
  std::shared_ptr<arrow::io::OutputStream> stream_;
};

// Copies the local file `staged` to `uri` through an AtomicOutput.
// Errors: Error(kIo) naming the URI without its query.
void PublishStagedFile(const std::filesystem::path& staged, const std::string& uri);

// Lets every OutputSet of the process write URI destinations (installs a
// publisher that loads the Arrow module and calls PublishStagedFile; defined
// in storage/location.cc, outside the module). Programs call it once at start
// (the CLI's main, the Python module).
void EnableUriOutputs() noexcept;

}  // namespace orbit::storage
