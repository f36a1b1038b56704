#include "rapport/rounds/role_play/role_play.hpp"

#include "rapport/build_info.hpp"
#include "rapport/protocol/messages.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <vector>

namespace rapport {
namespace {

ScenarioRole make_role(std::string id, std::string goal, std::string feeling) {
  ScenarioRole role;
  role.id = id;
  role.title = "Title of " + id;
  role.card = {"I am " + id, "I want things", {"fact one", "fact two"}, std::move(feeling),
               std::move(goal), {"How are you?"}};
  return role;
}

// A pair scenario: goals/feelings at option 0 for role 0, option 1 for role 1.
Scenario pair_scenario() {
  Scenario s;
  s.id = "test-pair";
  s.audiences = {Audience::Classroom};
  s.goal_options = {"Goal A", "Goal B", "Goal C", "Goal D"};
  s.feeling_options = {"Feel A", "Feel B", "Feel C", "Feel D"};
  s.roles = {make_role("a", "Goal A", "Feel A"), make_role("b", "Goal B", "Feel B")};
  return s;
}

Scenario trio_scenario() {
  Scenario s = pair_scenario();
  s.id = "test-trio";
  s.roles.push_back(make_role("c", "Goal C", "Feel C"));
  return s;
}

Scenario repair_scenario() {
  Scenario s = pair_scenario();
  s.id = "test-repair";
  s.repair = true;
  s.roles[1].repairs = true;  // role "b" repairs
  s.repair_cues = {{"I understand", "that must have been"}, {"sorry", "apolog*"}, {"I will", "I'll"}};
  return s;
}

constexpr std::uint64_t kSeed = 42;
const std::vector<std::uint32_t> kPair{7, 3};
const std::vector<std::uint32_t> kTrio{7, 3, 11};
constexpr std::uint32_t kOutsider = 99;

RolePlayState started(const Scenario& s, const std::vector<std::uint32_t>& members,
                      std::uint8_t scene = 0) {
  auto outcome = start_role_play(s, members, kSeed, scene, 0);
  EXPECT_TRUE(outcome.ok()) << outcome.error.text;
  return *outcome.value;
}

RolePlayState in_phase(RolePlayState state, RolePlayPhase phase) {
  state.phase = phase;
  return state;
}

std::uint8_t role_of(const RolePlayState& state, std::uint32_t player) {
  const RolePlayMember* m = member_of(state, player);
  EXPECT_NE(m, nullptr);
  return m ? m->role : kObserverRole;
}

// The guess that is exactly right about `target`.
RolePlayGuess right_guess(const RolePlayState& state, std::uint32_t guesser, std::uint32_t target) {
  const std::uint8_t role = role_of(state, target);
  return {guesser, target, role, role};  // the test scenarios keep role i at option i
}

// ---- roles ------------------------------------------------------------------

TEST(RolePlayStart, AssignsEachRoleOnceAndDeterministically) {
  const Scenario s = pair_scenario();
  const RolePlayState a = started(s, kPair);
  const RolePlayState b = started(s, {3, 7});  // input order does not matter
  EXPECT_EQ(a, b);
  std::set<std::uint8_t> roles{role_of(a, 3), role_of(a, 7)};
  EXPECT_EQ(roles, (std::set<std::uint8_t>{0, 1}));
  EXPECT_EQ(a.phase, RolePlayPhase::Briefing);
  EXPECT_EQ(a.scenario_id, "test-pair");
}

TEST(RolePlayStart, SeedDecidesWhoPlaysWhich) {
  const Scenario s = pair_scenario();
  std::set<std::uint8_t> roles_of_3;
  for (std::uint64_t seed = 0; seed < 32; ++seed) {
    roles_of_3.insert(role_of(*start_role_play(s, kPair, seed, 0, 0).value, 3));
  }
  EXPECT_EQ(roles_of_3.size(), 2u);
}

TEST(RolePlayStart, SecondSceneSwapsAPairsRoles) {
  const Scenario s = pair_scenario();
  const RolePlayState first = started(s, kPair);
  const auto second = start_next_scene(s, first, 1000);
  ASSERT_TRUE(second.ok()) << second.error.text;
  EXPECT_EQ(second.value->scene, 1);
  EXPECT_EQ(second.value->phase_started_ms, 1000);
  EXPECT_EQ(role_of(*second.value, 3), role_of(first, 7));
  EXPECT_EQ(role_of(*second.value, 7), role_of(first, 3));
  const auto third = start_next_scene(s, *second.value, 2000);
  EXPECT_FALSE(third.ok());
  EXPECT_EQ(third.error.code, RolePlayErrorCode::BadGroup);
}

TEST(RolePlayStart, TrioWithoutThirdRoleHasAnObserverWhoRotatesIn) {
  const Scenario s = pair_scenario();
  const RolePlayState first = started(s, kTrio);
  const RolePlayState second = started(s, kTrio, 1);
  std::multiset<std::uint8_t> roles;
  for (auto p : kTrio) {
    roles.insert(role_of(first, p));
    EXPECT_NE(role_of(first, p), role_of(second, p)) << "player " << p << " kept their role";
  }
  EXPECT_EQ(roles, (std::multiset<std::uint8_t>{0, 1, kObserverRole}));
}

TEST(RolePlayStart, TrioUsesTheScenariosThirdRole) {
  const RolePlayState state = started(trio_scenario(), kTrio);
  std::set<std::uint8_t> roles;
  for (auto p : kTrio) roles.insert(role_of(state, p));
  EXPECT_EQ(roles, (std::set<std::uint8_t>{0, 1, 2}));
  // A pair playing a trio scenario uses only the first two roles.
  const RolePlayState pair = started(trio_scenario(), kPair);
  EXPECT_LT(role_of(pair, 3), 2);
  EXPECT_LT(role_of(pair, 7), 2);
}

TEST(RolePlayStart, RejectsGroupsThatCannotPlay) {
  const Scenario s = pair_scenario();
  EXPECT_EQ(start_role_play(s, std::vector<std::uint32_t>{1}, kSeed, 0, 0).error.code,
            RolePlayErrorCode::BadGroup);
  EXPECT_EQ(start_role_play(s, std::vector<std::uint32_t>{1, 2, 3, 4}, kSeed, 0, 0).error.code,
            RolePlayErrorCode::BadGroup);
  EXPECT_EQ(start_role_play(s, std::vector<std::uint32_t>{5, 5}, kSeed, 0, 0).error.code,
            RolePlayErrorCode::BadGroup);
  EXPECT_EQ(start_role_play(s, kPair, kSeed, kRolePlayScenes, 0).error.code,
            RolePlayErrorCode::BadGroup);
}

// ---- phases -----------------------------------------------------------------

TEST(RolePlayPhases, AdvanceByTimeFromPhaseBoundaries) {
  const RolePlayTimings t{1000, 5000, 2000, 3000};
  const RolePlayState start = started(pair_scenario(), kPair);
  EXPECT_EQ(advance_time(start, t, 999).phase, RolePlayPhase::Briefing);
  const RolePlayState acting = advance_time(start, t, 1000);
  EXPECT_EQ(acting.phase, RolePlayPhase::Acting);
  EXPECT_EQ(phase_ends_at(acting, t), 6000);
  // A late tick lands in the right phase with the right start time.
  const RolePlayState guessing = advance_time(start, t, 6500);
  EXPECT_EQ(guessing.phase, RolePlayPhase::Guessing);
  EXPECT_EQ(guessing.phase_started_ms, 6000);
  EXPECT_EQ(advance_time(start, t, 8000).phase, RolePlayPhase::Reveal);
  const RolePlayState done = advance_time(start, t, 1'000'000);
  EXPECT_EQ(done.phase, RolePlayPhase::Done);
  EXPECT_EQ(done.phase_started_ms, 11000);
  EXPECT_EQ(advance_time(done, t, 2'000'000), done);
}

// ---- cards ------------------------------------------------------------------

TEST(RolePlayCards, PartnerCardStaysSecretUntilTheReveal) {
  const Scenario s = pair_scenario();
  const RolePlayState base = started(s, kPair);
  for (auto phase : {RolePlayPhase::Briefing, RolePlayPhase::Acting, RolePlayPhase::Guessing}) {
    const RolePlayState state = in_phase(base, phase);
    const auto own = card_for(s, state, 3, 3);
    ASSERT_TRUE(own.ok()) << phase_name(phase);
    EXPECT_EQ(*own.value, s.roles[role_of(state, 3)].card);
    const auto partner = card_for(s, state, 3, 7);
    EXPECT_FALSE(partner.ok()) << phase_name(phase);
    EXPECT_EQ(partner.error.code, RolePlayErrorCode::CardHidden);
    EXPECT_FALSE(partner.error.text.empty());
  }
  for (auto phase : {RolePlayPhase::Reveal, RolePlayPhase::Done}) {
    const auto partner = card_for(s, in_phase(base, phase), 3, 7);
    ASSERT_TRUE(partner.ok()) << phase_name(phase);
    EXPECT_EQ(*partner.value, s.roles[role_of(base, 7)].card);
  }
  const RolePlayState reveal = in_phase(base, RolePlayPhase::Reveal);
  EXPECT_EQ(card_for(s, reveal, kOutsider, 7).error.code, RolePlayErrorCode::NotInGroup);
  EXPECT_EQ(card_for(s, reveal, 3, kOutsider).error.code, RolePlayErrorCode::NotInGroup);
}

TEST(RolePlayCards, ObserverGetsTheObserverCardAndNoSneakPeek) {
  const Scenario s = pair_scenario();
  const RolePlayState state = started(s, kTrio);
  std::uint32_t observer = 0;
  std::uint32_t actor = 0;
  for (auto p : kTrio) (role_of(state, p) == kObserverRole ? observer : actor) = p;
  const auto own = card_for(s, state, observer, observer);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(*own.value, observer_card(s));
  EXPECT_TRUE(own.value->facts.empty());
  EXPECT_EQ(card_for(s, state, observer, actor).error.code, RolePlayErrorCode::CardHidden);
}

// ---- guesses ----------------------------------------------------------------

TEST(RolePlayGuesses, IllegalGuessesAreRejectedAndChangeNothing) {
  using Code = RolePlayErrorCode;
  const Scenario s = pair_scenario();
  const RolePlayState base = started(s, kPair);
  const RolePlayGuess good{3, 7, 0, 0};
  const auto rejected = [&](const RolePlayState& state, const RolePlayGuess& g) {
    const auto outcome = submit_guess(s, state, g, 0);
    EXPECT_FALSE(outcome.ok());
    EXPECT_FALSE(outcome.error.text.empty());
    return outcome.error.code;
  };
  EXPECT_EQ(rejected(in_phase(base, RolePlayPhase::Acting), good), Code::GuessingNotOpen);
  EXPECT_EQ(rejected(in_phase(base, RolePlayPhase::Reveal), good), Code::GuessingClosed);
  EXPECT_EQ(rejected(in_phase(base, RolePlayPhase::Done), good), Code::GuessingClosed);
  const RolePlayState guessing = in_phase(base, RolePlayPhase::Guessing);
  EXPECT_EQ(rejected(guessing, {3, 3, 0, 0}), Code::GuessForSelf);
  EXPECT_EQ(rejected(guessing, {kOutsider, 7, 0, 0}), Code::NotInGroup);
  EXPECT_EQ(rejected(guessing, {3, kOutsider, 0, 0}), Code::NotInGroup);
  EXPECT_EQ(rejected(guessing, {3, 7, 4, 0}), Code::UnknownOption);
  EXPECT_EQ(rejected(guessing, {3, 7, 0, 200}), Code::UnknownOption);
  const auto once = submit_guess(s, guessing, good, 0);
  ASSERT_TRUE(once.ok()) << once.error.text;
  EXPECT_EQ(once.value->phase, RolePlayPhase::Guessing);  // 7 has not guessed yet
  EXPECT_EQ(rejected(*once.value, {3, 7, 1, 1}), Code::AlreadyGuessed);
  EXPECT_EQ(once.value->guesses.size(), 1u);
}

TEST(RolePlayGuesses, ObserverIsNoGuessTargetButGuessesBothActors) {
  const Scenario s = pair_scenario();
  const RolePlayState state = in_phase(started(s, kTrio), RolePlayPhase::Guessing);
  std::uint32_t observer = 0;
  std::vector<std::uint32_t> actors;
  for (auto p : kTrio) {
    if (role_of(state, p) == kObserverRole) {
      observer = p;
    } else {
      actors.push_back(p);
    }
  }
  EXPECT_EQ(guess_targets(state, observer).size(), 2u);
  EXPECT_EQ(guess_targets(state, actors[0]), std::vector<std::uint32_t>{actors[1]});
  EXPECT_EQ(submit_guess(s, state, {actors[0], observer, 0, 0}, 0).error.code,
            RolePlayErrorCode::NotAGuessTarget);
}

TEST(RolePlayGuesses, LastGuessOpensTheReveal) {
  const Scenario s = pair_scenario();
  RolePlayState state = in_phase(started(s, kPair), RolePlayPhase::Guessing);
  state = *submit_guess(s, state, {3, 7, 0, 0}, 100).value;
  EXPECT_FALSE(all_guesses_in(state));
  state = *submit_guess(s, state, {7, 3, 1, 1}, 250).value;
  EXPECT_TRUE(all_guesses_in(state));
  EXPECT_EQ(state.phase, RolePlayPhase::Reveal);
  EXPECT_EQ(state.phase_started_ms, 250);
  EXPECT_TRUE(card_for(s, state, 3, 7).ok());
}

// ---- scoring ----------------------------------------------------------------

TEST(RolePlayScoring, AccuracyAndEmpathyFollowTheGuesses) {
  const Scenario s = pair_scenario();
  RolePlayState state = in_phase(started(s, kPair), RolePlayPhase::Guessing);
  state = *submit_guess(s, state, right_guess(state, 3, 7), 0).value;  // both right
  RolePlayGuess half = right_guess(state, 7, 3);
  half.feeling_option = static_cast<std::uint8_t>((half.feeling_option + 1) % 4);  // feeling wrong
  state = *submit_guess(s, state, half, 0).value;
  const RolePlayResults r = score_role_play(s, state, {});
  ASSERT_EQ(r.accuracy.size(), 2u);
  for (const auto& a : r.accuracy) {
    EXPECT_EQ(a.guesses_made, 1u);
    EXPECT_DOUBLE_EQ(a.accuracy, a.player_id == 3 ? 1.0 : 0.5);
  }
  EXPECT_DOUBLE_EQ(r.empathy, 0.75);
  EXPECT_EQ(r.score, 75);
  EXPECT_TRUE(r.success);
  ASSERT_EQ(r.guesses.size(), 2u);
  EXPECT_TRUE(r.guesses[1].goal_correct);
  EXPECT_FALSE(r.guesses[1].feeling_correct);
  EXPECT_EQ(r.roles.size(), 2u);
  EXPECT_EQ(r.scenario_id, "test-pair");
}

TEST(RolePlayScoring, MissingGuessScoresZero) {
  const Scenario s = pair_scenario();
  RolePlayState state = in_phase(started(s, kPair), RolePlayPhase::Guessing);
  RolePlayGuess wrong = right_guess(state, 3, 7);
  wrong.goal_option = static_cast<std::uint8_t>((wrong.goal_option + 2) % 4);
  state = *submit_guess(s, state, wrong, 0).value;  // feeling right only; 7 never guesses
  const RolePlayResults r = score_role_play(s, state, {});
  EXPECT_DOUBLE_EQ(r.empathy, 0.25);
  EXPECT_EQ(r.score, 25);
  EXPECT_FALSE(r.success);
}

TEST(RolePlayScoring, ObserverGuessesDoNotChangeEmpathy) {
  const Scenario s = pair_scenario();
  RolePlayState state = in_phase(started(s, kTrio), RolePlayPhase::Guessing);
  std::uint32_t observer = 0;
  for (auto p : kTrio) observer = role_of(state, p) == kObserverRole ? p : observer;
  for (auto target : guess_targets(state, observer)) {
    state = *submit_guess(s, state, right_guess(state, observer, target), 0).value;
  }
  const RolePlayResults r = score_role_play(s, state, {});
  EXPECT_DOUBLE_EQ(r.empathy, 0.0);
  for (const auto& a : r.accuracy) EXPECT_DOUBLE_EQ(a.accuracy, a.player_id == observer ? 1.0 : 0.0);
  for (const auto& role : r.roles) EXPECT_EQ(role.observer, role.player_id == observer);
}

// ---- repair cues ------------------------------------------------------------

TEST(RepairCues, FindsEachKindWithAReason) {
  const Scenario s = repair_scenario();
  const std::vector<std::string> lines{"I understand, you waited all morning.",
                                       "I'm so SORRY about that.", "I’ll call the depot now."};
  const RepairCueReport report = detect_repair_cues(s.repair_cues, lines);
  EXPECT_EQ(report.kinds_found(), 3u);
  EXPECT_DOUBLE_EQ(report.coverage(), 1.0);
  ASSERT_EQ(report.hits.size(), 3u);
  EXPECT_EQ(report.hits[0].kind, RepairCueKind::Acknowledge);
  EXPECT_EQ(report.hits[1].line, 1u);
  EXPECT_EQ(report.hits[2].cue, "I'll");  // curly apostrophe read as straight
  for (const auto& hit : report.hits) EXPECT_NE(hit.reason.find(hit.cue), std::string::npos);
}

TEST(RepairCues, WholeWordsPrefixesNegationAndRepeats) {
  const RepairCues cues = repair_scenario().repair_cues;
  const auto kinds = [&](std::string line) {
    return detect_repair_cues(cues, std::vector<std::string>{std::move(line)}).kinds_found();
  };
  EXPECT_EQ(kinds("I willow the tree"), 0u);           // not the word "will"
  EXPECT_EQ(kinds("Please accept my apologies"), 1u);  // "apolog*"
  EXPECT_EQ(kinds("I'm not sorry at all"), 0u);
  EXPECT_EQ(kinds("I will not do that"), 0u);
  EXPECT_EQ(kinds("No, sorry, my mistake"), 1u);  // punctuation is not a negation
  const RepairCueReport repeated =
      detect_repair_cues(cues, std::vector<std::string>{"sorry sorry sorry", "sorry!"});
  EXPECT_EQ(repeated.lines_with[static_cast<std::size_t>(RepairCueKind::Apologise)], 2u);
  EXPECT_EQ(repeated.hits.size(), 2u);
}

TEST(RepairCues, OnlyTheRepairingRoleCountsAndBothEssentialsAreNeeded) {
  const Scenario s = repair_scenario();
  RolePlayState state = in_phase(started(s, kPair), RolePlayPhase::Reveal);
  const std::uint32_t repairer = role_of(state, 3) == 1 ? 3 : 7;
  const std::uint32_t upset = repairer == 3 ? 7 : 3;
  const std::vector<SceneLine> customer_only{{upset, "I understand you are busy, but I will complain."}};
  const RolePlayResults none = score_role_play(s, state, customer_only);
  EXPECT_EQ(none.repair_cues_found.kinds_found(), 0u);
  EXPECT_FALSE(none.success);

  const std::vector<SceneLine> apology_only{{repairer, "Sorry."}};
  EXPECT_FALSE(score_role_play(s, state, apology_only).success);

  const std::vector<SceneLine> repaired{{repairer, "That must have been a long wait."},
                                       {upset, "It was."},
                                       {repairer, "I will book a courier for tomorrow morning."}};
  const RolePlayResults r = score_role_play(s, state, repaired);
  EXPECT_TRUE(r.success);
  EXPECT_FALSE(r.repair_cues_found.has(RepairCueKind::Apologise));
  // No guesses: score is the repair half only, without the apology's weight.
  EXPECT_EQ(r.score, static_cast<std::uint8_t>(
                         std::lround(100.0 * kRepairShareOfScore *
                                     (kRepairWeightAcknowledge + kRepairWeightCommit))));
}

TEST(RepairCues, ShippedRepairScenarioRewardsARealRepair) {
  const char* env = std::getenv("RAPPORT_ASSETS");
  const std::filesystem::path assets = env && *env ? env : build::kAssetsDir;
  const auto loaded = load_scenario(assets / "scenarios" / "late-delivery.json");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const Scenario& s = loaded.scenarios.front();
  const RolePlayState state = in_phase(started(s, kPair), RolePlayPhase::Reveal);
  const std::uint32_t agent = s.roles[role_of(state, 3)].repairs ? 3 : 7;
  const std::vector<SceneLine> dismissive{{agent, "The depot is not my department."},
                                         {agent, "You can try calling again next week."}};
  const std::vector<SceneLine> caring{
      {agent, "You took the morning off and nothing came. That must have been so frustrating."},
      {agent, "I'm really sorry, that was our mistake."},
      {agent, "I'll book a courier for Saturday morning and call you myself when it leaves."}};
  const RolePlayResults bad = score_role_play(s, state, dismissive);
  const RolePlayResults good = score_role_play(s, state, caring);
  EXPECT_FALSE(bad.success);
  EXPECT_TRUE(good.success);
  EXPECT_EQ(good.repair_cues_found.kinds_found(), 3u);
  EXPECT_GT(good.score, bad.score);
}

// The server journals and snapshots round state; it must survive a round trip.
TEST(RolePlayState, SurvivesACerealRoundTrip) {
  const Scenario s = pair_scenario();
  RolePlayState state = in_phase(started(s, kTrio), RolePlayPhase::Guessing);
  state.phase_started_ms = 123'456'789'000;
  const std::uint32_t guesser = state.members[0].player_id;
  state = *submit_guess(s, state, {guesser, guess_targets(state, guesser)[0], 2, 3}, 0).value;
  std::stringstream bytes;
  {
    cereal::PortableBinaryOutputArchive out(bytes);
    out(state);
  }
  RolePlayState back;
  cereal::PortableBinaryInputArchive in(bytes);
  in(back);
  EXPECT_EQ(back, state);
}

// ---- first impressions ------------------------------------------------------

TEST(FirstImpression, ALittleSmarterIsBestAndFarOffIsWorst) {
  for (int code = 0; code <= kMaxDressCode; ++code) {
    const auto at = [&](int formality) {
      return first_impression(static_cast<std::uint8_t>(formality), static_cast<std::uint8_t>(code));
    };
    const int ideal = std::min<int>(code + 1, kMaxDressCode);
    for (int f = 0; f <= kMaxDressCode; ++f) {
      const FirstImpression impression = at(f);
      EXPECT_GE(impression.value, -1.0);
      EXPECT_LE(impression.value, 1.0);
      EXPECT_FALSE(impression.reason.empty());
      EXPECT_LE(impression.value, at(ideal).value) << "code " << code << " formality " << f;
      // Monotone: rising up to the ideal, falling after it.
      if (f > 0 && f <= ideal) {
        EXPECT_GT(impression.value, at(f - 1).value) << code << "/" << f;
      }
      if (f > ideal) {
        EXPECT_LT(impression.value, at(f - 1).value) << code << "/" << f;
      }
      if (std::abs(f - code) >= 3) {
        EXPECT_LT(impression.value, 0.0) << code << "/" << f;
      }
    }
    if (code < kMaxDressCode) {
      EXPECT_DOUBLE_EQ(at(code + 1).value, 1.0);
    }
    EXPECT_GT(at(code).value, 0.0);  // matching is good
  }
  EXPECT_DOUBLE_EQ(first_impression(0, 4).value, -1.0);
  EXPECT_DOUBLE_EQ(first_impression(4, 0).value, -1.0);
  // Out-of-range formality is read as formal, never as an index past the table.
  EXPECT_EQ(first_impression(200, 4).value, first_impression(4, 4).value);
}

}  // namespace
}  // namespace rapport
