// Content checks for decks (the shape is checked by parse_deck in deck.cpp).
#include "rapport/content/deck.hpp"

#include "rapport/text/names.hpp"
#include "rapport/protocol/protocol_types.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace rapport {
namespace {

// Openers of yes/no questions: "Do you…", "Have you ever…", "Would you rather…".
constexpr std::array<std::string_view, 18> kClosedOpeners = {
    "do", "does", "did", "are", "is", "was", "were", "have", "has",
    "had", "can", "could", "would", "will", "should", "shall", "may", "am",
};
// Words that make a question or invitation open-ended wherever they appear
// ("Looking back, what…", "If you could…, where…").
constexpr std::array<std::string_view, 22> kOpenWords = {
    "what", "whats", "how",    "hows",    "why",  "where",   "wheres", "which", "who",  "whos",   "whose",
    "when", "tell",  "describe", "share", "imagine", "picture", "recall", "name", "walk", "explain", "finish",
};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

class Linter {
 public:
  Linter(const Deck& deck, const DeckLintRules& rules) : deck_(deck), rules_(rules) {}

  std::vector<DeckProblem> run() {
    check_counts();
    check_categories();
    check_synonyms();
    if (deck_.audience == Audience::Classroom) check_classroom();
    if (rules_.strict) {
      for (DeckProblem& p : problems_) p.severity = DeckProblem::Severity::Error;
    }
    return std::move(problems_);
  }

 private:
  void error(const std::string& where, std::string message) { add(DeckProblem::Severity::Error, where, std::move(message)); }
  void warn(const std::string& where, std::string message) { add(DeckProblem::Severity::Warning, where, std::move(message)); }
  void add(DeckProblem::Severity severity, const std::string& where, std::string message) {
    problems_.push_back(DeckProblem{severity, deck_.file, where, std::move(message)});
  }

  static std::string category_path(std::size_t c) { return "categories[" + std::to_string(c) + "]"; }
  static std::string prompt_path(std::size_t c, std::size_t p) {
    return category_path(c) + ".prompts[" + std::to_string(p) + "]";
  }

  void check_length(const std::string& where, const std::string& text, std::size_t min_chars, std::size_t max_chars,
                    const char* what) {
    if (text.empty()) return;  // parse_deck already reported it
    const std::size_t chars = utf8_length(text);
    if (chars < min_chars) {
      error(where, std::string(what) + " is " + std::to_string(chars) + " characters; write at least " +
                       std::to_string(min_chars));
    } else if (chars > max_chars) {
      error(where, std::string(what) + " is " + std::to_string(chars) + " characters; the limit is " +
                       std::to_string(max_chars) + " so it fits a grid cell — shorten it");
    }
  }

  // Starters and prompts are both shown as a cell's question, so both must be
  // open-ended, within length bounds and unique across the deck.
  void check_question(const std::string& where, const std::string& text, const char* what) {
    if (text.empty()) return;
    check_length(where, text, kMinPromptChars, kMaxPromptChars, what);
    if (!is_open_ended(text)) {
      const std::vector<std::string> words = split_words(text);
      const std::string first = words.empty() ? std::string() : words.front();
      error(where, std::string(what) + " " + in_quotes(text) + " is not open-ended" +
                       (listed(kClosedOpeners, first) ? " (it starts like a yes/no question)" : "") +
                       "; rephrase it to start with What, How, Why, Which, Where or Tell me");
    }
    const std::string key = normalise_text(text);
    const auto [it, fresh] = first_seen_.emplace(key, where);
    if (!fresh) error(where, std::string(what) + " duplicates " + it->second + " (" + in_quotes(text) + "); reword or remove one");
  }

  void check_counts() {
    const std::size_t prompts = deck_.prompt_count();
    const std::size_t categories = deck_.categories.size();
    if (categories < kMinDeckCategories) {
      error("categories", "has " + std::to_string(categories) + " categories; a 3x3 grid needs at least " +
                              std::to_string(kMinDeckCategories));
    }
    if (categories < kShippedMinCategories || prompts < kShippedMinPrompts) {
      warn("categories", "has " + std::to_string(prompts) + " prompts in " + std::to_string(categories) +
                             " categories; decks shipped with Rapport have at least " +
                             std::to_string(kShippedMinPrompts) + " prompts in " +
                             std::to_string(kShippedMinCategories) + " categories so rotations do not repeat");
    }
    std::array<std::size_t, kMaxPromptDepth> by_depth{};
    for (const DeckCategory& c : deck_.categories) {
      for (const DeckPrompt& p : c.prompts) ++by_depth[static_cast<std::size_t>(p.depth - kMinPromptDepth)];
    }
    if (prompts > 0 && (by_depth.front() == 0 || by_depth.back() == 0)) {
      warn("categories", "has no prompts at depth " + std::string(by_depth.front() == 0 ? "1" : "3") +
                             "; mix light (1) and more personal (3) prompts so conversations can deepen");
    }
  }

