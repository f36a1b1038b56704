#include "rapport/rounds/common_ground/common_ground.hpp"

#include "rapport/build_info.hpp"
#include "rapport/content/deck.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace rapport {
namespace {

constexpr std::uint32_t kAna = 11;
constexpr std::uint32_t kBen = 12;
constexpr std::uint32_t kCai = 13;
constexpr std::uint32_t kStranger = 99;
constexpr std::int64_t kStart = 1'000'000;

// `count` categories, each with a starter and prompts at depths 1, 2 and 3.
Deck make_deck(std::size_t count) {
  Deck deck;
  deck.id = "test";
  deck.title = "Test";
  for (std::size_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    DeckCategory c;
    c.id = "cat" + n;
    c.title = "Topic " + n;
    c.starter = "What is starter " + n + "?";
    c.profile_question = "Which thing " + n + "?";
    for (int depth = 1; depth <= 3; ++depth) {
      c.prompts.push_back({"What is prompt " + n + " at depth " + std::to_string(depth) + "?", depth});
    }
    deck.categories.push_back(std::move(c));
  }
  deck.synonyms = {{"new york city", "new york", "nyc"}, {"football", "soccer"}};
  return deck;
}

CommonGroundState pair_round(const Deck& deck, std::uint64_t seed = 7) {
  auto state = start_round(deck, {kAna, kBen}, {}, GridOptions{}, seed, kStart);
  EXPECT_TRUE(state.has_value());
  return state.value_or(CommonGroundState{});
}

TEST(CommonGround, StartRoundDrawsAGridOfDistinctCategories) {
  const Deck deck = make_deck(14);
  const CommonGroundState state = pair_round(deck);
  ASSERT_EQ(state.cells.size(), 9u);
  EXPECT_EQ(state.side, 3u);
  EXPECT_EQ(state.members, (std::vector<std::uint32_t>{kAna, kBen}));
  EXPECT_EQ(state.ends_ms, kStart + GridOptions{}.duration_ms);
  std::set<std::string> ids;
  for (const GridCell& cell : state.cells) {
    ids.insert(cell.category_id);
    EXPECT_EQ(cell.state, CellState::Empty);
    const DeckCategory* c = deck.category(cell.category_id);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(cell.category_title, c->title);
    EXPECT_EQ(cell.depth, 1);  // nothing seen yet: the lightest question
    EXPECT_TRUE(is_open_ended(cell.question)) << cell.question;
  }
  EXPECT_EQ(ids.size(), 9u);
}

TEST(CommonGround, StartRoundIsDeterministicPerSeed) {
  const Deck deck = make_deck(20);
  EXPECT_EQ(pair_round(deck, 42), pair_round(deck, 42));
  bool any_differs = false;
  for (std::uint64_t seed = 1; seed < 6; ++seed) any_differs = any_differs || !(pair_round(deck, seed) == pair_round(deck, 42));
  EXPECT_TRUE(any_differs);
}

TEST(CommonGround, StartRoundRefusesImpossibleGrids) {
  const Deck deck = make_deck(9);
  EXPECT_FALSE(start_round(make_deck(8), {kAna, kBen}, {}, GridOptions{}, 1, kStart).has_value());
  EXPECT_FALSE(start_round(deck, {kAna}, {}, GridOptions{}, 1, kStart).has_value());
  EXPECT_FALSE(start_round(deck, {1, 2, 3, 4, 5}, {}, GridOptions{}, 1, kStart).has_value());
  GridOptions big;
  big.side = 4;
  EXPECT_FALSE(start_round(deck, {kAna, kBen}, {}, big, 1, kStart).has_value());
  GridOptions tiny;
  tiny.side = 1;
  EXPECT_FALSE(start_round(deck, {kAna, kBen}, {}, tiny, 1, kStart).has_value());
  GridOptions two;
  two.side = 2;
  const auto small = start_round(deck, {kAna, kBen, kCai}, {}, two, 1, kStart);
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->cells.size(), 4u);
}

