#pragma once
// The round modules on the wire: Blueprint, In Step, role play and common
// ground. Views are what one player may see (the server decides: a builder
// never receives the target, a partner's card only arrives at the reveal).
#include "rapport/protocol/protocol_types.hpp"

namespace rapport {

// A Blueprint grid is at most 5x5; a tray holds pieces plus decoys.
inline constexpr std::size_t kMaxBlueprintPieces = 32;
// In Step: inputs resent per packet (redundancy against loss) and members.
inline constexpr std::size_t kMaxInputsPerPacket = 8;
inline constexpr std::size_t kMaxWaypoints = 16;
// Role play: facts on a card, options to guess from.
inline constexpr std::size_t kMaxWireCardFacts = 4;
inline constexpr std::size_t kMaxWireCardOpeners = 3;
inline constexpr std::size_t kMaxOptions = 8;
// Common ground: a grid of at most 5x5 cells.
inline constexpr std::size_t kMaxGridCells = 25;
inline constexpr std::size_t kMaxProfileAnswers = 12;

struct WirePiece {
  std::uint8_t shape = 0;   // blueprint::Shape
  std::uint8_t colour = 0;  // Okabe–Ito index
  std::uint8_t x = 0, y = 0;
  std::uint8_t tray_index = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(shape, colour, x, y, tray_index);
  }
  bool operator==(const WirePiece&) const = default;
};

enum class BlueprintRole : std::uint8_t { Describer, Builder, Outsider, kCount };

// server -> each member of a Blueprint group, after every change.
struct BlueprintView {
  static constexpr MessageType kType = MessageType::BlueprintView;
  std::uint32_t group_id = 0;
  BlueprintRole role = BlueprintRole::Outsider;
  std::uint8_t puzzle = 0;        // 1-based
  std::uint8_t puzzles = 0;
  std::uint8_t grid_size = 0;
  std::uint8_t difficulty = 0;
  std::vector<WirePiece> target;  // describer only (everyone once finished)
  std::vector<WirePiece> tray;    // builder: shape/colour; x=1 means already used
  std::vector<WirePiece> grid;    // builder: live; describer: as of the last check
  bool has_check = false;
  std::uint8_t checks_left = 0;
  bool finished = false;
  std::uint8_t score = 0;         // once finished
  std::uint32_t time_left_ms = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, wire::checked(role), puzzle, puzzles, grid_size, difficulty, wire::capped(target, kMaxBlueprintPieces),
       wire::capped(tray, kMaxBlueprintPieces), wire::capped(grid, kMaxBlueprintPieces), has_check, checks_left,
       finished, score, time_left_ms);
  }
  bool operator==(const BlueprintView&) const = default;
};

enum class BlueprintActKind : std::uint8_t { Place, Move, Remove, Check, Submit, kCount };

// builder -> server.
struct BlueprintAct {
  static constexpr MessageType kType = MessageType::BlueprintAct;
  BlueprintActKind kind = BlueprintActKind::Place;
  std::uint8_t tray_index = 0;
  std::uint8_t from_x = 0, from_y = 0, to_x = 0, to_y = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(kind), tray_index, from_x, from_y, to_x, to_y);
  }
  bool operator==(const BlueprintAct&) const = default;
};

struct WireInput {
  std::uint32_t sequence = 0;
  std::int8_t dx = 0, dy = 0;  // direction, each axis -127..127
  std::uint32_t tick = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(sequence, dx, dy, tick);
  }
  bool operator==(const WireInput&) const = default;
};

// client -> server on the motion channel: the newest inputs, resent.
struct InStepInput {
  static constexpr MessageType kType = MessageType::InStepInput;
  std::vector<WireInput> inputs;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(inputs, kMaxInputsPerPacket));
  }
  bool operator==(const InStepInput&) const = default;
};

struct WireAvatarPosition {
  std::uint32_t player = 0;
  std::int32_t x = 0, y = 0;       // milli-units
  std::uint32_t processed = 0;     // ticks of this player's input the server has used
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player, x, y, processed);
  }
  bool operator==(const WireAvatarPosition&) const = default;
};

struct WirePoint {
  std::int32_t x = 0, y = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(x, y);
  }
  bool operator==(const WirePoint&) const = default;
};

// server -> group on the motion channel, every tick.
struct InStepSnapshot {
  static constexpr MessageType kType = MessageType::InStepSnapshot;
  std::uint32_t group_id = 0;
  std::uint32_t tick = 0;
  std::vector<WireAvatarPosition> avatars;
  std::vector<WirePoint> waypoints;
  std::uint8_t next_waypoint = 0;
  bool in_step = false;
  bool finished = false;
  std::uint8_t score = 0;
  std::uint32_t time_left_ms = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, tick, wire::capped(avatars, kMaxGroupMembers), wire::capped(waypoints, kMaxWaypoints), next_waypoint,
       in_step, finished, score, time_left_ms);
  }
  bool operator==(const InStepSnapshot&) const = default;
};

struct WireCard {
  std::uint32_t player = 0;
  std::string role_title;
  std::string who, want;
  std::vector<std::string> facts;
  std::string feeling, goal;  // the answers (shown at the reveal)
  std::vector<std::string> openers;  // "Try saying" lines; only on your own card
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player, wire::capped(role_title, kMaxTagBytes * 2), wire::capped(who, kMaxLongTextBytes),
       wire::capped(want, kMaxLongTextBytes), wire::capped(facts, kMaxWireCardFacts, kMaxTextBytes),
       wire::capped(feeling, kMaxTextBytes), wire::capped(goal, kMaxTextBytes),
       wire::capped(openers, kMaxWireCardOpeners, kMaxTextBytes));
  }
  bool operator==(const WireCard&) const = default;
};

