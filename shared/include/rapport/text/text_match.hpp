#pragma once
// Text normalisation and fuzzy "do these answers match?" for common-ground
// hints, deck duplicate checks, blocked-word checks and the classroom chat
// filter. Pure functions; English-centred on purpose (the shipped decks are
// English), but accents in Latin scripts fold so "Málaga" meets "Malaga".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

// Lower-cases ASCII and the Latin-1 / Latin Extended-A letters (U+00C0..U+017F),
// folding accents to their base letters ("É" -> "e", "ß" -> "ss", "Ł" -> "l").
// Apostrophes vanish ("don't" -> "dont"); every other punctuation mark, symbol or
// invalid byte separates words. Other scripts pass through unchanged.
// Returns the words in order, without singularising.
[[nodiscard]] std::vector<std::string> split_words(std::string_view text);

// Simple English plural -> singular: "cities" -> "city", "beaches" -> "beach",
// "dogs" -> "dog", "children" -> "child"; leaves "tennis", "bus", "chess",
// "physics" alone. Expects one lower-case word from split_words().
[[nodiscard]] std::string singularise(std::string_view word);

// split_words + singularise, joined by single spaces: the form used for
// duplicate checks and word lists. "The Beaches of Málaga!" -> "the beach of malaga".
[[nodiscard]] std::string normalise_text(std::string_view text);

// Small English function words and filler verbs ("the", "my", "really",
// "love", "play") that say nothing about what two answers share.
[[nodiscard]] bool is_stop_word(std::string_view normalised_word);

// Synonym groups from a deck: every phrase in a group maps to the group's first
// phrase, so "NYC", "New York City" and "new york" all become "new york city"
// and "soccer" becomes "football". Phrases may span several words; the longest
// phrase wins when two overlap. A phrase in two groups keeps its first group.
class SynonymTable {
 public:
  SynonymTable() = default;
  explicit SynonymTable(const std::vector<std::vector<std::string>>& groups);

  // Normalised, singularised words with synonym phrases replaced by their
  // canonical phrase (one token each, which may contain spaces).
  [[nodiscard]] std::vector<std::string> canonical_tokens(std::string_view text) const;
  [[nodiscard]] std::size_t phrase_count() const { return phrases_.size(); }

 private:
  struct Phrase {
    std::vector<std::string> words;
    std::string canonical;
  };
  std::vector<Phrase> phrases_;  // longest first
};

// The distinct content tokens of an answer: canonical tokens minus stop words,
// sorted. "I grew up in NYC!" -> {"new york city"} (with a NYC synonym group).
[[nodiscard]] std::vector<std::string> content_tokens(std::string_view text, const SynonymTable& synonyms);

struct AnswerMatch {
  bool matched = false;
  std::vector<std::string> shared;  // the content tokens both answers hold
  double overlap = 0.0;            // |shared| / size of the smaller token set
};

// Two answers match when they share at least one content token and the shared
// tokens make up at least kMinAnswerOverlap of the shorter answer, so "hiking"
// matches "hiking and cooking" but a long answer does not match everything it
// happens to share one word with.
inline constexpr double kMinAnswerOverlap = 0.5;
[[nodiscard]] AnswerMatch match_answers(std::string_view a, std::string_view b, const SynonymTable& synonyms);
[[nodiscard]] bool answers_match(std::string_view a, std::string_view b, const SynonymTable& synonyms);

// A list of words or phrases to find in text (blocked words for classroom
// decks, the classroom chat filter). Entries are normalised like text, so
// "beers" in text meets "beer" in the list.
class WordList {
 public:
  WordList() = default;
  // One entry per line; blank lines and lines starting with '#' are skipped.
  [[nodiscard]] static WordList from_lines(std::string_view text);
  void add(std::string_view word_or_phrase);

  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  // The list entries (normalised) that occur in `text` as whole words.
  [[nodiscard]] std::vector<std::string> find_in(std::string_view text) const;
  // `text` with every listed word or phrase replaced by asterisks of the same
  // length in characters; everything else is kept byte for byte.
  [[nodiscard]] std::string mask(std::string_view text) const;

 private:
  std::vector<std::vector<std::string>> entries_;  // each a sequence of normalised words
};

}  // namespace rapport
