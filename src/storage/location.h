// src/storage/location.h
//
// Where an input (--bars) or a result (--out) lives: a plain local path, or an
// Arrow filesystem URI resolved by arrow::fs::FileSystemFromUri:
//   s3://bucket/prefix?endpoint_override=HOST:PORT&scheme=http&region=...
//   gs://bucket/prefix (also gcs://),  file:///absolute/path
// Plain local paths never go through this module's filesystem objects; the
// callers keep their std::filesystem code for them.
//
// Credentials come only from the standard environment and configuration
// (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_PROFILE / ~/.aws,
// GOOGLE_APPLICATION_CREDENTIALS, ...). A URI that carries credentials in its
// query (access_key, secret_key, session_token, ...) is refused, so secrets
// never reach messages, logs or process listings.
//
// S3 support is initialised on first use. Arrow requires FinalizeS3 before
// the process exits and before static objects are destroyed: programs call
// FinalizeObjectStorage() at the end of main (the CLI does), the Python
// module from an atexit hook.
#pragma once

#include <memory>
#include <string>

namespace arrow {
namespace fs {
class FileSystem;
}
namespace io {
class RandomAccessFile;
}
}  // namespace arrow

namespace orbit::storage {

// True when `text` starts with "<scheme>://" (a URI), i.e. is not a plain path.
bool IsUri(const std::string& text);

// A resolved URI: the filesystem, the path inside it, and how to name it.
struct Location {
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::string path;    // inside `filesystem`, e.g. "bucket/prefix/file.parquet"
  std::string scheme;  // "s3", "gs", "file", ...
  std::string query;   // "" or "?endpoint_override=..." (no credentials)

  // The URI of another path of the same filesystem (`inner` as `path`), with
  // the query kept so that it resolves to the same endpoint.
  std::string UriOf(const std::string& inner) const;
  // The same without the query: what messages show.
  std::string DisplayOf(const std::string& inner) const;
};

// Resolve, OpenForReading and ShutDownObjectStorage are defined in the Arrow
// module (storage/object_storage.cc, module/arrow_module.h); core code
// reaches object storage only through the module's entry points.

// Resolves `uri`. Errors: Error(kUsage) for credentials in the query;
// Error(kIo) "<uri>: <cause>" when Arrow cannot build the filesystem.
Location Resolve(const std::string& uri);

// The URI without its query string (for messages); plain paths unchanged.
std::string DisplayName(const std::string& path_or_uri);

// Opens a local path or a URI for random-access reading.
// Errors: Error(kIo) naming DisplayName(path_or_uri) and the cause.
std::shared_ptr<arrow::io::RandomAccessFile> OpenForReading(const std::string& path_or_uri);

// Shuts Arrow's S3 support down if it was initialised; idempotent. After it,
// S3 URIs fail. Call once when the program is done (not from a static
// destructor or a C atexit handler: the AWS SDK's objects may be gone).
// Does nothing when the Arrow module was never loaded (no URI was used).
void FinalizeObjectStorage() noexcept;
// The module's half of FinalizeObjectStorage.
void ShutDownObjectStorage() noexcept;

}  // namespace orbit::storage
