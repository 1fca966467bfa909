// Object storage through Arrow filesystems (storage/location.h): URI
// resolution, reading, and S3's process-wide start and shutdown. Part of the
// Arrow module (module/arrow_module.h).
#include <arrow/filesystem/api.h>
#include <arrow/filesystem/s3fs.h>
#include <arrow/io/api.h>

#include <cctype>
#include <mutex>

#include "core/error.h"
#include "storage/location.h"

namespace orbit::storage {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Query keys that carry secrets (Arrow's S3 and GCS URI options).
bool IsCredentialKey(const std::string& key) {
  const std::string k = Lower(key);
  return k == "access_key" || k == "secret_key" || k == "session_token" || k == "access_token" ||
         k == "credential" || k == "credentials" || k == "sas_token" || k == "account_key";
}

std::mutex& S3Mutex() {
  static std::mutex m;
  return m;
}

void EnsureS3() {
  const std::lock_guard<std::mutex> lock(S3Mutex());
  if (arrow::fs::IsS3Finalized()) ThrowIo("S3 support was already shut down in this process");
  const arrow::Status status = arrow::fs::EnsureS3Initialized();
  if (!status.ok()) ThrowIo("S3 support could not be initialised: " + status.ToString());
}

}  // namespace

Location Resolve(const std::string& uri) {
  Location loc;
  const size_t sep = uri.find("://");
  loc.scheme = Lower(uri.substr(0, sep));
  const size_t q = uri.find('?');
  if (q != std::string::npos) {
    loc.query = uri.substr(q);
    size_t start = q + 1;
    while (start <= uri.size()) {
      const size_t end = std::min(uri.find('&', start), uri.size());
      const std::string pair = uri.substr(start, end - start);
      if (IsCredentialKey(pair.substr(0, pair.find('='))))
        ThrowUsage(DisplayName(uri) + ": credentials are not accepted in a URI (they would show in logs); "
                   "use the standard environment or configuration, e.g. AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                   "AWS_PROFILE or ~/.aws/credentials");
      start = end + 1;
    }
  }
  if (loc.scheme == "s3") EnsureS3();
  auto made = arrow::fs::FileSystemFromUri(uri, &loc.path);
  if (!made.ok()) ThrowIo(DisplayName(uri) + ": " + made.status().message());
  loc.filesystem = *made;
  return loc;
}

void ShutDownObjectStorage() noexcept {
  const std::lock_guard<std::mutex> lock(S3Mutex());
  if (arrow::fs::IsS3Initialized()) (void)arrow::fs::EnsureS3Finalized();
}

std::shared_ptr<arrow::io::RandomAccessFile> OpenForReading(const std::string& path_or_uri) {
  if (!IsUri(path_or_uri)) {
    auto opened = arrow::io::ReadableFile::Open(path_or_uri);
    if (!opened.ok()) ThrowIo(path_or_uri + ": " + opened.status().message());
    return *opened;
  }
  const Location loc = Resolve(path_or_uri);
  auto opened = loc.filesystem->OpenInputFile(loc.path);
  if (!opened.ok()) ThrowIo(DisplayName(path_or_uri) + ": " + opened.status().message());
  return *opened;
}

}  // namespace orbit::storage
