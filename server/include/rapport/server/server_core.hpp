#pragma once
// The server's logic behind the transport: connections, the hello handshake,
// creating and joining sessions, routing messages to sessions, strikes for
// garbage, rate limits. Time comes in as a value; the network comes in as a
// Transport, so tests drive it with no sockets.
#include "rapport/protocol/facilitator_key.hpp"
#include "rapport/server/logger.hpp"
#include "rapport/server/rate_limit.hpp"
#include "rapport/server/secure_random.hpp"
#include "rapport/server/session_host.hpp"
#include "rapport/server/transport.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>

namespace rapport::server {

class JournalStore;

// Connections that have not said hello yet, per address (their own small pool).
inline constexpr std::size_t kMaxSilentConnsPerAddress = 16;
// A real app says hello as soon as it connects; a silent one is closed after this.
inline constexpr double kHelloTimeoutSeconds = 3.0;

struct ServerConfig {
  std::size_t max_players = 500;  // seated participants across all sessions (hosts not counted)
  // Only a host who proves this key may create a session; none: nobody may.
  std::optional<FacilitatorKey> facilitator_key;
  // Open sessions per creating address and per facilitator key. At the cap, the
  // oldest lobby whose host has gone makes room; otherwise the host is told why.
  std::size_t max_sessions_per_address = 8;
  std::size_t max_sessions_per_key = 100;
  // A lobby (not started) whose host has gone closes after this long (game
  // time; main scales real seconds) and is not restored after a restart.
  std::int64_t lobby_expiry_ms = 300'000;
  // Connections that said hello, per address (a classroom behind one NAT shares it).
  std::size_t max_conns_per_address = 64;
  // Connections that have not said hello yet, per address: a small pool of their
  // own, so silent ones never use up the allowance of people who did say hello.
  // Past it the oldest silent connection is closed.
  std::size_t max_silent_per_address = kMaxSilentConnsPerAddress;
  // A connection that has not said hello within this long is closed (game time;
  // main scales 3 real seconds). A real app says hello at once.
  std::int64_t hello_timeout_ms = 3'000;
  std::string assets_dir;
  std::string report_dir = "reports";
  // A dropped participant keeps their seat this long (game time).
  std::int64_t grace_ms = 120'000;
  // Content loaded at start-up (the server refuses to start without it).
  std::map<std::string, Program> programs;
  std::shared_ptr<const ModelConfig> model_config;
  std::shared_ptr<const RoundContent> round_content;
  ChatFilter chat_filter;
  // Malformed packets tolerated before a peer is told why and disconnected.
  int max_strikes = 3;
  // Wrong join codes per address per minute before further tries are refused.
  int max_wrong_codes_per_minute = 10;
  // Organisation whose who-met-whom history carries across sessions (--org; empty: none).
  std::string org;
  // After a restart, running phases are held (paused) until everyone is back,
  // at most this long (game time).
  std::int64_t restart_hold_ms = 30'000;
};

struct ServerStats {
  std::uint64_t packets = 0;
  std::uint64_t malformed = 0;
  std::uint64_t refused = 0;
  std::uint64_t kicked_for_garbage = 0;
  std::uint64_t bad_keys = 0;          // session creations without the right key
  std::uint64_t silent_closed = 0;     // connections closed for not saying hello
  std::uint64_t lobbies_expired = 0;   // lobbies closed because their host had gone
  std::size_t connections = 0;
  std::size_t sessions = 0;
  std::size_t players = 0;
};

class ServerCore {
 public:
  ServerCore(ServerConfig config, Transport& transport, Logger& log, RandomSource& random);
  // Every accepted event goes here before it takes effect (the journal).
  void set_journal(EventSink journal) { journal_ = std::move(journal); }
  ~ServerCore();
  // Journals every accepted event in `store` (plus org history and retention);
  // call before any session exists. The store must outlive the core.
  void attach_store(JournalStore& store);
  // Reloads the store's live sessions at game time `now_ms` (everyone away with
  // a fresh grace period, running phases held); returns how many came back.
  std::size_t restore(std::int64_t now_ms);

  void on_connect(ConnectionId connection, const std::string& address, std::int64_t now_ms);
  void on_packet(ConnectionId connection, std::span<const std::uint8_t> bytes, std::int64_t now_ms);
  void on_disconnect(ConnectionId connection, std::int64_t now_ms);
  // Timed work on the fixed tick.
  void tick(std::int64_t now_ms);

