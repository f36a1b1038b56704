#include "rapport/content/deck.hpp"

#include "rapport/build_info.hpp"
#include "rapport/protocol/protocol_types.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace rapport {
namespace {

std::string assets_dir() {
  const char* env = std::getenv("RAPPORT_ASSETS");
  return env != nullptr && *env != '\0' ? env : build::kAssetsDir;
}

DeckLintRules classroom_rules(bool strict) {
  DeckLintRules rules;
  rules.strict = strict;
  auto list = load_word_list(assets_dir() + "/decks/blocked-words-classroom.txt");
  EXPECT_TRUE(list.has_value());
  if (list) {
    rules.classroom_blocked = std::move(*list);
    rules.classroom_list_loaded = true;
  }
  return rules;
}

// A minimal valid deck: nine categories of three prompts.
std::string small_deck_json(const std::string& audience = "team-building", const std::string& extra_prompt = "") {
  static const char* kWords[] = {"animal", "film", "city", "snack", "game", "season", "song", "hobby", "trip"};
  std::string categories;
  for (std::size_t i = 0; i < 9; ++i) {
    const std::string w = kWords[i];
    if (!categories.empty()) categories += ",";
    categories += R"({"id": "c)" + std::to_string(i) + R"(", "title": "T)" + std::to_string(i) +
                  R"(", "starter": "What )" + w + R"( do you think about most, and why?", "profile_question": "Which )" +
                  w + R"( do you like?", "prompts": [{"depth": 1, "text": "Which )" + w +
                  R"( would you recommend to a friend?"}, {"depth": 2, "text": "What story about a )" + w +
                  R"( do you tell?"}, {"depth": 3, "text": "How has your taste in )" + w + R"(s changed?"})" +
                  (i == 0 && !extra_prompt.empty() ? R"(, {"depth": 2, "text": ")" + extra_prompt + R"("})" : "") + "]}";
  }
  return R"({"format": 1, "id": "small", "title": "Small", "audience": ")" + audience + R"(", "categories": [)" +
         categories + R"(], "synonyms": [["football", "soccer"]]})";
}

bool has_problem(const std::vector<DeckProblem>& problems, const std::string& where, const std::string& words,
                 DeckProblem::Severity severity = DeckProblem::Severity::Error) {
  return std::any_of(problems.begin(), problems.end(), [&](const DeckProblem& p) {
    return p.where == where && p.severity == severity && p.message.find(words) != std::string::npos;
  });
}

std::string all(const std::vector<DeckProblem>& problems) {
  std::string out;
  for (const DeckProblem& p : problems) out += p.describe() + "\n";
  return out;
}

TEST(Deck, ParsesASmallDeck) {
  const DeckLoad load = parse_deck(small_deck_json(), "small.json");
  ASSERT_TRUE(load.ok()) << all(load.problems);
  const Deck& deck = *load.deck;
  EXPECT_EQ(deck.id, "small");
  EXPECT_EQ(deck.audience, Audience::TeamBuilding);
  ASSERT_EQ(deck.categories.size(), 9u);
  EXPECT_EQ(deck.prompt_count(), 27u);
  EXPECT_EQ(deck.categories[2].prompts[1].depth, 2);
  EXPECT_EQ(deck.categories[2].profile_question, "Which city do you like?");
  ASSERT_NE(deck.category("c4"), nullptr);
  EXPECT_EQ(deck.category("c4")->title, "T4");
  EXPECT_EQ(deck.category("nope"), nullptr);
  EXPECT_EQ(deck.synonyms.size(), 1u);
  const DeckStats stats = deck_stats(deck);
  EXPECT_EQ(stats.prompts, 27u);
  EXPECT_EQ(stats.by_depth[0], 9u);
  EXPECT_EQ(stats.by_depth[2], 9u);
  EXPECT_EQ(stats.synonym_terms, 2u);
}

