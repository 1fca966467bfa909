// src/source/csv_scanner.h
//
// ScanCsvFile streams one CSV file (plain, or .gz/.zst/.bz2 through Arrow's
// codecs, byte_source.h) in blocks of whole lines, parses the blocks on `threads` worker
// threads (csv_block_parser.h) and hands them to `on_block` in file order,
// on the calling thread, with the 0-based data row of each block's first row.
//
// Memory is bounded by the blocks in flight: at most threads + 2 blocks of
// `block_bytes` text plus their parsed columns (about the same size), so the
// scan honours --memory-limit whatever the file size.
//
// Errors: Error(kIo) when the file cannot be opened, read or decompressed;
// Error(kBadInput) for an empty file or a missing column. Row problems are
// left in the block (ParsedCsvBlock::error) for the caller to report after
// the rows before them. Exceptions from `on_block` stop the workers and
// propagate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "source/byte_source.h"
#include "source/csv_block_parser.h"
#include "source/csv_format.h"

namespace orbit::source {

struct CsvScanOptions {
  CsvFormatOptions format;
  bool need_instrument = false;
  int threads = 1;                   // parser threads (1 = parse on the calling thread)
  size_t block_bytes = 1 << 20;
  // The longest line accepted (docs/RELIABILITY.md, "Limits"); a longer one
  // (a file of zeros, a compressed file without its extension) is
  // Error(kBadInput) naming the file and the line's byte offset, raised after
  // reading at most max_line_bytes + block_bytes. Keep block_bytes <= this.
  size_t max_line_bytes = 1 << 20;
};

void ScanCsvFile(const std::string& path, const CsvScanOptions& options,
                 const std::function<void(const CsvBlockContext&, const ParsedCsvBlock&, int64_t first_row)>& on_block);

}  // namespace orbit::source
