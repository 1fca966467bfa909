// include/orbit/run_options.h
//
// The option catalogue and its one parser. Every run option exists once, here:
// the CLI registers one `--NAME` per catalogue entry (with its help text and
// choices as CLI11 validators), Python accepts one keyword per entry (NAME with
// '-' -> '_'), and both hand the values over as text to ParseRunOptions, which
// checks them and builds the RunSpec. Adding an option = adding one entry
// (src/api/run_options.cc); no front end changes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "orbit/run_spec.h"

namespace orbit {

// What an option's text denotes; front ends use it to convert and type-check
// native values (Python: a list for kList, an int for kInteger, a bool for
// kSwitch, a date/datetime for kDate/kInstant), never to validate them.
enum class OptionKind { kText, kChoice, kList, kInteger, kSwitch, kSize, kDate, kInstant };

// (name, text) pairs, names as in the catalogue. An absent option takes its
// default; an option given twice, an unknown name, or an empty text is an error.
using RunOptions = std::vector<std::pair<std::string, std::string>>;

struct OptionInfo {
  std::string name;          // CLI spelling without "--"; Python: '-' -> '_'
  std::string value_name;    // placeholder for --help, e.g. "LIST", "DATE"
  std::string help;          // one paragraph; the default is appended by the front ends
  std::string default_text;  // what an absent option means ("" = unset / none)
  std::vector<std::string> choices;  // accepted values (case-insensitive); empty = free text
  OptionKind kind = OptionKind::kText;
  bool required = false;     // every run needs it (instrument)
  // For options that change result rows: a non-default setting (this option
  // first, then any option it needs, e.g. --columns extended for
  // --commission) whose rows differ from the defaults' on the every-door
  // test's data (ES bars of March-July 2024, naive Chicago timestamps,
  // widened bars, holidays, duplicate timestamps, open trades at the end:
  // tests/cluster/test_every_door.py runs it through every door). Paths are
  // relative to the repository. Empty: the option does not change the rows
  // of data it accepts (threads, mode, memory limit, strict) or only decides
  // how a file is parsed (format, column map, delimiter, header, epoch unit;
  // NaN prices).
  RunOptions probe{};
};

// The catalogue, in the order options are parsed and listed in --help.
const std::vector<OptionInfo>& RunOptionCatalogue();

// Checks every value and the rules between them; returns the RunSpec.
// Errors: Error(kUsage) naming the option (as --NAME) and the value.
RunSpec ParseRunOptions(const RunOptions& options);

}  // namespace orbit
