#include "source/file_discovery.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.h"
#include "core/instrument.h"
#include "module/arrow_module.h"
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
// .csv, optionally compressed (.csv.gz, .csv.zst, .csv.bz2).
bool IsCsvName(const fs::path& p) {
  std::string name = Lower(p.filename().string());
  for (const char* ext : {".gz", ".gzip", ".zst", ".zstd", ".bz2"}) {
    const std::string e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) {
      name.resize(name.size() - e.size());
      break;
    }
  }
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0;
}
bool IsBarFileName(const fs::path& p) { return IsParquetName(p) || IsCsvName(p); }
bool IsParquetText(const std::string& p) { return IsParquetName(fs::path(p)); }
bool IsCsvText(const std::string& p) { return IsCsvName(fs::path(p)); }

bool IsDigits(const std::string& s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// `instrument=XX` folder, or the reference layout <INST>/1m/<YYYY>/<MM>/file
// (INST a known instrument).
std::string PartitionInstrument(const fs::path& p) {
  std::string found;
  std::vector<std::string> parts;
  for (const fs::path& part : p) {
    const std::string s = part.string();
    if (s.rfind("instrument=", 0) == 0) found = s.substr(11);
    parts.push_back(s);
  }
  if (!found.empty()) return found;
  if (parts.size() >= 5) {
    const size_t n = parts.size();
    const std::string& inst = parts[n - 5];
    if (parts[n - 4] == "1m" && IsDigits(parts[n - 3], 4) && IsDigits(parts[n - 2], 2) && IsKnownInstrumentValue(inst))
      return inst;
  }
  return "";
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
        if (IsBarFileName(f)) files.push_back(f);
  }
  return files;
}

}  // namespace

std::vector<InputFile> DiscoverInputFiles(const std::vector<std::string>& paths,
                                          const std::vector<std::string>& instruments) {
  std::vector<InputFile> out;
  for (const std::string& arg : paths) {
    if (storage::IsUri(arg)) {  // listed through its Arrow filesystem, same rules
      const std::vector<RemoteFile> files = ArrowModule::Get().list_remote_inputs(arg, instruments, IsParquetText, IsCsvText);
      const bool named_file = files.size() == 1 && files[0].display == storage::DisplayName(arg);
      for (const RemoteFile& f : files) {
        InputFile input = MakeInput(fs::path(f.display));
        input.path = f.display;
        input.location = f.uri;
        if (!named_file && !input.partition_instrument.empty() && !instruments.empty() &&
            std::find(instruments.begin(), instruments.end(), input.partition_instrument) == instruments.end())
          continue;
        out.push_back(std::move(input));
      }
      continue;
    }
    const fs::path p(arg);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      out.push_back(MakeInput(p));
      continue;
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
        if (regular && IsBarFileName(it->path())) files.push_back(it->path());
      }
      if (ec) ThrowIo("cannot list folder " + arg + ": " + ec.message());
      std::sort(files.begin(), files.end());
    }
    if (files.empty()) ThrowIo("No CSV/Parquet files found under " + arg);
    size_t kept = 0;
    for (const fs::path& f : files) {
      InputFile input = MakeInput(f);
      // Partition pruning: an `instrument=XX` folder of an instrument nobody
      // asked for is not read at all.
      if (!input.partition_instrument.empty() && !instruments.empty() &&
          std::find(instruments.begin(), instruments.end(), input.partition_instrument) == instruments.end())
        continue;
      out.push_back(std::move(input));
      ++kept;
    }
    // Every file of the folder belongs to other instruments: never read
    // them as the one asked for.
    if (kept == 0) {
      std::string found;
      for (const std::string& s : PathInstruments({arg})) found += (found.empty() ? "" : ", ") + s;
      std::string asked;
      for (const std::string& s : instruments) asked += (asked.empty() ? "" : ",") + s;
      ThrowBadInput("no rows for instrument " + asked + " in the input (instruments found: " + found + "): the files under " +
                    arg + " belong to other instruments");
    }
  }
  return out;
}

std::vector<std::string> PathInstruments(const std::vector<std::string>& paths) {
  std::vector<std::string> found;
  for (const std::string& arg : paths) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_regular_file(arg, ec)) files.push_back(arg);
    else
      for (fs::recursive_directory_iterator it(arg, ec), end; it != end; it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file() && IsBarFileName(it->path())) files.push_back(it->path());
      }
    for (const fs::path& f : files) {
      const std::string inst = PartitionInstrument(f);
      if (!inst.empty() && std::find(found.begin(), found.end(), inst) == found.end()) found.push_back(inst);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

int64_t InputFileSize(const InputFile& file) {
  if (!file.location.empty()) return ArrowModule::Get().remote_file_size(file);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file.path, ec);
  return ec ? -1 : static_cast<int64_t>(size);
}

}  // namespace orbit::source