TEST(Deck, SmallDeckIsOnlyWarnedUnlessStrict) {
  const DeckLoad load = parse_deck(small_deck_json(), "small.json");
  ASSERT_TRUE(load.deck);
  const auto relaxed = lint_deck(*load.deck, DeckLintRules{});
  EXPECT_TRUE(has_problem(relaxed, "categories", "at least 60 prompts", DeckProblem::Severity::Warning))
      << all(relaxed);
  EXPECT_TRUE(std::none_of(relaxed.begin(), relaxed.end(),
                           [](const DeckProblem& p) { return p.severity == DeckProblem::Severity::Error; }))
      << all(relaxed);
  DeckLintRules strict;
  strict.strict = true;
  EXPECT_TRUE(has_problem(lint_deck(*load.deck, strict), "categories", "at least 60 prompts"));
}

TEST(Deck, ParseErrorNamesLineAndColumn) {
  const DeckLoad load = parse_deck("{\n  \"id\": \"x\"\n  \"title\": \"y\"\n}", "broken.json");
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].file, "broken.json");
  EXPECT_NE(load.problems[0].where.find("line 3"), std::string::npos) << load.problems[0].where;
  EXPECT_NE(load.problems[0].describe().find("broken.json: line 3"), std::string::npos);
}

TEST(Deck, ShapeErrorsNameTheJsonPath) {
  std::string json = small_deck_json();
  json.replace(json.find(R"("depth": 2)"), 10, R"("depth": "2")");
  const DeckLoad wrong_type = parse_deck(json, "t.json");
  EXPECT_FALSE(wrong_type.ok());
  EXPECT_TRUE(has_problem(wrong_type.problems, "categories[0].prompts[1].depth", "whole number"))
      << all(wrong_type.problems);

  const DeckLoad not_object = parse_deck("[1, 2]", "t.json");
  EXPECT_TRUE(has_problem(not_object.problems, "(top level)", "must be an object"));

  const DeckLoad missing = parse_deck(R"({"id": "x", "title": "X", "audience": "classroom"})", "t.json");
  EXPECT_TRUE(has_problem(missing.problems, "", "missing required field \"categories\""));

  const DeckLoad audience = parse_deck(R"({"id": "x", "title": "X", "audience": "pub", "categories": []})", "t.json");
  EXPECT_TRUE(has_problem(audience.problems, "audience", "not an audience"));

  std::string depth = small_deck_json();
  depth.replace(depth.find(R"("depth": 3)"), 10, R"("depth": 7)");
  EXPECT_TRUE(has_problem(parse_deck(depth, "t.json").problems, "categories[0].prompts[2].depth", "is 7"));

  std::string bad_id = small_deck_json();
  bad_id.replace(bad_id.find(R"("id": "c3")"), 10, R"("id": "C 3")");
  EXPECT_TRUE(has_problem(parse_deck(bad_id, "t.json").problems, "categories[3].id", "not a valid id"));
}

TEST(Deck, UnknownFieldsAreWarnings) {
  std::string json = small_deck_json();
  json.replace(json.find(R"("starter")"), 9, R"("startr": "x", "starter")");
  json.insert(1, R"("_note": "authors may leave notes", )");
  const DeckLoad load = parse_deck(json, "t.json");
  EXPECT_TRUE(load.ok()) << all(load.problems);
  EXPECT_TRUE(has_problem(load.problems, "categories[0].startr", "unknown field", DeckProblem::Severity::Warning));
  EXPECT_EQ(load.problems.size(), 1u) << all(load.problems);
}

TEST(Deck, LintFindsDuplicatesAfterNormalising) {
  const DeckLoad load = parse_deck(small_deck_json("team-building", "WHICH animals would you recommend to a friend!"),
                                   "t.json");
  ASSERT_TRUE(load.deck) << all(load.problems);
  const auto problems = lint_deck(*load.deck, DeckLintRules{});
  EXPECT_TRUE(has_problem(problems, "categories[0].prompts[3]", "duplicates categories[0].prompts[0]")) << all(problems);
}

