// src/source/parquet_reader.h
//
// Parquet input, part of the Arrow module (module/arrow_module.h): the core
// reaches these functions through ArrowModule::Get(), never directly.
#pragma once

#include <cstdint>

#include "source/bar_reader.h"
#include "source/file_discovery.h"

namespace orbit::source {

class BatchDecoder;

// Decodes the row groups of `file` that may hold instants in [lower_ns,
// upper_ns) (row_group_filter.h) into `decoder`; counts the others in
// data.row_groups_skipped. Errors: Error(kIo) for an unreadable or corrupt
// file, Error(kBadInput) for missing or mistyped columns and bad rows.
void ReadParquetFile(const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                     int64_t lower_ns, int64_t upper_ns);

// The row count in the file's footer; for a file that is not Parquet, an
// estimate from its size (the reader reports it properly later); 0 when it
// cannot be opened. Never throws Error.
int64_t ParquetRowCount(const InputFile& file);

}  // namespace orbit::source
