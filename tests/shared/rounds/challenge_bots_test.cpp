#include "rapport/rounds/challenge_bots.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace rapport::bots {
namespace {

using blueprint::Cell;
using blueprint::Difficulty;
using blueprint::PieceKind;
using blueprint::Shape;

constexpr std::uint32_t kDescriber = 1;
constexpr std::uint32_t kBuilder = 2;
constexpr int kSeeds = 200;
constexpr std::int64_t kMsPerLine = 4000;  // a line said and acted on
constexpr int kMaxExchanges = 20;

Instruction parse_ok(std::string_view line, std::uint8_t n) {
  const auto parsed = parse_instruction(line, n);
  EXPECT_TRUE(parsed.has_value()) << line;
  return parsed.value_or(Instruction{});
}

TEST(ChallengeBots, BuilderUnderstandsManyPhrasings) {
  Instruction i = parse_ok("Put a blue star in the top-left corner", 3);
  EXPECT_EQ(i.kind, Instruction::Kind::Put);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Star, 5}));
  EXPECT_EQ(i.to, (Cell{0, 0}));

  i = parse_ok("row 2, column 3: orange circle", 4);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Circle, 1}));
  EXPECT_EQ(i.to, (Cell{2, 1}));

  i = parse_ok("  COLUMN three ROW one -- Sky Blue RINGS!! ", 3);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Ring, 2}));
  EXPECT_EQ(i.to, (Cell{2, 0}));

  i = parse_ok("light blue diamond, bottom right", 5);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Diamond, 2}));
  EXPECT_EQ(i.to, (Cell{4, 4}));

  i = parse_ok("a red square in the middle please", 5);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Square, 6}));
  EXPECT_EQ(i.to, (Cell{2, 2}));

  i = parse_ok("purple triangle: the top row, column 2", 4);
  EXPECT_EQ(i.to, (Cell{1, 0}));
  i = parse_ok("green star at the left column, 3rd row", 4);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Star, 3}));
  EXPECT_EQ(i.to, (Cell{0, 2}));

  i = parse_ok("Move the yellow ring from row 1, column 2 to the bottom-left corner.", 3);
  EXPECT_EQ(i.kind, Instruction::Kind::Put);
  EXPECT_EQ(i.piece, (PieceKind{Shape::Ring, 4}));
  EXPECT_EQ(i.from, (Cell{1, 0}));
  EXPECT_EQ(i.to, (Cell{0, 2}));

  i = parse_ok("move the piece from the middle to row 1 column 1", 3);
  EXPECT_FALSE(i.piece.has_value());
  EXPECT_EQ(i.from, (Cell{1, 1}));
  EXPECT_EQ(i.to, (Cell{0, 0}));

  i = parse_ok("Take away the black circle at row 3, column 1.", 3);
  EXPECT_EQ(i.kind, Instruction::Kind::Remove);
  EXPECT_EQ(i.from, (Cell{0, 2}));
  i = parse_ok("please remove the black circle", 3);
  EXPECT_EQ(i.kind, Instruction::Kind::Remove);
  EXPECT_FALSE(i.from.has_value());

  EXPECT_EQ(parse_ok("That's it, it all matches!", 3).kind, Instruction::Kind::Done);

  EXPECT_FALSE(parse_instruction("hi! how are you doing?", 3));
  EXPECT_FALSE(parse_instruction("blue star", 3)) << "no place";
  EXPECT_FALSE(parse_instruction("put a blue star at row 9, column 1", 3)) << "off the grid";
  EXPECT_FALSE(parse_instruction("a blue star in the middle", 4)) << "a 4x4 grid has no middle cell";
  EXPECT_FALSE(parse_instruction("", 3));
}

TEST(ChallengeBots, EveryDescribedCellAndPieceReadsBackTheSame) {
  for (const std::uint8_t n : {std::uint8_t{3}, std::uint8_t{4}, std::uint8_t{5}}) {
    for (std::uint8_t y = 0; y < n; ++y) {
      for (std::uint8_t x = 0; x < n; ++x) {
        for (std::uint32_t variant = 0; variant < 2; ++variant) {
          for (std::uint8_t colour = 0; colour < blueprint::kPaletteSize; ++colour) {
            for (int s = 0; s < static_cast<int>(Shape::kCount); ++s) {
              const PieceKind kind{static_cast<Shape>(s), colour};
              const std::string line = "Put " + piece_words(kind, true) + " at " + cell_words({x, y}, n, variant);
              const auto parsed = parse_instruction(line, n);
              ASSERT_TRUE(parsed) << line;
              ASSERT_EQ(parsed->piece, kind) << line;
              ASSERT_EQ(parsed->to, (Cell{x, y})) << line;
            }
          }
        }
      }
    }
  }
}

