#include "source/row_group_filter.h"

#include <arrow/api.h>
#include <arrow/compute/expression.h>
#include <arrow/compute/initialize.h>
#include <arrow/dataset/file_parquet.h>
#include <arrow/filesystem/localfs.h>
#include <parquet/arrow/reader.h>

#include <limits>
#include <numeric>

#include "calendar/time_zone.h"
#include "core/error.h"
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

template <typename T>
T OrThrow(arrow::Result<T> r, const std::string& path) {
  if (!r.ok()) ThrowIo(path + ": " + r.status().ToString());
  return std::move(r).ValueOrDie();
}

}  // namespace

std::vector<int> SelectRowGroups(const std::string& path, const std::shared_ptr<arrow::Schema>& schema,
                                 parquet::arrow::FileReader& reader, int64_t lower_ns, int64_t upper_ns) {
  const int groups = reader.num_row_groups();
  std::vector<int> all(static_cast<size_t>(groups));
  std::iota(all.begin(), all.end(), 0);
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const auto field = schema->GetFieldByName("timestamp");
  if ((lower_ns == kMin && upper_ns == kMax) || !field || field->type()->id() != arrow::Type::TIMESTAMP) return all;

  const auto& type = static_cast<const arrow::TimestampType&>(*field->type());
  if (type.timezone().empty()) {  // wall-clock values: widen by a day
    if (lower_ns != kMin) lower_ns -= calendar::kNanosPerDay;
    if (upper_ns != kMax) upper_ns += calendar::kNanosPerDay;
  }
  const int64_t per_unit = NanosPerUnit(type.unit());
  namespace cp = arrow::compute;
  // Arrow >= 21 keeps its compute kernels in libarrow_compute, registered on
  // demand; the predicate below needs the comparison kernels. Idempotent.
  static const arrow::Status kComputeReady = cp::Initialize();
  if (!kComputeReady.ok()) ThrowIo(path + ": Arrow compute unavailable: " + kComputeReady.ToString());
  std::vector<cp::Expression> terms;
  if (lower_ns != kMin)
    terms.push_back(cp::greater_equal(
        cp::field_ref("timestamp"),
        cp::literal(std::make_shared<arrow::TimestampScalar>(ToUnit(lower_ns, per_unit, false), field->type()))));
  if (upper_ns != kMax)
    terms.push_back(cp::less(
        cp::field_ref("timestamp"),
        cp::literal(std::make_shared<arrow::TimestampScalar>(ToUnit(upper_ns, per_unit, true), field->type()))));
  const cp::Expression predicate = OrThrow(cp::and_(terms).Bind(*schema), path);

  auto format = std::make_shared<arrow::dataset::ParquetFileFormat>();
  arrow::dataset::FileSource source(path, std::make_shared<arrow::fs::LocalFileSystem>());
  auto fragment = OrThrow(format->MakeFragment(source, cp::literal(true), schema), path);
  auto parquet_fragment = std::static_pointer_cast<arrow::dataset::ParquetFileFragment>(fragment);
  // Reuse the open reader's metadata instead of reading the footer again.
  const arrow::Status st = parquet_fragment->EnsureCompleteMetadata(&reader);
  if (!st.ok()) ThrowIo(path + ": " + st.ToString());
  auto subset = OrThrow(parquet_fragment->Subset(predicate), path);
  return std::static_pointer_cast<arrow::dataset::ParquetFileFragment>(subset)->row_groups();
}

}  // namespace orbit::source
