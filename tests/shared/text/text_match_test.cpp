#include "rapport/text/text_match.hpp"

#include <gtest/gtest.h>

namespace rapport {
namespace {

using Words = std::vector<std::string>;

TEST(TextMatch, SplitWordsLowersAndDropsPunctuation) {
  EXPECT_EQ(split_words("Hello, World!  How's it going?"), (Words{"hello", "world", "hows", "it", "going"}));
  EXPECT_EQ(split_words("rock-climbing/bouldering"), (Words{"rock", "climbing", "bouldering"}));
  EXPECT_EQ(split_words("  ...  "), Words{});
}

TEST(TextMatch, AccentsFoldForLatin1AndExtendedA) {
  EXPECT_EQ(normalise_text("Málaga"), "malaga");
  EXPECT_EQ(normalise_text("CRÈME BRÛLÉE"), "creme brulee");
  EXPECT_EQ(normalise_text("Łódź"), "lodz");
  EXPECT_EQ(normalise_text("Straße"), "strasse");
  EXPECT_EQ(normalise_text("Ærøskøbing"), "aeroskobing");
  EXPECT_EQ(normalise_text("Œuvre"), "oeuvre");
  EXPECT_EQ(normalise_text("İstanbul"), "istanbul");
  EXPECT_EQ(normalise_text("Žižkov"), "zizkov");
}

TEST(TextMatch, CurlyApostrophesAndUnicodePunctuation) {
  EXPECT_EQ(split_words("Don\u2019t stop \u2014 \u201cever\u201d\u2026"), (Words{"dont", "stop", "ever"}));
  EXPECT_EQ(split_words("5\u00d73"), (Words{"5", "3"}));  // the multiplication sign separates
}

TEST(TextMatch, OtherScriptsPassThroughAndBadBytesSeparate) {
  EXPECT_EQ(split_words("東京 tokyo"), (Words{"東京", "tokyo"}));
  const std::string broken = std::string("abc") + static_cast<char>(0xFF) + "def";
  EXPECT_EQ(split_words(broken), (Words{"abc", "def"}));
}

TEST(TextMatch, SingularisesSimplePlurals) {
  EXPECT_EQ(singularise("dogs"), "dog");
  EXPECT_EQ(singularise("cities"), "city");
  EXPECT_EQ(singularise("beaches"), "beach");
  EXPECT_EQ(singularise("boxes"), "box");
  EXPECT_EQ(singularise("dishes"), "dish");
  EXPECT_EQ(singularise("classes"), "class");
  EXPECT_EQ(singularise("movies"), "movie");
  EXPECT_EQ(singularise("potatoes"), "potato");
  EXPECT_EQ(singularise("children"), "child");
  EXPECT_EQ(singularise("knives"), "knife");
  EXPECT_EQ(singularise("shoes"), "shoe");
}

TEST(TextMatch, LeavesNonPluralsAlone) {
  for (const char* word : {"tennis", "bus", "chess", "physics", "news", "gas", "yes", "campus", "series", "maths"}) {
    EXPECT_EQ(singularise(word), word) << word;
  }
}

TEST(TextMatch, NormaliseCollapsesEverything) {
  EXPECT_EQ(normalise_text("  The BEACHES of   Málaga!! "), "the beach of malaga");
  // Stop words keep their form so they stay recognisable.
  EXPECT_EQ(normalise_text("This was it"), "this was it");
}

TEST(TextMatch, StopWords) {
  EXPECT_TRUE(is_stop_word("the"));
  EXPECT_TRUE(is_stop_word("really"));
  EXPECT_TRUE(is_stop_word("love"));
  EXPECT_FALSE(is_stop_word("hiking"));
  EXPECT_FALSE(is_stop_word("sea"));
}

TEST(TextMatch, SynonymsCanonicaliseMultiWordPhrases) {
  const SynonymTable table({{"new york city", "new york", "NYC"}, {"football", "soccer"}});
  EXPECT_EQ(table.canonical_tokens("I grew up in NYC"), (Words{"i", "grew", "up", "in", "new york city"}));
  EXPECT_EQ(table.canonical_tokens("New York"), Words{"new york city"});
  // The longest phrase wins: "new york city" is not read as "new york" + "city".
  EXPECT_EQ(table.canonical_tokens("New York City"), Words{"new york city"});
  EXPECT_EQ(table.canonical_tokens("Soccer!"), Words{"football"});
  EXPECT_EQ(table.phrase_count(), 5u);
}

TEST(TextMatch, ContentTokensDropStopWordsAndDuplicates) {
  const SynonymTable table(std::vector<Words>{{"football", "soccer"}});
  EXPECT_EQ(content_tokens("I really love soccer and football", table), Words{"football"});
  EXPECT_EQ(content_tokens("Hiking, cooking and hiking", table), (Words{"cooking", "hiking"}));
}

TEST(TextMatch, AnswersMatchAcrossCaseAccentsPluralsAndSynonyms) {
  const SynonymTable table({{"new york city", "new york", "nyc"}, {"football", "soccer"}});
  EXPECT_TRUE(answers_match("NYC", "I grew up in New York City!", table));
  EXPECT_TRUE(answers_match("Football", "soccer", table));
  EXPECT_TRUE(answers_match("Málaga", "malaga, spain", table));
  EXPECT_TRUE(answers_match("dogs", "My dog", table));
  EXPECT_TRUE(answers_match("hiking", "hiking and cooking", table));
}

TEST(TextMatch, AnswersDoNotMatchOnFillerOrSmallOverlap) {
  const SynonymTable table;
  EXPECT_FALSE(answers_match("I love pizza", "I love hiking", table));
  EXPECT_FALSE(answers_match("I play guitar", "I play tennis", table));
  EXPECT_FALSE(answers_match("", "", table));
  EXPECT_FALSE(answers_match("the", "the", table));
  // One shared word out of three in the shorter answer is not enough.
  EXPECT_FALSE(answers_match("red blue green", "blue orange purple", table));
}

TEST(TextMatch, MatchReportsSharedTokensAndOverlap) {
  const SynonymTable table;
  const AnswerMatch m = match_answers("hiking and baking", "baking bread", table);
  EXPECT_TRUE(m.matched);
  EXPECT_EQ(m.shared, Words{"baking"});
  EXPECT_DOUBLE_EQ(m.overlap, 0.5);
}

TEST(TextMatch, WordListFindsWholeWordsAndPhrases) {
  const WordList list = WordList::from_lines("# comment\nwine\n\ndate night\n  beer \n");
  EXPECT_EQ(list.size(), 3u);
  EXPECT_EQ(list.find_in("Which WINES go with cheese?"), Words{"wine"});
  EXPECT_TRUE(list.find_in("I like twine and winery tours").empty());
  EXPECT_EQ(list.find_in("Our date-night plans"), Words{"date night"});
  EXPECT_TRUE(list.find_in("What date is it tonight?").empty());
  EXPECT_EQ(list.find_in("Beers!"), Words{"beer"});
}

TEST(TextMatch, MaskKeepsEverythingButListedWords) {
  WordList list;
  list.add("darn");
  list.add("heck");
  EXPECT_EQ(list.mask("Oh DARN, what the heck!"), "Oh ****, what the ****!");
  EXPECT_EQ(list.mask("darning socks"), "darning socks");
  EXPECT_EQ(list.mask("Dárn it"), "**** it");  // four characters, though five bytes
  EXPECT_EQ(list.mask(""), "");
  EXPECT_EQ(list.mask("nothing to see"), "nothing to see");
}

}  // namespace
}  // namespace rapport
