#pragma once
// The client's model: owns the connection to the server, applies what the
// server says to a view-model and offers the few commands a person can give.
// It holds no rules (the server decides everything) and no SFML, so it can be
// tested against a real server with no window. Time is passed in.
#include "net/connection.hpp"
#include "app/session_view.hpp"
#include "rapport/session/roster_view.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace rapport::client {

enum class SessionStatus : std::uint8_t {
  Idle,          // not connected; the connect screen
  Connecting,    // transport handshake, then Hello
  Entering,      // welcomed; CreateSession or JoinSession sent
  InSession,     // in a session's lobby (later: rounds)
  Reconnecting,  // the connection dropped; retrying with the seat's token
  Failed,        // stopped; `last_error` says why and what to do
};

[[nodiscard]] const char* status_name(SessionStatus status);

// What the person fills in on the connect screen.
struct Profile {
  std::string name;
  std::string team;
  std::string role;
  Avatar avatar;
};

struct ClientSessionConfig {
  // Retry delays after a drop: 0.5 s, 1 s, 2 s, 4 s, then every 8 s, so a
  // short Wi-Fi blip is healed fast without hammering a restarting server.
  std::int64_t first_retry_ms = 500;
  std::int64_t max_retry_ms = 8000;
  // After this many failed retries the person is asked to join again (about a
  // minute in all, longer than the server's usual restart).
  int max_retries = 10;
  // Tests set another version to see the refusal a mismatched server sends.
  std::uint16_t protocol_version = kProtocolVersion;
};

class ClientSession {
 public:
  explicit ClientSession(ClientSessionConfig config = {});
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  // ---- commands (false: nothing started; last_error() says why) ----
  [[nodiscard]] bool host(const std::string& server, const Profile& profile, const std::string& program,
                          std::int64_t now_ms);
  [[nodiscard]] bool join(const std::string& server, const std::string& code, const Profile& profile,
                          std::int64_t now_ms);
  // Hosting needs the server's facilitator key: this file, or (empty) the local
  // default (see net::find_host_key).
  void set_facilitator_key_file(std::string path) { key_file_ = std::move(path); }
  // Leaves on purpose (the server frees the seat) and returns to Idle.
  void leave();
  // Forgets a failure so the connect screen starts clean.
  void acknowledge_error();

  // ---- in-session commands (false: not in a session, or the text is empty) ----
  // Any message for the server: round actions (BlueprintAct, InStepInput, ...).
  [[nodiscard]] bool send(const Message& message);
  // Trims spaces and cuts the line to kMaxChatBytes (never inside a character).
  [[nodiscard]] bool send_chat(const std::string& text);
  [[nodiscard]] bool send_gesture(Gesture gesture);
  // Also remembered in view().reflections_sent() so the scene can say "thanks".
  [[nodiscard]] bool send_reflection(std::uint32_t about, std::uint8_t ios, std::uint8_t kudos);
  [[nodiscard]] bool set_break(bool on);
  [[nodiscard]] bool report_partner(std::uint32_t player, const std::string& text);
  // Host only: adds the host token. `seconds` for ExtendRound, `target` for
  // Mute/Unmute/Kick, `text` for Broadcast, `bar_name` for Kick.
  [[nodiscard]] bool host_command(HostAction action, std::uint32_t target = 0, std::uint16_t seconds = 0,
                                  bool bar_name = false, const std::string& text = {});

  // Polls the network and runs retries; call once per frame.
  void update(std::int64_t now_ms);

  // Headless demo (screenshots, tests): takes `messages` as if a server had
  // sent them, seated as `my_id`, with no connection: commands are kept in
  // demo_sent() instead of going anywhere (tests read what a click would send).
  void play_demo(std::uint32_t my_id, const std::string& my_name, const std::vector<Message>& messages,
                 std::int64_t now_ms);
  [[nodiscard]] const std::vector<Message>& demo_sent() const { return demo_sent_; }

  // Test hook: drops the transport without saying goodbye, as a broken
  // network would, so the reconnect path can be tested.
  void simulate_connection_drop(std::int64_t now_ms);

  // ---- view-model ----
  [[nodiscard]] SessionStatus status() const { return status_; }
  [[nodiscard]] bool is_host() const { return hosting_; }
  [[nodiscard]] std::uint32_t my_id() const { return my_id_; }
  // The link to the server as ENet measures it: smoothed round trip and its
  // variance in ms (nullopt without a live connection, e.g. in demo mode).
  struct LinkTiming {
    std::uint32_t rtt_ms = 0;
    std::uint32_t variance_ms = 0;
  };
  [[nodiscard]] std::optional<LinkTiming> link_timing() const {
    if (!connection_ || !connection_->connected()) return std::nullopt;
    return LinkTiming{connection_->rtt_ms(), connection_->rtt_variance_ms()};
  }
  [[nodiscard]] const std::string& my_name() const { return my_name_; }
  [[nodiscard]] const std::string& session_code() const { return session_code_; }
  [[nodiscard]] const std::string& host_token() const { return host_token_; }
  [[nodiscard]] const std::string& program() const { return program_; }
  [[nodiscard]] const std::string& server_address() const { return server_text_; }
  [[nodiscard]] const RosterView& roster() const { return roster_; }
  // The running session: status, group, chat, meter, tiles, debrief, round views.
  [[nodiscard]] const SessionView& view() const { return view_; }
  // A roster entry by id (nullptr when unknown) and a display name ("someone").
  [[nodiscard]] const RosterEntry* entry(std::uint32_t player) const;
  [[nodiscard]] std::string name_of(std::uint32_t player) const;
  // Whether my seat is on a break (from the roster).
  [[nodiscard]] bool on_break() const;
  // Participants only (the host's own seat is shown apart).
  [[nodiscard]] std::size_t participant_count() const;
  [[nodiscard]] const RosterEntry* host_entry() const;
  [[nodiscard]] const std::string& last_error() const { return last_error_; }
  // A passing message (a request the server turned down while in session).
  [[nodiscard]] const std::string& notice() const { return notice_; }
  [[nodiscard]] int retry_attempt() const { return retry_attempt_; }
  // One line for a status bar: "Connecting to …", "Reconnecting… (try 2)".
  [[nodiscard]] std::string status_line(std::int64_t now_ms) const;

 private:
  enum class Intent : std::uint8_t { Host, Join };
  [[nodiscard]] bool start(Intent intent, const std::string& server, const Profile& profile, std::int64_t now_ms);
  [[nodiscard]] bool open_transport(std::string& error);
  void on_message(const Message& message, std::int64_t now_ms);
  void on_lost(const std::string& why, std::int64_t now_ms);
  void fail(std::string text);
  void schedule_retry(std::int64_t now_ms);

  ClientSessionConfig config_;
  std::string key_file_;
  std::optional<FacilitatorKey> key_;
  std::unique_ptr<net::Connection> connection_;
  net::Endpoint endpoint_;
  std::string server_text_;
  Intent intent_ = Intent::Join;
  Profile profile_;
  std::string wanted_code_;
  std::string wanted_program_;

  SessionStatus status_ = SessionStatus::Idle;
  bool hosting_ = false;
  std::uint32_t my_id_ = 0;
  std::string my_name_;
  std::string token_;
  std::string session_code_;
  std::string host_token_;
  std::string program_;
  RosterView roster_;
  SessionView view_;
  std::string last_error_;
  std::string notice_;
  bool refused_ = false;  // the server said no; a drop after that is not retried
  int retry_attempt_ = 0;
  std::optional<std::int64_t> next_retry_ms_;
  bool demo_ = false;
  std::vector<Message> demo_sent_;
};

}  // namespace rapport::client
