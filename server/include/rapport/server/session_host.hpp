#pragma once
// One live session on the server: its state, the requests that become events,
// and the messages derived from each change. Decisions are the pure functions
// of session_rules.hpp; this class journals, applies and fans out.
#include "rapport/server/logger.hpp"
#include "rapport/session/session_rules.hpp"
#include "rapport/session/session_state.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>

namespace rapport::server {

// Where a session sends messages: to one seated player (if connected).
using SendToPlayer = std::function<void(std::uint32_t player_id, const Message& message)>;
// Where accepted events go before they are applied (the journal): the events of
// one decision, durable together. False: none was kept, so none may be applied.
using EventSink = std::function<bool(const std::string& code, std::span<const SessionEvent> events)>;
// Fresh randomness for pairing and round seeds (journaled inside the events).
using SeedSource = std::function<std::uint64_t()>;
// Writes the report at the end; returns the JSON path or an empty string on failure.
using ReportSink = std::function<std::string(const SessionState& state)>;

struct SessionServices {
  SendToPlayer send;
  SendToPlayer send_motion;  // unreliable-sequenced channel (In Step snapshots)
  EventSink journal;
  SeedSource seed;
  ReportSink report;
  const ChatFilter* chat_filter = nullptr;
  Logger* log = nullptr;
};

// What a person is told when the journal could not keep their action.
inline constexpr const char* kNotSavedText =
    "The server could not save that just now, so nothing changed. Please try again in a moment.";

class SessionHost {
 public:
  SessionHost(SessionServices services, std::shared_ptr<const ModelConfig> model_config,
              std::shared_ptr<const RoundContent> content);

  // Applies an accepted event: journal first, then state, then messages out.
  // False when the journal could not keep it: nothing changed, nothing was sent.
  bool commit(const SessionEvent& event);
  // Replays a journaled event: state only, nothing sent, nothing journaled.
  void replay(const SessionEvent& event);

  // A message from a seated player. Returns false when it was rejected (the
  // player has been told why).
  bool handle(std::uint32_t player, const Message& message, std::int64_t now_ms);
  // A player (re)appeared: placed into a group if a rotation is running.
  void arrived(std::uint32_t player, std::int64_t now_ms);
  // A player left for good (Leave, kicked, grace expired): their group is patched
  // and their partners are told. False when the journal could not keep it.
  bool departed(std::uint32_t player, std::int64_t now_ms);
  void tick(std::int64_t now_ms);

  [[nodiscard]] const SessionState& state() const { return state_; }
  // Sends everything a (re)connecting player needs to see where they are.
  void send_snapshot(std::uint32_t player_id, std::int64_t now_ms);
  [[nodiscard]] const std::string& report_path() const { return report_path_; }

 private:
  [[nodiscard]] bool commit_all(const std::vector<SessionEventBody>& events, std::int64_t now_ms);
  [[nodiscard]] bool journal(std::span<const SessionEvent> events);
  void apply_one(const SessionEvent& event);
  void flush_status(std::int64_t now_ms);
  void fan_out(const SessionEvent& event, const std::map<std::uint32_t, RosterEntry>& roster_before);
  void broadcast(const Message& message, std::uint32_t except = 0) const;
  void send_to_group(const GroupRecord& group, const Message& message) const;
  void send_group_assignment(std::uint32_t player) const;
  void send_meter(std::uint32_t group_id, bool with_reasons);
  void send_status(std::int64_t now_ms) const;
  void send_tiles() const;
  void send_round_views(std::uint32_t group_id, std::int64_t now_ms) const;
  void send_round_views_for_player(std::uint32_t player, std::int64_t now_ms) const;
  void send_all_round_views(std::int64_t now_ms) const;
  void finish(std::int64_t now_ms);
  void reject(std::uint32_t player, const Rejection& rejection) const;
  [[nodiscard]] std::map<std::uint32_t, RosterEntry> roster_snapshot() const;
  [[nodiscard]] std::uint32_t host_id() const;

  SessionState state_;
  SessionServices services_;
  std::int64_t next_status_ms_ = 0;
  std::int64_t next_meter_ms_ = 0;
  std::string report_path_;
  bool finished_ = false;
  bool status_dirty_ = false;
};

}  // namespace rapport::server