  [[nodiscard]] ServerStats stats() const;
  [[nodiscard]] const SessionHost* session(const std::string& code) const;

 private:
  struct Connection {
    std::string address;
    std::int64_t connected_ms = 0;
    KeyChallenge challenge{};  // answered by CreateSession's key proof
    bool greeted = false;
    bool closing = false;
    ClientKind kind = ClientKind::Participant;
    std::string hello_name;
    std::uint32_t player_id = 0;
    std::string token;
    std::string session_code;  // empty until created/joined
    int strikes = 0;
    TokenBucket requests{40.0, 20.0};  // burst 40, 20 requests/s sustained
    TokenBucket chat{8.0, 1.0};        // a burst of 8 lines, then one a second
    TokenBucket motion{60.0, 40.0};    // In Step inputs: 20 Hz with room for bursts
    // A gesture a second (a few at once): enough to react, too few for a spam of
    // smiles to pump the meter or flood the pair room.
    TokenBucket gestures{5.0, 1.0};
    // Reports reach the host at once; three in a row, then one every 30 s.
    TokenBucket reports{3.0, 1.0 / 30.0};
  };
  // Who opened a session, for the per-address and per-key caps.
  struct Origin {
    std::string address;  // empty for sessions restored from the journal
  };

  void handle(ConnectionId id, Connection& conn, const Message& message, std::int64_t now_ms);
  void handle_hello(ConnectionId id, Connection& conn, const Hello& hello, std::int64_t now_ms);
  void handle_create(ConnectionId id, Connection& conn, const CreateSession& request, std::int64_t now_ms);
  void handle_join(ConnectionId id, Connection& conn, const JoinSession& request, std::int64_t now_ms);
  void handle_leave(ConnectionId id, Connection& conn, std::int64_t now_ms);
  [[nodiscard]] SessionHost* session_of(const Connection& conn);
  [[nodiscard]] std::unique_ptr<SessionHost> make_session();

  void refuse(ConnectionId id, RefuseReason reason, const std::string& text, bool close);
  void error(ConnectionId id, ErrorCode code, const std::string& text);
  void strike(ConnectionId id, Connection& conn, const std::string& why);
  void send_to_player(std::uint32_t player_id, const Message& message);
  void send_motion_to_player(std::uint32_t player_id, const Message& message);
  [[nodiscard]] std::string new_join_code();
  [[nodiscard]] std::size_t seated_players() const;
  // Limits (server_core_limits.cpp).
  [[nodiscard]] bool key_proven(const Connection& conn, const CreateSession& request) const;
  [[nodiscard]] bool refuse_bad_key(ConnectionId id, Connection& conn, const CreateSession& request, std::int64_t now_ms);
  [[nodiscard]] bool make_room_for_session(ConnectionId id, const Connection& conn, std::int64_t now_ms);
  [[nodiscard]] bool greeted_cap_reached(ConnectionId id, const Connection& conn);
  void close_silent_connections(std::int64_t now_ms);
  void expire_abandoned_lobbies(std::int64_t now_ms);
  void expire_lobby(const std::string& code, const std::string& why, std::int64_t now_ms);
  [[nodiscard]] bool lobby_abandoned(const SessionState& state) const;
  // Durability (server_core_durable.cpp).
  struct Durable;
  [[nodiscard]] bool journal_events(const std::string& code, std::span<const SessionEvent> events);
  void recall_meetings(const std::string& code, SessionHost& host, std::uint32_t player, std::int64_t now_ms);
  void durable_tick(std::int64_t now_ms);
  void close_session(const std::string& code, const SessionState& state);

  ServerConfig config_;
  EventSink journal_;
  Transport& transport_;
  Logger& log_;
  RandomSource& random_;
  std::unordered_map<ConnectionId, Connection> connections_;
  std::unordered_map<std::uint32_t, ConnectionId> player_connections_;
  std::map<std::string, std::unique_ptr<SessionHost>> sessions_;
  FailureWindow wrong_codes_;
  FailureWindow wrong_keys_;
  std::map<std::string, Origin> origins_;
  std::uint32_t next_player_id_ = 1;
  ServerStats stats_;
  std::unique_ptr<Durable> durable_;
};

}  // namespace rapport::server
