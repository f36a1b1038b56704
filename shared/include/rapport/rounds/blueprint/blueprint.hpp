#pragma once
// Blueprint: an asymmetric, turn-free shared-experience challenge. The
// describer sees a target arrangement of coloured shapes on a grid; the
// builder(s) see an empty grid and a tray of pieces, and build what they hear.
// The describer sees the builders' grid only as of the last check they asked
// for. Pure rules: generation from a seed, validated actions that leave the
// state unchanged when refused, per-player views and scoring.
//
// Trios: the third member is a second builder sharing the same grid (see
// docs/CHALLENGES.md for why), and a BlueprintRound gives every member one
// turn as describer.
#include "rapport/rounds/challenge_result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rapport::blueprint {

enum class Shape : std::uint8_t { Circle, Square, Triangle, Diamond, Star, Ring, kCount };

// Okabe-Ito colour-blind-safe palette, by index. Similar pairs (used on Hard):
// sky blue / blue, orange / vermillion, bluish green / yellow.
inline constexpr std::uint8_t kPaletteSize = 8;
inline constexpr std::array<std::uint32_t, kPaletteSize> kPaletteRgb = {
    0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7};
// Plain names a person would say; the chat bots use the same words.
inline constexpr std::array<std::string_view, kPaletteSize> kColourNames = {
    "black", "orange", "sky blue", "green", "yellow", "blue", "red", "purple"};

[[nodiscard]] std::string_view shape_name(Shape shape);
[[nodiscard]] std::string_view colour_name(std::uint8_t colour);

struct Cell {
  std::uint8_t x = 0;  // column, 0 = left
  std::uint8_t y = 0;  // row, 0 = top
  friend bool operator==(const Cell&, const Cell&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(x, y);
  }
};

struct PieceKind {
  Shape shape = Shape::Circle;
  std::uint8_t colour = 0;
  friend bool operator==(const PieceKind&, const PieceKind&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(shape, colour);
  }
};

struct Piece {
  Shape shape = Shape::Circle;
  std::uint8_t colour = 0;
  Cell cell;
  [[nodiscard]] PieceKind kind() const { return {shape, colour}; }
  friend bool operator==(const Piece&, const Piece&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(shape, colour, cell);
  }
};

enum class Difficulty : std::uint8_t { Easy, Medium, Hard };

struct DifficultySpec {
  std::uint8_t grid_size = 3;
  std::uint8_t pieces = 3;
  std::uint8_t decoys = 0;       // extra tray pieces that are not in the target
  std::uint8_t checks = 2;       // how often the builder may ask "does it look right?"
  std::int64_t duration_ms = 0;  // suggested time for one puzzle
  bool similar = false;          // use look-alike shapes and colours on purpose
};
[[nodiscard]] DifficultySpec difficulty_spec(Difficulty difficulty);
[[nodiscard]] std::string_view difficulty_name(Difficulty difficulty);

struct Puzzle {
  std::uint64_t seed = 0;
  Difficulty difficulty = Difficulty::Easy;
  std::uint8_t grid_size = 3;
  std::vector<Piece> target;     // distinct kinds, distinct cells
  std::vector<PieceKind> tray;   // target kinds plus decoys, shuffled
  friend bool operator==(const Puzzle&, const Puzzle&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(seed, difficulty, grid_size, target, tray);
  }
};

// Deterministic for (seed, difficulty); always solvable: every target kind is
// in the tray exactly once.
[[nodiscard]] Puzzle generate_puzzle(std::uint64_t seed, Difficulty difficulty);

// A grid as the builders left it: per cell (row-major) the tray index of the
// piece on it, or kEmptyCell.
inline constexpr std::int16_t kEmptyCell = -1;
using Grid = std::vector<std::int16_t>;

enum class Phase : std::uint8_t { Building, Finished };

struct BlueprintState {
  std::uint32_t describer_id = 0;
  std::vector<std::uint32_t> builder_ids;  // one for a pair, two for a trio
  Puzzle puzzle;
  Grid grid;                           // live builders' grid
  std::optional<Grid> last_check;      // what the describer may see
  std::uint8_t checks_left = 0;
  std::uint8_t checks_used = 0;
  Phase phase = Phase::Building;
  std::int64_t started_ms = 0;
  std::int64_t duration_ms = 0;
  std::int64_t finished_ms = 0;
  friend bool operator==(const BlueprintState&, const BlueprintState&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(describer_id, builder_ids, puzzle, grid, last_check, checks_left, checks_used, phase,
       started_ms, duration_ms, finished_ms);
  }
};

// duration_ms <= 0 takes the difficulty's suggested duration.
[[nodiscard]] BlueprintState start_blueprint(std::uint32_t describer_id,
                                             std::vector<std::uint32_t> builder_ids, Puzzle puzzle,
                                             std::int64_t started_ms, std::int64_t duration_ms = 0);

