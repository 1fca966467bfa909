#include "storage/location.h"

#include <arrow/filesystem/api.h>
#include <arrow/filesystem/s3fs.h>
#include <arrow/io/api.h>

#include <cctype>
#include <mutex>

#include "core/error.h"

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

bool IsUri(const std::string& text) {
  const size_t colon = text.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return std::isalpha(static_cast<unsigned char>(text[0])) != 0;
}

std::string DisplayName(const std::string& path_or_uri) {
  if (!IsUri(path_or_uri)) return path_or_uri;
  return path_or_uri.substr(0, path_or_uri.find('?'));
}

std::string Location::UriOf(const std::string& inner) const { return DisplayOf(inner) + query; }

std::string Location::DisplayOf(const std::string& inner) const {
  // Local paths inside file:// URIs are absolute ("/x/y"); bucket paths are not.
  return scheme + "://" + inner;
}

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

void FinalizeObjectStorage() noexcept {
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