struct Playthrough {
  bool success = false;
  int lines = 0;
  int checks = 0;
  int refused = 0;
  std::uint8_t score = 0;
};

Playthrough play(std::uint64_t seed, Difficulty difficulty, double slip_rate) {
  blueprint::BlueprintState state =
      blueprint::start_blueprint(kDescriber, {kBuilder}, blueprint::generate_puzzle(seed, difficulty), 0);
  DescriberBot describer(seed);
  BuilderBot builder(seed ^ 0x5EEDULL, slip_rate);
  Playthrough result;
  std::int64_t now = 0;
  for (int exchange = 0; exchange < kMaxExchanges && state.phase == blueprint::Phase::Building; ++exchange) {
    const std::vector<std::string> said = describer.speak(blueprint::view_for(state, kDescriber, now));
    if (said.empty()) {
      const blueprint::Action next = builder.idle(blueprint::view_for(state, kBuilder, now));
      if (std::holds_alternative<blueprint::RequestCheck>(next)) ++result.checks;
      if (!blueprint::apply(state, kBuilder, next, now).ok()) ++result.refused;
      continue;
    }
    for (const std::string& line : said) {
      ++result.lines;
      now += kMsPerLine;
      for (const blueprint::Action& action : builder.hear(line, blueprint::view_for(state, kBuilder, now))) {
        if (!blueprint::apply(state, kBuilder, action, now).ok()) ++result.refused;
      }
    }
  }
  const blueprint::BlueprintScore s = blueprint::score(state, now);
  result.success = s.success && state.phase == blueprint::Phase::Finished;
  result.score = s.score;
  return result;
}

TEST(ChallengeBots, DescriberAndBuilderSolveEveryDifficultyFor200Seeds) {
  for (const Difficulty difficulty : {Difficulty::Easy, Difficulty::Medium, Difficulty::Hard}) {
    const int pieces = blueprint::difficulty_spec(difficulty).pieces;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const Playthrough p = play(static_cast<std::uint64_t>(seed), difficulty, 0.0);
      ASSERT_TRUE(p.success) << blueprint::difficulty_name(difficulty) << " seed " << seed;
      // One line per piece, one check, then "it all matches".
      ASSERT_EQ(p.lines, pieces + 1) << blueprint::difficulty_name(difficulty) << " seed " << seed;
      ASSERT_EQ(p.checks, 1);
      ASSERT_EQ(p.refused, 0) << "the builder bot only sends valid actions";
      ASSERT_GE(p.score, 80);
    }
  }
}

TEST(ChallengeBots, ChecksAndCorrectionsRecoverFromASlippingBuilder) {
  for (const Difficulty difficulty : {Difficulty::Easy, Difficulty::Medium, Difficulty::Hard}) {
    const int pieces = blueprint::difficulty_spec(difficulty).pieces;
    int solved = 0;
    int max_lines = 0;
    int total_score = 0;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const Playthrough p = play(static_cast<std::uint64_t>(seed), difficulty, 0.25);
      solved += p.success ? 1 : 0;
      max_lines = std::max(max_lines, p.lines);
      total_score += p.score;
      ASSERT_EQ(p.refused, 0);
      ASSERT_LE(p.lines, 3 * pieces + 3) << "seed " << seed;
    }
    std::printf("[ slipping builder ] %s: %d/%d solved, at most %d lines, mean score %d\n",
                std::string(blueprint::difficulty_name(difficulty)).c_str(), solved, kSeeds, max_lines,
                total_score / kSeeds);
    EXPECT_GE(solved, kSeeds * 9 / 10) << blueprint::difficulty_name(difficulty);
  }
}

