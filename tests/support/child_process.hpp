#pragma once
// A background child process whose stdout goes to a file, stopped with SIGTERM
// (for tools like rapport-proxy that print their figures on exit).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rapport::test {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> args, std::string stdout_path) : stdout_path_(std::move(stdout_path)) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) dup2(fd, 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~ChildProcess() { stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  // SIGTERM, wait, and return everything it printed.
  std::string stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    std::ifstream in(stdout_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string stdout_path_;
  pid_t pid_ = -1;
};

}  // namespace rapport::test