TEST(CommonGround, LaterGridsAvoidCategoriesThePairHasSeen) {
  const Deck deck = make_deck(18);
  SeenPrompts ana;
  SeenPrompts ben;
  const auto first = start_round(deck, {kAna, kBen}, {&ana, &ben}, GridOptions{}, 3, kStart);
  ASSERT_TRUE(first);
  mark_seen(ana, *first);
  mark_seen(ben, *first);
  const auto second = start_round(deck, {kAna, kBen}, {&ana, &ben}, GridOptions{}, 4, kStart);
  ASSERT_TRUE(second);
  for (const GridCell& cell : second->cells) EXPECT_FALSE(ana.categories.contains(cell.category_id)) << cell.category_id;
}

TEST(CommonGround, NoParticipantSeesTheSameQuestionTwiceAndDepthRises) {
  // 9 categories x (starter + 3 prompts at depths 1, 2, 3) = 36 questions: four rounds of nine.
  const Deck deck = make_deck(9);
  SeenPrompts ana;
  std::set<std::string> shown;
  const int expected_depth[] = {1, 1, 2, 3};
  for (std::uint32_t round = 0; round < 4; ++round) {
    SeenPrompts partner;  // a new partner each rotation
    const auto state = start_round(deck, {kAna, 100 + round}, {&ana, &partner}, GridOptions{}, round, kStart);
    ASSERT_TRUE(state);
    for (const GridCell& cell : state->cells) {
      EXPECT_TRUE(shown.insert(question_key(cell.question)).second) << "repeated: " << cell.question;
      EXPECT_EQ(cell.depth, expected_depth[round]) << cell.question;
    }
    mark_seen(ana, *state);
  }
  EXPECT_EQ(shown.size(), 36u);
  // When everything has been shown, a grid is still drawn (reusing questions).
  EXPECT_TRUE(start_round(deck, {kAna, kBen}, {&ana}, GridOptions{}, 9, kStart).has_value());
}

TEST(CommonGround, QuestionsTheNewPartnerHasSeenAreAvoidedToo) {
  const Deck deck = make_deck(9);
  SeenPrompts ben;
  for (const DeckCategory& c : deck.categories) ben.questions.insert(question_key(c.starter));
  const auto state = start_round(deck, {kAna, kBen}, {nullptr, &ben}, GridOptions{}, 2, kStart);
  ASSERT_TRUE(state);
  for (const GridCell& cell : state->cells) EXPECT_FALSE(ben.questions.contains(question_key(cell.question)));
}

TEST(CommonGround, ConversationQuestionsNeverRepeatAndStartLight) {
  const Deck deck = make_deck(9);
  SeenPrompts ana;
  SeenPrompts ben;
  std::set<std::string> shown;
  int previous_depth = 1;
  for (std::uint64_t i = 0; i < 36; ++i) {
    const auto q = draw_question(deck, {&ana, &ben}, 3, i);
    ASSERT_TRUE(q.has_value());
    EXPECT_TRUE(shown.insert(q->text).second) << q->text;
    EXPECT_GE(q->depth, previous_depth) << q->text;  // lightest first
    previous_depth = q->depth;
    ASSERT_NE(deck.category(q->category_id), nullptr);
    mark_question_seen(i % 2 == 0 ? ana : ben, *q);
  }
  EXPECT_TRUE(draw_question(deck, {&ana, &ben}, 3, 99).has_value());  // exhausted: reuses
  EXPECT_FALSE(draw_question(Deck{}, {&ana}, 3, 1).has_value());
}

TEST(CommonGround, MaxDepthKeepsQuestionsLight) {
  const Deck deck = make_deck(9);
  SeenPrompts ana;
  GridOptions light;
  light.max_depth = 1;
  for (int round = 0; round < 3; ++round) {
    const auto state = start_round(deck, {kAna, kBen}, {&ana}, light, 5, kStart);
    ASSERT_TRUE(state);
    for (const GridCell& cell : state->cells) EXPECT_EQ(cell.depth, 1) << cell.question;
    mark_seen(ana, *state);
  }
}

