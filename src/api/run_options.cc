// src/api/run_options.cc -- the run-option catalogue and ParseRunOptions.
//
// Each entry pairs what the front ends show (OptionInfo) with how its text is
// applied to the spec. Entries are applied in catalogue order (so --fix is
// known before --slots), then Finish() checks the rules that join options.
#include "orbit/run_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "orbit/option_values.h"
#include "calendar/exchange_calendar.h"
#include "calendar/session.h"
#include "engine/trade_costs.h"
#include "calendar/time_zone.h"
#include "core/error.h"

namespace orbit {
namespace {

// Text collected while applying entries, for the rules that join options.
struct ParseState {
  RunSpec spec;
  std::string slots;          // --slots tokens (CLI form, KI-23 rules)
  std::string enabled_slots;  // the model form (Python RunParams.enabled_slots)
  std::string start, end;     // --start/--end as given
  bool all_instruments = false;
  std::vector<std::string> cost_options;  // --commission etc. as given (they need --columns extended)
  bool calendar_given = false;
};

using Apply = void (*)(ParseState&, const std::string& text, const std::string& option);

struct Entry {
  OptionInfo info;
  Apply apply;
};

template <typename T>
T Choose(const std::string& text, const std::string& option, const std::vector<std::pair<std::string, T>>& map) {
  const std::string key = LowerCase(text);
  for (const auto& [name, value] : map)
    if (name == key) return value;
  std::string names;
  for (const auto& [name, value] : map) names += (names.empty() ? "" : ", ") + name;
  ThrowUsage(option + ": '" + text + "' is not one of " + names);
}

template <typename T>
std::vector<std::string> NamesOf(const std::vector<std::pair<std::string, T>>& map) {
  std::vector<std::string> names;
  for (const auto& entry : map) names.push_back(entry.first);
  return names;
}

const std::vector<std::pair<std::string, bool>> kSwitch = {{"on", true}, {"off", false}};
const std::vector<std::pair<std::string, strategy::TargetMode>> kTargetModes = {
    {"fixed", strategy::TargetMode::kFixed}, {"time", strategy::TargetMode::kTime}};
const std::vector<std::pair<std::string, source::NanPolicy>> kNanPolicies = {{"error", source::NanPolicy::kError},
                                                                             {"accept", source::NanPolicy::kAccept}};
const std::vector<std::pair<std::string, source::DuplicatePolicy>> kDuplicatePolicies = {
    {"keep-all", source::DuplicatePolicy::kKeepAll},
    {"keep-first", source::DuplicatePolicy::kKeepFirst},
    {"keep-last", source::DuplicatePolicy::kKeepLast},
    {"error", source::DuplicatePolicy::kError}};
const std::vector<std::pair<std::string, strategy::IntrabarPolicy>> kIntrabarPolicies = {
    {"reference", strategy::IntrabarPolicy::kReference},
    {"stop-first", strategy::IntrabarPolicy::kStopFirst},
    {"target-first", strategy::IntrabarPolicy::kTargetFirst}};
const std::vector<std::pair<std::string, bool>> kColumnSets = {{"reference", false}, {"extended", true}};
const std::vector<std::pair<std::string, ExecutionMode>> kModes = {
    {"auto", ExecutionMode::kAuto}, {"memory", ExecutionMode::kInMemory}, {"stream", ExecutionMode::kStreaming}};

// `text` if the tz database has that zone. Errors: Error(kUsage) naming `option`.
std::string LoadableZone(const std::string& text, const std::string& option) {
  try {
    calendar::TimeZone::Load(text);
  } catch (const Error&) {
    ThrowUsage(option + ": unknown time zone '" + text + "' (not in the system tz database)");
  }
  return text;
}

std::string FixHelp() {
  std::string help = "Corrected behaviours of known reference issues: a list such as KI-01,KI-03, or all:";
  for (const auto& [id, text] : strategy::Fixes::Catalogue()) help += "\n  " + id + "  " + text;
  return help;
}

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> kEntries = {
      {{"instrument", "LIST", "Instrument(s): ES, a list ES,NQ, or 'all' (every instrument in the data)", "",
        {}, OptionKind::kList, true},
       [](ParseState& st, const std::string& text, const std::string& option) {
         const std::vector<std::string> items = ParseList(text, option);
         if (items.size() == 1 && UpperCase(items[0]) == "ALL") {
           st.all_instruments = true;
           return;
         }
         std::set<std::string> seen;
         for (const std::string& symbol : items) {
           if (UpperCase(symbol) == "ALL") ThrowUsage(option + ": 'all' cannot be combined with symbols");
           if (!seen.insert(symbol).second) {
             st.spec.notes.push_back(option + ": " + symbol + " is listed more than once; it is analysed once");
             continue;
           }
           st.spec.instruments.push_back(symbol);
         }
       }},
      {{"fix", "LIST", FixHelp(), "none (the reference's behaviour)", {}, OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         ParseList(text, option);  // no empty items
         st.spec.fixes = strategy::Fixes::Parse(text);
       }},
      {{"sessions", "LIST", "Sessions to build, in order", "S1,S2", {}, OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.params.enabled_sessions.clear();
         for (const std::string& name : ParseList(text, option)) {
           const auto id = calendar::ParseSessionName(UpperCase(name));
           if (!id) ThrowUsage(option + ": unknown session '" + name + "' (S1, S2)");
           st.spec.params.enabled_sessions.push_back(*id);
         }
       }},
      {{"slots", "LIST", "Slots as SESSION:HH:MM tokens, e.g. S1:07:30,S2:09:30", "every slot", {}, OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         ParseList(text, option);
         st.slots = text;
       }},
      {{"enabled-slots", "MODEL",
        "Slots in the reference model's form (Python RunParams.enabled_slots): S1=07:30|08:00;S2= "
        "(a session left empty or absent runs all its slots; unknown labels select none, KI-24)",
        "", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) { st.enabled_slots = text; }},
      {{"trade-days", "LIST", "Weekdays of the trading date to analyse, Monday=0", "0,1,2,3,4", {}, OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.params.trade_days.clear();
         for (const std::string& day : ParseList(text, option))
           st.spec.params.trade_days.push_back(static_cast<int>(ParseInteger(day, option, -1000000, 1000000)));
       }},
      {{"no-trade-rows", "on|off", "Emit NoTrade rows", "on", NamesOf(kSwitch), OptionKind::kSwitch},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.params.write_no_trade_rows = Choose(text, option, kSwitch);
       }},
      {{"target-mode", "MODE",
        "fixed: exit at the target (Win), the stop (Loss before T1, BE after it) or the expiry one second before "
        "the next trading day's slot (TIME/OPEN); time: a bar reaching the target is no exit, so there are no Wins "
        "(win rate 0) - the exits are the initial stop (Loss), the break-even stop after T1 (BE, also the "
        "settlement's BE-scan) and the expiry at the next trading day's session start, S1 02:00 / S2 08:00 "
        "(TIME, or OPEN after --as-of)",
        "fixed", NamesOf(kTargetModes), OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.params.target_mode = Choose(text, option, kTargetModes);
       }},
      {{"target", "POINTS",
        "Profit target in points, a positive multiple of the tick (orbit sweep: an axis START:END:STEP or a list)",
        "the instrument's base target T", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.params.target = strategy::ParseTargetText(text);
       }},
      {{"stop-cap", "MULT",
        "Initial stop distance = min(range, MULT x target) (orbit sweep: an axis)", "3.0", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.params.stop_cap = strategy::ParseStopCapText(text);
       }},
      {{"t1", "FRACTION",
        "Break-even trigger T1 = target x FRACTION, 0 < FRACTION < 1 (orbit sweep: an axis)", "0.65", {},
        OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.params.t1_fraction = strategy::ParseT1FractionText(text);
       }},
      {{"be-offset", "TICKS",
        "Break-even stop = entry -/+ TICKS x tick once T1 is reached (orbit sweep: an axis)", "1", {},
        OptionKind::kInteger},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.params.be_offset_ticks = strategy::ParseBeOffsetText(text);
       }},
      {{"range-start", "LIST",
        "Start of the range windows per session, e.g. S1:06:00,S2:08:30 (slots then end at any later minute of "
        "the session before 16:00)",
        "the session start (S1 02:00, S2 08:00)", {}, OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         ParseList(text, option);
         strategy::ApplyCliRangeStarts(st.spec.params, text);
       }},
      {{"as-of", "INSTANT", "Instant that decides OPEN vs TIME (ISO-8601; naive = Chicago)", "now, read once",
        {}, OptionKind::kInstant},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.as_of_ns = ParseInstant(text, option);
       }},
      {{"input-tz", "ZONE", "IANA zone of naive timestamps", "America/Chicago", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.input_tz = LoadableZone(text, option);
       }},
      {{"start", "DATE", "First trading date to keep, YYYY-MM-DD (alone: ignored unless --fix KI-21)", "", {},
        OptionKind::kDate},
       [](ParseState& st, const std::string& text, const std::string& option) {
         ParseDate(text, option);
         st.start = text;
       }},
      {{"end", "DATE", "Last trading date to keep, YYYY-MM-DD (alone: ignored unless --fix KI-21)", "", {},
        OptionKind::kDate},
       [](ParseState& st, const std::string& text, const std::string& option) {
         ParseDate(text, option);
         st.end = text;
       }},
      {{"analyze-from", "DATE",
        "Partitioned runs: first trading date to analyse and report; bars before it are not read", "", {},
        OptionKind::kDate},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.analyze_from = ParseDate(text, option);
       }},
      {{"analyze-to", "DATE",
        "Partitioned runs: last trading date to analyse and report; bars are read 4 days beyond it (look-ahead)",
        "", {}, OptionKind::kDate},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.analyze_to = ParseDate(text, option);
       }},
      {{"nan-prices", "POLICY", "NaN/inf prices: error, or accept them like the reference (KI-39)", "error",
        NamesOf(kNanPolicies), OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.nan_policy = Choose(text, option, kNanPolicies);
       }},
      {{"duplicates", "POLICY", "Rows sharing a timestamp: keep all (reported), keep the first or last, or error",
        "keep-all", NamesOf(kDuplicatePolicies), OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.duplicate_policy = Choose(text, option, kDuplicatePolicies);
       }},
      {{"format", "PRESET",
        "CSV layout and vendor conventions: orbit (timestamp,open,high,low,close[,instrument]); databento "
        "(ts_event = bar open, UTC); ninjatrader (NinjaTrader 8 'yyyyMMdd HHmmss;o;h;l;c;v', no header, "
        "stamped at the close, local time: --input-tz); tradestation (Date,Time,Open,High,Low,Close,Up,Down or ...,Vol,OI, "
        "stamped at the close, local time); auto picks the one the file's first line shows",
        "auto", {"auto", "orbit", "databento", "ninjatrader", "tradestation"}, OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.preset = source::ParseCsvPreset(text);
       }},
      {{"column-map", "MAP",
        "CSV columns by role, e.g. timestamp=ts_event,open=Open or date=Date,time=Time (roles: timestamp, date, "
        "time, open, high, low, close, instrument; a number = 1-based column, for files without a header)",
        "the preset's", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.column_map = source::ParseColumnMap(text);
       }},
      {{"delimiter", "CHAR", "CSV field delimiter: one character, or 'tab'", "the preset's (',', NinjaTrader ';')",
        {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.delimiter = source::ParseDelimiter(text);
       }},
      {{"header", "yes|no", "Whether CSV files start with a header line", "the preset's", {"yes", "no"},
        OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.header = LowerCase(text) == "yes";
       }},
      {{"ts-unit", "UNIT", "CSV timestamps are epoch integers in this unit (UTC instants)", "ISO-8601 text",
        {"s", "ms", "us", "ns"}, OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.ts_unit_ns = source::ParseTsUnit(LowerCase(text));
       }},
      {{"bar-stamp", "open|close",
        "What a bar's timestamp marks; close-stamped bars are shifted one minute to their open (spec 1.4)",
        "open (ninjatrader, tradestation: close)", {"open", "close"}, OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.csv_format.bar_stamp = source::ParseBarStamp(LowerCase(text));
       }},
      {{"strict", "on|off", "Every data warning (duplicates kept, input zone that does not fit, ...) fails the run "
        "with exit code 2", "off", NamesOf(kSwitch), OptionKind::kSwitch},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.strict = Choose(text, option, kSwitch);
       }},
      {{"threads", "N", "Worker threads (0 = all cores)", "0", {}, OptionKind::kInteger},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.threads = static_cast<int>(ParseInteger(text, option, 0, 4096));
       }},
      {{"mode", "MODE", "auto|memory|stream: load all bars, or analyse while reading", "auto", NamesOf(kModes),
        OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.mode = Choose(text, option, kModes);
       }},
      {{"memory-limit", "SIZE",
        "Memory budget for bars, e.g. 200M; auto mode streams when the projected bars exceed it",
        "a quarter of available memory", {}, OptionKind::kSize},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.memory_limit_bytes = ParseByteSize(text, option);
       }},
      {{"columns", "SET",
        "Result columns: reference (the 17 of the reference), or extended (the same 17, then EntryTimestamp, "
        "ExitTimestamp, MAE, MFE, MAEMinutes, MFEMinutes, BarsHeld, Ambiguous, PointValue, GrossUSD, "
        "CommissionUSD, SlippageUSD, NetUSD; README)",
        "reference", NamesOf(kColumnSets), OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.extended_columns = Choose(text, option, kColumnSets);
       }},
      {{"output-tz", "ZONE", "IANA zone the extended columns' timestamps are shown in", "UTC", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.output_tz = LoadableZone(text, option);
         st.cost_options.push_back(option);
       }},
      {{"commission", "USD", "Commission per side of one contract, in USD (extended columns: 2 sides a trade)",
        "0", {}, OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.costs.commission_usd_per_side = engine::ParseNonNegative(text, option);
         st.cost_options.push_back(option);
       }},
      {{"slippage", "TICKS", "Slippage per side in ticks (extended columns: 2 sides x tick x point value)", "0", {},
        OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.costs.slippage_ticks_per_side = engine::ParseNonNegative(text, option);
         st.cost_options.push_back(option);
       }},
      {{"point-value", "LIST", "USD per point overrides, e.g. ES=50,MES=5 (default: the instrument table)", "", {},
        OptionKind::kList},
       [](ParseState& st, const std::string& text, const std::string& option) {
         engine::ParsePointValues(text, st.spec.costs);
         st.cost_options.push_back(option);
       }},
      {{"intrabar", "POLICY",
        "A bar touching both the target and a stop: reference (spec 5.4: stop ignored on the T1 bar, else the "
        "level nearer the close), stop-first or target-first; rows without such a bar are identical under all "
        "three, and the summary counts the rest",
        "reference", NamesOf(kIntrabarPolicies), OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string& option) {
         st.spec.intrabar = Choose(text, option, kIntrabarPolicies);
       }},
      {{"calendar", "NAME",
        "Exchange calendar (KI-04): cme = CME Globex 2000-2035: no ranges on closed days, expiry on the next open "
        "day, entry cutoff at early closes",
        "none (--fix KI-04: cme)", {"cme"}, OptionKind::kChoice},
       [](ParseState& st, const std::string& text, const std::string&) {
         st.spec.exchange_calendar = std::shared_ptr<const calendar::ExchangeCalendar>(
             std::shared_ptr<void>(), &calendar::ExchangeCalendar::Named(text));
         st.calendar_given = true;
       }},
      {{"calendar-file", "FILE",
        "Your own exchange calendar, CSV 'date,status,close' (README); used like --calendar", "", {},
        OptionKind::kText},
       [](ParseState& st, const std::string& text, const std::string& option) {
         if (st.calendar_given) ThrowUsage(option + " and --calendar: give one of them, not both");
         st.spec.exchange_calendar =
             std::make_shared<const calendar::ExchangeCalendar>(calendar::ExchangeCalendar::LoadFile(text));
       }},
  };
  return kEntries;
}

