#include "source/input_filesystem.h"

#include <arrow/buffer.h>
#include <arrow/filesystem/api.h>
#include <arrow/io/api.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "storage/location.h"

namespace orbit::source {
namespace {

bool IsFourDigits(const std::string& s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Components of `path` below `root` ("" if `path` is not below it).
std::vector<std::string> RelativeParts(const std::string& root, const std::string& path) {
  std::vector<std::string> parts;
  const std::string prefix = root.empty() ? "" : root + "/";
  if (path.rfind(prefix, 0) != 0) return parts;
  std::string rest = path.substr(prefix.size());
  size_t start = 0;
  while (start <= rest.size()) {
    const size_t slash = std::min(rest.find('/', start), rest.size());
    parts.push_back(rest.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Orders object paths as std::filesystem orders local paths (component-wise).
bool PathLess(const std::string& a, const std::string& b) {
  return std::filesystem::path(a) < std::filesystem::path(b);
}

}  // namespace

std::vector<RemoteFile> ListRemoteInputs(const std::string& uri, const std::vector<std::string>& instruments,
                                         bool (*is_parquet)(const std::string&), bool (*is_csv)(const std::string&)) {
  const storage::Location loc = storage::Resolve(uri);
  const std::string shown = storage::DisplayName(uri);
  std::string root = loc.path;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  auto info = loc.filesystem->GetFileInfo(root);
  if (!info.ok()) ThrowIo(shown + ": " + info.status().message());
  std::vector<RemoteFile> out;
  auto add = [&](const std::string& inner) { out.push_back({loc.DisplayOf(inner), loc.UriOf(inner)}); };
  if (info->IsFile()) {
    add(root);
    return out;
  }
  if (!info->IsDirectory()) {
    const bool has_extension = std::filesystem::path(root).has_extension();
    ThrowIo((has_extension ? "File not found: " : "Folder not found: ") + shown);
  }
  arrow::fs::FileSelector selector;
  selector.base_dir = root;
  selector.recursive = true;
  auto listed = loc.filesystem->GetFileInfo(selector);
  if (!listed.ok()) ThrowIo(shown + ": " + listed.status().message());
  std::vector<std::string> files;
  for (const arrow::fs::FileInfo& f : *listed)
    if (f.IsFile()) files.push_back(f.path());

  std::vector<std::string> chosen;
  for (const std::string& inst : instruments) {  // <folder>/<INST>/1m/<YYYY>/<MM>/*.parquet
    std::vector<std::string> layout;
    for (const std::string& f : files) {
      const std::vector<std::string> parts = RelativeParts(root, f);
      if (parts.size() == 5 && parts[0] == inst && parts[1] == "1m" && IsFourDigits(parts[2]) && is_parquet(f))
        layout.push_back(f);
    }
    std::sort(layout.begin(), layout.end(), PathLess);
    chosen.insert(chosen.end(), layout.begin(), layout.end());
  }
  if (chosen.empty()) {
    for (const std::string& f : files)
      if (is_parquet(f) || is_csv(f)) chosen.push_back(f);
    std::sort(chosen.begin(), chosen.end(), PathLess);
  }
  if (chosen.empty()) ThrowIo("No CSV/Parquet files found under " + shown);
  for (const std::string& f : chosen) add(f);
  return out;
}

std::shared_ptr<arrow::io::RandomAccessFile> OpenInputFile(const InputFile& file) {
  if (file.location.empty()) {
    auto opened = arrow::io::ReadableFile::Open(file.path);
    if (!opened.ok()) ThrowIo(file.path + ": " + opened.status().message());
    return *opened;
  }
  const storage::Location loc = storage::Resolve(file.location);
  auto opened = loc.filesystem->OpenInputFile(loc.path);
  if (!opened.ok()) ThrowIo(file.path + ": " + opened.status().message());
  return *opened;
}

int64_t RemoteFileSize(const InputFile& file) {
  try {
    auto size = OpenInputFile(file)->GetSize();
    return size.ok() ? *size : -1;
  } catch (const Error&) {
    return -1;
  }
}

}  // namespace orbit::source
