#include "sink/result_writer.h"
#include "sink/result_fields.h"
#include "core/civil_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>

#include "core/output_set.h"
#include "module/arrow_module.h"
#include "core/error.h"
#include "core/py_float.h"
#include "storage/location.h"

namespace orbit::sink {
namespace detail {

using strategy::Direction;
using strategy::ExitClock;
using strategy::TradeRow;

constexpr const char* kColumns[] = {"Date",    "Time",   "EntryTime", "ExitTime",  "EntryPrice", "ExitPrice",
                                    "StopLoss", "Target", "Peak",      "Direction", "Result",     "Range",
                                    "Stream",  "Instrument", "Session", "Profit", "open_as_of_time"};

void AppendTwo(std::string& out, int v) {
  out += static_cast<char>('0' + (v / 10) % 10);
  out += static_cast<char>('0' + v % 10);
}

// "DD/MM/YY HH:MM" of the civil time.
void AppendStamp(std::string& out, const cctz::civil_second& cs) {
  AppendTwo(out, cs.day());
  out += '/';
  AppendTwo(out, cs.month());
  out += '/';
  AppendTwo(out, static_cast<int>(cs.year() % 100));
  out += ' ';
  AppendTwo(out, cs.hour());
  out += ':';
  AppendTwo(out, cs.minute());
}

cctz::civil_second UtcCivil(int64_t ns) {
  return cctz::civil_second(1970, 1, 1, 0, 0, 0) + calendar::FloorSeconds(ns);
}


std::string EntryText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.has_entry) AppendStamp(s, zone.ToCivil(r.entry_time_ns));
  return s;
}

std::string ExitText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.exit_clock == ExitClock::kLocal) AppendStamp(s, zone.ToCivil(r.exit_time_ns));
  if (r.exit_clock == ExitClock::kUtc) AppendStamp(s, UtcCivil(r.exit_time_ns));
  return s;
}

std::string OpenAsOfText(const TradeRow& r, const calendar::TimeZone& zone) {
  std::string s;
  if (r.has_open_as_of) AppendStamp(s, zone.ToCivil(r.open_as_of_ns));
  return s;
}

const char* DirectionText(Direction d) {
  return d == Direction::kLong ? "Long" : d == Direction::kShort ? "Short" : "NA";
}

std::string StreamText(const engine::ResultTable& t, const TradeRow& r) {
  return std::string(t.instrument.symbol) + calendar::Session(r.slot.session).stream_suffix;
}

void AppendInt(std::string& out, double v) { out += std::to_string(static_cast<long long>(v)); }


const calendar::TimeZone& OutputZone(const engine::ExtendedColumns& x) {
  static const calendar::TimeZone utc = calendar::TimeZone::Load("UTC");
  return x.output_zone != nullptr ? *x.output_zone : utc;
}

