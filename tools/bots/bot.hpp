#pragma once
// One headless participant (or the facilitator) speaking the real protocol
// over its own ENet connection. The driver in main.cpp polls many of them.
// Bots reconnect on their own (with their token and backoff) like the client.
#include "behaviour.hpp"
#include "round_player.hpp"
#include "net/connection.hpp"
#include "rapport/session/roster_view.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
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
  Style style = Style::Warm;
  std::uint64_t seed = 1;
  double time_scale = 1.0;
  bool play = false;            // play the program (not just sit in the lobby)
  bool keep_chat = false;       // host: keep chat after the end (the server writes CODE-journal.json)
  std::size_t expected_participants = 0;  // host: start when this many have joined
  std::optional<FacilitatorKey> facilitator_key;  // host: proves it may create a session
};

class Bot {
 public:
  explicit Bot(BotConfig config);

  void start();
  // Services the connection and acts on due plans; never blocks.
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
  [[nodiscard]] int rejections() const { return rejections_; }
  [[nodiscard]] bool session_over() const { return ended_ && (config_.host ? summary_received_ : debrief_received_); }
  [[nodiscard]] const std::string& report_path() const { return report_path_; }
  [[nodiscard]] int reconnects() const { return reconnects_; }
  [[nodiscard]] int chats_sent() const { return chats_sent_; }
  // Reliable-channel checks: roster revisions and pong nonces must arrive
  // exactly once and in order; each one checked, and each violation, counted.
  [[nodiscard]] int ordered_checked() const { return ordered_checked_; }
  [[nodiscard]] int order_violations() const { return order_violations_; }
  [[nodiscard]] Style style() const { return behaviour_.style(); }
  void start_pinging() { pinging_ = true; }

 private:
  void on_message(const Message& message, Clock::time_point now);
  void fail(std::string why);
  void act(Clock::time_point now);
  void schedule(const std::vector<Planned>& plans);
  [[nodiscard]] std::int64_t game_ms(Clock::time_point now) const;
  void try_reconnect(Clock::time_point now);

  BotConfig config_;
  net::Connection connection_;
  RosterView roster_;
  Behaviour behaviour_;
  Clock::time_point started_ = Clock::now();
  bool welcomed_ = false;
  bool joined_ = false;
  bool failed_ = false;
  bool pinging_ = false;
  bool leaving_ = false;
  std::string failure_;
  std::string session_code_;
  std::string token_;
  std::string host_token_;
  std::uint32_t my_id_ = 0;
  KeyChallenge key_challenge_{};
  int errors_ = 0;
  int rejections_ = 0;
  // With RAPPORT_BOTS_DEBUG set: one timestamped line on stderr.
  void trace(const std::string& what) const;
  std::uint64_t next_nonce_ = 1;
  std::optional<Clock::time_point> ping_sent_at_;
  std::optional<Clock::time_point> last_pong_at_;
  // A refused start is asked again this many times, a second apart.
  static constexpr int kStartAttempts = 5;
  int start_refusals_ = 0;
  Clock::time_point start_again_at_{};
  std::vector<double> rtts_ms_;

  // Playing.
  bool started_session_ = false;
  SessionPhase phase_ = SessionPhase::Lobby;
  std::uint16_t rotation_ = 0;
  std::uint16_t round_ = 0;
  std::uint16_t reflected_rotation_ = 0;
  std::uint32_t group_id_ = 0;
  std::vector<std::uint32_t> partners_;
  std::vector<Planned> plans_;
  RoundPlayer rounds_;
  std::vector<Outgoing> outgoing_;
  std::int64_t last_room_activity_ms_ = 0;
  bool ended_ = false;
  bool debrief_received_ = false;
  bool summary_received_ = false;
  std::string report_path_;
  int chats_sent_ = 0;

  // Exactly-once, in-order checks on the reliable channel.
  void check_roster_order(const RosterUpdate& update);
  std::optional<std::uint32_t> roster_revision_;
  bool roster_more_ = false;
  int ordered_checked_ = 0;
  int order_violations_ = 0;

  // Reconnecting.
  bool reconnecting_ = false;
  Clock::time_point next_reconnect_{};
  std::chrono::milliseconds backoff_{250};
  int reconnects_ = 0;
  Clock::time_point disconnected_at_{};
};

}  // namespace rapport::bots
