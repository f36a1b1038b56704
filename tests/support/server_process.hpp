#pragma once
// Starts the real rapport-server on an ephemeral 127.0.0.1 port for
// integration tests, and runs other binaries capturing their output.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace rapport::test {

inline std::string bin_dir() {
  if (const char* env = std::getenv("RAPPORT_BIN")) return env;
  char buf[4096] = {0};
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string path(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  return path.substr(0, path.rfind('/'));
}

// A UDP port that was free a moment ago.
inline int free_udp_port() {
  std::random_device rd;
  std::uniform_int_distribution<int> dist(20000, 60000);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = dist(rd);
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (ok) return port;
  }
  return 0;
}

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra = {}, int port = 0) : port_(port ? port : free_udp_port()) {
    std::vector<std::string> args = {bin_dir() + "/rapport-server", "--port", std::to_string(port_), "--bind",
                                     "127.0.0.1", "--log-level", "warn"};
    args.insert(args.end(), extra.begin(), extra.end());
    // Each server gets its own journal unless the test names one (tests must
    // not share ./rapport.db, nor resume each other's sessions).
    if (std::find(extra.begin(), extra.end(), "--db") == extra.end()) {
      own_db_ = "/tmp/rapport-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".db";
      remove_db(own_db_);
      args.insert(args.end(), {"--db", own_db_});
    }
    // And its own facilitator key (created at start); hosts on this machine
    // find it through the server's note for the port, as a teacher's app does.
    if (const auto at = std::find(extra.begin(), extra.end(), "--facilitator-key-file");
        at != extra.end() && at + 1 != extra.end()) {
      key_file_ = *(at + 1);
    } else {
      key_file_ = "/tmp/rapport-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".key";
      own_key_ = key_file_;
      std::remove(own_key_.c_str());
      args.insert(args.end(), {"--facilitator-key-file", own_key_});
    }
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    // The server binds within milliseconds; give it a moment.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  ~ServerProcess() {
    stop();
    if (!own_db_.empty()) remove_db(own_db_);
    if (!own_key_.empty()) std::remove(own_key_.c_str());
  }
  static void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& key_file() const { return key_file_; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] bool running() const {
    int status = 0;
    return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
  }
  void kill_hard() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  // SIGTERM and wait; returns the exit status (or -1).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  int port_;
  pid_t pid_ = -1;
  std::string own_db_;
  std::string key_file_;
  std::string own_key_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout
  [[nodiscard]] std::string last_line() const {
    auto end = output.find_last_not_of('\n');
    if (end == std::string::npos) return {};
    auto start = output.rfind('\n', end);
    return output.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
  }
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe)) result.output += buf.data();
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Pulls a number out of a flat JSON line: "key":123.4
inline double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

}  // namespace rapport::test
