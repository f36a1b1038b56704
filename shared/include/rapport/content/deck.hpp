#pragma once
// Prompt decks: categories of open-ended questions at three depths, the profile
// question each category asks in the lobby, and synonym groups for matching
// answers. load_deck() checks the shape of the JSON; lint_deck() checks the
// content (duplicates, lengths, open-ended wording, classroom safety).
// The format is documented in docs/DECKS.md.
#include "rapport/text/text_match.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

enum class Audience : std::uint8_t;  // defined in protocol_types.hpp

// ---- limits (why these numbers: see docs/DECKS.md) --------------------------------
inline constexpr int kDeckFormatVersion = 1;
// Depth 1 is light small talk, 2 is opinions and stories, 3 is more personal
// (values, hopes) — the gradual escalation of structured self-disclosure.
inline constexpr int kMinPromptDepth = 1;
inline constexpr int kMaxPromptDepth = 3;
// A prompt is read aloud or off a grid cell: one sentence, fits two lines of a tile.
inline constexpr std::size_t kMinPromptChars = 10;
inline constexpr std::size_t kMaxPromptChars = 160;
// Profile questions and category titles are labels.
inline constexpr std::size_t kMinProfileQuestionChars = 5;
inline constexpr std::size_t kMaxProfileQuestionChars = 100;
inline constexpr std::size_t kMaxCategoryTitleChars = 32;
inline constexpr std::size_t kMaxDeckTitleChars = 80;
inline constexpr std::size_t kMaxIdChars = 40;
// The default 3x3 grid needs nine different categories.
inline constexpr std::size_t kMinDeckCategories = 9;
// The bar for decks we ship: enough for eight rotations without repeats.
inline constexpr std::size_t kShippedMinPrompts = 60;
inline constexpr std::size_t kShippedMinCategories = 12;
// Categories with fewer prompts run dry after a couple of rotations.
inline constexpr std::size_t kMinPromptsPerCategory = 3;
// Deck files are small; refuse anything that is clearly not a deck.
inline constexpr std::size_t kMaxDeckFileBytes = 1024 * 1024;

struct DeckPrompt {
  std::string text;
  int depth = kMinPromptDepth;
};

struct DeckCategory {
  std::string id;     // stable, lower-case: "travel"
  std::string title;  // shown on the grid: "Travel"
  std::string starter;           // open-ended question shown first for this category
  std::string profile_question;  // asked in the lobby; answers feed hints
  std::vector<DeckPrompt> prompts;
};

struct Deck {
  std::string id;
  std::string title;
  Audience audience{};
  std::string description;
  std::vector<DeckCategory> categories;
  std::vector<std::vector<std::string>> synonyms;
  std::string file;  // where it was loaded from (for messages)

  [[nodiscard]] const DeckCategory* category(std::string_view id) const;
  [[nodiscard]] std::size_t prompt_count() const;
};

struct DeckProblem {
  enum class Severity : std::uint8_t { Error, Warning };
  Severity severity = Severity::Error;
  std::string file;
  std::string where;  // JSON path ("categories[3].prompts[2]") or "line 4, column 7"
  std::string message;

  // "decks/x.json: categories[3].prompts[2]: error: ... "
  [[nodiscard]] std::string describe() const;
};

struct DeckLoad {
  std::optional<Deck> deck;            // set when the shape is right (lint may still complain)
  std::vector<DeckProblem> problems;   // errors and warnings, in file order

  [[nodiscard]] bool ok() const;  // a deck and no errors
};

// Parses and checks the structure: required fields, types, ids, depths.
// Never throws; every problem names the file and the place.
[[nodiscard]] DeckLoad parse_deck(std::string_view json_text, std::string_view file_name);
[[nodiscard]] DeckLoad load_deck(const std::string& path);

// Audience words as used in deck files: "team-building", "onboarding", "classroom".
[[nodiscard]] std::string_view audience_key(Audience audience);
[[nodiscard]] std::optional<Audience> audience_from_key(std::string_view key);

struct DeckLintRules {
  // Words a classroom deck must not contain (assets/decks/blocked-words-classroom.txt).
  WordList classroom_blocked;
  bool classroom_list_loaded = false;  // classroom decks fail when the list is missing
  // Shipped decks must reach kShippedMinPrompts / kShippedMinCategories; for a
  // facilitator's own deck falling short is only a warning.
  bool strict = false;
};

// Content checks on a parsed deck. Problems are errors unless noted in
// docs/DECKS.md; with rules.strict every warning becomes an error.
[[nodiscard]] std::vector<DeckProblem> lint_deck(const Deck& deck, const DeckLintRules& rules);

// Loads, then lints: the one call the server and the command use.
[[nodiscard]] DeckLoad load_and_lint_deck(const std::string& path, const DeckLintRules& rules);

// A word-per-line file; nullopt when it cannot be read.
[[nodiscard]] std::optional<WordList> load_word_list(const std::string& path);

// True when the text opens like an open-ended question or invitation
// ("What…", "How…", "Tell me…", "If you could…"), not a yes/no question.
[[nodiscard]] bool is_open_ended(std::string_view question);

struct DeckStats {
  std::size_t categories = 0;
  std::size_t prompts = 0;
  std::array<std::size_t, kMaxPromptDepth> by_depth{};  // [0] is depth 1
  std::size_t synonym_groups = 0;
  std::size_t synonym_terms = 0;
};
[[nodiscard]] DeckStats deck_stats(const Deck& deck);

}  // namespace rapport
