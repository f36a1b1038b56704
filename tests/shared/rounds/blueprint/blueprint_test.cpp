#include "rapport/rounds/blueprint/blueprint.hpp"

#include "rapport/util/rng.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace rapport::blueprint {
namespace {

constexpr std::uint32_t kDescriber = 10;
constexpr std::uint32_t kBuilder = 20;
constexpr std::uint32_t kSecondBuilder = 30;
constexpr std::uint32_t kOutsider = 99;
constexpr int kSeeds = 200;
constexpr std::array<Difficulty, 3> kAllDifficulties = {Difficulty::Easy, Difficulty::Medium,
                                                        Difficulty::Hard};

std::uint8_t tray_index_of(const Puzzle& puzzle, PieceKind kind) {
  const auto it = std::find(puzzle.tray.begin(), puzzle.tray.end(), kind);
  return static_cast<std::uint8_t>(it - puzzle.tray.begin());
}

BlueprintState fresh(std::uint64_t seed, Difficulty difficulty) {
  return start_blueprint(kDescriber, {kBuilder}, generate_puzzle(seed, difficulty), 0);
}

// Places every target piece where it belongs.
void solve(BlueprintState& state, std::int64_t now_ms) {
  for (const Piece& piece : state.puzzle.target) {
    ASSERT_TRUE(apply(state, kBuilder, Place{tray_index_of(state.puzzle, piece.kind()), piece.cell}, now_ms).ok());
  }
}

bool look_alike(PieceKind a, PieceKind b) {
  const auto similar_shapes = [](Shape x, Shape y) {
    const std::set<std::pair<Shape, Shape>> pairs = {{Shape::Circle, Shape::Ring},
                                                     {Shape::Square, Shape::Diamond},
                                                     {Shape::Triangle, Shape::Star}};
    return pairs.count({x, y}) + pairs.count({y, x}) > 0;
  };
  // The look-alike colours documented in docs/CHALLENGES.md.
  const std::set<std::pair<int, int>> colour_pairs = {{0, 5}, {1, 6}, {2, 5}, {2, 3}, {1, 4}, {6, 7}};
  const auto similar_colours = [&](int x, int y) {
    return colour_pairs.count({std::min(x, y), std::max(x, y)}) > 0;
  };
  return (a.colour == b.colour && similar_shapes(a.shape, b.shape)) ||
         (a.shape == b.shape && similar_colours(a.colour, b.colour));
}

TEST(Blueprint, GenerationIsDeterministicPerSeedAndVariesAcrossSeeds) {
  for (const Difficulty difficulty : kAllDifficulties) {
    std::set<std::vector<std::uint8_t>> distinct;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const Puzzle a = generate_puzzle(static_cast<std::uint64_t>(seed), difficulty);
      const Puzzle b = generate_puzzle(static_cast<std::uint64_t>(seed), difficulty);
      ASSERT_EQ(a, b);
      std::vector<std::uint8_t> fingerprint;
      for (const Piece& p : a.target) {
        fingerprint.insert(fingerprint.end(), {static_cast<std::uint8_t>(p.shape), p.colour, p.cell.x, p.cell.y});
      }
      distinct.insert(fingerprint);
    }
    EXPECT_GT(distinct.size(), static_cast<std::size_t>(kSeeds * 9 / 10)) << difficulty_name(difficulty);
  }
}

