// include/orbit/error.h
//
// The one error type Orbit raises. Every failure a user can cause carries an
// ErrorKind that maps one-to-one onto the documented process exit code, and a
// message that names what was wrong and where (file, row, column, value; or
// option and value).
//
// Policy: errors end the run. Worker threads never let an Error escape; the
// engine captures it and rethrows it on the calling thread, so the first
// failing day in date order is the one reported.
#pragma once

#include <stdexcept>
#include <string>

namespace orbit {

// Exit codes, also listed in README.md and `orbit --help`.
enum class ErrorKind : int {
  kUsage = 1,     // bad command line or run parameters
  kBadInput = 2,  // input data that fails validation or cannot be decoded
  kIo = 3,        // a file that cannot be opened, read or written
  kInternal = 4,  // a bug in Orbit
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

// The way to raise them.
[[noreturn]] inline void ThrowUsage(const std::string& m) { throw Error(ErrorKind::kUsage, m); }
[[noreturn]] inline void ThrowBadInput(const std::string& m) { throw Error(ErrorKind::kBadInput, m); }
[[noreturn]] inline void ThrowIo(const std::string& m) { throw Error(ErrorKind::kIo, m); }
[[noreturn]] inline void ThrowInternal(const std::string& m) { throw Error(ErrorKind::kInternal, m); }

// Exit code of a run stopped by a signal (128 + signal number; 130 for SIGINT).
// Raised as an Error of its own kind so the front ends can tell it apart.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("interrupted"), signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }
  int exit_code() const { return 128 + signal_number_; }

 private:
  int signal_number_;
};

}  // namespace orbit
