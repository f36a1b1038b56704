#pragma once
// The rules of one role-play round for one group (a pair, or a trio), as pure
// functions: (scenario, state, input, time) -> new state or an error. No clock
// reads, no I/O; chance comes only from the seed in the state.
//
// Phases: Briefing (read your card) -> Acting (the scene) -> Guessing (guess
// each partner's goal and feeling) -> Reveal (answers and every card shown)
// -> Done. Phases end by time, and Guessing also ends as soon as every guess
// is in. A second scene of the same scenario rotates the roles (a pair swaps).
// See docs/SCENARIOS.md for the rules in plain words.
#include "rapport/content/scenario.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

// ---- constants --------------------------------------------------------------
// A pair plays two roles; an odd player makes a trio (nobody sits out).
inline constexpr std::size_t kMinRolePlayGroup = 2;
inline constexpr std::size_t kMaxRolePlayGroup = 3;
// Scene 0 and scene 1: everyone plays the scenario from both sides.
inline constexpr std::uint8_t kRolePlayScenes = 2;
// Role index for the third person of a trio when the scenario has only two roles.
inline constexpr std::uint8_t kObserverRole = 0xFF;
// A group "understood each other" when its mean guess accuracy reaches this:
// on average each got the goal or the feeling right.
inline constexpr double kEmpathySuccess = 0.5;
// Repair scoring: acknowledging and committing to act matter most; an apology
// is needed only when someone was at fault, so it weighs less.
inline constexpr double kRepairWeightAcknowledge = 0.4;
inline constexpr double kRepairWeightApologise = 0.2;
inline constexpr double kRepairWeightCommit = 0.4;
// In a repair scenario the score is half understanding, half repair.
inline constexpr double kRepairShareOfScore = 0.5;

enum class RolePlayPhase : std::uint8_t { Briefing, Acting, Guessing, Reveal, Done, kCount };
[[nodiscard]] std::string_view phase_name(RolePlayPhase phase);

// How long each phase lasts; the facilitator's program may change them.
struct RolePlayTimings {
  std::int64_t briefing_ms = 45'000;  // read your card in peace
  std::int64_t acting_ms = 240'000;   // four minutes in character
  std::int64_t guessing_ms = 60'000;  // pick a goal and a feeling per partner
  std::int64_t reveal_ms = 45'000;    // read the answers and each other's cards
};

struct RolePlayMember {
  std::uint32_t player_id = 0;
  std::uint8_t role = 0;  // index into Scenario::roles, or kObserverRole
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player_id, role);
  }
  bool operator==(const RolePlayMember&) const = default;
};

// One player's guess about one partner: indices into the scenario's options.
struct RolePlayGuess {
  std::uint32_t guesser = 0;
  std::uint32_t target = 0;
  std::uint8_t goal_option = 0;
  std::uint8_t feeling_option = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(guesser, target, goal_option, feeling_option);
  }
  bool operator==(const RolePlayGuess&) const = default;
};

// Everything the rules need to remember about one group's round. Small plain
// data so the server can journal and snapshot it.
struct RolePlayState {
  std::string scenario_id;
  std::uint64_t seed = 0;
  std::uint8_t scene = 0;  // 0, then 1 with roles rotated
  std::vector<RolePlayMember> members;
  RolePlayPhase phase = RolePlayPhase::Briefing;
  std::int64_t phase_started_ms = 0;
  std::vector<RolePlayGuess> guesses;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(scenario_id, seed, scene, members, phase, phase_started_ms, guesses);
  }
  bool operator==(const RolePlayState&) const = default;
};

enum class RolePlayErrorCode : std::uint8_t {
  BadGroup,          // not 2-3 distinct players, or no next scene
  WrongScenario,     // the scenario passed is not the one this state plays
  NotInGroup,        // the player or the target is not in this group
  CardHidden,        // a partner's card before the reveal
  GuessingNotOpen,   // guessing before the scene has ended
  GuessingClosed,    // guessing after the reveal
  GuessForSelf,      // a guess about yourself
  NotAGuessTarget,   // an observer has no goal or feeling to guess
  AlreadyGuessed,    // a second guess about the same partner
  UnknownOption,     // goal or feeling index outside the scenario's options
  kCount
};

struct RolePlayError {
  RolePlayErrorCode code = RolePlayErrorCode::BadGroup;
  std::string text;  // for the person: what happened and what to do
};

// A value or the reason it could not be produced.
template <class T>
struct RolePlayOutcome {
  std::optional<T> value;
  RolePlayError error;
  [[nodiscard]] bool ok() const { return value.has_value(); }
};

// ---- the round --------------------------------------------------------------
// Assigns roles from `seed` (a shuffle of the sorted members) and starts
// Briefing. Scene 1 rotates scene 0's assignment by one, so a pair swaps.
[[nodiscard]] RolePlayOutcome<RolePlayState> start_role_play(const Scenario& scenario,
                                                             std::span<const std::uint32_t> members,
                                                             std::uint64_t seed, std::uint8_t scene,
                                                             std::int64_t now_ms);
// The same group and seed in the next scene (an error after the last scene).
[[nodiscard]] RolePlayOutcome<RolePlayState> start_next_scene(const Scenario& scenario,
                                                              const RolePlayState& previous,
                                                              std::int64_t now_ms);
