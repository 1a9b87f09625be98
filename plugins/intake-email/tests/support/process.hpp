#pragma once
// Child processes for test peers: each runs in its own process group so stopping it also ends
// whatever it spawned (Dovecot's workers, Python's threads).
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace helpdesk::mail::test {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts argv[0] (an absolute path) with stdout and stderr appended to `log_file`.
  // Throws std::runtime_error naming the program when fork or exec fails.
  void start(const std::vector<std::string>& argv, const std::string& log_file);
  // True while the child has not exited (reaps it when it has).
  bool running();
  // SIGTERM to the group, then SIGKILL after `grace`; waits for the child. Safe to call twice.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Runs a program to completion; returns its exit status (-1 when it did not exit normally).
// Output goes to `log_file`.
int run_program(const std::vector<std::string>& argv, const std::string& log_file);

}  // namespace helpdesk::mail::test
