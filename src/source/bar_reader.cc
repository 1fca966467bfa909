#include "source/bar_reader.h"

#include <cctz/time_zone.h>

#include <algorithm>
#include <limits>
#include <thread>

#include "core/error.h"
#include "core/quoted_text.h"
#include "module/arrow_module.h"
#include "source/batch_decoder.h"
#include "source/csv_scanner.h"
#include "source/file_discovery.h"
#include "source/timezone_sniffer.h"

namespace orbit::source {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string TrimUpper(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return Upper(s.substr(b, e - b));
}

std::string FormatChicago(int64_t ns) {
  const auto tp = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>(std::chrono::nanoseconds(ns));
  return cctz::format("%Y-%m-%dT%H:%M:%E*S%Ez", std::chrono::time_point_cast<std::chrono::system_clock::duration>(tp),
                      calendar::TimeZone::Chicago().cctz_zone());
}

namespace {


void ReadCsv(const InputFile& file, BatchDecoder& decoder, bool need_instrument, const BarReadOptions& options) {
  CsvScanOptions scan;
  scan.format = options.csv_format;
  scan.need_instrument = need_instrument;
  scan.threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options.csv_block_bytes > 0) scan.block_bytes = options.csv_block_bytes;
  bool configured = false;
  ScanCsvFile(file.location.empty() ? file.path : file.location, scan, [&](const CsvBlockContext& context, const ParsedCsvBlock& block, int64_t first_row) {
    const CsvLayout& layout = *context.layout;
    if (!configured) {
      decoder.SetCloseStamped(layout.close_stamped);
      decoder.SetContractSymbols(layout.instrument_is_contract);
      // Rows per byte of the first block, scaled to the file: a compact
      // export (NinjaTrader, epoch stamps) has more rows per byte than the
      // projection's 50 bytes a bar, and growing the columns by doubling
      // copies them and touches twice the memory.
      const int64_t file_bytes =
          CompressionFromName(file.path) == Compression::kNone ? InputFileSize(file) : -1;
      if (file_bytes > 0 && block.text_bytes > 0 && block.rows > 0)
        decoder.RaiseExpectedRows(static_cast<size_t>(static_cast<double>(file_bytes) * 1.02 *
                                                      static_cast<double>(block.rows) /
                                                      static_cast<double>(block.text_bytes)) + 1024);
      configured = true;
    }
    decoder.DecodeCsv(block, context.zoned, first_row);
    if (block.error) {
      const CsvRowError& e = *block.error;
      std::string msg = file.path + ": row " + std::to_string(first_row + e.row + 1);
      if (e.column >= 0) {
        // Cell and column texts are quoted short and escaped (core/quoted_text.h).
        msg += ", column " + QuotedText(layout.names[static_cast<size_t>(e.column)]);
        if (e.has_value) msg += e.value == "null" && e.problem == "is missing" ? ", value null" : ", value " + QuotedText(e.value);
      }
      ThrowBadInput(msg + ": " + e.problem);
    }
  });
}

}  // namespace

void ApplyDuplicatePolicy(BarColumns& columns, DuplicatePolicy policy, const std::string& symbol,
                          std::vector<std::string>& warnings) {
  const size_t dups = columns.CountDuplicateTimestamps();
  if (dups == 0) return;
  switch (policy) {
    case DuplicatePolicy::kError:
      for (size_t i = 1; i < columns.ts_ns.size(); ++i)
      if (columns.ts_ns[i] == columns.ts_ns[i - 1])
        ThrowBadInput(symbol + ": " + std::to_string(dups) + " duplicate timestamps (--duplicates error); the first is " +
                      FormatChicago(columns.ts_ns[i]));
    ThrowBadInput(symbol + ": " + std::to_string(dups) + " duplicate timestamps (--duplicates error)");
    case DuplicatePolicy::kKeepAll:
      warnings.push_back(symbol + ": " + std::to_string(dups) +
                         " bars share a timestamp with an earlier bar; all kept in input order");
      return;
    case DuplicatePolicy::kKeepFirst:
    case DuplicatePolicy::kKeepLast:
      columns.DropDuplicateTimestamps(policy == DuplicatePolicy::kKeepLast);
      warnings.push_back(symbol + ": dropped " + std::to_string(dups) + " duplicate-timestamp bars (keep-" +
                         (policy == DuplicatePolicy::kKeepLast ? "last)" : "first)"));
      return;
  }
}

