#include "rapport/rapport/language_analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace rapport {
namespace {

// Ireland and Pennebaker add this to the denominator so a category both
// people used at the same tiny rate does not divide by zero.
constexpr double kStyleEpsilon = 0.0001;

// UTF-8 lead bytes we turn into separators: general punctuation (E2 80 xx:
// dashes, ellipsis, quotes), symbols and dingbats (E2 98..9E: hearts, stars)
// and the supplementary planes (F0: emoji). Letters of other scripts stay in words.
constexpr unsigned char kUtf8ThreeByteLeadE2 = 0xE2;
constexpr unsigned char kGeneralPunctuationSecond = 0x80;
constexpr unsigned char kSymbolsFirstSecond = 0x98;
constexpr unsigned char kSymbolsLastSecond = 0x9E;
constexpr unsigned char kRightSingleQuoteThird = 0x99;
constexpr unsigned char kFourByteLead = 0xF0;
constexpr std::size_t kThreeByteLength = 3;
constexpr std::size_t kFourByteLength = 4;

struct Token {
  std::string_view text;
  std::uint32_t clause = 0;
};

struct Clause {
  std::size_t first_token = 0;
  std::size_t end_token = 0;  // one past the last token
  std::uint32_t sentence = 0;
};

struct Parsed {
  std::vector<Token> tokens;
  std::vector<Clause> clauses;
  std::vector<bool> sentence_is_question;
};

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

bool ends_sentence(char c) { return c == '.' || c == '!' || c == '?' || c == '\n'; }
bool ends_clause(char c) { return c == ',' || c == ';' || c == ':' || c == '(' || c == ')'; }

// Lower-cased copy with separators normalised (see the constants above).
std::string normalise_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == kUtf8ThreeByteLeadE2 && i + 2 < text.size()) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if (second == kGeneralPunctuationSecond) {
        out.push_back(third == kRightSingleQuoteThird ? '\'' : ' ');
        i += kThreeByteLength - 1;
        continue;
      }
      if (second >= kSymbolsFirstSecond && second <= kSymbolsLastSecond) {
        out.push_back(' ');
        i += kThreeByteLength - 1;
        continue;
      }
    }
    if (c >= kFourByteLead) {
      out.push_back(' ');
      i += std::min(kFourByteLength, text.size() - i) - 1;
      continue;
    }
    out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c));
  }
  return out;
}

Parsed parse(std::string_view text, std::string& storage) {
  storage = normalise_text(text);
  Parsed parsed;
  parsed.clauses.push_back({0, 0, 0});
  parsed.sentence_is_question.push_back(false);
  const auto close_clause = [&] {
    parsed.clauses.back().end_token = parsed.tokens.size();
  };
  const auto open_clause = [&](std::uint32_t sentence) {
    close_clause();
    parsed.clauses.push_back({parsed.tokens.size(), parsed.tokens.size(), sentence});
  };
  std::size_t i = 0;
  while (i < storage.size()) {
    const auto c = static_cast<unsigned char>(storage[i]);
    if (is_word_byte(c)) {
      std::size_t end = i;
      while (end < storage.size() && is_word_byte(static_cast<unsigned char>(storage[end]))) ++end;
      std::string_view word(storage.data() + i, end - i);
      // Quotes around a word are not part of it ('great' -> great).
      while (!word.empty() && word.front() == '\'') word.remove_prefix(1);
      while (!word.empty() && word.back() == '\'') word.remove_suffix(1);
      if (!word.empty()) {
        parsed.tokens.push_back({word, static_cast<std::uint32_t>(parsed.clauses.size() - 1)});
      }
      i = end;
      continue;
    }
    if (ends_sentence(static_cast<char>(c))) {
      if (c == '?') parsed.sentence_is_question.back() = true;
      parsed.sentence_is_question.push_back(false);
      open_clause(static_cast<std::uint32_t>(parsed.sentence_is_question.size() - 1));
    } else if (ends_clause(static_cast<char>(c))) {
      open_clause(parsed.clauses.back().sentence);
    }
    ++i;
  }
  close_clause();
  return parsed;
}