// "S1=07:30|08:00;S2=" -> enabled_slots of the model (§2.3).
void ApplyModelSlots(ParseState& st) {
  size_t pos = 0;
  const std::string& text = st.enabled_slots;
  while (pos <= text.size()) {
    size_t semi = text.find(';', pos);
    if (semi == std::string::npos) semi = text.size();
    const std::string item = text.substr(pos, semi - pos);
    pos = semi + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) ThrowUsage("--enabled-slots: '" + item + "' is not SESSION=LABEL|LABEL");
    const auto id = calendar::ParseSessionName(item.substr(0, eq));
    if (!id) continue;  // the model ignores keys other than S1/S2 (§2.3)
    std::vector<std::string> labels;
    const std::string list = item.substr(eq + 1);
    size_t p = 0;
    while (p < list.size()) {
      size_t bar = list.find('|', p);
      if (bar == std::string::npos) bar = list.size();
      labels.push_back(list.substr(p, bar - p));
      p = bar + 1;
    }
    st.spec.params.enabled_slots[static_cast<size_t>(*id)] = labels;
  }
}

void Finish(ParseState& st) {
  RunSpec& spec = st.spec;
  if (!spec.extended_columns)
    for (const std::string& option : st.cost_options)
      spec.notes.push_back(option + " only shows in the extended columns; add --columns extended");
  if (!st.slots.empty() && !st.enabled_slots.empty())
    ThrowUsage("--slots and --enabled-slots: give one of them, not both");
  if (!st.enabled_slots.empty()) ApplyModelSlots(st);
  if (!st.slots.empty()) {
    const std::vector<calendar::SessionId> sessions = spec.params.enabled_sessions;
    strategy::ApplyCliSlots(spec.params, st.slots, spec.fixes, &spec.notes);
    if (!spec.fixes.strict_cli_slots) {
      for (calendar::SessionId s : spec.params.enabled_sessions) {
        const auto& chosen = spec.params.enabled_slots[static_cast<size_t>(s)];
        if (chosen && chosen->empty())
          spec.notes.push_back(fmt::format(
              "--slots names no slot of {0}, so every {0} slot runs, as the reference does (KI-23); "
              "add --fix KI-23 to run only the slots named",
              calendar::Session(s).name));
      }
    }
  }
  // Dates: both bounds, or each alone under KI-21 (a lone bound is otherwise ignored, as the reference does).
  const bool both = !st.start.empty() && !st.end.empty();
  if (both || spec.fixes.independent_date_bounds) {
    if (!st.start.empty()) spec.start_date = ParseDate(st.start, "--start");
    if (!st.end.empty()) spec.end_date = ParseDate(st.end, "--end");
    if (spec.start_date && spec.end_date && *spec.end_date < *spec.start_date)
      ThrowUsage("--start " + st.start + " is after --end " + st.end + ": no trading date can be kept");
  } else if (!st.start.empty() || !st.end.empty()) {
    spec.notes.push_back(
        "--start/--end: a single bound is ignored, as the reference does (KI-21); add --fix KI-21 to apply it");
  }
  // The run parameters, checked for every instrument named (sessions and days once for "all").
  if (st.all_instruments) {
    spec.params.instrument = "ES";
    strategy::ValidateRunParams(spec.params, spec.fixes);
    spec.params.instrument.clear();
  } else {
    for (const std::string& symbol : spec.instruments) {
      spec.params.instrument = symbol;
      strategy::ValidateRunParams(spec.params, spec.fixes);
    }
    spec.params.instrument = spec.instruments.front();
  }
}