TEST(CommonGround, ProposeThenConfirmFillsTheCell) {
  CommonGroundState state = pair_round(make_deck(9));
  const CommonGroundResult proposed = propose(state, kAna, 4, "  We both grew up by the sea. ", kStart + 10);
  ASSERT_TRUE(proposed.ok()) << proposed.message;
  EXPECT_EQ(state.cells[4].state, CellState::Proposed);
  EXPECT_EQ(state.cells[4].text, "grew up by the sea");
  EXPECT_EQ(state.cells[4].proposer, kAna);
  ASSERT_TRUE(respond(state, kBen, 4, true, kStart + 20).ok());
  EXPECT_EQ(state.cells[4].state, CellState::Confirmed);
  EXPECT_EQ(state.cells[4].confirmer, kBen);
  EXPECT_EQ(state.cells[4].changed_ms, kStart + 20);
  EXPECT_EQ(state.proposals, 1);
}

TEST(CommonGround, OutOfPairActionsAreRejectedAndChangeNothing) {
  CommonGroundState state = pair_round(make_deck(9));
  ASSERT_TRUE(propose(state, kAna, 0, "love hiking", kStart).ok());
  const CommonGroundState before = state;
  EXPECT_EQ(propose(state, kStranger, 1, "like tea", kStart).error, CommonGroundError::NotInGroup);
  EXPECT_EQ(respond(state, kStranger, 0, true, kStart).error, CommonGroundError::NotInGroup);
  EXPECT_EQ(state, before);
}

TEST(CommonGround, OutOfTurnActionsAreRejectedAndChangeNothing) {
  CommonGroundState state = pair_round(make_deck(9));
  EXPECT_EQ(respond(state, kBen, 2, true, kStart).error, CommonGroundError::NothingToAnswer);
  ASSERT_TRUE(propose(state, kAna, 2, "love hiking", kStart).ok());
  const CommonGroundState before = state;
  EXPECT_EQ(propose(state, kAna, 2, "love walking", kStart).error, CommonGroundError::ProposalPending);
  EXPECT_EQ(propose(state, kBen, 2, "love tea", kStart).error, CommonGroundError::ProposalPending);
  EXPECT_EQ(respond(state, kAna, 2, true, kStart).error, CommonGroundError::OwnProposal);
  EXPECT_EQ(respond(state, kAna, 2, false, kStart).error, CommonGroundError::OwnProposal);
  EXPECT_EQ(state, before);
  ASSERT_TRUE(respond(state, kBen, 2, true, kStart).ok());
  EXPECT_EQ(propose(state, kBen, 2, "like cake", kStart).error, CommonGroundError::CellFilled);
  EXPECT_EQ(respond(state, kBen, 2, true, kStart).error, CommonGroundError::NothingToAnswer);
}

TEST(CommonGround, RangeTextAndTimeAreChecked) {
  CommonGroundState state = pair_round(make_deck(9));
  const CommonGroundState before = state;
  EXPECT_EQ(propose(state, kAna, 9, "love hiking", kStart).error, CommonGroundError::CellOutOfRange);
  EXPECT_EQ(respond(state, kBen, 1000, true, kStart).error, CommonGroundError::CellOutOfRange);
  EXPECT_EQ(propose(state, kAna, 0, "   ", kStart).error, CommonGroundError::EmptyText);
  EXPECT_EQ(propose(state, kAna, 0, "We both", kStart).error, CommonGroundError::EmptyText);
  EXPECT_EQ(propose(state, kAna, 0, std::string(kMaxSharedTextChars + 1, 'a'), kStart).error,
            CommonGroundError::TextTooLong);
  EXPECT_EQ(propose(state, kAna, 0, std::string("caf") + static_cast<char>(0xC3), kStart).error,
            CommonGroundError::BadText);
  EXPECT_EQ(propose(state, kAna, 0, "tab\x01here", kStart).error, CommonGroundError::BadText);
  EXPECT_EQ(propose(state, kAna, 0, "love hiking", state.ends_ms).error, CommonGroundError::RoundOver);
  EXPECT_EQ(state, before);
  // Exactly the limit is fine, in characters rather than bytes.
  std::string limit;
  for (std::size_t i = 0; i < kMaxSharedTextChars; ++i) limit += "é";
  EXPECT_TRUE(propose(state, kAna, 0, limit, kStart).ok());
}