struct WireGuessResult {
  std::uint32_t guesser = 0, target = 0;
  std::uint8_t goal_option = 0, feeling_option = 0;
  bool goal_right = false, feeling_right = false;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(guesser, target, goal_option, feeling_option, goal_right, feeling_right);
  }
  bool operator==(const WireGuessResult&) const = default;
};

// server -> each member of a role-play group on every phase change.
struct RolePlayView {
  static constexpr MessageType kType = MessageType::RolePlayView;
  std::uint32_t group_id = 0;
  std::string scenario_id, title, summary;
  std::uint8_t setting = 0;     // SceneSetting
  std::uint8_t dress_code = 0;  // 0..4
  std::uint8_t phase = 0;       // RolePlayPhase
  std::uint8_t scene = 0;       // 0 or 1 (roles swapped)
  std::vector<WireCard> cards;  // mine before the reveal; everyone's at the reveal
  std::vector<std::string> goal_options, feeling_options;
  std::vector<std::uint32_t> guess_targets;  // whom I guess about
  std::vector<WireGuessResult> results;      // at the reveal
  std::string first_impression;              // "A little smarter than the setting: a good start"
  std::uint32_t phase_left_ms = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, wire::capped(scenario_id, kMaxProgramIdBytes), wire::capped(title, kMaxTextBytes),
       wire::capped(summary, kMaxLongTextBytes), setting, dress_code, phase, scene,
       wire::capped(cards, kMaxGroupMembers), wire::capped(goal_options, kMaxOptions, kMaxTextBytes),
       wire::capped(feeling_options, kMaxOptions, kMaxTextBytes), wire::capped(guess_targets, kMaxGroupMembers),
       wire::capped(results, kMaxGroupMembers * kMaxGroupMembers), wire::capped(first_impression, kMaxTextBytes),
       phase_left_ms);
  }
  bool operator==(const RolePlayView&) const = default;
};

// member -> server during guessing: my guess about one partner.
struct RolePlayGuessPost {
  static constexpr MessageType kType = MessageType::RolePlayGuessPost;
  std::uint32_t target = 0;
  std::uint8_t goal_option = 0, feeling_option = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(target, goal_option, feeling_option);
  }
  bool operator==(const RolePlayGuessPost&) const = default;
};

enum class WireCellState : std::uint8_t { Open, Proposed, Found, kCount };

struct WireCell {
  std::string category;
  std::string starter;         // an open-ended starter question
  WireCellState state = WireCellState::Open;
  std::uint32_t proposed_by = 0;
  std::string text;            // "we both ..." once proposed or found
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(category, kMaxTagBytes * 2), wire::capped(starter, kMaxTextBytes), wire::checked(state),
       proposed_by, wire::capped(text, kMaxChatBytes));
  }
  bool operator==(const WireCell&) const = default;
};

// server -> each member of a common-ground group after every change.
struct CommonGroundView {
  static constexpr MessageType kType = MessageType::CommonGroundView;
  std::uint32_t group_id = 0;
  std::uint8_t columns = 3;
  std::vector<WireCell> cells;
  std::uint8_t found = 0, lines = 0, score = 0;
  std::string hint;  // "Ask about travel" (never the answer)
  template <class Archive>
  void serialize(Archive& ar) {
    ar(group_id, columns, wire::capped(cells, kMaxGridCells), found, lines, score, wire::capped(hint, kMaxTextBytes));
  }
  bool operator==(const CommonGroundView&) const = default;
};

// member -> server: "we both ..." for a cell.
struct CommonGroundPropose {
  static constexpr MessageType kType = MessageType::CommonGroundPropose;
  std::uint8_t cell = 0;
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cell, wire::capped(text, kMaxChatBytes));
  }
  bool operator==(const CommonGroundPropose&) const = default;
};

// the other member -> server: confirm or decline the proposal on a cell.
struct CommonGroundRespond {
  static constexpr MessageType kType = MessageType::CommonGroundRespond;
  std::uint8_t cell = 0;
  bool accept = false;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cell, accept);
  }
  bool operator==(const CommonGroundRespond&) const = default;
};

// server -> participant on joining: a few profile questions from the session's
// deck (answering is optional).
struct ProfileQuestions {
  static constexpr MessageType kType = MessageType::ProfileQuestions;
  std::vector<std::string> categories;  // category ids
  std::vector<std::string> questions;   // "Where did you grow up?"
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(categories, kMaxProfileAnswers, kMaxTagBytes * 2),
       wire::capped(questions, kMaxProfileAnswers, kMaxTextBytes));
  }
  bool operator==(const ProfileQuestions&) const = default;
};

// participant -> server in the lobby: answers to those questions (an empty
// answer clears it). Kept on the server and used only for hints to partners.
struct ProfileAnswers {
  static constexpr MessageType kType = MessageType::ProfileAnswers;
  std::vector<std::string> categories;
  std::vector<std::string> answers;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(categories, kMaxProfileAnswers, kMaxTagBytes * 2),
       wire::capped(answers, kMaxProfileAnswers, kMaxChatBytes));
  }
  bool operator==(const ProfileAnswers&) const = default;
};

}  // namespace rapport