// ---- actions --------------------------------------------------------------------
struct Place {
  std::uint8_t tray_index = 0;
  Cell cell;
};
struct Move {
  Cell from;
  Cell to;
};
struct Remove {
  Cell cell;
};
struct RequestCheck {};
struct Submit {};  // "we are done": ends the puzzle early and keeps the time left
using Action = std::variant<Place, Move, Remove, RequestCheck, Submit>;

enum class ActionError : std::uint8_t {
  None,
  NotInGroup,
  NotBuilder,
  Finished,
  TimeOver,
  OutOfBounds,
  NoSuchPiece,
  PieceAlreadyPlaced,
  CellOccupied,
  CellEmpty,
  SameCell,
  NoChecksLeft,
};

struct ActionOutcome {
  ActionError error = ActionError::None;
  std::string message;  // plain words for the player; empty when accepted
  [[nodiscard]] bool ok() const { return error == ActionError::None; }
};

// Validates and applies one action by `actor` at `now_ms`. A refused action
// returns the reason and leaves `state` exactly as it was.
[[nodiscard]] ActionOutcome apply(BlueprintState& state, std::uint32_t actor, const Action& action,
                                  std::int64_t now_ms);
// Ends the puzzle when its time is up. Returns true when this call ended it.
bool expire_if_due(BlueprintState& state, std::int64_t now_ms);

// ---- views ----------------------------------------------------------------------
enum class Role : std::uint8_t { Describer, Builder, Outsider };

struct BlueprintView {
  Role role = Role::Outsider;
  std::uint8_t grid_size = 0;
  Difficulty difficulty = Difficulty::Easy;
  std::vector<Piece> target;       // describer only (and everybody once finished)
  std::vector<PieceKind> tray;     // builders only
  std::vector<bool> tray_used;     // builders only: parallel to tray
  std::vector<Piece> grid;         // builders: live; describer: as of the last check
  bool has_check = false;          // describer: a check has been made
  std::uint8_t checks_left = 0;
  std::int64_t time_left_ms = 0;
  Phase phase = Phase::Building;
};

// What `viewer` may see at `now_ms`. Builders never see the target while
// building; the describer never sees the live grid. An outsider sees nothing.
[[nodiscard]] BlueprintView view_for(const BlueprintState& state, std::uint32_t viewer,
                                     std::int64_t now_ms);

// ---- scoring --------------------------------------------------------------------
struct BlueprintScore {
  std::uint8_t pieces = 0;
  std::uint8_t exact = 0;    // right kind in the right cell
  std::uint8_t partial = 0;  // right kind in a wrong cell, or right shape wrong colour in the cell
  std::uint8_t extras = 0;   // pieces on cells the target leaves empty
  std::uint8_t checks_used = 0;
  std::uint8_t checks_total = 0;
  std::int64_t time_left_ms = 0;
  std::int64_t elapsed_ms = 0;
  bool success = false;      // the grid equals the target
  std::uint8_t score = 0;    // 0..100
};

// Scores the grid as it stands at `now_ms` (or at finished_ms once finished).
[[nodiscard]] BlueprintScore score(const BlueprintState& state, std::int64_t now_ms);
[[nodiscard]] ChallengeResult to_result(const BlueprintScore& score);

// ---- a round: one puzzle per member, each member describes once ----------------
struct BlueprintRound {
  std::vector<std::uint32_t> members;  // 2 or 3
  std::uint64_t seed = 0;
  Difficulty difficulty = Difficulty::Easy;
  std::vector<BlueprintState> puzzles;  // grows as puzzles start
  template <class Archive>
  void serialize(Archive& ar) {
    ar(members, seed, difficulty, puzzles);
  }
};

[[nodiscard]] BlueprintRound make_blueprint_round(std::vector<std::uint32_t> members,
                                                  std::uint64_t seed, Difficulty difficulty);
[[nodiscard]] std::size_t puzzle_count(const BlueprintRound& round);
// Starts the next puzzle with the next member describing. Refuses (returns
// false) while a puzzle is still being built or when every member has described.
[[nodiscard]] bool start_next_puzzle(BlueprintRound& round, std::int64_t now_ms,
                                     std::int64_t duration_ms = 0);
[[nodiscard]] BlueprintState* current_puzzle(BlueprintRound& round);
// Averages the finished puzzles; success when every puzzle succeeded.
[[nodiscard]] ChallengeResult round_result(const BlueprintRound& round);

// Row-major index of a cell; the caller checks bounds.
[[nodiscard]] constexpr std::size_t cell_index(Cell cell, std::uint8_t grid_size) {
  return static_cast<std::size_t>(cell.y) * grid_size + cell.x;
}

}  // namespace rapport::blueprint
