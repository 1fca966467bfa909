// apps/cli/run_options_cli.h -- the run-option catalogue on a CLI11 command.
//
// Registers one `--NAME` per orbit::RunOptionCatalogue() entry (help text,
// default, and a CLI11 validator built from the library's own parser, so the
// CLI rejects a bad value before any work with the library's message) and
// collects what the user gave as orbit::RunOptions. Shared by `run` and `sweep`.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>

#include "orbit/run_options.h"

namespace orbit::cli {

struct RunOptionValues {
  std::map<std::string, std::string> text;     // by option name
  std::map<std::string, CLI::Option*> option;  // by option name
};

void AddRunOptions(CLI::App& command, RunOptionValues& values);

// The options the user gave (an option given with an empty value is passed
// on, so the parser can name it).
RunOptions CollectRunOptions(const RunOptionValues& values);

}  // namespace orbit::cli