BarData ReadInputs(const BarReadOptions& in_options, const std::vector<InputFile>& files, const ReadInput& read_input) {
  BarReadOptions options = in_options;
  if (options.input_zone == nullptr) options.input_zone = &calendar::TimeZone::Chicago();
  BarData data;
  FrameChecks frame;
  const calendar::TimeZone& chicago = calendar::TimeZone::Chicago();
  const int64_t lower = options.start_date ? chicago.ToInstant(*options.start_date, 0, 0, 0)
                                           : std::numeric_limits<int64_t>::min();
  const int64_t upper = options.end_date ? chicago.ToInstant(*options.end_date + 1, 0, 0, 0)
                                         : std::numeric_limits<int64_t>::max();
  TimezoneSniffer sniffer(*options.input_zone);
  BarSpacingCheck spacing(options.csv_format.ts_unit_ns);
  for (const InputFile& file : files) {
    const bool need_instrument = options.default_instrument.empty() && file.partition_instrument.empty();
    BatchDecoder decoder(options, data, frame, file, lower, upper);
    decoder.SetCloseStamped(options.csv_format.bar_stamp == BarStamp::kClose);
    decoder.SetSniffer(&sniffer);
    decoder.SetSpacingCheck(&spacing);
    read_input(file, decoder, need_instrument, data, lower, upper);
    ++data.files_read;
    // Naive times in a repeated (fall-back) hour are told apart by row order;
    // rows out of time order there are misread (not a zone problem).
    if (const calendar::NaiveLocalizer& naive = decoder.localizer(); naive.disordered_ambiguous_readings() > 0) {
      const int64_t wall_s = calendar::FloorSeconds(naive.first_disordered_wall_ns());
      const cctz::civil_second wall = cctz::civil_second(1970, 1, 1, 0, 0, 0) + wall_s;
      data.warnings.push_back(
          file.path + ": " + std::to_string(naive.ambiguous_readings()) + " naive timestamps fall in the hour that " +
          options.input_zone->name() + " repeats when daylight time ends (first out of order: " +
          cctz::format("%Y-%m-%d %H:%M", cctz::convert(wall, cctz::utc_time_zone()), cctz::utc_time_zone()) +
          "), and the rows are not in time order there, so which pass of the hour each is in was decided by row "
          "order and may be wrong; sort the file by time, or give zoned timestamps (UTC or with an offset)");
    }
  }
  if (frame.rows == 0 && !options.allow_empty) {
    // Name what was read: one file (a header-only CSV, an empty Parquet file) or how many.
    const std::string what = files.size() == 1 ? files.front().path + ": " : std::to_string(files.size()) + " files: ";
    ThrowBadInput(what + "Data validation failed: DataFrame is empty (no rows in the input)");
  }
  // An instrument asked for by name that no row has: list what the inputs
  // hold (the paths' instruments too), for the caller's message.
  for (const std::string& wanted : options.instruments) {
    if (data.by_instrument.count(wanted) > 0) continue;
    for (const std::string& s : PathInstruments(options.paths))
      if (std::find(data.instruments_found.begin(), data.instruments_found.end(), s) == data.instruments_found.end())
        data.instruments_found.push_back(s);
    break;
  }
  std::sort(data.instruments_found.begin(), data.instruments_found.end());
  for (std::string& warning : spacing.Warnings()) data.warnings.push_back(std::move(warning));
  if (const std::string verdict = sniffer.Verdict(); !verdict.empty()) data.warnings.push_back(verdict);
  if (!frame.first_negative_error.empty() && !frame.negative_on_cl)
    ThrowBadInput(frame.first_negative_error + " (negative prices are accepted only when a negative row is CL/MCL)");
  if (!frame.first_negative_error.empty())
    data.warnings.push_back("negative prices accepted for the whole input because a CL/MCL row has one (KI-37)");

  for (auto& [symbol, columns] : data.by_instrument) {
    columns.SortByTime();
    ApplyDuplicatePolicy(columns, options.duplicate_policy, symbol, data.warnings);
  }
  return data;
}

BarData ReadBars(const BarReadOptions& options) {
  return ReadInputs(options,
                    options.files.empty() ? DiscoverInputFiles(options.paths, options.instruments) : options.files,
                    [&options](const InputFile& file, BatchDecoder& decoder, bool need_instrument, BarData& data,
                       int64_t lower, int64_t upper) {
                      if (file.format == FileFormat::kParquet) {
                        ArrowModule::Get().read_parquet(file, decoder, need_instrument, data, lower, upper);
                      } else {
                        ReadCsv(file, decoder, need_instrument, options);
                      }
                    });
}

}  // namespace orbit::source
