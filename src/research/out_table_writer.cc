// research::WriteOutTableWithArrow: research outputs as CSV or Parquet through
// Arrow's writers; part of the Arrow module (module/arrow_module.h).
#include <arrow/api.h>
#include <arrow/csv/api.h>
#include <arrow/io/api.h>
#include <parquet/arrow/writer.h>

#include <cctype>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "core/error.h"
#include "research/out_table.h"

namespace orbit::research {
namespace {

void Check(const arrow::Status& st, const std::string& path) {
  if (!st.ok()) ThrowIo("cannot write " + path + ": " + st.ToString());
}

template <typename Builder, typename Value>
std::shared_ptr<arrow::Array> Build(Builder&& b, const std::vector<Value>& values, const std::vector<bool>& valid,
                                    const std::string& path) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!valid.empty() && !valid[i]) Check(b.AppendNull(), path);
    else Check(b.Append(values[i]), path);
  }
  std::shared_ptr<arrow::Array> out;
  Check(b.Finish(&out), path);
  return out;
}

}  // namespace

void WriteOutTableWithArrow(const OutTable& table, const std::string& path) {
  std::vector<std::shared_ptr<arrow::Field>> fields;
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  for (const OutColumn& c : table.columns) {
    switch (c.type) {
      case OutColumn::Type::kText:
        arrays.push_back(Build(arrow::StringBuilder(), c.text, c.valid, path));
        fields.push_back(arrow::field(c.name, arrow::utf8()));
        break;
      case OutColumn::Type::kInt:
        arrays.push_back(Build(arrow::Int64Builder(), c.ints, c.valid, path));
        fields.push_back(arrow::field(c.name, arrow::int64()));
        break;
      case OutColumn::Type::kReal:
        arrays.push_back(Build(arrow::DoubleBuilder(), c.reals, c.valid, path));
        fields.push_back(arrow::field(c.name, arrow::float64()));
        break;
      case OutColumn::Type::kDate: {
        std::vector<int32_t> days(c.ints.begin(), c.ints.end());
        arrays.push_back(Build(arrow::Date32Builder(), days, c.valid, path));
        fields.push_back(arrow::field(c.name, arrow::date32()));
        break;
      }
    }
  }
  const auto t = arrow::Table::Make(arrow::schema(fields), arrays, static_cast<int64_t>(table.rows()));
  const std::filesystem::path final_path(path);
  const std::filesystem::path temp = final_path.parent_path() /
                                     (".orbit-" + final_path.filename().string() + "." + std::to_string(::getpid()) + ".tmp");
  std::string ext = final_path.extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  try {
    auto out = arrow::io::FileOutputStream::Open(temp.string());
    if (!out.ok()) ThrowIo("cannot write " + path + ": " + out.status().ToString());
    if (ext == ".csv") {
      arrow::csv::WriteOptions options = arrow::csv::WriteOptions::Defaults();
      // Group keys and dates never hold quotes, commas or newlines (Arrow refuses to write one that does).
      options.quoting_style = arrow::csv::QuotingStyle::None;
      options.include_header = false;  // Arrow quotes every header name; ours are plain words
      std::string header;
      for (const OutColumn& c : table.columns) header += (header.empty() ? "" : ",") + c.name;
      header += "\n";
      Check((*out)->Write(header.data(), static_cast<int64_t>(header.size())), path);
      if (table.rows() > 0) Check(arrow::csv::WriteCSV(*t, options, out->get()), path);
    } else {
      Check(parquet::arrow::WriteTable(*t, arrow::default_memory_pool(), *out, 64 * 1024), path);
    }
    Check((*out)->Close(), path);
    std::error_code ec;
    std::filesystem::rename(temp, final_path, ec);
    if (ec) ThrowIo("cannot write " + path + ": " + ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw;
  }
}

}  // namespace orbit::research
