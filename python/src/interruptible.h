// python/src/interruptible.h -- what every long call of `orbit._core` shares:
// a Python progress callable as an engine::ProgressSink, and running work on a
// worker thread with the GIL released while the calling thread polls Ctrl-C.
#pragma once

#include <Python.h>
#include <nanobind/nanobind.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "engine/progress.h"
#include "engine/stop_flag.h"

namespace orbit::python {

// A Python callable progress(label, done, total) as an engine::ProgressSink.
// The sink takes the GIL for each call; an exception raised by the callable is
// reported as unraisable and does not stop the work. Destroy with the GIL held.
inline engine::ProgressSink MakeProgressSink(const nanobind::object& callback) {
  if (callback.is_none()) return {};
  auto holder = std::make_shared<nanobind::object>(callback);
  return [holder](const std::string& label, uint64_t done, uint64_t total) {
    nanobind::gil_scoped_acquire gil;
    try {
      (*holder)(label, done, total);
    } catch (nanobind::python_error& e) {
      e.discard_as_unraisable("orbit progress callback");
    }
  };
}

// Runs `work` on a worker thread with the GIL released; every 50 ms the
// calling thread checks for Ctrl-C (PyErr_CheckSignals) and raises `stop`, so
// KeyboardInterrupt stops the work within one poll of the stop flag, with no
// thread left running. Returns normally, rethrows the work's error, or raises
// the pending KeyboardInterrupt (nanobind::python_error).
template <typename Work>
void RunInterruptibly(engine::StopFlag& stop, Work work) {
  std::exception_ptr error;
  bool interrupted = false;
  {
    nanobind::gil_scoped_release unlocked;
    std::packaged_task<void()> task([&]() {
      try {
        work();
      } catch (...) {
        error = std::current_exception();
      }
    });
    std::future<void> done = task.get_future();
    std::thread worker(std::move(task));
    while (done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      nanobind::gil_scoped_acquire gil;
      if (!interrupted && PyErr_CheckSignals() != 0) {  // sets KeyboardInterrupt (or the handler's error)
        interrupted = true;
        stop.store(SIGINT);
      }
    }
    worker.join();
  }
  if (interrupted) throw nanobind::python_error();
  if (error) std::rethrow_exception(error);
}

}  // namespace orbit::python
