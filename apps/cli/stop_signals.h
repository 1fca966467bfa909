// apps/cli/stop_signals.h -- SIGINT/SIGTERM for the `orbit` command.
//
// The first SIGINT or SIGTERM asks the run to stop (StopRequest(), polled by
// the reader per batch and by the engine per chunk of days); the run then
// unwinds, its OutputSet removes every temporary, nothing is committed, and the
// process exits 128 + signal (130 for Ctrl-C, 143 for SIGTERM). A second
// signal removes the registered temporaries and exits at once. SIGKILL cannot
// be handled: a temporary may then remain; the next run writing the same
// destination removes it (core/output_set.h).
#pragma once

#include "engine/stop_flag.h"

namespace orbit::cli {

// Installs the handlers for its lifetime (clearing any earlier request) and
// restores the previous ones after (the Python console script shares the
// process with the interpreter's own SIGINT handler).
class StopSignalScope {
 public:
  StopSignalScope();
  ~StopSignalScope();
  StopSignalScope(const StopSignalScope&) = delete;
  StopSignalScope& operator=(const StopSignalScope&) = delete;

 private:
  struct Saved;
  Saved* saved_;
};

engine::StopFlag& StopRequest();

}  // namespace orbit::cli