  void check_categories() {
    std::map<std::string, std::size_t> ids;
    for (std::size_t c = 0; c < deck_.categories.size(); ++c) {
      const DeckCategory& category = deck_.categories[c];
      const std::string path = category_path(c);
      const auto [it, fresh] = ids.emplace(category.id, c);
      if (!fresh) error(path + ".id", "the id " + in_quotes(category.id) + " is also used by " + category_path(it->second));
      check_length(path + ".title", category.title, 1, kMaxCategoryTitleChars, "the title");
      check_question(path + ".starter", category.starter, "the starter");
      check_length(path + ".profile_question", category.profile_question, kMinProfileQuestionChars,
                   kMaxProfileQuestionChars, "the profile question");
      if (!category.profile_question.empty() && category.profile_question.back() != '?') {
        warn(path + ".profile_question", "should be a short question ending in '?'");
      }
      if (category.prompts.empty()) {
        error(path + ".prompts", "category " + in_quotes(category.id) + " has no prompts; add at least " +
                                     std::to_string(kMinPromptsPerCategory) + " or remove the category");
      } else if (category.prompts.size() < kMinPromptsPerCategory) {
        warn(path + ".prompts", "category " + in_quotes(category.id) + " has only " +
                                    std::to_string(category.prompts.size()) + " prompts; " +
                                    std::to_string(kMinPromptsPerCategory) + " or more keep rotations fresh");
      }
      for (std::size_t p = 0; p < category.prompts.size(); ++p) {
        check_question(prompt_path(c, p), category.prompts[p].text, "the prompt");
      }
    }
    check_length("title", deck_.title, 1, kMaxDeckTitleChars, "the deck title");
  }

  void check_synonyms() {
    std::map<std::string, std::string> owner;  // normalised term -> where first seen
    for (std::size_t g = 0; g < deck_.synonyms.size(); ++g) {
      const auto& group = deck_.synonyms[g];
      const std::string path = "synonyms[" + std::to_string(g) + "]";
      if (group.size() < 2) error(path, "a synonym group needs at least two terms that mean the same");
      for (std::size_t t = 0; t < group.size(); ++t) {
        const std::string where = path + "[" + std::to_string(t) + "]";
        const std::string key = normalise_text(group[t]);
        if (key.empty()) {
          error(where, "is empty or only punctuation; remove it");
          continue;
        }
        if (is_stop_word(key)) {
          warn(where, in_quotes(group[t]) + " is a common word that matching ignores; it would turn ordinary words into a synonym");
        }
        const auto [it, fresh] = owner.emplace(key, where);
        if (!fresh) error(where, in_quotes(group[t]) + " is already listed at " + it->second + "; keep each term in one group");
      }
    }
  }

  void check_text_for_blocked(const std::string& where, const std::string& text) {
    for (const std::string& word : rules_.classroom_blocked.find_in(text)) {
      error(where, "contains " + in_quotes(word) +
                       ", which a classroom deck must not contain (assets/decks/blocked-words-classroom.txt); "
                       "choose a topic that suits every student");
    }
  }

  void check_classroom() {
    if (!rules_.classroom_list_loaded) {
      error("audience", "is classroom but the blocked-words list was not loaded, so the deck cannot be checked; "
                        "pass --blocked FILE or --assets DIR");
      return;
    }
    check_text_for_blocked("title", deck_.title);
    check_text_for_blocked("description", deck_.description);
    for (std::size_t c = 0; c < deck_.categories.size(); ++c) {
      const DeckCategory& category = deck_.categories[c];
      const std::string path = category_path(c);
      check_text_for_blocked(path + ".title", category.title);
      check_text_for_blocked(path + ".starter", category.starter);
      check_text_for_blocked(path + ".profile_question", category.profile_question);
      for (std::size_t p = 0; p < category.prompts.size(); ++p) {
        check_text_for_blocked(prompt_path(c, p), category.prompts[p].text);
      }
    }
    for (std::size_t g = 0; g < deck_.synonyms.size(); ++g) {
      for (std::size_t t = 0; t < deck_.synonyms[g].size(); ++t) {
        check_text_for_blocked("synonyms[" + std::to_string(g) + "][" + std::to_string(t) + "]", deck_.synonyms[g][t]);
      }
    }
  }

  const Deck& deck_;
  const DeckLintRules& rules_;
  std::vector<DeckProblem> problems_;
  std::map<std::string, std::string> first_seen_;  // normalised question -> where
};

}  // namespace

bool is_open_ended(std::string_view question) {
  const std::vector<std::string> words = split_words(question);
  if (words.empty() || listed(kClosedOpeners, words.front())) return false;
  return std::any_of(words.begin(), words.end(), [](const std::string& w) { return listed(kOpenWords, w); });
}

std::vector<DeckProblem> lint_deck(const Deck& deck, const DeckLintRules& rules) { return Linter(deck, rules).run(); }

}  // namespace rapport
