#include "stop_signals.h"

#include <signal.h>
#include <unistd.h>

#include "core/output_set.h"

namespace orbit::cli {
namespace {

engine::StopFlag g_stop{0};

extern "C" void OnStopSignal(int signal_number) {
  int expected = 0;
  if (!g_stop.compare_exchange_strong(expected, signal_number)) {
    RemoveRegisteredTemporaries();
    ::_exit(128 + signal_number);
  }
}

}  // namespace

engine::StopFlag& StopRequest() { return g_stop; }

void InstallStopSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace orbit::cli
