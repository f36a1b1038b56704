#pragma once
// What the rapport model reads from one chat message: word counts per
// function-word category (for style matching), content words (for "picked up
// the partner's words"), the kind of question asked, warm / hostile words,
// apologies and acknowledgements. Pure functions over word lists loaded from
// assets/model/language.json (see docs/RAPPORT_MODEL.md).
#include <array>
#include <functional>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rapport {

// Style matching uses a handful of categories (Ireland and Pennebaker use nine);
// a fixed cap keeps per-message counts in a small array, not on the heap.
inline constexpr std::size_t kMaxStyleCategories = 16;

enum class QuestionKind : std::uint8_t { None, Closed, Open };

// Lets word sets be searched with a string_view, without building a string
// per token (the chat path runs for every message of every group).
struct WordHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};
using WordSet = std::unordered_set<std::string, WordHash, std::equal_to<>>;
template <class Value>
using WordMap = std::unordered_map<std::string, Value, WordHash, std::equal_to<>>;

// Single words and multi-word phrases ("you're right"), all lower case.
struct PhraseList {
  WordSet words;
  std::vector<std::vector<std::string>> phrases;  // two or more tokens each

  void add(std::string_view phrase);
  [[nodiscard]] bool empty() const { return words.empty() && phrases.empty(); }
};

struct WordLists {
  std::vector<std::string> style_category_names;
  // word -> bit i set when the word belongs to style category i.
  WordMap<std::uint32_t> function_words;
  PhraseList positive;
  PhraseList negative;  // mild: "unfortunately", "sad", "unfair"
  PhraseList hostile;   // aimed at the person: "stupid", "shut up"
  PhraseList apology;
  PhraseList acknowledgement;
  // A negator up to two words before a sentiment word turns it around:
  // "not great" is negative, "not bad" is warm, "not stupid" is nothing.
  WordSet negators;
  // "very", "so", "really": the next sentiment word counts one and a half times.
  WordSet intensifiers;
  // Openers that make a question open-ended ("how", "what", "tell me"...);
  // any other question counts as closed (yes/no).
  PhraseList open_question_openers;
  // Requests that work as open questions without a question mark ("tell me about...").
  PhraseList open_prompts;
  // Words skipped before looking for an opener ("so, how ...", "and what ...").
  WordSet fillers;
  // Words that are neither function words nor content ("yeah", "okay").
  WordSet stop_words;
  // Matched as raw text, not as words: ":)", "<3", emoji.
  std::vector<std::string> positive_emoticons;
  std::vector<std::string> negative_emoticons;
  std::size_t min_content_word_length = 3;
};

struct MessageFeatures {
  std::uint32_t word_count = 0;
  std::array<std::uint16_t, kMaxStyleCategories> category_counts{};
  std::vector<std::string> content_words;  // normalised, distinct, in order of appearance
  QuestionKind question = QuestionKind::None;
  // Sentiment, in words: intensified ones count 1.5, negated ones switch sides.
  double positive = 0;  // warm words and emoticons ("not bad" counts here)
  double negative = 0;  // negative words, sad emoticons, negated warm words
  std::uint32_t hostile = 0;  // hostile words not negated
  bool exclaimed = false;     // an exclamation mark: enthusiasm in text chat
  bool apology = false;
  bool acknowledgement = false;
  std::uint32_t acknowledgements = 0;  // agreement and acknowledgement phrases, at most 2
};

// Lower-cases ASCII, turns the typographic apostrophe into ', and splits into
// words (letters, digits, apostrophes and any non-ASCII bytes, so UTF-8 words
// stay whole). Views point into `storage`.
[[nodiscard]] std::vector<std::string_view> tokenize(std::string_view text, std::string& storage);

// Plural and possessive endings removed, so "guitars" matches "guitar's".
[[nodiscard]] std::string normalise_content_word(std::string_view token);

[[nodiscard]] MessageFeatures analyse_message(std::string_view text, const WordLists& lists);

// Linguistic style matching (Ireland and Pennebaker): for each category
// 1 - |p1 - p2| / (p1 + p2 + 0.0001) over the percentage of each person's
// words in that category, averaged over categories at least one of them has
// used. Empty when neither has used any category yet.
[[nodiscard]] std::optional<double> style_matching(std::span<const double> percent_a,
                                                   std::span<const double> percent_b);

}  // namespace rapport
