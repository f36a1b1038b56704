#pragma once
// A running session: host commands, status and timers, pair rooms (chat and
// gestures), reflection, the live rapport meter, the host dashboard, debrief.
#include "rapport/protocol/protocol_types.hpp"

namespace rapport {

enum class HostAction : std::uint8_t {
  Start,
  Pause,
  Resume,
  ExtendRound,   // seconds
  SkipRound,
  NextRotation,
  Broadcast,     // text
  Mute,          // target
  Unmute,        // target
  Kick,          // target, bar_name
  Lock,
  Unlock,
  End,
  SetRole,       // target, text (the role: "veteran" confirms a mentor, "" clears)
  kCount
};

// facilitator -> server. Authorised by the host token on every command.
struct HostCommand {
  static constexpr MessageType kType = MessageType::HostCommand;
  std::string host_token;
  HostAction action = HostAction::Start;
  std::uint32_t target = 0;
  std::uint16_t seconds = 0;
  bool bar_name = false;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(host_token, kMaxTokenBytes), wire::checked(action), target, seconds, bar_name,
       wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const HostCommand&) const = default;
};

// server -> everyone in a session, on every phase change and every few seconds.
// Times are remaining durations, so clients need no clock agreement.
struct SessionStatus {
  static constexpr MessageType kType = MessageType::SessionStatus;
  SessionPhase phase = SessionPhase::Lobby;
  bool paused = false;
  bool locked = false;
  std::uint16_t rotation = 0;        // 1-based once started
  std::uint16_t rotations_total = 0;
  std::uint16_t round = 0;           // 1-based within the rotation
  std::uint16_t rounds_total = 0;
  RoundKind round_kind = RoundKind::Conversation;
  std::string round_title;
  std::uint32_t remaining_ms = 0;
  std::uint32_t duration_ms = 0;
  std::uint32_t warning_ms = 0;      // show "ending soon" when remaining drops below
  std::uint16_t joined = 0, paired = 0, waiting = 0, on_break = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(phase), paused, locked, rotation, rotations_total, round, rounds_total, wire::checked(round_kind),
       wire::capped(round_title, kMaxTextBytes), remaining_ms, duration_ms, warning_ms, joined, paired, waiting,
       on_break);
  }
  bool operator==(const SessionStatus&) const = default;
};

// server -> each member: your group (pair room) for this rotation.
struct GroupAssigned {
  static constexpr MessageType kType = MessageType::GroupAssigned;
  std::uint32_t group_id = 0;  // 0: no group (waiting, on break)
  std::uint16_t rotation = 0;
  std::vector<std::uint32_t> members;
  bool solo = false;           // partner left: a solo reflection card instead
  std::string prompt;          // the conversation prompt or solo card text
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, rotation, wire::capped(members, kMaxGroupMembers), solo, wire::capped(prompt, kMaxLongTextBytes));
  }
  bool operator==(const GroupAssigned&) const = default;
};

// participant -> server: a chat line in my pair room.
struct ChatPost {
  static constexpr MessageType kType = MessageType::ChatPost;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(text, kMaxChatBytes));
  }
  bool operator==(const ChatPost&) const = default;
};

// server -> group members: a chat line (filtered for classroom sessions).
struct ChatLine {
  static constexpr MessageType kType = MessageType::ChatLine;
  std::uint32_t group_id = 0;
  std::uint32_t from = 0;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, from, wire::capped(text, kMaxChatBytes));
  }
  bool operator==(const ChatLine&) const = default;
};

// participant -> server: perform a gesture.
struct GesturePost {
  static constexpr MessageType kType = MessageType::GesturePost;
  Gesture gesture = Gesture::Smile;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(gesture));
  }
  bool operator==(const GesturePost&) const = default;
};

// server -> group members: someone performed a gesture.
struct GestureShown {
  static constexpr MessageType kType = MessageType::GestureShown;
  std::uint32_t group_id = 0;
  std::uint32_t from = 0;
  Gesture gesture = Gesture::Smile;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, from, wire::checked(gesture));
  }
  bool operator==(const GestureShown&) const = default;
};

enum class NoticeKind : std::uint8_t {
  Broadcast,      // from the host, to everyone
  Info,
  Warning,
  PartnerAway,    // "Sam is reconnecting…"
  PartnerBack,
  PartnerLeft,
  Muted,
  Unmuted,
  Kicked,
  Report,         // to the host: a participant reported a partner
  kCount
};

struct Notice {
  static constexpr MessageType kType = MessageType::Notice;
  NoticeKind kind = NoticeKind::Info;
  std::uint32_t about = 0;  // player the notice concerns, if any
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(kind), about, wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const Notice&) const = default;
};

// The seven Inclusion-of-Other-in-Self pictures are scored 1..7.
inline constexpr std::uint8_t kIosMin = 1;
inline constexpr std::uint8_t kIosMax = 7;