TEST(CommonGround, EndRoundClosesTheGrid) {
  CommonGroundState state = pair_round(make_deck(9));
  ASSERT_TRUE(propose(state, kAna, 0, "love hiking", kStart).ok());
  end_round(state, kStart + 5);
  EXPECT_TRUE(state.over(kStart + 5));
  EXPECT_EQ(state.ends_ms, kStart + 5);
  EXPECT_EQ(respond(state, kBen, 0, true, kStart + 6).error, CommonGroundError::RoundOver);
  EXPECT_EQ(summarise(state).cells_found, 0u);  // a pending proposal does not count
}

TEST(CommonGround, DeclinedCellsCanBeProposedAgain) {
  CommonGroundState state = pair_round(make_deck(9));
  ASSERT_TRUE(propose(state, kAna, 3, "love hiking", kStart).ok());
  ASSERT_TRUE(respond(state, kBen, 3, false, kStart + 1).ok());
  EXPECT_EQ(state.cells[3].state, CellState::Declined);
  EXPECT_TRUE(state.cells[3].text.empty());
  EXPECT_EQ(state.declines, 1);
  ASSERT_TRUE(propose(state, kBen, 3, "like walking", kStart + 2).ok());
  ASSERT_TRUE(respond(state, kAna, 3, true, kStart + 3).ok());
  EXPECT_EQ(state.cells[3].text, "like walking");
  const CommonGroundResults results = summarise(state);
  EXPECT_EQ(results.proposals, 2);
  EXPECT_EQ(results.declines, 1);
}

TEST(CommonGround, InATrioOneOtherMemberConfirms) {
  auto state = start_round(make_deck(9), {kAna, kBen, kCai}, {}, GridOptions{}, 1, kStart);
  ASSERT_TRUE(state);
  ASSERT_TRUE(propose(*state, kAna, 0, "have a dog", kStart).ok());
  ASSERT_TRUE(respond(*state, kCai, 0, true, kStart).ok());
  EXPECT_EQ(state->cells[0].state, CellState::Confirmed);
  EXPECT_EQ(respond(*state, kBen, 0, true, kStart).error, CommonGroundError::NothingToAnswer);
  EXPECT_EQ(propose(*state, kStranger, 1, "x y", kStart).error, CommonGroundError::NotInGroup);
}

void fill(CommonGroundState& state, std::size_t cell, const std::string& text) {
  ASSERT_TRUE(propose(state, kAna, cell, text, kStart).ok());
  ASSERT_TRUE(respond(state, kBen, cell, true, kStart).ok());
}

TEST(CommonGround, LinesAndScore) {
  CommonGroundState state = pair_round(make_deck(9));
  EXPECT_EQ(summarise(state).score, 0);
  fill(state, 0, "a");
  fill(state, 1, "b");
  EXPECT_EQ(completed_lines(state), 0u);
  fill(state, 2, "c");
  EXPECT_EQ(completed_lines(state), 1u);  // the top row
  CommonGroundResults results = summarise(state);
  EXPECT_EQ(results.cells_found, 3u);
  EXPECT_EQ(results.lines, 1u);
  // (3 cells + 1 line bonus) out of (9 cells + 8 lines).
  EXPECT_EQ(results.score, static_cast<int>(std::lround(100.0 * 4.0 / 17.0)));
  fill(state, 4, "d");
  fill(state, 8, "e");
  EXPECT_EQ(completed_lines(state), 2u);  // plus the diagonal
  for (std::size_t cell : {3u, 5u, 6u, 7u}) fill(state, cell, "f" + std::to_string(cell));
  results = summarise(state);
  EXPECT_EQ(results.lines, 8u);
  EXPECT_EQ(results.score, kMaxScore);
  EXPECT_EQ(results.shared.size(), 9u);
  EXPECT_EQ(results.shared[4].text, "d");
  EXPECT_EQ(results.shared[4].cell, 4u);
  EXPECT_EQ(results.shared[4].proposer, kAna);
  EXPECT_EQ(results.shared[4].confirmer, kBen);
}

