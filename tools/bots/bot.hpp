#pragma once
// One headless participant (or the facilitator) speaking the real protocol
// over its own ENet connection. The driver in main.cpp polls many of them.
#include "connection.hpp"
#include "rapport/roster_view.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::bots {

using Clock = std::chrono::steady_clock;

struct BotConfig {
  net::Endpoint server;
  std::string name;
  std::string team;
  std::string role;
  bool host = false;
  std::string program;
  std::string code;  // participants: the join code to use
  Avatar avatar;
  int pings = 5;
};

class Bot {
 public:
  explicit Bot(BotConfig config);

  void start();
  // Services the connection; never blocks.
  void poll(Clock::time_point now);
  void set_code(const std::string& code) { config_.code = code; }
  void leave();

  [[nodiscard]] bool connected() const { return welcomed_; }
  [[nodiscard]] bool joined() const { return joined_; }
  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] const std::string& failure() const { return failure_; }
  [[nodiscard]] const std::string& session_code() const { return session_code_; }
  [[nodiscard]] std::size_t roster_size() const { return roster_.size(); }
  [[nodiscard]] const std::vector<double>& rtts_ms() const { return rtts_ms_; }
  [[nodiscard]] bool pings_done() const { return static_cast<int>(rtts_ms_.size()) >= config_.pings; }
  [[nodiscard]] int errors() const { return errors_; }
  void start_pinging() { pinging_ = true; }

 private:
  void on_message(const Message& message, Clock::time_point now);
  void fail(std::string why);

  BotConfig config_;
  net::Connection connection_;
  RosterView roster_;
  bool welcomed_ = false;
  bool joined_ = false;
  bool failed_ = false;
  bool pinging_ = false;
  std::string failure_;
  std::string session_code_;
  int errors_ = 0;
  std::uint64_t next_nonce_ = 1;
  std::optional<Clock::time_point> ping_sent_at_;
  std::vector<double> rtts_ms_;
};

}  // namespace rapport::bots
