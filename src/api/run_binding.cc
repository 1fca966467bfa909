// src/api/run_binding.cc -- BindRun: a RunSpec bound once for every door.
#include "api/run_binding.h"

#include <algorithm>
#include <utility>

namespace orbit {
namespace {

constexpr int kLookAheadDays = 4;  // > the 3-day Friday horizon plus the slot time (spec §5.2)

}  // namespace

RunBinding BindRun(const RunSpec& spec, const BarSource& source, int64_t as_of_ns) {
  RunBinding b;
  b.spec_ = spec;
  b.as_of_ns_ = as_of_ns;
  b.input_zone_ = std::make_shared<const calendar::TimeZone>(calendar::TimeZone::Load(spec.input_tz));
  source::BarReadOptions& read = b.read_;
  read.paths = source.paths();
  read.instruments = spec.instruments;
  // Files without an instrument column hold the one instrument asked for; a
  // frame must have the column, as the reference's run_strategy requires (§1.2).
  read.default_instrument = !source.is_stream() && spec.instruments.size() == 1 ? spec.instruments[0] : "";
  read.input_zone = b.input_zone_.get();
  read.nan_policy = spec.nan_policy;
  read.duplicate_policy = spec.duplicate_policy;
  read.per_row_negative_prices = spec.fixes.per_row_negative_prices;
  read.start_date = spec.start_date;
  read.end_date = spec.end_date;
  read.csv_format = spec.csv_format;
  if (spec.extended_columns) {
    engine::ExtendedColumns extended;
    extended.costs = spec.costs;
    extended.output_zone = std::make_shared<const calendar::TimeZone>(calendar::TimeZone::Load(spec.output_tz));
    b.extended_ = std::move(extended);
  }
  return b;
}

source::BarReadOptions RunBinding::ReadAround(const cctz::civil_day& first, const cctz::civil_day& last) const {
  source::BarReadOptions read = read_;
  const cctz::civil_day from = first - 1;  // the eve: S1 ranges start at 02:00 of the date, bars may sit before
  const cctz::civil_day to = last + LookAheadDays() + 1;  // + a DST shift
  if (!read.start_date || *read.start_date < from) read.start_date = from;
  if (!read.end_date || *read.end_date > to) read.end_date = to;
  read.allow_empty = true;
  return read;
}

strategy::RunParams RunBinding::ParamsFor(const std::string& symbol) const {
  strategy::RunParams params = spec_.params;
  params.instrument = symbol;
  return params;
}

InstrumentSpec RunBinding::InstrumentFor(const std::string& symbol) const {
  return strategy::ValidateRunParams(ParamsFor(symbol), spec_.fixes);
}

strategy::RangeContext RunBinding::ContextFor(const std::string& symbol) const {
  strategy::RangeContext ctx;
  ctx.zone = &calendar::TimeZone::Chicago();
  ctx.instrument = InstrumentFor(symbol);
  ctx.as_of_ns = as_of_ns_;
  ctx.fixes = spec_.fixes;
  ctx.intrabar = spec_.intrabar;
  ctx.extended_columns = extended_.has_value();
  ctx.exchange_calendar = spec_.exchange_calendar.get();
  return ctx;
}

pipeline::InstrumentRun RunBinding::InstrumentRunFor(const std::string& symbol) const {
  return {ParamsFor(symbol), ContextFor(symbol)};
}

const calendar::ExchangeCalendar* RunBinding::Calendar() const {
  if (spec_.exchange_calendar != nullptr) return spec_.exchange_calendar.get();
  return spec_.fixes.exchange_calendar ? &calendar::ExchangeCalendar::Cme() : nullptr;
}

int RunBinding::LookAheadDays() const {
  const calendar::ExchangeCalendar* cal = Calendar();
  // An exchange calendar can push the horizon over a closure (Thursday before Good Friday: Monday).
  return cal == nullptr ? kLookAheadDays : std::max(kLookAheadDays, cal->MaxDaysToNextOpen() + 1);
}

engine::ResultTable RunBinding::Finalize(const std::string& symbol, std::vector<strategy::TradeRow> rows,
                                         size_t ranges_built) const {
  engine::ResultTable table = engine::FinalizeResults(InstrumentFor(symbol), std::move(rows), ranges_built, spec_.fixes);
  table.extended = extended_;
  return table;
}

pipeline::PipelineRequest RunBinding::Request(const BarSource& source, const RunControl& control) const {
  pipeline::PipelineRequest request;
  request.read = read_;
  request.stream = source.stream();
  request.stream_name = source.stream_name();
  // Shares this binding's state: the request may outlive `*this`.
  request.bind = [binding = std::make_shared<const RunBinding>(*this)](const std::string& symbol) {
    return binding->InstrumentRunFor(symbol);
  };
  request.look_ahead_days = LookAheadDays();
  request.threads = spec_.threads;
  request.mode = spec_.mode;
  request.memory_limit_bytes = spec_.memory_limit_bytes;
  request.analyze_from = spec_.analyze_from;
  request.analyze_to = spec_.analyze_to;
  request.progress = control.progress;
  request.progress_sink = control.progress_sink;
  request.stop = control.stop;
  request.extended = extended_;
  return request;
}

}  // namespace orbit
