#include "rapport/rounds/blueprint/blueprint.hpp"

#include "rapport/util/rng.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::blueprint {

namespace {

// Why these numbers: a pair should finish an Easy puzzle in about a minute of
// talk and a Hard one in three; checks are scarce enough that describing
// well matters more than checking often.
constexpr std::int64_t kEasyDurationMs = 120'000;
constexpr std::int64_t kMediumDurationMs = 180'000;
constexpr std::int64_t kHardDurationMs = 240'000;

// Score weights (docs/CHALLENGES.md): the build itself is most of the score;
// time left and unused checks are a bonus that scales with how right it is.
constexpr double kMatchWeight = 0.70;
constexpr double kTimeWeight = 0.15;
constexpr double kChecksWeight = 0.15;
constexpr double kPartialValue = 0.5;   // a piece half right counts half
constexpr double kExtraPenalty = 0.25;  // a piece where the target has none
constexpr double kMaxScore = 100.0;

// Salts keep the streams for different uses of one seed apart.
constexpr std::uint64_t kPuzzleSalt = 0xB1E7'0000'0000'0001ULL;
constexpr std::uint64_t kRoundSalt = 0xB1E7'0000'0000'0002ULL;

// Easy keeps to shapes and colours nobody mixes up.
constexpr std::array<Shape, 4> kEasyShapes = {Shape::Circle, Shape::Square, Shape::Triangle,
                                              Shape::Star};
constexpr std::array<std::uint8_t, 5> kEasyColours = {1, 2, 3, 4, 7};

// Generation retries are bounded; the kind space (6 x 8) is far larger than
// any puzzle, so the bound is never reached in practice.
constexpr int kMaxDrawAttempts = 1000;

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t salt) {
  Rng rng(seed ^ salt);
  return rng.next();
}

Shape similar_shape(Shape shape) {
  switch (shape) {
    case Shape::Circle: return Shape::Ring;
    case Shape::Ring: return Shape::Circle;
    case Shape::Square: return Shape::Diamond;
    case Shape::Diamond: return Shape::Square;
    case Shape::Triangle: return Shape::Star;
    case Shape::Star: return Shape::Triangle;
    case Shape::kCount: break;
  }
  return Shape::Circle;
}

// A look-alike colour (for people with typical and with red-green colour
// vision alike): blues with blues, orange with red, green with sky blue.
std::uint8_t similar_colour(std::uint8_t colour) {
  constexpr std::array<std::uint8_t, kPaletteSize> kLookAlike = {5, 6, 5, 2, 1, 2, 1, 6};
  return kLookAlike[colour % kPaletteSize];
}

PieceKind random_kind(Rng& rng) {
  return {static_cast<Shape>(rng.below(static_cast<std::uint32_t>(Shape::kCount))),
          static_cast<std::uint8_t>(rng.below(kPaletteSize))};
}

PieceKind look_alike(PieceKind kind, Rng& rng) {
  if (rng.below(2) == 0) return {similar_shape(kind.shape), kind.colour};
  return {kind.shape, similar_colour(kind.colour)};
}

bool contains(const std::vector<PieceKind>& kinds, PieceKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::size_t j = rng.below(static_cast<std::uint32_t>(i));
    std::swap(items[i - 1], items[j]);
  }
}

std::vector<PieceKind> draw_easy_kinds(std::size_t count, Rng& rng) {
  std::vector<Shape> shapes(kEasyShapes.begin(), kEasyShapes.end());
  std::vector<std::uint8_t> colours(kEasyColours.begin(), kEasyColours.end());
  shuffle(shapes, rng);
  shuffle(colours, rng);
  std::vector<PieceKind> kinds;
  for (std::size_t i = 0; i < count; ++i) {
    kinds.push_back({shapes[i % shapes.size()], colours[i % colours.size()]});
  }
  return kinds;
}

// Medium: any distinct kinds. Hard: kinds come in look-alike pairs.
std::vector<PieceKind> draw_kinds(std::size_t count, bool similar, Rng& rng) {
  std::vector<PieceKind> kinds;
  for (int attempt = 0; kinds.size() < count && attempt < kMaxDrawAttempts; ++attempt) {
    // Every fourth try draws afresh, in case both look-alikes are taken.
    const bool pair_up = similar && kinds.size() % 2 == 1 && attempt % 4 != 3;
    const PieceKind kind = pair_up ? look_alike(kinds.back(), rng) : random_kind(rng);
    if (!contains(kinds, kind)) kinds.push_back(kind);
  }
  return kinds;
}

