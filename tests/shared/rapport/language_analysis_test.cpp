#include "rapport/rapport/language_analysis.hpp"

#include "rapport/rapport/rapport_model_config.hpp"

#include "model_transcript.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace rapport {
namespace {

const WordLists& lists() {
  static const auto load = load_model_config(testing::assets_dir());
  if (!load.ok()) throw std::runtime_error(load.error);
  return load.config->words;
}

QuestionKind question(std::string_view text) { return analyse_message(text, lists()).question; }

TEST(LanguageAnalysis, TokenizesLowerCaseWithApostrophesAndUtf8) {
  std::string storage;
  const auto tokens = tokenize("I\xE2\x80\x99m in Z\xC3\xBCrich \xE2\x80\x94 it's GREAT!\xF0\x9F\x98\x8A", storage);
  const std::vector<std::string_view> expected = {"i'm", "in", "z\xC3\xBCrich", "it's", "great"};
  EXPECT_EQ(tokens, expected);
}

TEST(LanguageAnalysis, OpenQuestionsNeedAnOpenerOrAPrompt) {
  EXPECT_EQ(question("How was your weekend?"), QuestionKind::Open);
  EXPECT_EQ(question("So, what made you choose design?"), QuestionKind::Open);
  EXPECT_EQ(question("I love hiking, what about you?"), QuestionKind::Open);
  EXPECT_EQ(question("Tell me about your team."), QuestionKind::Open);  // no question mark needed
  EXPECT_EQ(question("Did you like it?"), QuestionKind::Closed);
  EXPECT_EQ(question("You ride bikes too?"), QuestionKind::Closed);
  EXPECT_EQ(question("What a day."), QuestionKind::None);  // exclamation, not a question
  EXPECT_EQ(question("I went to the lake."), QuestionKind::None);
  EXPECT_EQ(question("?"), QuestionKind::None);
}

TEST(LanguageAnalysis, WarmAndHostileWordsRespectNegation) {
  EXPECT_EQ(analyse_message("That was great, thank you :)", lists()).positive, 3u);
  EXPECT_EQ(analyse_message("That was not great.", lists()).positive, 0u);
  EXPECT_EQ(analyse_message("Shut up, this is boring.", lists()).hostile, 2u);
  EXPECT_EQ(analyse_message("It wasn't boring at all.", lists()).hostile, 0u);
}

TEST(LanguageAnalysis, ApologiesAndAcknowledgements) {
  const auto sorry = analyse_message("Sorry, my bad. You're right, let's try again.", lists());
  EXPECT_TRUE(sorry.apology);
  EXPECT_TRUE(sorry.acknowledgement);
  const auto plain = analyse_message("Let's try the red block.", lists());
  EXPECT_FALSE(plain.apology);
  EXPECT_FALSE(plain.acknowledgement);
}

TEST(LanguageAnalysis, ContentWordsSkipFunctionWordsAndFoldPlurals) {
  const auto f = analyse_message("The guitars and my guitar's strings, yeah, are really old.", lists());
  const std::vector<std::string> expected = {"guitar", "string", "old"};
  EXPECT_EQ(f.content_words, expected);
  EXPECT_EQ(normalise_content_word("bus"), "bus");
  EXPECT_EQ(normalise_content_word("glass"), "glass");
  EXPECT_EQ(normalise_content_word("hills"), "hill");
}

TEST(LanguageAnalysis, FunctionWordCategoriesAreCounted) {
  const auto& names = lists().style_category_names;
  const auto index = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const auto f = analyse_message("I think the cake and the coffee are not in the kitchen.", lists());
  EXPECT_EQ(f.word_count, 12u);
  EXPECT_EQ(f.category_counts[index("articles")], 3u);
  EXPECT_EQ(f.category_counts[index("personal_pronouns")], 1u);
  EXPECT_EQ(f.category_counts[index("conjunctions")], 1u);
  EXPECT_EQ(f.category_counts[index("prepositions")], 1u);
  EXPECT_EQ(f.category_counts[index("negations")], 1u);
  EXPECT_EQ(f.category_counts[index("auxiliary_verbs")], 1u);
}

TEST(LanguageAnalysis, StyleMatchingFollowsIrelandAndPennebaker) {
  // Per category 1 - |a - b| / (a + b + 0.0001), averaged over used categories.
  const std::vector<double> a = {10.0, 5.0, 0.0, 2.0};
  const std::vector<double> b = {10.0, 0.0, 0.0, 6.0};
  const double expected = ((1.0 - 0.0 / 20.0001) + (1.0 - 5.0 / 5.0001) + (1.0 - 4.0 / 8.0001)) / 3.0;
  ASSERT_TRUE(style_matching(a, b).has_value());
  EXPECT_NEAR(*style_matching(a, b), expected, 1e-12);
  EXPECT_NEAR(*style_matching(a, a), 1.0, 1e-4);
  const std::vector<double> zeros = {0.0, 0.0};
  EXPECT_FALSE(style_matching(zeros, zeros).has_value());
}

}  // namespace
}  // namespace rapport
