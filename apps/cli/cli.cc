// apps/cli/cli.cc -- the `orbit` command line (RunCli), shared by the `orbit`
// executable and the Python package (`python -m orbit`, the `orbit` console script).
#include <cstdio>
#include <exception>
#include <new>
#include <vector>

#include "commands.h"
#include "orbit/error.h"
#include "orbit/version.h"
#include "stop_signals.h"
#include "cli.h"

namespace orbit::cli {

int RunCli(int argc, char** argv) {
  CLI::App app{
      "Orbit: opening-range-breakout backtests on futures minute bars.\n"
      "Exit codes: 0 ok, 1 usage error, 2 bad input data, 3 I/O error, 4 internal error, "
      "130/143 stopped by SIGINT/SIGTERM."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("orbit ") + orbit::kVersion);
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  commands.emplace_back(nullptr, AddRunCommand(app));
  commands.back().first = app.get_subcommand("run");
  commands.emplace_back(nullptr, AddGenCommand(app));
  commands.back().first = app.get_subcommand("gen");
  commands.emplace_back(nullptr, AddReportCommand(app));
  commands.back().first = app.get_subcommand("report");
  commands.emplace_back(nullptr, AddSweepCommand(app)), commands.back().first = app.get_subcommand("sweep");
  commands.emplace_back(nullptr, AddMatrixCommand(app)), commands.back().first = app.get_subcommand("matrix");
  commands.emplace_back(nullptr, AddOverfitCommand(app)), commands.back().first = app.get_subcommand("overfit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  const StopSignalScope signals;
  try {
    for (auto& [sub, action] : commands)
      if (sub->parsed()) return action();
  } catch (const orbit::Interrupted& e) {
    std::fprintf(stderr, "orbit: stopped by signal %d; no output written\n", e.signal_number());
    return e.exit_code();
  } catch (const orbit::Error& e) {
    std::fprintf(stderr, "orbit: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    // Not a bug: the input or the grid needs more memory than the process may
    // have (ulimit -v, a container limit). Exit 3 like other resource errors.
    std::fprintf(stderr,
                 "orbit: error: out of memory (the run needs more memory than is available; try --mode stream, a "
                 "lower --memory-limit, fewer combinations or a smaller input)\n");
    return static_cast<int>(orbit::ErrorKind::kIo);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "orbit: internal error: %s\n", e.what());
    return static_cast<int>(orbit::ErrorKind::kInternal);
  }
  return 0;
}

}  // namespace orbit::cli
