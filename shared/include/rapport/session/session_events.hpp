#pragma once
// The events that change a session. Each is plain data with a cereal
// serialize (the journal stores them); apply() in session_state.cpp is the
// only code that turns them into state.
#include "rapport/content/program.hpp"
#include "rapport/protocol/protocol_types.hpp"

#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace rapport {

struct Seat {
  std::uint32_t id = 0;
  std::string name;
  std::string team;
  std::string role;
  Avatar avatar;
  bool host = false;
  bool connected = true;
  bool on_break = false;
  bool muted = false;
  std::int64_t away_since_ms = 0;
  std::string token;  // secret reconnect token for this seat
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, name, team, role, avatar, host, connected, on_break, muted, away_since_ms, token);
  }
};

struct SessionOpened {
  std::string code, host_token;
  Program program;
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false, keep_chat = false;
  Seat host;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(code, host_token, program, audience, pairing, chat_filter, keep_chat, host);
  }
};
struct PlayerJoined {
  Seat seat;
  template <class Archive>
  void serialize(Archive& ar) { ar(seat); }
};
struct PlayerLeft {
  std::uint32_t id = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(id); }
};
struct PlayerConnection {
  std::uint32_t id = 0;
  bool connected = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(id, connected); }
};
struct JoiningLocked {
  bool locked = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(locked); }
};
struct SessionStarted {
  template <class Archive>
  void serialize(Archive&) {}
};
// A new rotation: the groups the pairing engine chose, with a prompt each.
struct RotationStarted {
  std::vector<std::vector<std::uint32_t>> groups;
  std::vector<std::string> prompts;
  template <class Archive>
  void serialize(Archive& ar) { ar(groups, prompts); }
};
// The next round of the current rotation starts (seed for its module).
struct RoundStarted {
  std::uint64_t seed = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(seed); }
};
struct ReflectionStarted {
  template <class Archive>
  void serialize(Archive&) {}
};
struct SessionPaused {
  template <class Archive>
  void serialize(Archive&) {}
};
struct SessionResumed {
  template <class Archive>
  void serialize(Archive&) {}
};
// A role-play scene's time ran out: its empathy scores (how well each member
// read a partner's goal and feeling), journaled before the meter shows them.
struct EmpathyScore {
  std::uint32_t player = 0;
  double accuracy = 0;  // 0..1
  template <class Archive>
  void serialize(Archive& ar) { ar(player, accuracy); }
};
struct RolePlaySceneScored {
  std::uint32_t group_id = 0;
  std::uint8_t scene = 0;
  std::vector<EmpathyScore> empathy;
  template <class Archive>
  void serialize(Archive& ar) { ar(group_id, scene, empathy); }
};
// In Step's real-time inputs as the server steps the walk: one event per
// server tick for every walking group, holding the input each member had for
// each simulated tick (none: the held direction). Journaled before any
// snapshot goes out, so a replay walks exactly the same walk.
struct InStepMove {
  std::uint32_t player = 0;
  std::uint32_t sequence = 0;
  std::int8_t dx = 0, dy = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, sequence, dx, dy); }
};
struct InStepTicks {
  std::uint32_t group_id = 0;
  std::uint32_t first_tick = 0;
  std::vector<std::vector<InStepMove>> ticks;  // ticks[i]: the moves for first_tick + i
  template <class Archive>
  void serialize(Archive& ar) { ar(group_id, first_tick, ticks); }
};
struct InStepStepped {
  std::vector<InStepTicks> groups;
  template <class Archive>
  void serialize(Archive& ar) { ar(groups); }
};
// A restarted server holds the running phase's timers (round modules included)
// while people reconnect. Unlike a host's pause it ends by itself
// (SessionResumed), and a restart during the hold holds again.
struct SessionHeld {
  template <class Archive>
  void serialize(Archive&) {}
};
struct PhaseExtended {
  std::int64_t by_ms = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(by_ms); }
};
struct ChatSent {
  std::uint32_t player = 0;
  std::string text;  // already filtered
  template <class Archive>
  void serialize(Archive& ar) { ar(player, text); }
};
struct GestureMade {
  std::uint32_t player = 0;
  Gesture gesture = Gesture::Smile;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, gesture); }
};
struct ReflectionGiven {
  std::uint32_t player = 0;
  std::uint32_t about = 0;
  std::uint8_t ios = 0;
  std::uint8_t kudos = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, about, ios, kudos); }
};
struct BreakChanged {
  std::uint32_t player = 0;
  bool on = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, on); }
};
struct MuteChanged {
  std::uint32_t player = 0;
  bool muted = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, muted); }
};
struct PlayerKicked {
  std::uint32_t player = 0;
  bool bar_name = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, bar_name); }
};
// A running rotation was patched (latecomer, departure): the new membership of
// one group (a new group when group_id is 0).
struct GroupChanged {
  std::uint32_t group_id = 0;
  std::vector<std::uint32_t> members;
  std::string prompt;
  template <class Archive>
  void serialize(Archive& ar) { ar(group_id, members, prompt); }
};
// A round module reported a result for one group (see round modules).
struct RoundScored {
  std::uint32_t group_id = 0;
  bool success = false;
  double score = 0;
  std::map<std::string, double> figures;
  std::vector<std::string> shared_items;
  std::string detail;
  template <class Archive>
  void serialize(Archive& ar) { ar(group_id, success, score, figures, shared_items, detail); }
};
// Round modules: each accepted action is an event, so a replay rebuilds them.
struct ProfileSet {
  std::uint32_t player = 0;
  std::vector<std::string> categories, answers;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, categories, answers); }
};
struct BlueprintActed {
  std::uint32_t player = 0;
  std::uint8_t kind = 0, tray_index = 0, from_x = 0, from_y = 0, to_x = 0, to_y = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, kind, tray_index, from_x, from_y, to_x, to_y); }
};
struct RolePlayGuessed {
  std::uint32_t player = 0, target = 0;
  std::uint8_t goal = 0, feeling = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, target, goal, feeling); }
};
struct CommonGroundProposed {
  std::uint32_t player = 0;
  std::uint8_t cell = 0;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, cell, text); }
};
struct CommonGroundResponded {
  std::uint32_t player = 0;
  std::uint8_t cell = 0;
  bool accept = false;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, cell, accept); }
};
struct HintGiven {
  std::uint32_t group_id = 0;
  std::uint8_t cell = 0;
  std::string category_id, text;
  template <class Archive>
  void serialize(Archive& ar) { ar(group_id, cell, category_id, text); }
};
struct SessionEnded {
  template <class Archive>
  void serialize(Archive&) {}
};
// Pairs of seated people who met in earlier sessions of the same organisation
// (server --org), so the pairing engine avoids repeating them.
struct RecalledPair {
  std::uint32_t a = 0, b = 0;
  std::uint32_t times = 0;
  template <class Archive>
  void serialize(Archive& ar) { ar(a, b, times); }
};
struct MeetingsRecalled {
  std::vector<RecalledPair> pairs;
  template <class Archive>
  void serialize(Archive& ar) { ar(pairs); }
};

// The host set (or confirmed) a participant's role.
struct RoleSet {
  std::uint32_t player = 0;
  std::string role;
  template <class Archive>
  void serialize(Archive& ar) { ar(player, role); }
};

using SessionEventBody =
    std::variant<SessionOpened, PlayerJoined, PlayerLeft, PlayerConnection, JoiningLocked, SessionStarted,
                 RotationStarted, RoundStarted, ReflectionStarted, SessionPaused, SessionResumed, PhaseExtended,
                 ChatSent, GestureMade, ReflectionGiven, BreakChanged, MuteChanged, PlayerKicked, GroupChanged,
                 RoundScored, SessionEnded, ProfileSet, BlueprintActed, RolePlayGuessed, CommonGroundProposed,
                 CommonGroundResponded, HintGiven, MeetingsRecalled, SessionHeld,
                 RolePlaySceneScored, InStepStepped, RoleSet>;

struct SessionEvent {
  std::int64_t t_ms = 0;
  SessionEventBody body;
  template <class Archive>
  void serialize(Archive& ar) { ar(t_ms, body); }
};

}  // namespace rapport
