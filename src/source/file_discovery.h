// src/source/file_discovery.h
//
// Expands the user's --bars arguments (files and folders) into the ordered
// list of input files (spec §1.6 plus plain and hive-partitioned folders).
#pragma once

#include <string>
#include <vector>

namespace orbit::source {

enum class FileFormat { kParquet, kCsv };

struct InputFile {
  std::string path;
  FileFormat format;
  std::string partition_instrument;  // from an `instrument=XX` folder, else ""
  // For inputs named by a URI (s3://, gs://, file://; storage/location.h):
  // the URI to open, with its query; `path` is then the URI without the
  // query, for messages. "" = `path` is a local file.
  std::string location = "";
};

// A file argument is taken as is (format from its extension: .parquet/.pq,
// else CSV). A folder gives, for each wanted instrument that has it, the
// reference layout <folder>/<INST>/1m/<YYYY>/<MM>/*.parquet (years of exactly
// four digits, names sorted); otherwise every .parquet/.pq/.csv file below it,
// sorted by path. `instruments` may be empty (= all); otherwise files under an
// `instrument=XX` folder of another instrument are left out (partition pruning).
// Arguments that are URIs are listed through their Arrow filesystem with the
// same rules (source/input_filesystem.h).
// Errors: Error(kIo) "Folder not found" / "No CSV/Parquet files found under".
std::vector<InputFile> DiscoverInputFiles(const std::vector<std::string>& paths,
                                          const std::vector<std::string>& instruments);

}  // namespace orbit::source
