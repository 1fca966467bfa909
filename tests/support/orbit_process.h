// tests/support/orbit_process.h
//
// Running the real `orbit` binary (ORBIT_BINARY, a compile definition of the
// test target) as a child process, for tests that check exit codes, messages,
// signals and files: SpawnOrbit starts it in `cwd` with stderr (and stdout)
// sent to files and returns its pid at once; WaitForExit turns the child's
// status into one number, the exit code, or 128 + signal for a child killed by
// a signal (so a crash never equals a documented exit code).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace orbit::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline pid_t SpawnOrbit(const std::vector<std::string>& args, const std::string& cwd, const std::string& err_path,
                        const std::string& out_path = "/dev/null") {
  std::vector<char*> argv;
  std::string bin = ORBIT_BINARY;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);  // no buffered test output may be duplicated into the child
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err < 0 || out < 0 || dup2(err, 2) < 0 || dup2(out, 1) < 0) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

inline int WaitForExit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace orbit::testing
