// fuzz/fuzz_cli_args.cc -- libFuzzer target: the command-line value parsers of
// `orbit run` (apps/cli/date_args.cc, strategy::Fixes::Parse,
// strategy::ParseCliSlots, session names, ValidateRunParams).
// The input is split on '\n' into up to 8 values fed to the parsers in turn;
// orbit::Error (exit 1) is the only acceptable failure.
#include <string>
#include <vector>

#include "calendar/session.h"
#include "core/error.h"
#include "date_args.h"
#include "strategy/fixes.h"
#include "strategy/run_params.h"

namespace {

template <typename F>
void Guard(F&& f) {
  try {
    f();
  } catch (const orbit::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace orbit;
  std::vector<std::string> v(1);
  for (size_t i = 0; i < size && v.size() <= 8; ++i) {
    if (data[i] == '\n') v.emplace_back();
    else v.back() += static_cast<char>(data[i]);
  }
  v.resize(8);
  strategy::Fixes fixes;
  Guard([&] { fixes = strategy::Fixes::Parse(v[0]); });
  Guard([&] { (void)cli::ParseDate(v[1], "--start"); });
  Guard([&] { (void)cli::ParseInstant(v[2], "--as-of"); });
  std::vector<std::string> warnings;
  strategy::RunParams params;
  Guard([&] { params.enabled_slots = strategy::ParseCliSlots(v[3], fixes, &warnings); });
  Guard([&] {
    params.enabled_sessions.clear();
    for (const std::string& s : cli::SplitList(v[4])) {
      const auto id = calendar::ParseSessionName(cli::UpperCase(s));
      if (!id) ThrowUsage("unknown session");
      params.enabled_sessions.push_back(*id);
    }
  });
  Guard([&] { params.trade_days = cli::ParseTradeDays(v[5], "--trade-days"); });
  Guard([&] {
    for (const std::string& s : cli::SplitList(v[6])) {
      params.instrument = s;
      (void)strategy::ValidateRunParams(params, fixes);
    }
  });
  Guard([&] { (void)cli::ParseInstant(v[7] + v[2], "--as-of"); });
  return 0;
}