// OptionInfo::probe of every option that changes result rows. An option
// added to Entries() that changes rows gets its probe here, and the every-door
// test (tests/cluster/test_every_door.py) then checks it through every door.
const std::map<std::string, RunOptions>& Probes() {
  static const std::map<std::string, RunOptions> kProbes = {
      {"fix", {{"fix", "all"}}},
      {"sessions", {{"sessions", "S1"}}},
      {"slots", {{"slots", "S1:07:30,S2:09:30"}}},
      {"enabled-slots", {{"enabled-slots", "S1=07:30|08:00;S2=10:00"}}},
      {"trade-days", {{"trade-days", "0,2,4"}}},
      {"no-trade-rows", {{"no-trade-rows", "off"}}},
      {"target-mode", {{"target-mode", "time"}}},
      {"target", {{"target", "7.5"}}},
      {"stop-cap", {{"stop-cap", "1.5"}}},
      {"t1", {{"t1", "0.5"}}},
      {"be-offset", {{"be-offset", "3"}}},
      {"range-start", {{"range-start", "S1:06:00,S2:08:30"}}},
      {"as-of", {{"as-of", "2024-07-30T12:00:00"}}},
      {"input-tz", {{"input-tz", "America/New_York"}}},
      {"start", {{"start", "2024-04-02"}, {"end", "2024-07-31"}}},
      {"end", {{"end", "2024-06-27"}, {"start", "2024-03-01"}}},
      {"analyze-from", {{"analyze-from", "2024-05-01"}}},
      {"analyze-to", {{"analyze-to", "2024-05-31"}}},
      {"duplicates", {{"duplicates", "keep-last"}}},
      {"bar-stamp", {{"bar-stamp", "close"}}},
      {"columns", {{"columns", "extended"}}},
      {"output-tz", {{"output-tz", "America/New_York"}, {"columns", "extended"}}},
      {"commission", {{"commission", "2.5"}, {"columns", "extended"}}},
      {"slippage", {{"slippage", "1"}, {"columns", "extended"}}},
      {"point-value", {{"point-value", "ES=40"}, {"columns", "extended"}}},
      {"intrabar", {{"intrabar", "stop-first"}}},
      {"calendar", {{"calendar", "cme"}}},
      {"calendar-file", {{"calendar-file", "data/calendars/cme_globex.csv"}}},
  };
  return kProbes;
}

}  // namespace