std::vector<PieceKind> draw_decoys(const std::vector<PieceKind>& target, std::size_t count,
                                   Rng& rng) {
  std::vector<PieceKind> decoys;
  for (int attempt = 0; decoys.size() < count && attempt < kMaxDrawAttempts; ++attempt) {
    const PieceKind kind = look_alike(target[rng.below(static_cast<std::uint32_t>(target.size()))], rng);
    if (!contains(target, kind) && !contains(decoys, kind)) decoys.push_back(kind);
  }
  return decoys;
}

bool in_bounds(Cell cell, std::uint8_t grid_size) {
  return cell.x < grid_size && cell.y < grid_size;
}

bool is_member(const BlueprintState& state, std::uint32_t id) {
  return id == state.describer_id ||
         std::find(state.builder_ids.begin(), state.builder_ids.end(), id) != state.builder_ids.end();
}

bool is_builder(const BlueprintState& state, std::uint32_t id) {
  return std::find(state.builder_ids.begin(), state.builder_ids.end(), id) != state.builder_ids.end();
}

ActionOutcome refuse(ActionError error, std::string message) {
  return {error, std::move(message)};
}

std::string cell_words(Cell cell) {
  return "row " + std::to_string(cell.y + 1) + ", column " + std::to_string(cell.x + 1);
}

std::int64_t deadline(const BlueprintState& state) { return state.started_ms + state.duration_ms; }

std::vector<Piece> pieces_on(const Grid& grid, const Puzzle& puzzle) {
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (grid[i] == kEmptyCell) continue;
    const PieceKind kind = puzzle.tray[static_cast<std::size_t>(grid[i])];
    pieces.push_back({kind.shape, kind.colour,
                      Cell{static_cast<std::uint8_t>(i % puzzle.grid_size),
                           static_cast<std::uint8_t>(i / puzzle.grid_size)}});
  }
  return pieces;
}

struct ActionApplier {
  BlueprintState& state;
  std::int64_t now_ms;

  [[nodiscard]] std::int16_t& at(Cell cell) const {
    return state.grid[cell_index(cell, state.puzzle.grid_size)];
  }

  ActionOutcome out_of_bounds(Cell cell) const {
    return refuse(ActionError::OutOfBounds, cell_words(cell) + " is outside the " +
                                                std::to_string(state.puzzle.grid_size) + " by " +
                                                std::to_string(state.puzzle.grid_size) + " grid.");
  }

  ActionOutcome operator()(const Place& place) const {
    if (place.tray_index >= state.puzzle.tray.size()) {
      return refuse(ActionError::NoSuchPiece, "That piece is not in the tray.");
    }
    if (!in_bounds(place.cell, state.puzzle.grid_size)) return out_of_bounds(place.cell);
    const auto tray_index = static_cast<std::int16_t>(place.tray_index);
    if (std::find(state.grid.begin(), state.grid.end(), tray_index) != state.grid.end()) {
      return refuse(ActionError::PieceAlreadyPlaced,
                    "That piece is already on the grid; move it instead.");
    }
    if (at(place.cell) != kEmptyCell) {
      return refuse(ActionError::CellOccupied,
                    cell_words(place.cell) + " already has a piece; remove or move it first.");
    }
    at(place.cell) = tray_index;
    return {};
  }

  ActionOutcome operator()(const Move& move) const {
    if (!in_bounds(move.from, state.puzzle.grid_size)) return out_of_bounds(move.from);
    if (!in_bounds(move.to, state.puzzle.grid_size)) return out_of_bounds(move.to);
    if (move.from == move.to) {
      return refuse(ActionError::SameCell, "The piece is already there.");
    }
    if (at(move.from) == kEmptyCell) {
      return refuse(ActionError::CellEmpty, "There is no piece at " + cell_words(move.from) + ".");
    }
    if (at(move.to) != kEmptyCell) {
      return refuse(ActionError::CellOccupied,
                    cell_words(move.to) + " already has a piece; remove or move it first.");
    }
    at(move.to) = at(move.from);
    at(move.from) = kEmptyCell;
    return {};
  }

