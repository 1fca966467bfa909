#include "source/row_group_filter.h"

#include <arrow/api.h>
#include <parquet/metadata.h>
#include <parquet/schema.h>
#include <parquet/statistics.h>
#include <parquet/types.h>

#include <limits>
#include <numeric>

#include "calendar/time_zone.h"
#include "source/arrow_time_unit.h"

namespace orbit::source {
namespace {

// ns -> the column's unit, rounding down (lower) or up (upper), saturating.
int64_t ToUnit(int64_t ns, int64_t per_unit, bool round_up) {
  int64_t v = ns / per_unit;
  if (round_up && v * per_unit < ns) ++v;
  if (!round_up && v * per_unit > ns) --v;
  return v;
}

// Nanoseconds per stored unit of a Parquet timestamp column; 0 when the leaf
// is not an INT64 timestamp (its statistics are then not used).
int64_t StoredNanosPerUnit(const parquet::ColumnDescriptor& column) {
  if (column.physical_type() != parquet::Type::INT64) return 0;
  const std::shared_ptr<const parquet::LogicalType>& logical = column.logical_type();
  if (!logical || !logical->is_timestamp()) return 0;
  switch (static_cast<const parquet::TimestampLogicalType&>(*logical).time_unit()) {
    case parquet::LogicalType::TimeUnit::MILLIS: return 1'000'000;
    case parquet::LogicalType::TimeUnit::MICROS: return 1'000;
    case parquet::LogicalType::TimeUnit::NANOS: return 1;
    default: return 0;
  }
}

}  // namespace

std::vector<int> SelectRowGroups(const parquet::FileMetaData& metadata, const arrow::Schema& schema, int64_t lower_ns,
                                 int64_t upper_ns) {
  const int groups = metadata.num_row_groups();
  std::vector<int> all(static_cast<size_t>(groups));
  std::iota(all.begin(), all.end(), 0);
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const auto field = schema.GetFieldByName("timestamp");
  const int leaf = metadata.schema()->ColumnIndex(std::string("timestamp"));
  if ((lower_ns == kMin && upper_ns == kMax) || !field || field->type()->id() != arrow::Type::TIMESTAMP || leaf < 0)
    return all;
  const int64_t per_unit = StoredNanosPerUnit(*metadata.schema()->Column(leaf));
  if (per_unit == 0) return all;

  if (static_cast<const arrow::TimestampType&>(*field->type()).timezone().empty()) {  // wall clock: widen by a day
    if (lower_ns != kMin) lower_ns -= calendar::kNanosPerDay;
    if (upper_ns != kMax) upper_ns += calendar::kNanosPerDay;
  }
  std::vector<int> selected;
  for (int rg = 0; rg < groups; ++rg) {
    const auto stats = metadata.RowGroup(rg)->ColumnChunk(leaf)->statistics();
    if (!stats || !stats->HasMinMax() || stats->physical_type() != parquet::Type::INT64) {
      selected.push_back(rg);
      continue;
    }
    const auto& typed = static_cast<const parquet::Int64Statistics&>(*stats);
    // Kept unless every value is below the lower bound or at/after the upper.
    const bool below = lower_ns != kMin && typed.max() < ToUnit(lower_ns, per_unit, false);
    const bool above = upper_ns != kMax && typed.min() >= ToUnit(upper_ns, per_unit, true);
    if (!below && !above) selected.push_back(rg);
  }
  return selected;
}

}  // namespace orbit::source