bool matches_at(const std::vector<Token>& tokens, std::size_t at, std::size_t end,
                const std::vector<std::string>& phrase) {
  if (end - at < phrase.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    if (tokens[at + k].text != phrase[k]) return false;
  }
  return true;
}

// Does a phrase of the list start at token `at` (within [at, end))?
bool starts_with_phrase(const std::vector<Token>& tokens, std::size_t at, std::size_t end,
                        const PhraseList& list) {
  if (at >= end) return false;
  if (list.words.contains(tokens[at].text)) return true;
  return std::any_of(list.phrases.begin(), list.phrases.end(),
                     [&](const auto& phrase) { return matches_at(tokens, at, end, phrase); });
}

// Length in tokens of a phrase of the list starting at `at`, or 0.
std::size_t phrase_at(const std::vector<Token>& tokens, std::size_t at, const PhraseList& list) {
  if (list.words.contains(tokens[at].text)) return 1;
  for (const auto& phrase : list.phrases) {
    if (matches_at(tokens, at, tokens.size(), phrase)) return phrase.size();
  }
  return 0;
}

// Plain matches of the list in the whole message; a negator just before cancels one.
std::uint32_t count_matches(const std::vector<Token>& tokens, const PhraseList& list,
                            const WordSet& negators) {
  std::uint32_t count = 0;
  const auto negated = [&](std::size_t at) { return at > 0 && negators.contains(tokens[at - 1].text); };
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    if (phrase_at(tokens, at, list) > 0 && !negated(at)) ++count;
  }
  return count;
}

// How far back a negator still turns a sentiment word around ("not very good").
constexpr std::size_t kNegationReach = 2;
// An intensified sentiment word ("so glad", "really unfair") counts this much.
constexpr double kIntensified = 1.5;

struct Sentiment {
  double positive = 0;
  double negative = 0;
  std::uint32_t hostile = 0;
};

// Warm, negative and hostile words with negation and intensifiers, within one
// clause: "not" in "I'm not sure, great idea" does not reach "great".
Sentiment score_sentiment(const std::vector<Token>& tokens, const WordLists& lists) {
  Sentiment out;
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    const std::size_t warm = phrase_at(tokens, at, lists.positive);
    const std::size_t cold = warm > 0 ? 0 : phrase_at(tokens, at, lists.negative);
    const std::size_t hostile = warm > 0 || cold > 0 ? 0 : phrase_at(tokens, at, lists.hostile);
    if (warm == 0 && cold == 0 && hostile == 0) continue;
    bool negated = false;
    double weight = 1.0;
    for (std::size_t back = 1; back <= kNegationReach && back <= at; ++back) {
      const Token& before = tokens[at - back];
      if (before.clause != tokens[at].clause) break;
      if (lists.negators.contains(before.text)) negated = true;
      if (back == 1 && lists.intensifiers.contains(before.text)) weight = kIntensified;
    }
    if (warm > 0) {
      (negated ? out.negative : out.positive) += weight;
    } else if (cold > 0) {
      (negated ? out.positive : out.negative) += weight;
    } else if (!negated) {
      ++out.hostile;
    }
    at += std::max({warm, cold, hostile}) - 1;
  }
  return out;
}

std::size_t skip_fillers(const std::vector<Token>& tokens, std::size_t at, std::size_t end,
                         const WordLists& lists) {
  while (at < end && lists.fillers.contains(tokens[at].text)) ++at;
  return at;
}

QuestionKind classify_questions(const Parsed& parsed, const WordLists& lists) {
  QuestionKind best = QuestionKind::None;
  std::vector<bool> sentence_has_words(parsed.sentence_is_question.size(), false);
  for (const auto& clause : parsed.clauses) {
    if (clause.first_token == clause.end_token) continue;
    sentence_has_words[clause.sentence] = true;
    const std::size_t start = skip_fillers(parsed.tokens, clause.first_token, clause.end_token, lists);
    const bool question = parsed.sentence_is_question[clause.sentence];
    if (question && starts_with_phrase(parsed.tokens, start, clause.end_token,
                                       lists.open_question_openers)) {
      return QuestionKind::Open;
    }
    if (starts_with_phrase(parsed.tokens, start, clause.end_token, lists.open_prompts)) {
      return QuestionKind::Open;
    }
  }
  for (std::size_t s = 0; s < parsed.sentence_is_question.size(); ++s) {
    if (parsed.sentence_is_question[s] && sentence_has_words[s]) best = QuestionKind::Closed;
  }
  return best;
}