  ActionOutcome operator()(const Remove& remove) const {
    if (!in_bounds(remove.cell, state.puzzle.grid_size)) return out_of_bounds(remove.cell);
    if (at(remove.cell) == kEmptyCell) {
      return refuse(ActionError::CellEmpty, "There is no piece at " + cell_words(remove.cell) + ".");
    }
    at(remove.cell) = kEmptyCell;
    return {};
  }

  ActionOutcome operator()(const RequestCheck&) const {
    if (state.checks_left == 0) {
      return refuse(ActionError::NoChecksLeft,
                    "No checks left: ask your partner to talk you through it instead.");
    }
    --state.checks_left;
    ++state.checks_used;
    state.last_check = state.grid;
    return {};
  }

  ActionOutcome operator()(const Submit&) const {
    state.phase = Phase::Finished;
    state.finished_ms = now_ms;
    return {};
  }
};

}  // namespace

std::string_view shape_name(Shape shape) {
  switch (shape) {
    case Shape::Circle: return "circle";
    case Shape::Square: return "square";
    case Shape::Triangle: return "triangle";
    case Shape::Diamond: return "diamond";
    case Shape::Star: return "star";
    case Shape::Ring: return "ring";
    case Shape::kCount: break;
  }
  return "piece";
}

std::string_view colour_name(std::uint8_t colour) {
  return colour < kPaletteSize ? kColourNames[colour] : std::string_view("grey");
}

DifficultySpec difficulty_spec(Difficulty difficulty) {
  switch (difficulty) {
    case Difficulty::Easy: return {3, 3, 0, 2, kEasyDurationMs, false};
    case Difficulty::Medium: return {4, 5, 0, 3, kMediumDurationMs, false};
    case Difficulty::Hard: return {5, 7, 2, 3, kHardDurationMs, true};
  }
  return {};
}

std::string_view difficulty_name(Difficulty difficulty) {
  switch (difficulty) {
    case Difficulty::Easy: return "easy";
    case Difficulty::Medium: return "medium";
    case Difficulty::Hard: return "hard";
  }
  return "unknown";
}

Puzzle generate_puzzle(std::uint64_t seed, Difficulty difficulty) {
  const DifficultySpec spec = difficulty_spec(difficulty);
  Rng rng(derive_seed(seed, kPuzzleSalt + static_cast<std::uint64_t>(difficulty)));

  Puzzle puzzle;
  puzzle.seed = seed;
  puzzle.difficulty = difficulty;
  puzzle.grid_size = spec.grid_size;

  std::vector<Cell> cells;
  for (std::uint8_t y = 0; y < spec.grid_size; ++y) {
    for (std::uint8_t x = 0; x < spec.grid_size; ++x) cells.push_back({x, y});
  }
  shuffle(cells, rng);

  const std::vector<PieceKind> kinds = difficulty == Difficulty::Easy
                                           ? draw_easy_kinds(spec.pieces, rng)
                                           : draw_kinds(spec.pieces, spec.similar, rng);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    puzzle.target.push_back({kinds[i].shape, kinds[i].colour, cells[i]});
  }
  puzzle.tray = kinds;
  const std::vector<PieceKind> decoys = draw_decoys(kinds, spec.decoys, rng);
  puzzle.tray.insert(puzzle.tray.end(), decoys.begin(), decoys.end());
  shuffle(puzzle.tray, rng);
  return puzzle;
}

BlueprintState start_blueprint(std::uint32_t describer_id, std::vector<std::uint32_t> builder_ids,
                               Puzzle puzzle, std::int64_t started_ms, std::int64_t duration_ms) {
  const DifficultySpec spec = difficulty_spec(puzzle.difficulty);
  BlueprintState state;
  state.describer_id = describer_id;
  state.builder_ids = std::move(builder_ids);
  state.grid.assign(static_cast<std::size_t>(puzzle.grid_size) * puzzle.grid_size, kEmptyCell);
  state.puzzle = std::move(puzzle);
  state.checks_left = spec.checks;
  state.started_ms = started_ms;
  state.duration_ms = duration_ms > 0 ? duration_ms : spec.duration_ms;
  return state;
}

