// AtomicOutput and PublishStagedFile: part of the Arrow module (module/arrow_module.h).
#include "storage/atomic_output.h"

#include <arrow/buffer.h>
#include <arrow/filesystem/api.h>
#include <arrow/io/api.h>
#include <unistd.h>

#include <atomic>

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

AtomicOutput::AtomicOutput(const std::string& destination) : shown_(DisplayName(destination)) {
  location_ = Resolve(destination);
  if (NameOf(location_.path).empty()) ThrowIo("cannot write " + shown_ + ": the URI names a folder, not a file");
  static std::atomic<unsigned> counter{0};
  const std::string parent = ParentOf(location_.path);
  temporary_ = (parent.empty() ? "" : parent + "/") + "." + NameOf(location_.path) + ".tmp." +
               std::to_string(::getpid()) + "." + std::to_string(counter++);
  if (location_.scheme == "file" && !parent.empty()) {  // object stores have no folders to create
    const arrow::Status st = location_.filesystem->CreateDir(parent, true);
    if (!st.ok()) ThrowIo("cannot write " + shown_ + ": " + st.message());
  }
  auto opened = location_.filesystem->OpenOutputStream(temporary_);
  if (!opened.ok()) ThrowIo("cannot write " + shown_ + ": " + opened.status().message());
  stream_ = *opened;
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) Discard();
}

void AtomicOutput::Discard() noexcept {
  if (stream_ && !stream_->closed()) (void)stream_->Abort();
  if (location_.filesystem) (void)location_.filesystem->DeleteFile(temporary_);
}

void AtomicOutput::Commit() {
  const arrow::Status closed = stream_->Close();
  committed_ = true;
  if (!closed.ok()) {
    Discard();
    ThrowIo("write failed for " + shown_ + ": " + closed.message());
  }
  const arrow::Status moved = location_.filesystem->Move(temporary_, location_.path);
  if (!moved.ok()) {
    (void)location_.filesystem->DeleteFile(temporary_);
    ThrowIo("cannot move the finished object into place at " + shown_ + ": " + moved.message());
  }
}

void PublishStagedFile(const std::filesystem::path& staged, const std::string& uri) {
  auto input = arrow::io::ReadableFile::Open(staged.string());
  if (!input.ok()) ThrowIo("cannot write " + DisplayName(uri) + ": " + input.status().message());
  AtomicOutput out(uri);
  constexpr int64_t kChunk = 8 << 20;
  for (;;) {
    auto chunk = (*input)->Read(kChunk);
    if (!chunk.ok()) ThrowIo("cannot write " + DisplayName(uri) + ": " + chunk.status().message());
    if ((*chunk)->size() == 0) break;
    const arrow::Status st = out.stream().Write(*chunk);
    if (!st.ok()) ThrowIo("write failed for " + DisplayName(uri) + ": " + st.message());
  }
  out.Commit();
}

}  // namespace orbit::storage
