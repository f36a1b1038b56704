#pragma once
// Helpers for client tests that run the real binaries: spawn and stop child
// processes by pid, start a server on a random free port, find RAPPORT_BIN.
#include "rapport/build_info.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace rapport::client::test {

inline std::string bin_dir() {
  if (const char* bin = std::getenv("RAPPORT_BIN")) return bin;
  // Run by hand from the build folder: the test binary sits next to the others.
  return std::filesystem::canonical("/proc/self/exe").parent_path().string();
}

inline bool have_display() {
  const char* display = std::getenv("DISPLAY");
  return display != nullptr && *display != '\0';
}

inline std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("rapport-client-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A child process that is stopped (SIGTERM, then SIGKILL) when it goes out of scope.
class Child {
 public:
  Child() = default;
  Child(const std::vector<std::string>& argv, const std::string& output_path) { start(argv, output_path); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { stop(); }

  void start(const std::vector<std::string>& argv, const std::string& output_path) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(output_path.empty() ? "/dev/null" : output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  [[nodiscard]] pid_t pid() const { return pid_; }
  // True while the process has not exited.
  bool running() {
    if (pid_ <= 0 || exited_) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return !exited_;
  }
  // Waits up to `timeout`; returns the exit code, or -1 if it was still running (then killed).
  int wait(std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (running()) {
      stop();
      return -1;
    }
    return code_;
  }
  void stop() {
    if (pid_ <= 0 || !running()) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 50 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (running()) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      exited_ = true;
    }
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = -1;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Starts rapport-server on a random port in 20000..59999, retrying when the
// port is taken (the server exits at once). Returns the port.
// `extra` flags go to the server too (--time-scale, --assets).
inline std::uint16_t start_server(Child& server, const std::filesystem::path& dir,
                                  const std::vector<std::string>& extra = {}) {
  std::mt19937 rng(static_cast<std::uint32_t>(std::random_device{}()) ^ static_cast<std::uint32_t>(::getpid()));
  std::uniform_int_distribution<int> ports(20000, 59999);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto port = static_cast<std::uint16_t>(ports(rng));
    std::vector<std::string> argv{bin_dir() + "/rapport-server", "--port", std::to_string(port), "--bind",
                                  "127.0.0.1", "--db", (dir / ("rapport-" + std::to_string(port) + ".db")).string(),
                                  "--report-dir", (dir / "reports").string(), "--log-level", "warn"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    server.start(argv, (dir / "server.log").string());
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (server.running()) return port;
  }
  ADD_FAILURE() << "could not start rapport-server: " << read_file(dir / "server.log");
  return 0;
}

// Waits until `path` has content (a join code), up to `timeout`.
inline std::string wait_for_file(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    std::string text = read_file(path);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (!text.empty()) return text;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

}  // namespace rapport::client::test
