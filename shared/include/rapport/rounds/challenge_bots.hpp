#pragma once
// Bot strategies for the shared-experience challenges, pure and seeded, so
// tests, load bots and the demo can play them with no person present:
// - DescriberBot turns a Blueprint target (and each check) into plain chat lines;
// - BuilderBot reads such lines (case-insensitive, tolerant of phrasing) and
//   turns them into Blueprint actions;
// - steer_in_step heads for the next waypoint while keeping pace with partners.
#include "rapport/rounds/blueprint/blueprint.hpp"
#include "rapport/rounds/in_step/in_step.hpp"
#include "rapport/util/rng.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::bots {

// ---- Blueprint: words ---------------------------------------------------------------
// "a blue star" / "an orange circle".
[[nodiscard]] std::string piece_words(blueprint::PieceKind kind, bool with_article);
// "the top-left corner", "the middle", "the top row, column 2", "row 2, column 3".
// `variant` picks between equivalent phrasings where there is a choice.
[[nodiscard]] std::string cell_words(blueprint::Cell cell, std::uint8_t grid_size, std::uint32_t variant);

// What a builder understood from one line.
struct Instruction {
  enum class Kind : std::uint8_t { Put, Remove, Done };
  Kind kind = Kind::Put;
  std::optional<blueprint::PieceKind> piece;
  std::optional<blueprint::Cell> from;  // where the piece is now (moves, removals)
  std::optional<blueprint::Cell> to;    // where it should go (puts and moves)
};
// Understands lines such as "Put a blue star in the top-left corner",
// "row 2, column 3: orange circle", "Move the red ring from row 1, column 2 to
// the middle", "Take away the piece at row 3, column 1", "That's it, it all
// matches!". Returns nullopt for chatter it cannot act on.
[[nodiscard]] std::optional<Instruction> parse_instruction(std::string_view line,
                                                           std::uint8_t grid_size);

// ---- Blueprint: players ---------------------------------------------------------------
class DescriberBot {
 public:
  explicit DescriberBot(std::uint64_t seed) : rng_(seed) {}
  // Lines to say now: the whole target first; after each new check, the fixes
  // it shows (or "it all matches"); nothing when there is nothing new.
  [[nodiscard]] std::vector<std::string> speak(const blueprint::BlueprintView& view);

 private:
  [[nodiscard]] std::string put_line(const blueprint::Piece& piece, std::uint8_t grid_size);
  Rng rng_;
  bool described_ = false;
  std::optional<std::uint8_t> checks_left_seen_;
};

class BuilderBot {
 public:
  // `slip_rate` (0..1): how often a put lands one cell off, to exercise the
  // check-and-correct loop the way a person mishearing would.
  explicit BuilderBot(std::uint64_t seed, double slip_rate = 0.0) : rng_(seed), slip_rate_(slip_rate) {}
  // Actions for one heard line, valid against the builder's current view and
  // meant to be applied in order.
  [[nodiscard]] std::vector<blueprint::Action> hear(std::string_view line,
                                                    const blueprint::BlueprintView& view);
  // What to do when the describer has nothing more to say: ask for a check if
  // the grid changed since the last one and checks remain, otherwise submit.
  [[nodiscard]] blueprint::Action idle(const blueprint::BlueprintView& view);
  [[nodiscard]] bool heard_done() const { return heard_done_; }

 private:
  Rng rng_;
  double slip_rate_;
  bool heard_done_ = false;
  std::optional<std::vector<blueprint::Piece>> grid_at_last_check_;
};

// ---- In Step ---------------------------------------------------------------------------
struct Steer {
  std::int8_t dx = 0;
  std::int8_t dy = 0;
};
struct InStepBotSettings {
  // Wait when this much closer to the waypoint than the partner furthest behind.
  std::int32_t lead_tolerance = 1500;
  // Also wait (when ahead) once partners drift this far away.
  std::int32_t keep_within = in_step::kInStepDistance * 4 / 5;
};
// Full speed towards the waypoint, stopping once well inside it, waiting when ahead.
// Whoever is furthest behind never waits, so a group cannot stall.
[[nodiscard]] Steer steer_in_step(in_step::Vec2 self, std::span<const in_step::Vec2> partners,
                                  in_step::Vec2 waypoint, const InStepBotSettings& settings = {});

}  // namespace rapport::bots