TEST(Blueprint, PuzzlesFollowTheDifficultyTableAndAreSolvable) {
  for (const Difficulty difficulty : kAllDifficulties) {
    const DifficultySpec spec = difficulty_spec(difficulty);
    int hard_with_look_alikes = 0;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const Puzzle puzzle = generate_puzzle(static_cast<std::uint64_t>(seed), difficulty);
      ASSERT_EQ(puzzle.grid_size, spec.grid_size);
      ASSERT_EQ(puzzle.target.size(), spec.pieces);
      ASSERT_EQ(puzzle.tray.size(), static_cast<std::size_t>(spec.pieces + spec.decoys));
      std::set<std::pair<int, int>> cells;
      for (const Piece& piece : puzzle.target) {
        ASSERT_LT(piece.cell.x, spec.grid_size);
        ASSERT_LT(piece.cell.y, spec.grid_size);
        ASSERT_LT(piece.colour, kPaletteSize);
        ASSERT_LT(static_cast<int>(piece.shape), static_cast<int>(Shape::kCount));
        cells.insert({piece.cell.x, piece.cell.y});
        ASSERT_EQ(std::count(puzzle.tray.begin(), puzzle.tray.end(), piece.kind()), 1)
            << "every target piece is in the tray exactly once";
      }
      ASSERT_EQ(cells.size(), puzzle.target.size()) << "one piece per cell";
      std::set<std::pair<int, int>> kinds;
      for (const PieceKind& kind : puzzle.tray) kinds.insert({static_cast<int>(kind.shape), kind.colour});
      ASSERT_EQ(kinds.size(), puzzle.tray.size()) << "tray kinds are distinct";

      bool has_look_alike = false;
      for (std::size_t i = 0; i < puzzle.tray.size(); ++i) {
        for (std::size_t j = i + 1; j < puzzle.tray.size(); ++j) {
          has_look_alike = has_look_alike || look_alike(puzzle.tray[i], puzzle.tray[j]);
        }
      }
      if (difficulty == Difficulty::Hard && has_look_alike) ++hard_with_look_alikes;

      BlueprintState state = start_blueprint(kDescriber, {kBuilder}, puzzle, 0);
      solve(state, 0);
      const BlueprintScore s = score(state, 0);
      ASSERT_TRUE(s.success);
      ASSERT_EQ(s.exact, spec.pieces);
      ASSERT_EQ(s.score, 100);
    }
    if (difficulty == Difficulty::Hard) {
      EXPECT_EQ(hard_with_look_alikes, kSeeds);
    }
  }
}

struct Illegal {
  std::string name;
  std::uint32_t actor;
  Action action;
  std::int64_t now_ms;
  ActionError expected;
};