ActionOutcome apply(BlueprintState& state, std::uint32_t actor, const Action& action,
                    std::int64_t now_ms) {
  if (!is_member(state, actor)) {
    return refuse(ActionError::NotInGroup, "You are not part of this puzzle.");
  }
  if (!is_builder(state, actor)) {
    return refuse(ActionError::NotBuilder,
                  "Only the builder handles the pieces; describe what you see instead.");
  }
  if (state.phase == Phase::Finished) {
    return refuse(ActionError::Finished, "This puzzle is already finished.");
  }
  if (now_ms >= deadline(state)) {
    return refuse(ActionError::TimeOver, "Time is up for this puzzle.");
  }
  // Validation happens before any write in every branch, so a refusal leaves
  // the state untouched.
  return std::visit(ActionApplier{state, now_ms}, action);
}

bool expire_if_due(BlueprintState& state, std::int64_t now_ms) {
  if (state.phase == Phase::Finished || now_ms < deadline(state)) return false;
  state.phase = Phase::Finished;
  state.finished_ms = deadline(state);
  return true;
}

BlueprintView view_for(const BlueprintState& state, std::uint32_t viewer, std::int64_t now_ms) {
  BlueprintView view;
  if (!is_member(state, viewer)) return view;
  view.role = is_builder(state, viewer) ? Role::Builder : Role::Describer;
  view.grid_size = state.puzzle.grid_size;
  view.difficulty = state.puzzle.difficulty;
  view.checks_left = state.checks_left;
  view.phase = state.phase;
  const std::int64_t end = state.phase == Phase::Finished ? state.finished_ms : now_ms;
  view.time_left_ms = std::clamp(deadline(state) - end, std::int64_t{0}, state.duration_ms);

  const bool finished = state.phase == Phase::Finished;
  if (view.role == Role::Describer || finished) view.target = state.puzzle.target;
  if (view.role == Role::Builder || finished) {
    view.grid = pieces_on(state.grid, state.puzzle);
  } else if (state.last_check) {
    view.grid = pieces_on(*state.last_check, state.puzzle);
  }
  view.has_check = state.last_check.has_value();
  if (view.role == Role::Builder) {
    view.tray = state.puzzle.tray;
    view.tray_used.assign(state.puzzle.tray.size(), false);
    for (const std::int16_t slot : state.grid) {
      if (slot != kEmptyCell) view.tray_used[static_cast<std::size_t>(slot)] = true;
    }
  }
  return view;
}

BlueprintScore score(const BlueprintState& state, std::int64_t now_ms) {
  const Puzzle& puzzle = state.puzzle;
  BlueprintScore result;
  result.pieces = static_cast<std::uint8_t>(puzzle.target.size());
  result.checks_used = state.checks_used;
  result.checks_total = static_cast<std::uint8_t>(state.checks_used + state.checks_left);
  const std::int64_t end = state.phase == Phase::Finished ? state.finished_ms : now_ms;
  result.time_left_ms = std::clamp(deadline(state) - end, std::int64_t{0}, state.duration_ms);
  result.elapsed_ms = state.duration_ms - result.time_left_ms;

  const auto kind_at = [&](std::size_t index) -> std::optional<PieceKind> {
    if (state.grid[index] == kEmptyCell) return std::nullopt;
    return puzzle.tray[static_cast<std::size_t>(state.grid[index])];
  };
  std::vector<bool> target_cell(state.grid.size(), false);
  for (const Piece& want : puzzle.target) {
    const std::size_t index = cell_index(want.cell, puzzle.grid_size);
    target_cell[index] = true;
    const std::optional<PieceKind> here = kind_at(index);
    if (here && *here == want.kind()) {
      ++result.exact;
      continue;
    }
    bool placed_elsewhere = false;
    for (std::size_t i = 0; i < state.grid.size(); ++i) {
      const std::optional<PieceKind> other = kind_at(i);
      if (other && *other == want.kind()) placed_elsewhere = true;
    }
    if (placed_elsewhere || (here && here->shape == want.shape)) ++result.partial;
  }
  for (std::size_t i = 0; i < state.grid.size(); ++i) {
    if (!target_cell[i] && state.grid[i] != kEmptyCell) ++result.extras;
  }
  result.success = result.exact == result.pieces && result.extras == 0;

  if (result.pieces == 0) return result;
  const double match =
      std::clamp((result.exact + kPartialValue * result.partial - kExtraPenalty * result.extras) /
                     static_cast<double>(result.pieces),
                 0.0, 1.0);
  const double time_fraction =
      state.duration_ms > 0
          ? static_cast<double>(result.time_left_ms) / static_cast<double>(state.duration_ms)
          : 0.0;
  const double checks_fraction =
      result.checks_total > 0 ? static_cast<double>(state.checks_left) / result.checks_total : 1.0;
  const double value =
      kMaxScore * match * (kMatchWeight + kTimeWeight * time_fraction + kChecksWeight * checks_fraction);
  result.score = static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 100L));
  return result;
}