bool is_all_digits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t count_occurrences(std::string_view text, std::string_view needle) {
  if (needle.empty()) return 0;
  std::size_t count = 0;
  for (auto pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

}  // namespace

void PhraseList::add(std::string_view phrase) {
  std::string storage;
  const auto tokens = tokenize(phrase, storage);
  if (tokens.empty()) return;
  if (tokens.size() == 1) {
    words.emplace(tokens.front());
    return;
  }
  phrases.emplace_back(tokens.begin(), tokens.end());
}

std::vector<std::string_view> tokenize(std::string_view text, std::string& storage) {
  const Parsed parsed = parse(text, storage);
  std::vector<std::string_view> out;
  out.reserve(parsed.tokens.size());
  for (const auto& token : parsed.tokens) out.push_back(token.text);
  return out;
}

std::string normalise_content_word(std::string_view token) {
  // Shortest word we strip a plural "s" from: "bus" and "gas" stay as they are.
  constexpr std::size_t kMinPluralLength = 4;
  std::string word(token);
  if (word.size() > 2 && word.ends_with("'s")) word.resize(word.size() - 2);
  if (word.size() >= kMinPluralLength && word.back() == 's' && !word.ends_with("ss") &&
      !word.ends_with("us") && !word.ends_with("is")) {
    word.pop_back();
  }
  return word;
}

MessageFeatures analyse_message(std::string_view text, const WordLists& lists) {
  MessageFeatures features;
  std::string storage;
  const Parsed parsed = parse(text, storage);
  const auto& tokens = parsed.tokens;
  features.word_count = static_cast<std::uint32_t>(tokens.size());

  for (const auto& token : tokens) {
    const std::string_view key = token.text;
    const auto found = lists.function_words.find(key);
    if (found != lists.function_words.end()) {
      for (std::size_t c = 0; c < kMaxStyleCategories; ++c) {
        if ((found->second >> c) & 1u) ++features.category_counts[c];
      }
      continue;
    }
    if (key.size() < lists.min_content_word_length || is_all_digits(key) ||
        lists.stop_words.contains(key) || lists.negators.contains(key) ||
        lists.fillers.contains(key)) {
      continue;
    }
    std::string word = normalise_content_word(key);
    if (std::find(features.content_words.begin(), features.content_words.end(), word) ==
        features.content_words.end()) {
      features.content_words.push_back(std::move(word));
    }
  }

  features.question = classify_questions(parsed, lists);
  const Sentiment sentiment = score_sentiment(tokens, lists);
  features.positive = sentiment.positive;
  features.negative = sentiment.negative;
  features.hostile = sentiment.hostile;
  for (const auto& emoticon : lists.positive_emoticons) {
    features.positive += static_cast<double>(count_occurrences(text, emoticon));
  }
  for (const auto& emoticon : lists.negative_emoticons) {
    features.negative += static_cast<double>(count_occurrences(text, emoticon));
  }
  features.exclaimed = text.find('!') != std::string_view::npos;
  features.apology = count_matches(tokens, lists.apology, lists.negators) > 0;
  // Two are an emphatic "yes, exactly"; more are one person's habit, not more attention.
  constexpr std::uint32_t kMaxAcknowledgements = 2;
  features.acknowledgements =
      std::min(count_matches(tokens, lists.acknowledgement, lists.negators), kMaxAcknowledgements);
  features.acknowledgement = features.acknowledgements > 0;
  return features;
}

std::optional<double> style_matching(std::span<const double> percent_a,
                                     std::span<const double> percent_b) {
  const std::size_t n = std::min(percent_a.size(), percent_b.size());
  double sum = 0.0;
  std::size_t used = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const double a = percent_a[c];
    const double b = percent_b[c];
    if (a + b <= 0.0) continue;  // neither has used it: says nothing about style yet
    sum += 1.0 - std::abs(a - b) / (a + b + kStyleEpsilon);
    ++used;
  }
  if (used == 0) return std::nullopt;
  return sum / static_cast<double>(used);
}

}  // namespace rapport