TEST(Blueprint, EveryIllegalActionIsRejectedAndLeavesTheStateUnchanged) {
  for (int seed = 0; seed < 20; ++seed) {
    BlueprintState state = fresh(static_cast<std::uint64_t>(seed), Difficulty::Medium);
    const Puzzle& puzzle = state.puzzle;
    const Piece first = puzzle.target[0];
    const Piece second = puzzle.target[1];
    ASSERT_TRUE(apply(state, kBuilder, Place{tray_index_of(puzzle, first.kind()), first.cell}, 0).ok());
    // An empty cell and an unplaced piece to aim at.
    Cell empty{0, 0};
    while (empty == first.cell) empty.x = static_cast<std::uint8_t>(empty.x + 1);
    const std::uint8_t n = puzzle.grid_size;
    const auto placed = tray_index_of(puzzle, first.kind());
    const auto unplaced = tray_index_of(puzzle, second.kind());
    const std::int64_t late = state.started_ms + state.duration_ms;

    const std::vector<Illegal> cases = {
        {"outsider places", kOutsider, Place{unplaced, empty}, 0, ActionError::NotInGroup},
        {"outsider checks", kOutsider, RequestCheck{}, 0, ActionError::NotInGroup},
        {"describer places", kDescriber, Place{unplaced, empty}, 0, ActionError::NotBuilder},
        {"describer moves", kDescriber, Move{first.cell, empty}, 0, ActionError::NotBuilder},
        {"describer removes", kDescriber, Remove{first.cell}, 0, ActionError::NotBuilder},
        {"describer checks", kDescriber, RequestCheck{}, 0, ActionError::NotBuilder},
        {"describer submits", kDescriber, Submit{}, 0, ActionError::NotBuilder},
        {"no such tray piece", kBuilder, Place{static_cast<std::uint8_t>(puzzle.tray.size()), empty}, 0,
         ActionError::NoSuchPiece},
        {"place off the grid (x)", kBuilder, Place{unplaced, Cell{n, 0}}, 0, ActionError::OutOfBounds},
        {"place off the grid (y)", kBuilder, Place{unplaced, Cell{0, 255}}, 0, ActionError::OutOfBounds},
        {"place a placed piece", kBuilder, Place{placed, empty}, 0, ActionError::PieceAlreadyPlaced},
        {"place on an occupied cell", kBuilder, Place{unplaced, first.cell}, 0, ActionError::CellOccupied},
        {"move from empty to off the grid", kBuilder, Move{empty, Cell{n, n}}, 0, ActionError::OutOfBounds},
        {"move from empty", kBuilder, Move{empty, first.cell}, 0, ActionError::CellEmpty},
        {"move onto itself", kBuilder, Move{first.cell, first.cell}, 0, ActionError::SameCell},
        {"move off the grid", kBuilder, Move{first.cell, Cell{0, n}}, 0, ActionError::OutOfBounds},
        {"move from off the grid", kBuilder, Move{Cell{n, 0}, empty}, 0, ActionError::OutOfBounds},
        {"remove from empty", kBuilder, Remove{empty}, 0, ActionError::CellEmpty},
        {"remove off the grid", kBuilder, Remove{Cell{200, 200}}, 0, ActionError::OutOfBounds},
        {"place after time", kBuilder, Place{unplaced, empty}, late, ActionError::TimeOver},
        {"check after time", kBuilder, RequestCheck{}, late + 1, ActionError::TimeOver},
        {"submit after time", kBuilder, Submit{}, late, ActionError::TimeOver},
    };
    for (const Illegal& c : cases) {
      const BlueprintState before = state;
      const ActionOutcome outcome = apply(state, c.actor, c.action, c.now_ms);
      EXPECT_EQ(outcome.error, c.expected) << c.name;
      EXPECT_FALSE(outcome.message.empty()) << c.name;
      EXPECT_EQ(state, before) << c.name << " changed the state";
    }

    // A piece on an occupied cell, by move.
    ASSERT_TRUE(apply(state, kBuilder, Place{unplaced, empty}, 0).ok());
    BlueprintState before = state;
    EXPECT_EQ(apply(state, kBuilder, Move{first.cell, empty}, 0).error, ActionError::CellOccupied);
    EXPECT_EQ(state, before);

    // Checks run out.
    while (state.checks_left > 0) ASSERT_TRUE(apply(state, kBuilder, RequestCheck{}, 0).ok());
    before = state;
    EXPECT_EQ(apply(state, kBuilder, RequestCheck{}, 0).error, ActionError::NoChecksLeft);
    EXPECT_EQ(state, before);

    // Nothing is accepted once finished.
    ASSERT_TRUE(apply(state, kBuilder, Submit{}, 5).ok());
    before = state;
    EXPECT_EQ(apply(state, kBuilder, Remove{first.cell}, 6).error, ActionError::Finished);
    EXPECT_EQ(apply(state, kBuilder, Submit{}, 6).error, ActionError::Finished);
    EXPECT_EQ(state, before);
  }
}