TEST(CommonGround, DebriefSentence) {
  CommonGroundState state = pair_round(make_deck(9));
  CommonGroundResults results = summarise(state);
  EXPECT_EQ(debrief_sentence(results, {"Sam"}), "");
  fill(state, 0, "We both Grew up by the sea");
  EXPECT_EQ(debrief_sentence(summarise(state), {"Sam"}), "You and Sam both grew up by the sea.");
  fill(state, 1, "love hiking");
  fill(state, 2, "have a cat called NYC");
  EXPECT_EQ(debrief_sentence(summarise(state), {"Sam"}),
            "You and Sam both grew up by the sea, love hiking and have a cat called NYC.");
  EXPECT_EQ(debrief_sentence(summarise(state), {"Sam", "Ana"}),
            "You, Sam and Ana found common ground: grew up by the sea; love hiking; have a cat called NYC.");
}

std::vector<Profile> profiles_for(const CommonGroundState& state, const std::string& a, const std::string& b) {
  Profile ana{kAna, {}};
  Profile ben{kBen, {}};
  ana.answers.push_back({state.cells[5].category_id, a});
  ben.answers.push_back({state.cells[5].category_id, b});
  return {ana, ben};
}

TEST(CommonGround, HintsComeAtMostOnceAMinuteAndNeverRevealAnswers) {
  const Deck deck = make_deck(9);
  CommonGroundState state = pair_round(deck);
  std::vector<Profile> profiles = profiles_for(state, "NYC", "New York, baby!");
  // A second shared category, further down the grid.
  profiles[0].answers.push_back({state.cells[7].category_id, "Soccer"});
  profiles[1].answers.push_back({state.cells[7].category_id, "football"});
  EXPECT_FALSE(next_hint(state, profiles, deck, kStart).has_value());
  EXPECT_FALSE(next_hint(state, profiles, deck, kStart + kHintIntervalMs - 1).has_value());
  const auto hint = next_hint(state, profiles, deck, kStart + kHintIntervalMs);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->cell, 5u);
  EXPECT_EQ(hint->category_id, state.cells[5].category_id);
  EXPECT_NE(hint->text.find(state.cells[5].category_title), std::string::npos);
  for (const char* secret : {"NYC", "nyc", "York", "york", "baby"}) EXPECT_EQ(hint->text.find(secret), std::string::npos);
  apply_hint(state, *hint, kStart + kHintIntervalMs);
  EXPECT_FALSE(next_hint(state, profiles, deck, kStart + kHintIntervalMs + 1000).has_value());
  const auto second = next_hint(state, profiles, deck, kStart + 2 * kHintIntervalMs);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->cell, 7u);  // the first category is not hinted twice
  for (const char* secret : {"soccer", "Soccer", "football"}) EXPECT_EQ(second->text.find(secret), std::string::npos);
  apply_hint(state, *second, kStart + 2 * kHintIntervalMs);
  EXPECT_EQ(summarise(state).hints_used, 2);
  EXPECT_FALSE(next_hint(state, profiles, deck, kStart + 3 * kHintIntervalMs).has_value());
}

