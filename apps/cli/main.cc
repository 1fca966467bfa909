// apps/cli/main.cc -- the `orbit` executable.
#include "cli.h"

<<<<<<< HEAD
#include "commands.h"
#include "orbit/error.h"
#include "orbit/version.h"
#include "stop_signals.h"
#include "storage/atomic_output.h"
#include "storage/location.h"

int main(int argc, char** argv) {
  // Arrow's S3 support (s3:// URIs) must shut down before static destructors run.
  struct FinalizeStorage {
    ~FinalizeStorage() { orbit::storage::FinalizeObjectStorage(); }
  } finalize_storage;
  orbit::storage::EnableUriOutputs();  // --out s3://... (core/output_set.h)
  CLI::App app{
      "Orbit: opening-range-breakout backtests on futures minute bars.\n"
      "Exit codes: 0 ok, 1 usage error, 2 bad input data, 3 I/O error, 4 internal error, "
      "130/143 stopped by SIGINT/SIGTERM."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("orbit ") + orbit::kVersion);
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  commands.emplace_back(nullptr, orbit::cli::AddRunCommand(app));
  commands.back().first = app.get_subcommand("run");
  commands.emplace_back(nullptr, orbit::cli::AddGenCommand(app));
  commands.back().first = app.get_subcommand("gen");
  commands.emplace_back(nullptr, orbit::cli::AddReportCommand(app));
  commands.back().first = app.get_subcommand("report");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  orbit::cli::InstallStopSignalHandlers();
  try {
    for (auto& [sub, action] : commands)
      if (sub->parsed()) return action();
  } catch (const orbit::Interrupted& e) {
    std::fprintf(stderr, "orbit: stopped by signal %d; no output written\n", e.signal_number());
    return e.exit_code();
  } catch (const orbit::Error& e) {
    std::fprintf(stderr, "orbit: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "orbit: internal error: %s\n", e.what());
    return static_cast<int>(orbit::ErrorKind::kInternal);
  }
  return 0;
}
=======
int main(int argc, char** argv) { return orbit::cli::RunCli(argc, argv); }
>>>>>>> main