TEST(Blueprint, RandomActionStormKeepsTheGridConsistentAndScoresInBounds) {
  for (int seed = 0; seed < kSeeds; ++seed) {
    Rng rng(static_cast<std::uint64_t>(seed));
    const auto difficulty = kAllDifficulties[static_cast<std::size_t>(seed) % kAllDifficulties.size()];
    BlueprintState state = fresh(static_cast<std::uint64_t>(seed), difficulty);
    const std::array<std::uint32_t, 3> actors = {kDescriber, kBuilder, kOutsider};
    const auto any_cell = [&] {
      return Cell{static_cast<std::uint8_t>(rng.below(state.puzzle.grid_size + 1U)),
                  static_cast<std::uint8_t>(rng.below(state.puzzle.grid_size + 1U))};
    };
    for (int i = 0; i < 200; ++i) {
      Action action;
      switch (rng.below(5)) {
        case 0: action = Place{static_cast<std::uint8_t>(rng.below(12)), any_cell()}; break;
        case 1: action = Move{any_cell(), any_cell()}; break;
        case 2: action = Remove{any_cell()}; break;
        case 3: action = RequestCheck{}; break;
        default: action = Place{static_cast<std::uint8_t>(rng.below(12)), any_cell()}; break;
      }
      const BlueprintState before = state;
      const std::int64_t now = i * 500;
      if (!apply(state, actors[rng.below(3)], action, now).ok()) {
        ASSERT_EQ(state, before);
      }
      std::set<std::int16_t> used;
      for (const std::int16_t slot : state.grid) {
        if (slot == kEmptyCell) continue;
        ASSERT_LT(static_cast<std::size_t>(slot), state.puzzle.tray.size());
        ASSERT_TRUE(used.insert(slot).second) << "a tray piece is on the grid twice";
      }
      const BlueprintScore s = score(state, now);
      ASSERT_LE(s.score, 100);
      ASSERT_LE(s.exact + s.partial, s.pieces);
      ASSERT_EQ(s.success, s.exact == s.pieces && s.extras == 0);
    }
  }
}

TEST(Blueprint, BuildersNeverSeeTheTargetAndTheDescriberSeesOnlyChecks) {
  for (int seed = 0; seed < kSeeds; ++seed) {
    BlueprintState state = fresh(static_cast<std::uint64_t>(seed), Difficulty::Hard);
    const Piece first = state.puzzle.target[0];
    ASSERT_TRUE(apply(state, kBuilder, Place{tray_index_of(state.puzzle, first.kind()), first.cell}, 0).ok());

    const BlueprintView builder = view_for(state, kBuilder, 1000);
    EXPECT_EQ(builder.role, Role::Builder);
    EXPECT_TRUE(builder.target.empty());
    EXPECT_EQ(builder.tray, state.puzzle.tray);
    EXPECT_EQ(builder.grid.size(), 1U);
    EXPECT_EQ(std::count(builder.tray_used.begin(), builder.tray_used.end(), true), 1);

    BlueprintView describer = view_for(state, kDescriber, 1000);
    EXPECT_EQ(describer.role, Role::Describer);
    EXPECT_EQ(describer.target, state.puzzle.target);
    EXPECT_TRUE(describer.grid.empty()) << "no check yet, so the describer sees no grid";
    EXPECT_FALSE(describer.has_check);
    EXPECT_TRUE(describer.tray.empty());

    ASSERT_TRUE(apply(state, kBuilder, RequestCheck{}, 2000).ok());
    ASSERT_TRUE(apply(state, kBuilder, Remove{first.cell}, 3000).ok());
    describer = view_for(state, kDescriber, 4000);
    EXPECT_TRUE(describer.has_check);
    ASSERT_EQ(describer.grid.size(), 1U) << "the check, not the live grid";
    EXPECT_EQ(describer.grid[0], first);
    EXPECT_EQ(view_for(state, kBuilder, 4000).grid.size(), 0U);

    const BlueprintView outsider = view_for(state, kOutsider, 4000);
    EXPECT_EQ(outsider.role, Role::Outsider);
    EXPECT_TRUE(outsider.target.empty() && outsider.grid.empty() && outsider.tray.empty());

    // The reveal: once finished, the builder may compare with the target.
    ASSERT_TRUE(apply(state, kBuilder, Submit{}, 5000).ok());
    EXPECT_EQ(view_for(state, kBuilder, 6000).target, state.puzzle.target);
    EXPECT_TRUE(view_for(state, kOutsider, 6000).target.empty());
  }
}