// ISO-8601 with the zone's offset: 2024-01-02T07:31:00-06:00 (nanoseconds
// after the seconds only when there are any).
void AppendIsoInstant(std::string& out, int64_t ns, const calendar::TimeZone& zone) {
  const int64_t secs = calendar::FloorSeconds(ns);
  const cctz::civil_second cs = zone.ToCivil(ns);
  const int64_t offset = (cs - cctz::civil_second(1970, 1, 1, 0, 0, 0)) - secs;
  out += DateTimeText(cs);
  const int64_t frac = ns - secs * calendar::kNanosPerSecond;
  if (frac != 0) out += fmt::format(".{:09d}", frac);
  const int64_t a = offset < 0 ? -offset : offset;
  out += fmt::format("{}{:02d}:{:02d}", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

bool IsTradeRow(const TradeRow& r) { return r.has_entry && r.result != strategy::Outcome::kNoTrade; }

double Minutes(int64_t from_ns, int64_t to_ns) {
  return static_cast<double>(to_ns - from_ns) / static_cast<double>(calendar::kNanosPerMinute);
}

void AppendExtendedCsv(std::string& out, const engine::ResultTable& t, const TradeRow& r) {
  const engine::ExtendedColumns& x = *t.extended;
  const calendar::TimeZone& zone = OutputZone(x);
  const bool trade = IsTradeRow(r);
  out += ',';
  if (trade) AppendIsoInstant(out, r.entry_time_ns, zone);
  out += ',';
  if (trade && r.has_exit_instant) AppendIsoInstant(out, r.exit_instant_ns, zone);
  out += ',';
  if (trade) AppendPyFloat(out, r.excursion.mae);
  out += ',';
  if (trade) AppendPyFloat(out, r.excursion.mfe);
  out += ',';
  if (trade) AppendPyFloat(out, Minutes(r.entry_time_ns, r.excursion.mae_time_ns));
  out += ',';
  if (trade) AppendPyFloat(out, Minutes(r.entry_time_ns, r.excursion.mfe_time_ns));
  out += ',';
  out += std::to_string(trade ? r.excursion.bars_held : 0);
  out += ',';
  out += r.ambiguous ? "True" : "False";
  const engine::TradeUsd usd = engine::TradeUsdOf(r, t.instrument, x.costs);
  for (double v : {usd.point_value, usd.gross, usd.commission, usd.slippage, usd.net}) {
    out += ',';
    AppendPyFloat(out, v);
  }
}

}  // namespace detail

using namespace detail;  // NOLINT: this file's own helpers

std::string ResultCsvText(const engine::ResultTable& table, const calendar::TimeZone& zone) {
  std::string out;
  const int ncols = table.has_open_as_of_column ? 17 : 16;
  for (int c = 0; c < ncols; ++c) {
    if (c) out += ',';
    out += kColumns[c];
  }
  if (table.extended) {
    for (const char* name : kExtendedColumns) {
      out += ',';
      out += name;
    }
  }
  out += '\n';
  out.reserve(out.size() + table.rows.size() * 160);
  for (const TradeRow& r : table.rows) {
    out += DateText(r.date);
    out += ',';
    out += r.slot.label;
    out += ',';
    out += EntryText(r, zone);
    out += ',';
    out += ExitText(r, zone);
    out += ',';
    AppendPyFloat(out, r.entry_price);
    out += ',';
    AppendPyFloat(out, r.exit_price);
    out += ',';
    AppendPyFloat(out, r.stop_loss);
    out += ',';
    if (table.target_is_int) {
      AppendInt(out, table.instrument.target);
    } else {
      AppendPyFloat(out, table.instrument.target);
    }
    out += ',';
    AppendPyFloat(out, r.peak);
    out += ',';
    out += DirectionText(r.direction);
    out += ',';
    out += strategy::OutcomeName(r.result);
    out += ',';
    AppendPyFloat(out, r.range);
    out += ',';
    out += StreamText(table, r);
    out += ',';
    out += table.instrument.symbol;
    out += ',';
    out += calendar::Session(r.slot.session).name;
    out += ',';
    if (table.profit_is_int) {
      AppendInt(out, r.profit);
    } else {
      AppendPyFloat(out, r.profit);
    }
    if (table.has_open_as_of_column) {
      out += ',';
      out += OpenAsOfText(r, zone);
    }
    if (table.extended) AppendExtendedCsv(out, table, r);
    out += '\n';
  }
  return out;
}


namespace {

// Writes `text` to `file` (created or truncated). Errors: Error(kIo) naming
// `destination` and the cause.
void WriteTextFile(std::string_view text, const std::filesystem::path& file, const std::string& destination) {
  auto fail = [&]() { ThrowIo("cannot write " + destination + ": " + std::strerror(errno)); };
  int fd;
  do {
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) fail();
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail();
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) fail();
}

bool EndsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::string ResultsCsvText(const std::vector<engine::ResultTable>& tables, const calendar::TimeZone& zone) {
  std::string csv;
  for (const engine::ResultTable& t : tables) {
    std::string text = ResultCsvText(t, zone);
    if (!csv.empty()) text.erase(0, text.find('\n') + 1);
    csv += text;
  }
  return csv;
}

ResultFormat ResultFormatFor(const std::string& path, const std::string& what) {
  // A URI's query (?endpoint_override=...) is not part of its file name.
  std::string lower = std::filesystem::path(storage::DisplayName(path)).filename().string();
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".csv")) return ResultFormat::kCsv;
  if (EndsWith(lower, ".csv.gz")) return ResultFormat::kCsvGzip;
  if (EndsWith(lower, ".csv.zst")) return ResultFormat::kCsvZstd;
  if (EndsWith(lower, ".parquet") || EndsWith(lower, ".pq")) return ResultFormat::kParquet;
  ThrowUsage(what + ": '" + path + "' has no result file extension (.csv, .csv.gz, .csv.zst, .parquet)");
}

void WriteResults(std::vector<engine::ResultTable> tables, ResultFormat format, const std::filesystem::path& file,
                  const std::string& destination, const calendar::TimeZone& zone) {
  if (tables.empty()) throw Error(ErrorKind::kInternal, "no result table to write to " + destination);
  // One schema for all: int64 Target/Profit only if every table has them,
  // open_as_of_time if any table has it, Date non-empty if any table has rows.
  bool target_is_int = true, profit_is_int = true, open_column = false, any_rows = false;
  for (const engine::ResultTable& t : tables) {
    target_is_int = target_is_int && t.target_is_int;
    profit_is_int = profit_is_int && t.profit_is_int;
    open_column = open_column || t.has_open_as_of_column;
    any_rows = any_rows || !t.rows.empty();
  }
  if (tables.size() > 1) {
    for (engine::ResultTable& t : tables) {
      t.target_is_int = target_is_int;
      t.profit_is_int = profit_is_int;
      t.has_open_as_of_column = open_column;
    }
  }
  if (format != ResultFormat::kCsv) {  // Parquet and compressed text: the Arrow module
    ArrowModule::Get().write_results_with_arrow(std::move(tables), format, file, destination, zone);
    return;
  }
  WriteTextFile(ResultsCsvText(tables, zone), file, destination);
}

void WriteResultFile(const engine::ResultTable& table, const std::string& path, const calendar::TimeZone& zone) {
  const ResultFormat format = ResultFormatFor(path, "result file");
  OutputSet outputs;
  outputs.Declare(path, "result file");
  WriteResults({table}, format, outputs.Stage(path), path, zone);
  outputs.Commit();
}

}  // namespace orbit::sink
