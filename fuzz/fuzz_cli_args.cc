// fuzz/fuzz_cli_args.cc -- libFuzzer target for the run-option parser: the
// input's lines are option values handed to orbit::ParseRunOptions (the one
// parser behind `orbit run` and the Python package) and to the value parsers
// of include/orbit/option_values.h. Any orbit::Error is a correct answer; a
// crash, a sanitizer report or another exception type is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "orbit/error.h"
#include "orbit/option_values.h"
#include "orbit/run_options.h"

namespace {

template <typename F>
void Guard(F&& f) {
  try {
    f();
  } catch (const orbit::Error&) {
  }
}

// The options each input line feeds, in order.
const char* const kOptions[] = {"fix", "start", "as-of", "slots", "sessions", "trade-days", "end", "memory-limit",
                                "threads", "instrument"};
constexpr size_t kLines = sizeof kOptions / sizeof kOptions[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> v(1);
  for (size_t i = 0; i < size && v.size() <= kLines; ++i) {
    if (data[i] == '\n') v.emplace_back();
    else v.back() += static_cast<char>(data[i]);
  }
  v.resize(kLines);
  orbit::RunOptions options;
  for (size_t k = 0; k < kLines; ++k)
    if (!v[k].empty()) options.emplace_back(kOptions[k], v[k]);
  if (v[9].empty()) options.emplace_back("instrument", "ES");
  Guard([&] { (void)orbit::ParseRunOptions(options); });
  Guard([&] { (void)orbit::ParseDate(v[1], "--start"); });
  Guard([&] { (void)orbit::ParseInstant(v[2] + v[6], "--as-of"); });
  Guard([&] { (void)orbit::ParseByteSize(v[7], "--memory-limit"); });
  Guard([&] { (void)orbit::ParseList(v[4], "--sessions"); });
  return 0;
}
