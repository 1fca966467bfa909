// src/source/row_group_filter.h
//
// Time-bound pushdown for Parquet files: the row groups whose timestamp
// statistics (the column chunk's min and max) may hold a bar in
// [lower_ns, upper_ns). A group is dropped only when its statistics prove it
// holds no such bar: groups without statistics, with all-null timestamps or
// with a column that is not an INT64 Parquet timestamp are kept, and the
// reader then checks (and reports) every row of them.
//
// Zoned timestamp columns store UTC values, so the bounds are compared as they
// are. Naive columns store wall-clock values, so the bounds are widened by a
// day on each side (more than any UTC offset): a kept group may still hold
// rows outside the bounds, which the row filter drops; a dropped group never
// holds a row inside them.
//
// Reading the statistics directly (instead of through Arrow Dataset) keeps
// libarrow_dataset, libarrow_acero and libarrow_compute out of the process:
// loading them cost about 8 ms of every run's start (docs/PERFORMANCE.md).
#pragma once

#include <cstdint>
#include <vector>

namespace arrow {
class Schema;
}
namespace parquet {
class FileMetaData;
}

namespace orbit::source {

// REQUIRES: `schema` is the Arrow schema of the file `metadata` describes.
// Returns the selected row-group indices in file order (all of them when the
// bounds are unbounded or the file has no usable statistics).
std::vector<int> SelectRowGroups(const parquet::FileMetaData& metadata, const arrow::Schema& schema, int64_t lower_ns,
                                 int64_t upper_ns);

}  // namespace orbit::source
