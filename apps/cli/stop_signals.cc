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

struct StopSignalScope::Saved {
  struct sigaction interrupt, terminate;
};

StopSignalScope::StopSignalScope() : saved_(new Saved) {
  g_stop.store(0);
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, &saved_->interrupt);
  sigaction(SIGTERM, &action, &saved_->terminate);
}

StopSignalScope::~StopSignalScope() {
  sigaction(SIGINT, &saved_->interrupt, nullptr);
  sigaction(SIGTERM, &saved_->terminate, nullptr);
  delete saved_;
}

}  // namespace orbit::cli
