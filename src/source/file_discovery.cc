#include "source/file_discovery.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.h"
#include "source/input_filesystem.h"
#include "storage/location.h"

namespace orbit::source {
namespace fs = std::filesystem;
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsParquetName(const fs::path& p) {
  const std::string ext = Lower(p.extension().string());
  return ext == ".parquet" || ext == ".pq";
}
bool IsCsvName(const fs::path& p) { return Lower(p.extension().string()) == ".csv"; }
bool IsParquetText(const std::string& p) { return IsParquetName(fs::path(p)); }
bool IsCsvText(const std::string& p) { return IsCsvName(fs::path(p)); }

std::string PartitionInstrument(const fs::path& p) {
  std::string found;
  for (const fs::path& part : p) {
    const std::string s = part.string();
    if (s.rfind("instrument=", 0) == 0) found = s.substr(11);
  }
  return found;
}

InputFile MakeInput(const fs::path& p) {
  return {p.string(), IsParquetName(p) ? FileFormat::kParquet : FileFormat::kCsv, PartitionInstrument(p)};
}

std::vector<fs::path> SortedChildren(const fs::path& dir, bool want_dirs) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (want_dirs ? e.is_directory() : e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// <folder>/<INST>/1m/<YYYY>/<MM>/*.parquet
std::vector<fs::path> ReferenceLayout(const fs::path& folder, const std::string& instrument) {
  std::vector<fs::path> files;
  const fs::path root = folder / instrument / "1m";
  if (!fs::is_directory(root)) return files;
  for (const fs::path& year : SortedChildren(root, true)) {
    const std::string name = year.filename().string();
    if (name.size() != 4 || !std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      continue;
    for (const fs::path& month : SortedChildren(year, true))
      for (const fs::path& f : SortedChildren(month, false))
        if (IsParquetName(f)) files.push_back(f);
  }
  return files;
}

// The inputs of one argument; `pruned` tells whether hive pruning applies
// (folders) or not (a file named explicitly).
std::vector<InputFile> LocalInputs(const std::string& arg, const std::vector<std::string>& instruments,
                                   bool& pruned) {
  const fs::path p(arg);
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) {
    pruned = false;
    return {MakeInput(p)};
  }
  if (!fs::is_directory(p, ec)) {
    if (fs::exists(p, ec)) ThrowIo("Not a file or folder: " + arg);
    ThrowIo(p.has_extension() ? "File not found: " + arg : "Folder not found: " + arg);
  }
  std::vector<fs::path> files;
  for (const std::string& inst : instruments) {
    std::vector<fs::path> layout = ReferenceLayout(p, inst);
    files.insert(files.end(), layout.begin(), layout.end());
  }
  if (files.empty()) {
    // Every listing or status error is an I/O error naming the path (a
    // symlink loop, an unreadable folder): a partial listing would be a
    // silently partial input.
    fs::recursive_directory_iterator it(p, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const bool regular = it->is_regular_file(ec);
      if (ec) ThrowIo("cannot read " + it->path().string() + ": " + ec.message());
      if (regular && (IsParquetName(it->path()) || IsCsvName(it->path()))) files.push_back(it->path());
    }
    if (ec) ThrowIo("cannot list folder " + arg + ": " + ec.message());
    std::sort(files.begin(), files.end());
  }
  if (files.empty()) ThrowIo("No CSV/Parquet files found under " + arg);
  std::vector<InputFile> out;
  for (const fs::path& f : files) out.push_back(MakeInput(f));
  pruned = true;
  return out;
}

std::vector<InputFile> RemoteInputs(const std::string& arg, const std::vector<std::string>& instruments,
                                    bool& pruned) {
  std::vector<InputFile> out;
  const std::vector<RemoteFile> files = ListRemoteInputs(arg, instruments, IsParquetText, IsCsvText);
  for (const RemoteFile& f : files) {
    InputFile input = MakeInput(fs::path(f.display));
    input.path = f.display;
    input.location = f.uri;
    out.push_back(std::move(input));
  }
  pruned = !(files.size() == 1 && files[0].display == storage::DisplayName(arg));
  return out;
}

}  // namespace

std::vector<InputFile> DiscoverInputFiles(const std::vector<std::string>& paths,
                                          const std::vector<std::string>& instruments) {
  std::vector<InputFile> out;
  for (const std::string& arg : paths) {
    bool pruned = true;
    std::vector<InputFile> inputs =
        storage::IsUri(arg) ? RemoteInputs(arg, instruments, pruned) : LocalInputs(arg, instruments, pruned);
    for (InputFile& input : inputs) {
      // Partition pruning: an `instrument=XX` folder of an instrument nobody
      // asked for is not read at all.
      if (pruned && !input.partition_instrument.empty() && !instruments.empty() &&
          std::find(instruments.begin(), instruments.end(), input.partition_instrument) == instruments.end())
        continue;
      out.push_back(std::move(input));
    }
  }
  return out;
}

}  // namespace orbit::source
