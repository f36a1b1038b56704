#pragma once
// A session's authoritative state as plain data, and the events that change it.
// The server validates a request, turns it into an event, journals the event,
// then applies it here with apply(): the same reducer replays the journal after
// a crash and drives tests with no network at all.
#include "rapport/pairing/meeting_history.hpp"
#include "rapport/rapport/model_export.hpp"
#include "rapport/protocol/messages.hpp"
#include "rapport/content/program.hpp"
#include "rapport/rapport/rapport_model.hpp"
#include "rapport/rounds/round_play.hpp"
#include "rapport/session/session_events.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rapport {

// What a round in one group produced, for the report and the debrief.
struct RoundRecord {
  RoundKind kind = RoundKind::Conversation;
  std::string title;
  bool finished = false;
  bool success = false;
  double score = 0;                         // 0..100
  std::map<std::string, double> figures;    // kind-specific numbers ("cells_found", "checks_used"…)
  std::vector<std::string> shared_items;    // common ground found ("both grew up by the sea")
  std::string detail;                       // e.g. the scenario id
};

struct ReflectionRecord {
  std::uint32_t about = 0;
  std::uint8_t ios = 0;    // 1..7
  std::uint8_t kudos = 0;  // 0 none, else kudos.hpp index
};

struct GroupRecord {
  std::uint32_t id = 0;
  std::uint16_t rotation = 0;
  std::vector<std::uint32_t> members;      // current members
  std::vector<std::uint32_t> ever_members; // everyone who was in it (for the report)
  bool solo = false;
  std::string prompt;
  std::vector<RoundRecord> rounds;
  std::map<std::uint32_t, std::vector<ReflectionRecord>> reflections;  // by author
  MeterValues meter;                       // latest meter (end of rotation once closed)
  // The meter when reflection began: what the IOS answers are compared with
  // (kudos given in that reflection are not in it).
  std::optional<MeterValues> meter_at_reflection;
  std::vector<TimelineSample> timeline;    // overall meter over the rotation (filled at close)
  std::map<std::uint32_t, Insight> insights;  // per member: strongest, weakest, tip (at close)
  std::uint32_t chat_lines = 0;
  std::uint32_t gestures = 0;
  std::uint32_t chat_lines_at_round_start = 0;
  bool closed = false;
};

struct ChatRecord {
  std::int64_t t_ms = 0;
  std::uint32_t group_id = 0;
  std::uint32_t from = 0;
  std::string text;
};

struct SessionState {
  // Content the reducer needs (not journaled: loaded at start-up).
  std::shared_ptr<const ModelConfig> model_config;

  std::string code;
  Program program;
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false;
  bool keep_chat = false;
  bool locked = false;
  std::string host_token;
  std::int64_t created_ms = 0;
  std::int64_t last_event_ms = 0;
  std::map<std::uint32_t, Seat> seats;
  std::set<std::string> barred_names;  // name_key() of names barred by the host
  std::uint32_t roster_revision = 0;  // owned by the server's fan-out, not by events

  // The program's progress.
  SessionPhase phase = SessionPhase::Lobby;
  bool paused = false;
  bool held = false;  // paused by a restart hold (SessionHeld), not by the host
  std::int64_t phase_started_ms = 0;
  std::int64_t phase_ends_ms = 0;
  std::int64_t paused_remaining_ms = 0;
  std::uint16_t rotation = 0;  // 1-based once started
  std::uint16_t round = 0;     // 1-based within the rotation
  std::uint64_t round_seed = 0;

  std::vector<GroupRecord> groups;                  // every group ever; id = index + 1
  std::map<std::uint32_t, std::uint32_t> group_of;  // player -> current group id
  MeetingHistory history;
  std::map<std::uint32_t, RapportModel> models;  // live group -> meter model
  // When set, every operation on a model is kept (for `--export-journal`).
  bool record_model_ops = false;
  std::map<std::uint32_t, std::vector<ModelOp>> model_ops;  // group -> operations
  std::vector<ChatRecord> chat;                     // purged at the end unless keep_chat
  RoundBook rounds;                                 // the round modules' live state and content

  [[nodiscard]] const Seat* seat(std::uint32_t id) const;
  [[nodiscard]] bool name_taken(const std::string& name) const;
  [[nodiscard]] std::size_t participant_count() const;
  [[nodiscard]] const GroupRecord* group(std::uint32_t id) const;
  [[nodiscard]] GroupRecord* group(std::uint32_t id);
  [[nodiscard]] const GroupRecord* group_of_player(std::uint32_t player) const;
  [[nodiscard]] const RotationSpec* rotation_spec() const;
  [[nodiscard]] const RoundSpec* round_spec() const;
  [[nodiscard]] bool ended() const { return phase == SessionPhase::Ended; }
  // Remaining time of the current phase at `now` (0 in the lobby and at the end).
  [[nodiscard]] std::int64_t remaining_ms(std::int64_t now_ms) const;
};

// The reducer: pure, total (an event that does not fit the state changes nothing).
void apply(SessionState& state, const SessionEvent& event);

// Gives a group's model one event (and keeps the operation when recording).
// The round modules feed their results through this too.
void feed_model(SessionState& state, std::uint32_t group_id, const PairEvent& event);

// A meter reason as the group reads it: who did it, then what ("Sam kept
// their arms crossed for 220 s"); reasons about the pair as a whole as they are.
[[nodiscard]] std::string reason_line(const SessionState& state, const Reason& reason);

// The operations recorded for the export, with each group's IOS answers.
[[nodiscard]] std::vector<GroupExport> model_exports(const SessionState& state);

// The roster entry a client sees for a seat (no token).
[[nodiscard]] RosterEntry roster_entry(const Seat& seat, const SessionState& state);

}  // namespace rapport
