// apps/cli/gen_command.cc -- `orbit gen`: deterministic synthetic bars.
#include <charconv>
#include <cstdio>
#include <memory>

#include "orbit/option_values.h"
#include "commands.h"
#include "orbit/gen.h"
#include "orbit/orbit.h"

namespace orbit::cli {
namespace {

// 0..2^64-1, digits only: "-1" (which strtoull wraps to 2^64-1) and values
// past 2^64 are usage errors, never another seed.
uint64_t ParseSeed(const std::string& text) {
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || ec != std::errc() ||
      ptr != text.data() + text.size())
    ThrowUsage("--seed: '" + text + "' is not a whole number in 0..18446744073709551615");
  return value;
}

}  // namespace

std::function<int()> AddGenCommand(CLI::App& app) {
  struct Args {
    std::string instrument, start, end, out;
    std::string seed = "1";
    double drift = 0.08;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand("gen", "Write deterministic synthetic 1-minute bars (CSV or Parquet)");
  sub->add_option("--instrument", args->instrument, "Instrument symbol, e.g. ES")->required();
  sub->add_option("--start", args->start, "First calendar date, YYYY-MM-DD")->required();
  sub->add_option("--end", args->end, "Last calendar date, YYYY-MM-DD")->required();
  sub->add_option("--seed", args->seed, "Random seed, a whole number 0..2^64-1 (same seed, same bytes)");
  sub->add_option("--drift", args->drift,
                  "Daily drift amplitude (default 0.08): each day trends by a drift drawn uniformly in +-DRIFT/2 "
                  "step standard deviations, an edge for breakouts; 0 = a driftless random walk")
      ->check(CLI::Range(0.0, 10.0));
  sub->add_option("--out", args->out, "Output file: .csv or .parquet")->required();
  sub->add_flag("--quiet", args->quiet, "Print nothing on success");
  return [args]() {
    engine::Stopwatch watch;
    const auto spec = FindInstrument(UpperCase(args->instrument));
    if (!spec) ThrowUsage("gen: unknown instrument '" + args->instrument + "'");
    gen::GenOptions options;
    options.instrument = *spec;
    options.start = ParseDate(args->start, "--start");
    options.end = ParseDate(args->end, "--end");
    if (options.end < options.start)
      ThrowUsage("gen: --end " + args->end + " is before --start " + args->start);
    options.seed = ParseSeed(args->seed);
    options.drift = args->drift;
    const uint64_t bars = gen::WriteSyntheticBars(options, args->out);
    if (!args->quiet)
      std::fprintf(stderr, "orbit gen: %llu bars -> %s (%.2f s, peak RSS %.1f MiB)\n",
                   static_cast<unsigned long long>(bars), args->out.c_str(), watch.Seconds(),
                   static_cast<double>(engine::PeakRssBytes()) / (1024.0 * 1024.0));
    return 0;
  };
}

}  // namespace orbit::cli
