// src/source/file_discovery.h
//
// Expands the user's --bars arguments (files and folders) into the ordered
// list of input files (spec §1.6 plus plain and hive-partitioned folders).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orbit::source {

enum class FileFormat { kParquet, kCsv };

struct InputFile {
  std::string path;
  FileFormat format;
  // From an `instrument=XX` folder or the reference layout
  // <INST>/1m/<YYYY>/<MM>/file, else "". Rows of the file are this instrument.
  std::string partition_instrument;
  // For inputs named by a URI (s3://, gs://, file://; storage/location.h):
  // the URI to open, with its query; `path` is then the URI without the
  // query, for messages. "" = `path` is a local file.
  std::string location = "";
};

// A file argument is taken as is (format from its extension: .parquet/.pq,
// else CSV). A folder gives, for each wanted instrument that has it, the
// reference layout <folder>/<INST>/1m/<YYYY>/<MM>/*.{parquet,csv} (years of
// exactly four digits, names sorted); otherwise every .parquet/.pq/.csv file
// (also .csv.gz, .csv.zst, .csv.bz2) below it, sorted by path. `instruments`
// may be empty (= all); otherwise files whose path names another instrument
// (`instrument=XX` folder or reference layout) are left out.
// Errors: Error(kIo) "Folder not found" / "No CSV/Parquet files found under";
// Error(kBadInput) "no rows for instrument X" when every file of a folder
// belongs to other instruments (the message lists them).
// Arguments that are URIs are listed through their Arrow filesystem with the
// same rules (source/input_filesystem.h).
std::vector<InputFile> DiscoverInputFiles(const std::vector<std::string>& paths,
                                          const std::vector<std::string>& instruments);

// Size in bytes of a local file or a URI's object (through the Arrow module),
// or -1 when unknown.
int64_t InputFileSize(const InputFile& file);

// The instruments the paths of the bar files below `paths` name (sorted).
std::vector<std::string> PathInstruments(const std::vector<std::string>& paths);

}  // namespace orbit::source
