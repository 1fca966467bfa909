// src/source/row_group_filter.h
//
// Time-bound pushdown for Parquet files through Arrow Dataset: the row groups
// whose timestamp statistics may hold a bar in [lower_ns, upper_ns), decided
// by ParquetFileFragment::Subset() on the predicate
// `timestamp >= lower AND timestamp < upper`.
//
// Zoned timestamp columns store UTC values, so the bounds are compared as they
// are. Naive columns store wall-clock values, so the bounds are widened by a
// day on each side (more than any UTC offset): a kept group may still hold
// rows outside the bounds, which the row filter drops; a dropped group never
// holds a row inside them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arrow {
class Schema;
}
namespace parquet::arrow {
class FileReader;
}

namespace orbit::source {

// REQUIRES: `schema` is the file's Arrow schema, `reader` the open file.
// Returns the selected row-group indices in file order (all of them when the
// file has no usable statistics). Errors: Error(kIo) naming `path`.
std::vector<int> SelectRowGroups(const std::string& path, const std::shared_ptr<arrow::Schema>& schema,
                                 parquet::arrow::FileReader& reader, int64_t lower_ns, int64_t upper_ns);

}  // namespace orbit::source