// participant -> server during reflection.
struct ReflectionAnswer {
  static constexpr MessageType kType = MessageType::ReflectionAnswer;
  std::uint32_t about = 0;      // the partner this answer is about
  std::uint8_t ios = 0;         // 1..7
  std::uint8_t kudos = 0;       // 0: none; else 1..kKudosCount (see kudos.hpp)
  template <class Archive>
  void serialize(Archive& ar) {
    ar(about, ios, kudos);
  }
  bool operator==(const ReflectionAnswer&) const = default;
};

// participant -> server: take a break (skipped at the next rotation) or come back.
struct BreakRequest {
  static constexpr MessageType kType = MessageType::BreakRequest;
  bool on = true;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(on);
  }
  bool operator==(const BreakRequest&) const = default;
};

// participant -> server: tell the host about a partner's behaviour.
struct ReportPartner {
  static constexpr MessageType kType = MessageType::ReportPartner;
  std::uint32_t player = 0;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player, wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const ReportPartner&) const = default;
};

// A reason tag: why a component moved ("asked an open question").
struct MeterReason {
  MeterComponent component = MeterComponent::Overall;
  std::int8_t delta = 0;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(component), delta, wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const MeterReason&) const = default;
};

// Meter values 0..100.
struct MeterValues {
  std::uint8_t overall = 0, attentiveness = 0, positivity = 0, coordination = 0, balance = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(overall, attentiveness, positivity, coordination, balance);
  }
  bool operator==(const MeterValues&) const = default;
};

// server -> group members (and the host dashboard): the live meter.
struct RapportUpdate {
  static constexpr MessageType kType = MessageType::RapportUpdate;
  std::uint32_t group_id = 0;
  MeterValues meter;
  std::vector<MeterReason> reasons;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, meter, wire::capped(reasons, kMaxReasonsPerUpdate));
  }
  bool operator==(const RapportUpdate&) const = default;
};

enum class GroupStatusKind : std::uint8_t { Talking, Quiet, Waiting, Reconnecting, Solo, Done, kCount };

struct GroupTile {
  std::uint32_t group_id = 0;
  std::vector<std::uint32_t> members;
  GroupStatusKind status = GroupStatusKind::Talking;
  MeterValues meter;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, wire::capped(members, kMaxGroupMembers), wire::checked(status), meter);
  }
  bool operator==(const GroupTile&) const = default;
};

// server -> host: dashboard tiles, chunked; `reset` starts a full list.
struct GroupTiles {
  static constexpr MessageType kType = MessageType::GroupTiles;
  bool reset = false;
  std::vector<GroupTile> tiles;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(reset, wire::capped(tiles, kMaxTilesPerMessage));
  }
  bool operator==(const GroupTiles&) const = default;
};

struct DebriefPartner {
  std::uint32_t player = 0;
  std::string name;
  std::uint16_t rotation = 0;
  MeterValues meter;           // the group's meter at the end of that rotation
  std::uint8_t ios_given = 0;  // what I answered (0: skipped)
  std::string common_ground;   // "You both grew up by the sea; …" (may be empty)
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player, wire::capped(name, kMaxNameBytes), rotation, meter, ios_given,
       wire::capped(common_ground, kMaxLongTextBytes));
  }
  bool operator==(const DebriefPartner&) const = default;
};

struct TimelineSample {
  std::uint16_t rotation = 0;
  std::uint16_t second = 0;    // seconds into that rotation
  std::uint8_t overall = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(rotation, second, overall);
  }
  bool operator==(const TimelineSample&) const = default;
};

// server -> each participant when the session ends.
struct Debrief {
  static constexpr MessageType kType = MessageType::Debrief;
  std::vector<DebriefPartner> partners;
  std::vector<std::string> kudos_received;
  std::vector<TimelineSample> timeline;
  MeterComponent strongest = MeterComponent::Positivity;
  MeterComponent weakest = MeterComponent::Coordination;
  std::string tip;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(partners, kMaxDebriefPartners), wire::capped(kudos_received, kMaxKudosReceived, kMaxTextBytes),
       wire::capped(timeline, kMaxTimelinePoints), wire::checked(strongest), wire::checked(weakest),
       wire::capped(tip, kMaxLongTextBytes));
  }
  bool operator==(const Debrief&) const = default;
};

// server -> host when the session ends: the whole group at a glance.
struct GroupSummary {
  static constexpr MessageType kType = MessageType::GroupSummary;
  std::uint16_t participants = 0;
  std::uint16_t rotations = 0;
  std::uint16_t groups = 0;
  MeterValues average;
  float average_ios = 0.0F;
  // Per person: each IOS answer against the pairing's meter when reflection
  // began (Spearman); NaN when undefined. Its 95% interval and how many answers.
  float ios_correlation = 0.0F;
  std::uint16_t kudos = 0;
  std::string report_path;
  std::uint16_t ios_answers = 0;
  float ios_low = 0.0F;   // NaN when there is no interval
  float ios_high = 0.0F;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(participants, rotations, groups, average, average_ios, ios_correlation, kudos,
       wire::capped(report_path, kMaxTextBytes), ios_answers, ios_low, ios_high);
  }
  bool operator==(const GroupSummary&) const = default;
};

}  // namespace rapport