// Moves through every phase whose time is up by `now_ms`.
[[nodiscard]] RolePlayState advance_time(const RolePlayState& state, const RolePlayTimings& timings,
                                         std::int64_t now_ms);
// When the current phase ends by time (for countdowns); phase_started_ms when Done.
[[nodiscard]] std::int64_t phase_ends_at(const RolePlayState& state, const RolePlayTimings& timings);

[[nodiscard]] const RolePlayMember* member_of(const RolePlayState& state, std::uint32_t player_id);
// The card `viewer` may read about `target`: their own always, anyone's from the reveal on.
[[nodiscard]] RolePlayOutcome<RoleCard> card_for(const Scenario& scenario, const RolePlayState& state,
                                                 std::uint32_t viewer, std::uint32_t target);
// The card a trio's third person gets when the scenario has only two roles.
[[nodiscard]] RoleCard observer_card(const Scenario& scenario);
// Whom `guesser` should guess about: every other actor (never an observer).
[[nodiscard]] std::vector<std::uint32_t> guess_targets(const RolePlayState& state,
                                                       std::uint32_t guesser);
[[nodiscard]] bool all_guesses_in(const RolePlayState& state);
// Records a guess; moves to Reveal at `now_ms` once every guess is in.
[[nodiscard]] RolePlayOutcome<RolePlayState> submit_guess(const Scenario& scenario,
                                                          const RolePlayState& state,
                                                          const RolePlayGuess& guess,
                                                          std::int64_t now_ms);

// ---- repair cues ------------------------------------------------------------
enum class RepairCueKind : std::uint8_t { Acknowledge, Apologise, Commit, kCount };
[[nodiscard]] std::string_view repair_cue_kind_name(RepairCueKind kind);

struct RepairCueHit {
  RepairCueKind kind = RepairCueKind::Acknowledge;
  std::string cue;        // the cue as the scenario lists it
  std::size_t line = 0;   // index into the lines given
  std::string reason;     // "Acknowledged what happened (\"I understand\")."
};

struct RepairCueReport {
  // Lines that contained each kind at least once (a line counts once per kind,
  // so repeating "sorry sorry sorry" is one apology).
  std::array<std::uint32_t, static_cast<std::size_t>(RepairCueKind::kCount)> lines_with{};
  std::vector<RepairCueHit> hits;
  [[nodiscard]] bool has(RepairCueKind kind) const {
    return lines_with[static_cast<std::size_t>(kind)] > 0;
  }
  [[nodiscard]] std::size_t kinds_found() const;
  // 0..1 from the kinds present, weighted by kRepairWeight*.
  [[nodiscard]] double coverage() const;
};

// Finds cues in chat text: case-insensitive, whole words, curly apostrophes
// read as straight ones; a cue ending in '*' matches any word ending
// ("apolog*"). A cue right after "not"/"never"/"don't"... or right before
// "not" does not count ("I'm not sorry", "I will not").
[[nodiscard]] RepairCueReport detect_repair_cues(const RepairCues& cues,
                                                 std::span<const std::string> lines);

// ---- first impressions ------------------------------------------------------
struct FirstImpression {
  double value = 0.0;  // -1..1: a small nudge to the rapport model's start
  std::string reason;  // shown in the scene's intro and the debrief
};
// Outfit formality (Avatar::formality, 0..4) against the dress code (0..4):
// a little smarter than the setting is best, matching is good, far off either
// way is not. Values above 4 are read as 4.
[[nodiscard]] FirstImpression first_impression(std::uint8_t outfit_formality,
                                               std::uint8_t dress_code);

// ---- results ----------------------------------------------------------------
struct SceneLine {
  std::uint32_t speaker = 0;
  std::string text;
};

struct RolePlayAssignment {
  std::uint32_t player_id = 0;
  std::string role_id;  // "observer" for an observer
  std::string role_title;
  bool observer = false;
};

struct ScoredGuess {
  RolePlayGuess guess;
  bool goal_correct = false;
  bool feeling_correct = false;
};

struct PlayerAccuracy {
  std::uint32_t player_id = 0;
  double accuracy = 0.0;  // 0..1: half for each right goal, half for each right feeling
  std::size_t guesses_made = 0;
  std::size_t guesses_expected = 0;
};

// What the report and the debrief need; holds no chat text.
struct RolePlayResults {
  std::string scenario_id;
  std::uint8_t scene = 0;
  std::vector<RolePlayAssignment> roles;
  std::vector<ScoredGuess> guesses;
  std::vector<PlayerAccuracy> accuracy;  // one per member, in member order
  double empathy = 0.0;                  // mean accuracy of the actors (not observers)
  RepairCueReport repair_cues_found;     // empty unless the scenario is a repair one
  bool success = false;
  std::uint8_t score = 0;  // 0..100
};

// Scores the round: guesses against the cards (a missing guess scores 0) and,
// for repair scenarios, repair cues in the repairing role's chat lines.
[[nodiscard]] RolePlayResults score_role_play(const Scenario& scenario, const RolePlayState& state,
                                              std::span<const SceneLine> chat);

}  // namespace rapport
