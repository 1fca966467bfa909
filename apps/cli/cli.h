// apps/cli/cli.h -- the `orbit` command line as a function.
#pragma once

namespace orbit::cli {

// Parses argv (argv[0] = program name), runs the subcommand and returns the
// process exit code (README "Exit codes"). Installs the SIGINT/SIGTERM handlers
// of stop_signals.h for the command's duration.
int RunCli(int argc, char** argv);

}  // namespace orbit::cli
