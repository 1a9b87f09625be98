#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace helpdesk::mail::test {
namespace {

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& log_file) {
  setpgid(0, 0);
  // exec keeps the blocked mask and ignored signals; peers need SIGTERM and SIGCHLD as usual.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGTERM, SIGCHLD, SIGPIPE, SIGINT, SIGHUP}) signal(sig, SIG_DFL);
  int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
  }
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDIN_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

ChildProcess::~ChildProcess() { stop(); }

void ChildProcess::start(const std::vector<std::string>& argv, const std::string& log_file) {
  if (argv.empty()) throw std::runtime_error("ChildProcess::start: no program");
  stop();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed for " + argv[0]);
  if (pid == 0) exec_child(argv, log_file);
  setpgid(pid, pid);  // also from the parent, so stop() cannot race the child's own call
  pid_ = pid;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    kill(-pid_, SIGKILL);  // leftovers of the group
    pid_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + grace;
  auto next_term = start;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    // Again now and then: a peer still starting up (Dovecot's master) can miss the first one.
    if (now >= next_term) {
      kill(-pid_, SIGTERM);
      next_term = now + std::chrono::milliseconds(250);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(-pid_, SIGKILL);  // workers that outlived their parent
  pid_ = -1;
}

int run_program(const std::vector<std::string>& argv, const std::string& log_file) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed for " + argv.at(0));
  if (pid == 0) exec_child(argv, log_file);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace helpdesk::mail::test