TEST(Deck, LintChecksLengthAndOpenEndedness) {
  const std::string long_prompt = "What " + std::string(200, 'a') + "?";
  const DeckLoad load = parse_deck(small_deck_json("team-building", long_prompt), "t.json");
  ASSERT_TRUE(load.deck);
  EXPECT_TRUE(has_problem(lint_deck(*load.deck, {}), "categories[0].prompts[3]", "the limit is 160"));

  const DeckLoad closed = parse_deck(small_deck_json("team-building", "Do you like long walks on the beach?"), "t.json");
  ASSERT_TRUE(closed.deck);
  EXPECT_TRUE(has_problem(lint_deck(*closed.deck, {}), "categories[0].prompts[3]", "yes/no"));

  const DeckLoad short_prompt = parse_deck(small_deck_json("team-building", "Why?"), "t.json");
  ASSERT_TRUE(short_prompt.deck);
  EXPECT_TRUE(has_problem(lint_deck(*short_prompt.deck, {}), "categories[0].prompts[3]", "at least 10"));
}

TEST(Deck, OpenEndedQuestions) {
  EXPECT_TRUE(is_open_ended("What do you miss about home?"));
  EXPECT_TRUE(is_open_ended("Tell me about your first job."));
  EXPECT_TRUE(is_open_ended("If you could live anywhere, where would it be?"));
  EXPECT_TRUE(is_open_ended("Looking back, what would you change?"));
  EXPECT_FALSE(is_open_ended("Do you like travel?"));
  EXPECT_FALSE(is_open_ended("Would you rather fly or be invisible?"));
  EXPECT_FALSE(is_open_ended("Have you ever been to Rome, and what did you see?"));
  EXPECT_FALSE(is_open_ended("Cats or dogs?"));
  EXPECT_FALSE(is_open_ended(""));
}

TEST(Deck, LintChecksCategoriesAndSynonyms) {
  Deck deck = *parse_deck(small_deck_json(), "t.json").deck;
  deck.categories[4].prompts.clear();
  deck.categories[5].id = deck.categories[1].id;
  deck.synonyms.push_back({"Soccer", "footy"});
  deck.synonyms.push_back({"lonely"});
  deck.synonyms.push_back({"the", "a thing"});
  const auto problems = lint_deck(deck, {});
  EXPECT_TRUE(has_problem(problems, "categories[4].prompts", "has no prompts")) << all(problems);
  EXPECT_TRUE(has_problem(problems, "categories[5].id", "also used by categories[1]")) << all(problems);
  EXPECT_TRUE(has_problem(problems, "synonyms[1][0]", "already listed at synonyms[0][1]")) << all(problems);
  EXPECT_TRUE(has_problem(problems, "synonyms[2]", "at least two terms")) << all(problems);
  EXPECT_TRUE(has_problem(problems, "synonyms[3][0]", "common word", DeckProblem::Severity::Warning)) << all(problems);

  deck.categories.resize(8);
  EXPECT_TRUE(has_problem(lint_deck(deck, {}), "categories", "at least 9"));
}

TEST(Deck, ClassroomBlockedWords) {
  const DeckLoad load = parse_deck(small_deck_json("classroom", "What is your favourite kind of beer?"), "c.json");
  ASSERT_TRUE(load.deck);
  const auto problems = lint_deck(*load.deck, classroom_rules(false));
  EXPECT_TRUE(has_problem(problems, "categories[0].prompts[3]", "\"beer\"")) << all(problems);
  // The same prompt is fine for adults.
  const DeckLoad adults = parse_deck(small_deck_json("team-building", "What is your favourite kind of beer?"), "t.json");
  EXPECT_FALSE(has_problem(lint_deck(*adults.deck, classroom_rules(false)), "categories[0].prompts[3]", "\"beer\""));
  // Without the list a classroom deck cannot be vouched for.
  EXPECT_TRUE(has_problem(lint_deck(*load.deck, DeckLintRules{}), "audience", "blocked-words list was not loaded"));
}