const std::vector<OptionInfo>& RunOptionCatalogue() {
  static const std::vector<OptionInfo> kCatalogue = [] {
    std::vector<OptionInfo> out;
    size_t probes = 0;
    for (const Entry& e : Entries()) {
      out.push_back(e.info);
      const auto probe = Probes().find(e.info.name);
      if (probe != Probes().end()) {
        out.back().probe = probe->second;
        ++probes;
      }
    }
    if (probes != Probes().size()) ThrowInternal("run options: a probe names no option of the catalogue");
    return out;
  }();
  return kCatalogue;
}

RunSpec ParseRunOptions(const RunOptions& options) {
  std::map<std::string, std::string> given;
  for (const auto& option : options) {  // no structured binding: clang 14 (fuzz build) cannot capture one
    const std::string& name = option.first;
    const auto known = std::find_if(Entries().begin(), Entries().end(),
                                    [&name](const Entry& e) { return e.info.name == name; });
    if (known == Entries().end()) ThrowUsage("unknown run option '" + name + "'");
    if (!given.emplace(name, option.second).second) ThrowUsage("--" + name + " is given more than once");
  }
  ParseState st;
  for (const Entry& e : Entries()) {
    const auto it = given.find(e.info.name);
    const std::string option = "--" + e.info.name;
    if (it == given.end()) {
      if (e.info.required) ThrowUsage(option + " is required");
      continue;
    }
    if (it->second.find_first_not_of(" \t") == std::string::npos)
      ThrowUsage(option + ": empty value (leave the option out for its default)");
    e.apply(st, it->second, option);
  }
  Finish(st);
  return std::move(st.spec);
}

}  // namespace orbit
