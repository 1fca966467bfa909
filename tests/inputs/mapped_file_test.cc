// tests/inputs/mapped_file_test.cc
//
// MappedFile (source/mapped_file.h), the CSV scanner's way of reading local
// files in place: it maps what it can and nothing else, released pages read
// the same again, and a file that shrinks while mapped never crashes the
// process: reads past the new end see zeros, changed() says so, and the
// scanner reports an I/O error instead of parsing them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "source/csv_scanner.h"
#include "source/mapped_file.h"
#include "support/temp_dir.h"

namespace orbit::source {
namespace {

namespace fs = std::filesystem;

class MappedFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  orbit::testing::UniqueTempDir temp_;
  const fs::path& dir_ = temp_.path();
};

std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 23);
  return s;
}

TEST_F(MappedFileTest, MapsRegularFilesOnly) {
  const std::string text = Pattern(10000);
  const auto mapped = MappedFile::Open(Write("plain.csv", text));
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ(mapped->text(), text);
  EXPECT_FALSE(mapped->changed());
  EXPECT_EQ(MappedFile::Open(Write("empty.csv", "")), nullptr);
  EXPECT_EQ(MappedFile::Open((dir_ / "missing.csv").string()), nullptr);
  EXPECT_EQ(MappedFile::Open(dir_.string()), nullptr);
  EXPECT_EQ(MappedFile::Open("s3://bucket/key.csv"), nullptr);
}

TEST_F(MappedFileTest, ReleasedPagesReadTheSameAgain) {
  const std::string text = Pattern(5 * 4096 + 123);
  const auto mapped = MappedFile::Open(Write("released.csv", text));
  ASSERT_NE(mapped, nullptr);
  const std::string_view view = mapped->text();
  mapped->ReleaseBefore(view.data() + 2 * 4096 + 7);
  mapped->ReleaseBefore(view.data() + 4096);  // earlier than before: nothing to do
  mapped->ReleaseBefore(view.data() + view.size());
  EXPECT_EQ(std::string(view), text);  // faulted back in from the page cache
}

TEST_F(MappedFileTest, AFileThatShrinksReadsZerosAndSaysSo) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const std::string text = Pattern(4 * page);
  const std::string path = Write("shrinks.csv", text);
  const auto mapped = MappedFile::Open(path);
  ASSERT_NE(mapped, nullptr);
  const volatile char* bytes = mapped->text().data();
  EXPECT_EQ(bytes[10], text[10]);
  fs::resize_file(path, 100);
  EXPECT_EQ(bytes[10], text[10]);    // the page holding the new end stays
  EXPECT_EQ(bytes[2 * page + 5], 0);  // past it: SIGBUS, handled
  EXPECT_TRUE(mapped->changed());
  EXPECT_EQ(bytes[3 * page], 0);
}

TEST_F(MappedFileTest, TheScannerReportsAFileThatShrinksWhileItIsRead) {
  std::string csv = "timestamp,open,high,low,close\n";
  while (csv.size() < 200000) csv += "2024-01-02T08:00:00-06:00,4700.25,4701.0,4699.5,4700.75\n";
  const std::string path = Write("shrinking.csv", csv);
  for (int threads : {1, 2}) {
    fs::resize_file(path, 0);
    Write("shrinking.csv", csv);
    CsvScanOptions options;
    options.threads = threads;
    options.block_bytes = 16 * 1024;
    int blocks = 0;
    try {
      ScanCsvFile(path, options, [&](const CsvBlockContext&, const ParsedCsvBlock&, int64_t) {
        if (blocks++ == 0) fs::resize_file(path, 0);  // the exporter starts rewriting it
      });
      ADD_FAILURE() << "threads " << threads << ": the scan did not notice the file shrank";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kIo) << e.what();
      EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace orbit::source
