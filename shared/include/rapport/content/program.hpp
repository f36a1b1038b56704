#pragma once
// Programs: the facilitator's plan for a session, as data files in
// assets/programs/. A program is a list of rotations; each rotation pairs
// everyone anew and runs its rounds, then a short reflection.
#include "rapport/protocol/protocol_types.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

// Round lengths a facilitator may set: at least 20 s, at most 30 min.
inline constexpr std::uint32_t kMinRoundSeconds = 20;
inline constexpr std::uint32_t kMaxRoundSeconds = 30 * 60;
inline constexpr std::uint32_t kMaxReflectionSeconds = 10 * 60;
inline constexpr std::size_t kMaxRotations = 20;
inline constexpr std::size_t kMaxRoundsPerRotation = 6;

struct RoundSpec {
  RoundKind kind = RoundKind::Conversation;
  std::uint32_t seconds = 120;
  std::string title;                  // shown on screens; defaults from the kind
  std::vector<std::string> prompts;   // conversation prompts (one is drawn per group)
  std::string scenario;               // role-play: scenario id (empty: chosen by audience)
  std::string difficulty;             // blueprint: easy | medium | hard
  template <class Archive>
  void serialize(Archive& ar) {
    ar(kind, seconds, title, prompts, scenario, difficulty);
  }
};

struct RotationSpec {
  std::vector<RoundSpec> rounds;
  std::uint32_t reflection_seconds = 45;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(rounds, reflection_seconds);
  }
};

struct Program {
  std::string id;
  std::string title;
  std::string description;
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false;
  std::vector<RotationSpec> rotations;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, title, description, audience, pairing, chat_filter, rotations);
  }
  [[nodiscard]] std::uint32_t total_seconds() const;
  [[nodiscard]] bool lists(RoundKind kind) const;
};

struct ProgramLoad {
  std::optional<Program> program;
  std::string error;  // "assets/programs/x.json: rotations[2].rounds[0].seconds: must be 20..1800"
};

[[nodiscard]] ProgramLoad parse_program(std::string_view json_text, const std::string& file_name);
[[nodiscard]] ProgramLoad load_program(const std::string& path);

// Every *.json in `dir`, keyed by id; errors name each broken file.
struct ProgramCatalog {
  std::map<std::string, Program> programs;
  std::vector<std::string> errors;
};
[[nodiscard]] ProgramCatalog load_program_dir(const std::string& dir);

[[nodiscard]] std::string_view round_kind_id(RoundKind kind);     // "common-ground"
[[nodiscard]] std::optional<RoundKind> parse_round_kind(std::string_view id);
[[nodiscard]] std::string_view round_kind_title(RoundKind kind);  // "Common ground"
[[nodiscard]] std::string_view audience_id(Audience audience);    // "team-building"
[[nodiscard]] std::optional<Audience> parse_audience(std::string_view id);
[[nodiscard]] std::string_view pairing_mode_id(PairingMode mode);  // "mix-teams"
[[nodiscard]] std::optional<PairingMode> parse_pairing_mode(std::string_view id);

}  // namespace rapport
