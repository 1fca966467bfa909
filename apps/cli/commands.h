// apps/cli/commands.h -- one function per subcommand; main.cc wires them to CLI11.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace orbit::cli {

// Each Add* registers a subcommand and returns the action to run when it was
// selected. Actions return the process exit code and may throw orbit::Error.
std::function<int()> AddRunCommand(CLI::App& app);
std::function<int()> AddGenCommand(CLI::App& app);
std::function<int()> AddReportCommand(CLI::App& app);
std::function<int()> AddSweepCommand(CLI::App& app);
std::function<int()> AddMatrixCommand(CLI::App& app);
std::function<int()> AddOverfitCommand(CLI::App& app);

}  // namespace orbit::cli
