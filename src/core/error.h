// src/core/error.h
//
// The one error type Orbit raises. Every failure a user can cause carries an
// ErrorKind that maps one-to-one onto the documented process exit code, and a
// message that names what was wrong and where (file, row, column, value).
//
// Policy: errors end the run (the reference aborts too). Worker threads never
// let an Error escape; the engine captures it and rethrows it on the calling
// thread, so the first failing day in date order is the one reported.
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

[[noreturn]] inline void ThrowUsage(const std::string& m) { throw Error(ErrorKind::kUsage, m); }
[[noreturn]] inline void ThrowBadInput(const std::string& m) { throw Error(ErrorKind::kBadInput, m); }
[[noreturn]] inline void ThrowIo(const std::string& m) { throw Error(ErrorKind::kIo, m); }

}  // namespace orbit
