// src/source/input_filesystem.h
//
// Bar inputs that are not plain local files: Arrow filesystem URIs
// (storage/location.h) listed for folder discovery, and inputs opened for
// random-access reading (Parquet), local or remote, through one place.
// Part of the Arrow module (module/arrow_module.h): the core reaches
// ListRemoteInputs through ArrowModule::Get().
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "source/file_discovery.h"

namespace arrow::io {
class RandomAccessFile;
}

namespace orbit::source {

struct RemoteFile {
  std::string display;  // URI without its query: what messages show
  std::string uri;      // URI with the query: what is opened
};

// Expands one URI argument as DiscoverInputFiles() expands a local one: a
// file is itself; a folder gives, for each wanted instrument that has it, the
// reference layout <folder>/<INST>/1m/<YYYY>/<MM>/*.parquet, otherwise every
// .parquet/.pq/.csv object below it, both ordered as the local walk orders
// paths. Errors: Error(kIo) "File not found: <uri>" (missing key or bucket),
// "No CSV/Parquet files found under <uri>", or the store's own message
// (e.g. access denied) after the URI without its query.
std::vector<RemoteFile> ListRemoteInputs(const std::string& uri, const std::vector<std::string>& instruments,
                                         bool (*is_parquet)(const std::string&), bool (*is_csv)(const std::string&));

// Opens an input for random-access reading (file.location if set, else the
// local file.path). Errors: Error(kIo) "<file.path>: <cause>".
std::shared_ptr<arrow::io::RandomAccessFile> OpenInputFile(const InputFile& file);

// Size in bytes of an input named by a URI (file.location), or -1 when
// unknown. Local files: InputFileSize (file_discovery.h).
int64_t RemoteFileSize(const InputFile& file);

}  // namespace orbit::source