TEST(Deck, AudienceKeysRoundTrip) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(Audience::kCount); ++i) {
    const auto audience = static_cast<Audience>(i);
    EXPECT_EQ(audience_from_key(audience_key(audience)), audience);
  }
  EXPECT_FALSE(audience_from_key("pub").has_value());
}

TEST(Deck, MissingFileIsAnError) {
  const DeckLoad load = load_deck("/nonexistent/deck.json");
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].file, "/nonexistent/deck.json");
  EXPECT_NE(load.problems[0].message.find("cannot open"), std::string::npos);
}

class ShippedDeck : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedDeck, PassesStrictLintAndMeetsTheBar) {
  const std::string path = assets_dir() + "/decks/" + GetParam() + ".json";
  const DeckLoad load = load_and_lint_deck(path, classroom_rules(true));
  ASSERT_TRUE(load.ok()) << all(load.problems);
  EXPECT_TRUE(load.problems.empty()) << all(load.problems);
  const Deck& deck = *load.deck;
  EXPECT_EQ(deck.id, GetParam());
  EXPECT_EQ(audience_key(deck.audience), GetParam());
  const DeckStats stats = deck_stats(deck);
  EXPECT_GE(stats.prompts, kShippedMinPrompts);
  EXPECT_GE(stats.categories, kShippedMinCategories);
  for (std::size_t d = 0; d < stats.by_depth.size(); ++d) EXPECT_GT(stats.by_depth[d], 0u) << "depth " << d + 1;
  EXPECT_GT(stats.synonym_groups, 0u);
  std::set<std::string> profile_questions;
  for (const DeckCategory& c : deck.categories) {
    EXPECT_TRUE(profile_questions.insert(c.profile_question).second) << c.profile_question;
  }
}

INSTANTIATE_TEST_SUITE_P(Decks, ShippedDeck, ::testing::Values("team-building", "onboarding", "classroom"));

TEST(Deck, ClassroomDeckPassesTheClassroomChatFilterToo) {
  const auto filter = load_word_list(assets_dir() + "/filters/classroom.txt");
  ASSERT_TRUE(filter.has_value());
  EXPECT_FALSE(filter->empty());
  const DeckLoad load = load_deck(assets_dir() + "/decks/classroom.json");
  ASSERT_TRUE(load.deck);
  for (const DeckCategory& c : load.deck->categories) {
    for (const DeckPrompt& p : c.prompts) EXPECT_TRUE(filter->find_in(p.text).empty()) << p.text;
  }
}

TEST(Deck, ShippedSynonymGroupsMatchEverydayAnswers) {
  const DeckLoad team = load_deck(assets_dir() + "/decks/team-building.json");
  ASSERT_TRUE(team.deck);
  const SynonymTable synonyms(team.deck->synonyms);
  EXPECT_TRUE(answers_match("I grew up by the sea", "On the coast", synonyms));
  EXPECT_TRUE(answers_match("NYC!", "new york", synonyms));
  EXPECT_TRUE(answers_match("Soccer", "football, mostly", synonyms));
  EXPECT_TRUE(answers_match("Bouldering", "climbing", synonyms));
  EXPECT_FALSE(answers_match("Soccer", "tennis", synonyms));
  const DeckLoad onboarding = load_deck(assets_dir() + "/decks/onboarding.json");
  ASSERT_TRUE(onboarding.deck);
  const SynonymTable work(onboarding.deck->synonyms);
  EXPECT_TRUE(answers_match("Early bird", "mornings", work));
  EXPECT_TRUE(answers_match("WFH mostly", "from home", work));
  EXPECT_FALSE(answers_match("Night owl", "early bird", work));
}

}  // namespace
}  // namespace rapport
