#include "support/example_case.h"

#include <cstdio>
#include <sstream>

#include "calendar/naive_localizer.h"
#include "calendar/time_zone.h"
#include "engine/analyzer.h"
#include "source/bar_columns.h"
#include "sink/result_writer.h"
#include "strategy/run_params.h"

namespace orbit::testing {
namespace {

int64_t ParseChicago(const std::string& text) {
  int y, mo, d, h, mi, s = 0;
  const int n = std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  if (n < 5) throw std::runtime_error("bad example timestamp " + text);
  const cctz::civil_second cs(y, mo, d, h, mi, s);
  calendar::NaiveLocalizer localizer(calendar::TimeZone::Chicago());
  return *localizer.ToInstant((cs - cctz::civil_second(1970, 1, 1, 0, 0, 0)) * calendar::kNanosPerSecond);
}

}  // namespace

std::string CsvHeader(int columns) {
  std::string h =
      "Date,Time,EntryTime,ExitTime,EntryPrice,ExitPrice,StopLoss,Target,Peak,Direction,Result,Range,Stream,"
      "Instrument,Session,Profit";
  if (columns == 17) h += ",open_as_of_time";
  return h + "\n";
}

ExampleInputs MakeExampleInputs(const ExampleCase& c, const strategy::Fixes& fixes) {
  ExampleInputs in;
  source::BarColumns& bars = in.bars;
  std::istringstream lines(c.bars);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string ts, o, h, l, cl;
    std::getline(fields, ts, ',');
    std::getline(fields, o, ',');
    std::getline(fields, h, ',');
    std::getline(fields, l, ',');
    std::getline(fields, cl, ',');
    bars.Append(ParseChicago(ts), std::stod(o), std::stod(h), std::stod(l), std::stod(cl));
  }
  bars.SortByTime();

  strategy::RunParams& params = in.params;
  params.instrument = c.instrument;
  params.enabled_sessions.clear();
  std::istringstream sessions(c.sessions);
  std::string s;
  while (std::getline(sessions, s, ',')) params.enabled_sessions.push_back(*calendar::ParseSessionName(s));
  params.enabled_slots = strategy::ParseCliSlots(c.slots, fixes, nullptr);
  params.target_mode = std::string(c.target_mode) == "time" ? strategy::TargetMode::kTime : strategy::TargetMode::kFixed;

  strategy::RangeContext& ctx = in.ctx;
  ctx.zone = &calendar::TimeZone::Chicago();
  ctx.instrument = strategy::ValidateRunParams(params, fixes);
  ctx.as_of_ns = 1767225600LL * calendar::kNanosPerSecond;  // kExampleAsOf
  ctx.fixes = fixes;
  return in;
}

std::string RunExample(const ExampleCase& c, const strategy::Fixes& fixes) {
  const ExampleInputs in = MakeExampleInputs(c, fixes);
  engine::AnalyzeOptions options;
  options.threads = 1;
  const engine::ResultTable table = engine::Analyze(in.bars.view(), in.params, in.ctx, options);
  return sink::ResultCsvText(table, *in.ctx.zone);
}

}  // namespace orbit::testing
