#include "storage/atomic_output.h"

#include <arrow/filesystem/api.h>
#include <arrow/io/api.h>
#include <unistd.h>

#include <atomic>

#include "core/atomic_file.h"
#include "core/error.h"

namespace orbit::storage {
namespace {

std::string ParentOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string NameOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

AtomicOutput::AtomicOutput(const std::string& destination) : destination_(destination), remote_(IsUri(destination)) {
  if (!remote_) {
    local_temporary_ = PrepareTemporaryFor(destination);
    auto opened = arrow::io::FileOutputStream::Open(local_temporary_.string());
    if (!opened.ok()) {
      DiscardTemporary(local_temporary_);
      ThrowIo("cannot write " + destination + ": " + opened.status().ToString());
    }
    stream_ = *opened;
    return;
  }
  location_ = Resolve(destination);
  const std::string shown = DisplayName(destination);
  if (NameOf(location_.path).empty()) ThrowIo("cannot write " + shown + ": the URI names a folder, not a file");
  static std::atomic<unsigned> counter{0};
  const std::string parent = ParentOf(location_.path);
  remote_temporary_ = (parent.empty() ? "" : parent + "/") + "." + NameOf(location_.path) + ".tmp." +
                      std::to_string(::getpid()) + "." + std::to_string(counter++);
  if (location_.scheme == "file" && !parent.empty()) {  // object stores have no folders to create
    const arrow::Status st = location_.filesystem->CreateDir(parent, true);
    if (!st.ok()) ThrowIo("cannot write " + shown + ": " + st.message());
  }
  auto opened = location_.filesystem->OpenOutputStream(remote_temporary_);
  if (!opened.ok()) ThrowIo("cannot write " + shown + ": " + opened.status().message());
  stream_ = *opened;
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) Discard();
}

void AtomicOutput::Discard() noexcept {
  if (stream_ && !stream_->closed()) (void)stream_->Abort();
  if (!remote_) {
    DiscardTemporary(local_temporary_);
  } else if (location_.filesystem) {
    (void)location_.filesystem->DeleteFile(remote_temporary_);
  }
}

void AtomicOutput::Commit() {
  const std::string shown = DisplayName(destination_);
  const arrow::Status closed = stream_->Close();
  if (!closed.ok()) {
    Discard();
    committed_ = true;
    ThrowIo("write failed for " + shown + ": " + closed.message());
  }
  committed_ = true;
  if (!remote_) {
    CommitTemporary(local_temporary_, destination_);
    return;
  }
  const arrow::Status moved = location_.filesystem->Move(remote_temporary_, location_.path);
  if (!moved.ok()) {
    (void)location_.filesystem->DeleteFile(remote_temporary_);
    ThrowIo("cannot move the finished object into place at " + shown + ": " + moved.message());
  }
}

void WriteAtomically(const std::string& destination, std::string_view contents) {
  if (!IsUri(destination)) {
    WriteFileAtomically(destination, contents);
    return;
  }
  AtomicOutput out(destination);
  const arrow::Status st = out.stream().Write(contents.data(), static_cast<int64_t>(contents.size()));
  if (!st.ok()) ThrowIo("write failed for " + DisplayName(destination) + ": " + st.message());
  out.Commit();
}

}  // namespace orbit::storage