TEST(Blueprint, ScoringCountsExactPartialAndExtrasAndRewardsTimeAndUnusedChecks) {
  BlueprintState state = fresh(7, Difficulty::Hard);
  const Puzzle& puzzle = state.puzzle;
  EXPECT_EQ(score(state, 0).score, 0) << "an empty grid scores nothing, however fast";
  EXPECT_FALSE(score(state, 0).success);

  // Right piece, wrong cell: partial. Find a free cell that is not a target cell.
  std::vector<bool> target_cell(state.grid.size(), false);
  for (const Piece& p : puzzle.target) target_cell[cell_index(p.cell, puzzle.grid_size)] = true;
  Cell free_cell{};
  for (std::size_t i = 0; i < target_cell.size(); ++i) {
    if (!target_cell[i]) {
      free_cell = {static_cast<std::uint8_t>(i % puzzle.grid_size), static_cast<std::uint8_t>(i / puzzle.grid_size)};
      break;
    }
  }
  const Piece a = puzzle.target[0];
  ASSERT_TRUE(apply(state, kBuilder, Place{tray_index_of(puzzle, a.kind()), free_cell}, 0).ok());
  BlueprintScore s = score(state, 0);
  EXPECT_EQ(s.exact, 0);
  EXPECT_EQ(s.partial, 1);
  EXPECT_EQ(s.extras, 1) << "it also sits where the target has nothing";
  ASSERT_TRUE(apply(state, kBuilder, Move{free_cell, a.cell}, 0).ok());
  s = score(state, 0);
  EXPECT_EQ(s.exact, 1);
  EXPECT_EQ(s.partial, 0);
  EXPECT_EQ(s.extras, 0);

  // Right cell and shape, wrong colour: partial. Hard puzzles carry such decoys.
  bool found = false;
  for (std::uint64_t seed = 0; seed < 50 && !found; ++seed) {
    BlueprintState colour_state = fresh(seed, Difficulty::Hard);
    const Puzzle& p = colour_state.puzzle;
    for (const Piece& want : p.target) {
      for (std::size_t i = 0; i < p.tray.size() && !found; ++i) {
        const PieceKind k = p.tray[i];
        const bool in_target = std::any_of(p.target.begin(), p.target.end(),
                                           [&](const Piece& t) { return t.kind() == k; });
        if (in_target || k.shape != want.shape || k.colour == want.colour) continue;
        ASSERT_TRUE(apply(colour_state, kBuilder, Place{static_cast<std::uint8_t>(i), want.cell}, 0).ok());
        const BlueprintScore c = score(colour_state, 0);
        EXPECT_EQ(c.partial, 1);
        EXPECT_EQ(c.exact, 0);
        EXPECT_EQ(c.extras, 0);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);

  // Time left and unused checks raise the score of the same build.
  BlueprintState quick = fresh(3, Difficulty::Medium);
  solve(quick, 0);
  BlueprintState slow = quick;
  BlueprintState checked = quick;
  ASSERT_TRUE(apply(quick, kBuilder, Submit{}, 1000).ok());
  ASSERT_TRUE(apply(slow, kBuilder, Submit{}, slow.duration_ms - 1000).ok());
  ASSERT_TRUE(apply(checked, kBuilder, RequestCheck{}, 1000).ok());
  ASSERT_TRUE(apply(checked, kBuilder, Submit{}, 1000).ok());
  const BlueprintScore q = score(quick, 999'999);
  EXPECT_TRUE(q.success);
  EXPECT_GT(q.score, score(slow, 999'999).score);
  EXPECT_GT(q.score, score(checked, 999'999).score);
  EXPECT_GE(score(slow, 999'999).score, 70) << "a perfect build is worth at least the match weight";
  EXPECT_EQ(q.elapsed_ms, 1000);

  const ChallengeResult result = to_result(q);
  EXPECT_EQ(result.challenge, "blueprint");
  EXPECT_TRUE(result.success);
  EXPECT_EQ(result.score, q.score);
}

TEST(Blueprint, TimeRunsOutOnlyAtTheDeadline) {
  BlueprintState state = fresh(1, Difficulty::Easy);
  const std::int64_t deadline = state.started_ms + state.duration_ms;
  EXPECT_FALSE(expire_if_due(state, deadline - 1));
  EXPECT_EQ(state.phase, Phase::Building);
  EXPECT_TRUE(expire_if_due(state, deadline + 5000));
  EXPECT_EQ(state.phase, Phase::Finished);
  EXPECT_EQ(state.finished_ms, deadline);
  EXPECT_EQ(score(state, deadline + 99'000).time_left_ms, 0);
  EXPECT_FALSE(expire_if_due(state, deadline + 6000));
}

TEST(Blueprint, PairRoundSwapsRolesSoBothDescribeAndBothBuild) {
  BlueprintRound round = make_blueprint_round({kDescriber, kBuilder}, 42, Difficulty::Easy);
  ASSERT_EQ(puzzle_count(round), 2U);
  ASSERT_TRUE(start_next_puzzle(round, 0));
  EXPECT_FALSE(start_next_puzzle(round, 10)) << "not while the first puzzle is being built";
  BlueprintState* first = current_puzzle(round);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->describer_id, kDescriber);
  EXPECT_EQ(first->builder_ids, std::vector<std::uint32_t>{kBuilder});
  solve(*first, 100);
  ASSERT_TRUE(apply(*first, kBuilder, Submit{}, 100).ok());

  ASSERT_TRUE(start_next_puzzle(round, 200));
  BlueprintState* second = current_puzzle(round);
  EXPECT_EQ(second->describer_id, kBuilder);
  EXPECT_EQ(second->builder_ids, std::vector<std::uint32_t>{kDescriber});
  EXPECT_NE(second->puzzle.target, round.puzzles[0].puzzle.target);
  EXPECT_EQ(apply(*second, kBuilder, RequestCheck{}, 300).error, ActionError::NotBuilder);
  ASSERT_TRUE(apply(*second, kDescriber, Submit{}, 300).ok());
  EXPECT_FALSE(start_next_puzzle(round, 400)) << "both have described";

  const ChallengeResult result = round_result(round);
  EXPECT_FALSE(result.success) << "the second puzzle was left empty";
  EXPECT_EQ(result.score, score(round.puzzles[0], 0).score / 2 + score(round.puzzles[0], 0).score % 2);
}

TEST(Blueprint, TrioHasTwoBuildersOnOneGridAndEveryoneDescribesOnce) {
  BlueprintRound round = make_blueprint_round({kDescriber, kBuilder, kSecondBuilder}, 9, Difficulty::Medium);
  ASSERT_EQ(puzzle_count(round), 3U);
  std::set<std::uint32_t> describers;
  for (std::size_t k = 0; k < 3; ++k) {
    ASSERT_TRUE(start_next_puzzle(round, static_cast<std::int64_t>(k) * 1000));
    BlueprintState& state = *current_puzzle(round);
    describers.insert(state.describer_id);
    ASSERT_EQ(state.builder_ids.size(), 2U);
    // Both builders work on the same grid.
    const Piece p0 = state.puzzle.target[0];
    const Piece p1 = state.puzzle.target[1];
    const std::int64_t t = static_cast<std::int64_t>(k) * 1000 + 1;
    ASSERT_TRUE(apply(state, state.builder_ids[0], Place{tray_index_of(state.puzzle, p0.kind()), p0.cell}, t).ok());
    ASSERT_TRUE(apply(state, state.builder_ids[1], Place{tray_index_of(state.puzzle, p1.kind()), p1.cell}, t).ok());
    EXPECT_EQ(view_for(state, state.builder_ids[0], t).grid.size(), 2U);
    EXPECT_TRUE(view_for(state, state.builder_ids[1], t).target.empty());
    for (std::size_t i = 2; i < state.puzzle.target.size(); ++i) {
      const Piece p = state.puzzle.target[i];
      ASSERT_TRUE(apply(state, state.builder_ids[i % 2], Place{tray_index_of(state.puzzle, p.kind()), p.cell}, t).ok());
    }
    ASSERT_TRUE(apply(state, state.builder_ids[1], Submit{}, t).ok());
  }
  EXPECT_EQ(describers.size(), 3U);
  EXPECT_FALSE(start_next_puzzle(round, 9000));
  const ChallengeResult result = round_result(round);
  EXPECT_TRUE(result.success);
  EXPECT_GE(result.score, 95);
}

}  // namespace
}  // namespace rapport::blueprint