TEST(ChallengeBots, DescriberSpeaksOnlyWhenThereIsSomethingNew) {
  blueprint::BlueprintState state =
      blueprint::start_blueprint(kDescriber, {kBuilder}, blueprint::generate_puzzle(3, Difficulty::Medium), 0);
  DescriberBot describer(3);
  EXPECT_EQ(describer.speak(blueprint::view_for(state, kDescriber, 0)).size(), state.puzzle.target.size());
  EXPECT_TRUE(describer.speak(blueprint::view_for(state, kDescriber, 0)).empty());
  ASSERT_TRUE(blueprint::apply(state, kBuilder, blueprint::RequestCheck{}, 10).ok());
  const std::vector<std::string> fixes = describer.speak(blueprint::view_for(state, kDescriber, 10));
  EXPECT_EQ(fixes.size(), state.puzzle.target.size()) << "an empty check: every piece again";
  EXPECT_TRUE(describer.speak(blueprint::view_for(state, kDescriber, 20)).empty());
  // Bots in the wrong seat do nothing.
  BuilderBot builder(1);
  EXPECT_TRUE(describer.speak(blueprint::view_for(state, kBuilder, 20)).empty());
  EXPECT_TRUE(builder.hear(fixes[0], blueprint::view_for(state, kDescriber, 20)).empty());
}

in_step::InStepState run_in_step_bots(std::uint64_t seed, const std::vector<std::uint32_t>& members) {
  in_step::InStepState state = in_step::start_in_step(members, in_step::generate_course(seed));
  std::uint32_t sequence = 0;
  while (state.phase == in_step::Phase::Walking) {
    ++sequence;
    std::vector<in_step::MemberInput> inputs;
    for (const in_step::Avatar& self : state.avatars) {
      std::vector<in_step::Vec2> partners;
      for (const in_step::Avatar& other : state.avatars) {
        if (other.player_id != self.player_id) partners.push_back(other.position);
      }
      const Steer steer =
          steer_in_step(self.position, partners, state.course.waypoints[state.next_waypoint]);
      inputs.push_back({self.player_id, {sequence, steer.dx, steer.dy, state.tick}});
    }
    (void)in_step::step(state, inputs, in_step::kTickMs);
  }
  return state;
}

TEST(ChallengeBots, TwoInStepBotsCompleteTheCourseFor200Seeds) {
  double worst_in_step = 1.0;
  int lowest_score = 100;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const in_step::InStepScore s = in_step::score(run_in_step_bots(static_cast<std::uint64_t>(seed), {7, 8}));
    ASSERT_TRUE(s.success) << "seed " << seed;
    worst_in_step = std::min(worst_in_step, s.in_step_fraction);
    lowest_score = std::min(lowest_score, static_cast<int>(s.score));
  }
  std::printf("[ in step bots ] worst in-step fraction %.3f, lowest score %d\n", worst_in_step, lowest_score);
  EXPECT_GE(worst_in_step, 0.9);
  EXPECT_GE(lowest_score, 85);
}

TEST(ChallengeBots, ThreeInStepBotsCompleteTheCourseToo) {
  for (int seed = 0; seed < 50; ++seed) {
    EXPECT_TRUE(in_step::score(run_in_step_bots(static_cast<std::uint64_t>(seed), {7, 8, 9})).success)
        << "seed " << seed;
  }
}

TEST(ChallengeBots, InStepBotWaitsWhenAheadAndTheOneBehindNeverWaits) {
  const in_step::Vec2 waypoint{15'000, 6000};
  const in_step::Vec2 near{12'000, 6000};
  const in_step::Vec2 far{6000, 6000};
  const std::vector<in_step::Vec2> behind = {far};
  const std::vector<in_step::Vec2> ahead = {near};
  const Steer waiting = steer_in_step(near, behind, waypoint);
  EXPECT_EQ(waiting.dx, 0);
  EXPECT_EQ(waiting.dy, 0);
  const Steer catching_up = steer_in_step(far, ahead, waypoint);
  EXPECT_EQ(catching_up.dx, in_step::kAxisMax);
  EXPECT_EQ(catching_up.dy, 0);
  // Well inside the waypoint it stops and waits for the others.
  const Steer arrived = steer_in_step({14'700, 6000}, ahead, waypoint);
  EXPECT_EQ(arrived.dx, 0);
  EXPECT_EQ(arrived.dy, 0);
}

}  // namespace
}  // namespace rapport::bots