TEST(CommonGround, HintsSkipFilledCellsMismatchesAndOutsiders) {
  const Deck deck = make_deck(9);
  CommonGroundState state = pair_round(deck);
  const std::int64_t later = kStart + 5 * kHintIntervalMs;
  EXPECT_FALSE(next_hint(state, profiles_for(state, "pizza", "sushi"), deck, later).has_value());
  // A matching answer from someone outside the pair does not count.
  std::vector<Profile> outsiders = profiles_for(state, "hiking", "tea");
  outsiders.push_back(Profile{kStranger, {{state.cells[5].category_id, "hiking"}}});
  EXPECT_FALSE(next_hint(state, outsiders, deck, later).has_value());
  const std::vector<Profile> matching = profiles_for(state, "hiking", "Hiking!");
  EXPECT_TRUE(next_hint(state, matching, deck, later).has_value());
  fill(state, 5, "love hiking");
  EXPECT_FALSE(next_hint(state, matching, deck, later).has_value());
  EXPECT_FALSE(next_hint(state, matching, deck, state.ends_ms).has_value());
}

TEST(CommonGround, ProfileAnswers) {
  const Deck deck = make_deck(9);
  Profile profile{kAna, {}};
  EXPECT_EQ(set_profile_answer(profile, deck, "nope", "x").error, CommonGroundError::UnknownCategory);
  ASSERT_TRUE(set_profile_answer(profile, deck, "cat1", "  Lisbon  ").ok());
  ASSERT_NE(profile.answer("cat1"), nullptr);
  EXPECT_EQ(*profile.answer("cat1"), "Lisbon");
  ASSERT_TRUE(set_profile_answer(profile, deck, "cat1", "Porto").ok());
  EXPECT_EQ(profile.answers.size(), 1u);
  EXPECT_EQ(*profile.answer("cat1"), "Porto");
  EXPECT_EQ(set_profile_answer(profile, deck, "cat2", std::string(kMaxProfileAnswerChars + 1, 'x')).error,
            CommonGroundError::TextTooLong);
  ASSERT_TRUE(set_profile_answer(profile, deck, "cat1", "").ok());  // skipping removes it
  EXPECT_EQ(profile.answer("cat1"), nullptr);
}

TEST(CommonGround, ProfileCategoriesAreDistinctAndSeeded) {
  const Deck deck = make_deck(12);
  const auto chosen = choose_profile_categories(deck, kDefaultProfileQuestions, 5);
  ASSERT_EQ(chosen.size(), kDefaultProfileQuestions);
  EXPECT_EQ(std::set<std::string>(chosen.begin(), chosen.end()).size(), chosen.size());
  for (const std::string& id : chosen) EXPECT_NE(deck.category(id), nullptr);
  EXPECT_EQ(chosen, choose_profile_categories(deck, kDefaultProfileQuestions, 5));
  EXPECT_EQ(choose_profile_categories(deck, 50, 5).size(), 12u);
}

TEST(CommonGround, ErrorsDescribeThemselves) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(CommonGroundError::kCount); ++i) {
    EXPECT_NE(describe(static_cast<CommonGroundError>(i)), "unknown");
  }
}

// The shipped decks hold 14 categories x (starter + 5 prompts) = 84 questions:
// a participant meeting a new partner every rotation sees nothing twice in nine rounds.
TEST(CommonGround, ShippedDecksLastNineRotationsWithoutRepeats) {
  const char* env = std::getenv("RAPPORT_ASSETS");
  const std::string assets = env != nullptr && *env != '\0' ? env : build::kAssetsDir;
  constexpr std::uint32_t kRotations = 9;
  for (const char* name : {"team-building", "onboarding", "classroom"}) {
    const DeckLoad load = load_deck(assets + "/decks/" + name + ".json");
    ASSERT_TRUE(load.deck) << name;
    SeenPrompts ana;
    std::set<std::string> shown;
    for (std::uint32_t round = 0; round < kRotations; ++round) {
      SeenPrompts partner;
      const auto state = start_round(*load.deck, {kAna, 100 + round}, {&ana, &partner}, GridOptions{}, round, kStart);
      ASSERT_TRUE(state);
      for (const GridCell& cell : state->cells) {
        EXPECT_TRUE(shown.insert(question_key(cell.question)).second)
            << name << " round " << round << " repeated " << cell.question;
      }
      mark_seen(ana, *state);
    }
  }
}

}  // namespace
}  // namespace rapport