ChallengeResult to_result(const BlueprintScore& s) {
  ChallengeResult result;
  result.challenge = "blueprint";
  result.success = s.success;
  result.score = s.score;
  result.elapsed_ms = s.elapsed_ms;
  result.figures = {{"pieces", static_cast<double>(s.pieces)},
                    {"exact", static_cast<double>(s.exact)},
                    {"partial", static_cast<double>(s.partial)},
                    {"extras", static_cast<double>(s.extras)},
                    {"checks_used", static_cast<double>(s.checks_used)},
                    {"time_left_ms", static_cast<double>(s.time_left_ms)}};
  return result;
}

BlueprintRound make_blueprint_round(std::vector<std::uint32_t> members, std::uint64_t seed,
                                    Difficulty difficulty) {
  BlueprintRound round;
  round.members = std::move(members);
  round.seed = seed;
  round.difficulty = difficulty;
  return round;
}

std::size_t puzzle_count(const BlueprintRound& round) {
  return round.members.size() >= 2 ? round.members.size() : 0;
}

bool start_next_puzzle(BlueprintRound& round, std::int64_t now_ms, std::int64_t duration_ms) {
  if (round.puzzles.size() >= puzzle_count(round)) return false;
  if (!round.puzzles.empty() && round.puzzles.back().phase != Phase::Finished) return false;
  const std::size_t k = round.puzzles.size();
  std::vector<std::uint32_t> builders;
  for (std::size_t i = 0; i < round.members.size(); ++i) {
    if (i != k) builders.push_back(round.members[i]);
  }
  Puzzle puzzle = generate_puzzle(derive_seed(round.seed, kRoundSalt + k), round.difficulty);
  round.puzzles.push_back(
      start_blueprint(round.members[k], std::move(builders), std::move(puzzle), now_ms, duration_ms));
  return true;
}

BlueprintState* current_puzzle(BlueprintRound& round) {
  return round.puzzles.empty() ? nullptr : &round.puzzles.back();
}

ChallengeResult round_result(const BlueprintRound& round) {
  ChallengeResult result;
  result.challenge = "blueprint";
  const std::size_t expected = puzzle_count(round);
  bool all_success = expected > 0 && round.puzzles.size() == expected;
  double total_score = 0.0;
  double exact_fraction = 0.0;
  double checks = 0.0;
  for (const BlueprintState& puzzle : round.puzzles) {
    const BlueprintScore s = score(puzzle, puzzle.finished_ms);
    all_success = all_success && puzzle.phase == Phase::Finished && s.success;
    total_score += s.score;
    exact_fraction += s.pieces > 0 ? static_cast<double>(s.exact) / s.pieces : 0.0;
    checks += s.checks_used;
    result.elapsed_ms += s.elapsed_ms;
  }
  const double n = expected > 0 ? static_cast<double>(expected) : 1.0;
  result.success = all_success;
  result.score = static_cast<std::uint8_t>(std::clamp(std::lround(total_score / n), 0L, 100L));
  result.figures = {{"puzzles", static_cast<double>(round.puzzles.size())},
                    {"exact_fraction", exact_fraction / n},
                    {"checks_used", checks}};
  return result;
}

}  // namespace rapport::blueprint
