#include "rapport/text/text_match.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace rapport {
namespace {

// ---- UTF-8 scanning ------------------------------------------------------------

// Decodes the code point at `i`; returns its byte length, or 0 for an invalid
// sequence (the caller skips one byte and treats it as a separator).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t len = 0;
  if (lead < 0x80u) {
    cp = lead;
    return 1;
  }
  if ((lead & 0xE0u) == 0xC0u) {
    len = 2;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    len = 3;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    len = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6u) | (byte(i + k) & 0x3Fu);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return len;
}

struct FoldRange {
  char32_t first;
  char32_t last;
  std::string_view base;  // empty: the code point separates words
};

// Latin-1 Supplement letters and Latin Extended-A, folded to lower-case ASCII.
constexpr std::array<FoldRange, 50> kFolds = {{
    {0x00C0, 0x00C5, "a"}, {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"}, {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"}, {0x00D0, 0x00D0, "d"},  {0x00D1, 0x00D1, "n"}, {0x00D2, 0x00D6, "o"},
    {0x00D7, 0x00D7, ""},  {0x00D8, 0x00D8, "o"},  {0x00D9, 0x00DC, "u"}, {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"}, {0x00DF, 0x00DF, "ss"}, {0x00E0, 0x00E5, "a"}, {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"}, {0x00E8, 0x00EB, "e"},  {0x00EC, 0x00EF, "i"}, {0x00F0, 0x00F0, "d"},
    {0x00F1, 0x00F1, "n"}, {0x00F2, 0x00F6, "o"},  {0x00F7, 0x00F7, ""},  {0x00F8, 0x00F8, "o"},
    {0x00F9, 0x00FC, "u"}, {0x00FD, 0x00FD, "y"},  {0x00FE, 0x00FE, "th"}, {0x00FF, 0x00FF, "y"},
    {0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"},  {0x010E, 0x0111, "d"}, {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"}, {0x0124, 0x0127, "h"},  {0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"}, {0x0136, 0x0138, "k"},  {0x0139, 0x0142, "l"}, {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"}, {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"}, {0x015A, 0x0161, "s"},
    {0x0162, 0x0167, "t"}, {0x0168, 0x0173, "u"},  {0x0174, 0x0175, "w"}, {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"}, {0x017F, 0x017F, "s"},
}};

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC; }

// What a code point contributes to a word: letters/digits give their folded
// form; `separator` is set for punctuation, symbols and spaces.
std::string_view fold(char32_t cp, char (&ascii)[2], bool& separator) {
  separator = false;
  if (cp < 0x80) {
    const auto c = static_cast<char>(cp);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      ascii[0] = c;
      return {ascii, 1};
    }
    if (c >= 'A' && c <= 'Z') {
      ascii[0] = static_cast<char>(c - 'A' + 'a');
      return {ascii, 1};
    }
    separator = true;
    return {};
  }
  for (const FoldRange& r : kFolds) {
    if (cp >= r.first && cp <= r.last) {
      separator = r.base.empty();
      return r.base;
    }
  }
  // Latin-1 punctuation and symbols, general punctuation, arrows/symbols/dingbats,
  // CJK punctuation and emoji separate words; other scripts are kept as they are.
  separator = cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
              (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F000 && cp <= 0x1FAFF);
  return {};
}

struct WordSpan {
  std::size_t begin = 0;  // byte offsets into the original text
  std::size_t end = 0;
  std::size_t chars = 0;  // code points in the original
  std::string word;       // folded, not singularised
};

std::vector<WordSpan> scan_words(std::string_view text) {
  std::vector<WordSpan> words;
  WordSpan current;
  bool in_word = false;
  const auto finish = [&] {
    if (in_word && !current.word.empty()) words.push_back(current);
    current = WordSpan{};
    in_word = false;
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = decode_utf8(text, i, cp);
    if (len == 0) {
      finish();
      ++i;
      continue;
    }
    if (is_apostrophe(cp)) {
      // Inside a word it vanishes ("don't"); elsewhere it is a quote mark.
      if (in_word) {
        current.end = i + len;
        ++current.chars;
      }
      i += len;
      continue;
    }
    char ascii[2] = {0, 0};
    bool separator = false;
    const std::string_view piece = fold(cp, ascii, separator);
    if (separator) {
      finish();
    } else {
      if (!in_word) {
        current.begin = i;
        in_word = true;
      }
      if (piece.empty()) {
        current.word.append(text.substr(i, len));  // another script: keep as is
      } else {
        current.word.append(piece);
      }
      current.end = i + len;
      ++current.chars;
    }
    i += len;
  }
  finish();
  return words;
}

// ---- plurals and stop words ----------------------------------------------------

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

struct Irregular {
  std::string_view plural;
  std::string_view singular;
};
constexpr std::array<Irregular, 16> kIrregularPlurals = {{
    {"children", "child"}, {"people", "person"}, {"men", "man"},       {"women", "woman"},
    {"mice", "mouse"},     {"feet", "foot"},     {"teeth", "tooth"},   {"geese", "goose"},
    {"knives", "knife"},   {"wives", "wife"},    {"lives", "life"},    {"leaves", "leaf"},
    {"shelves", "shelf"},  {"wolves", "wolf"},   {"halves", "half"},   {"loaves", "loaf"},
}};
// Words ending in "ies" whose singular ends in "ie", not "y".
constexpr std::array<std::string_view, 20> kIePlurals = {
    "movies",  "cookies", "zombies", "selfies", "brownies", "smoothies", "pies",    "ties",    "lies",    "hoodies",
    "rookies", "calories", "aunties", "veggies", "goodies", "foodies",   "newbies", "techies", "birdies", "bookies",
};
// Words ending in "oes" whose singular drops "es".
constexpr std::array<std::string_view, 8> kOesPlurals = {
    "potatoes", "tomatoes", "heroes", "echoes", "volcanoes", "mangoes", "mosquitoes", "dominoes",
};
// Words that end in "s" but are not plurals we should cut.
constexpr std::array<std::string_view, 14> kKeepS = {
    "news",  "series", "species", "maths",  "lens",   "chaos",  "christmas",
    "always", "towards", "perhaps", "various", "famous", "nervous", "jealous",
};

constexpr std::array<std::string_view, 179> kStopWords = {
    "a",        "about",   "after",   "all",      "also",      "always",   "am",       "an",      "and",
    "any",      "are",     "as",      "at",       "be",        "because",  "been",     "being",   "big",
    "bit",      "born",    "both",    "but",      "by",        "can",      "cant",     "could",   "definitely",
    "did",      "didnt",   "do",      "does",     "doing",     "done",     "dont",     "enjoy",   "enjoyed",
    "enjoying", "enjoys",  "every",   "fan",      "favorite",  "favourite", "few",     "for",     "from",
    "get",      "gets",    "getting", "go",       "goes",      "going",    "got",      "grew",    "grow",
    "growing",  "grown",   "had",     "has",      "have",      "having",   "he",       "her",     "here",
    "him",      "his",     "how",     "huge",     "i",         "id",       "if",       "im",      "in",
    "into",     "is",      "isnt",    "it",       "its",       "ive",      "just",     "kind",    "like",
    "liked",    "likes",   "little",  "live",     "lived",     "lives",    "living",   "lot",     "lots",
    "love",     "loved",   "loves",   "loving",   "maybe",     "me",       "mine",     "more",    "most",
    "mostly",   "much",    "my",      "myself",   "no",        "not",      "now",      "of",      "off",
    "often",    "on",      "one",     "only",     "or",        "other",    "our",      "out",     "play",
    "played",   "playing", "plays",   "pretty",   "probably",  "quite",    "really",   "she",     "so",
    "some",     "sometimes", "sort",  "still",    "stuff",     "such",     "sure",     "than",    "that",
    "thats",    "the",     "their",   "them",     "then",      "there",    "these",    "they",    "thing",
    "things",   "think",   "this",    "those",    "to",        "too",      "up",       "us",      "used",
    "usually",  "very",    "was",     "watch",    "watched",   "watching", "we",       "well",    "went",
    "were",     "what",    "when",    "where",    "which",     "who",      "why",      "will",    "with",
    "would",    "yeah",    "yes",     "you",      "your",      "wont",     "u",        "ur",
};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Stop words are kept as they are so "does" and "its" stay recognisable.
std::string normalise_word(const std::string& folded) {
  return is_stop_word(folded) ? folded : singularise(folded);
}

std::vector<std::string> normalised_words(std::string_view text) {
  std::vector<std::string> out;
  for (WordSpan& w : scan_words(text)) out.push_back(normalise_word(w.word));
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

bool matches_at(const std::vector<std::string>& words, std::size_t at, const std::vector<std::string>& phrase) {
  if (phrase.empty() || at + phrase.size() > words.size()) return false;
  return std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  for (WordSpan& w : scan_words(text)) out.push_back(std::move(w.word));
  return out;
}

std::string singularise(std::string_view word) {
  // Four letters or fewer ("bus", "gas", "yes") are rarely regular plurals.
  constexpr std::size_t kMinPluralLength = 4;
  for (const Irregular& irregular : kIrregularPlurals) {
    if (word == irregular.plural) return std::string(irregular.singular);
  }
  if (word.size() < kMinPluralLength || !ends_with(word, "s") || contains(kKeepS, word)) {
    return std::string(word);
  }
  if (ends_with(word, "ss") || ends_with(word, "us") || ends_with(word, "is") || ends_with(word, "ics")) {
    return std::string(word);  // chess, campus, tennis, physics
  }
  if (contains(kIePlurals, word)) return std::string(word.substr(0, word.size() - 1));
  if (ends_with(word, "ies") && word.size() > kMinPluralLength) {
    return std::string(word.substr(0, word.size() - 3)) + "y";
  }
  if (contains(kOesPlurals, word) || ends_with(word, "sses") || ends_with(word, "ches") ||
      ends_with(word, "shes") || ends_with(word, "xes")) {
    return std::string(word.substr(0, word.size() - 2));
  }
  return std::string(word.substr(0, word.size() - 1));
}

std::string normalise_text(std::string_view text) { return join(normalised_words(text)); }

bool is_stop_word(std::string_view normalised_word) { return contains(kStopWords, normalised_word); }

// ---- synonyms ------------------------------------------------------------------

SynonymTable::SynonymTable(const std::vector<std::vector<std::string>>& groups) {
  for (const auto& group : groups) {
    std::string canonical;
    for (const std::string& entry : group) {
      std::vector<std::string> words = normalised_words(entry);
      if (words.empty()) continue;
      if (canonical.empty()) canonical = join(words);
      const bool known = std::any_of(phrases_.begin(), phrases_.end(),
                                     [&](const Phrase& p) { return p.words == words; });
      if (!known) phrases_.push_back(Phrase{std::move(words), canonical});
    }
  }
  std::stable_sort(phrases_.begin(), phrases_.end(),
                   [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
}

std::vector<std::string> SynonymTable::canonical_tokens(std::string_view text) const {
  const std::vector<std::string> words = normalised_words(text);
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < words.size();) {
    const auto hit = std::find_if(phrases_.begin(), phrases_.end(),
                                  [&](const Phrase& p) { return matches_at(words, i, p.words); });
    if (hit != phrases_.end()) {
      tokens.push_back(hit->canonical);
      i += hit->words.size();
    } else {
      tokens.push_back(words[i]);
      ++i;
    }
  }
  return tokens;
}

std::vector<std::string> content_tokens(std::string_view text, const SynonymTable& synonyms) {
  std::vector<std::string> tokens = synonyms.canonical_tokens(text);
  std::erase_if(tokens, [](const std::string& t) { return is_stop_word(t); });
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

AnswerMatch match_answers(std::string_view a, std::string_view b, const SynonymTable& synonyms) {
  const std::vector<std::string> left = content_tokens(a, synonyms);
  const std::vector<std::string> right = content_tokens(b, synonyms);
  AnswerMatch result;
  std::set_intersection(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(result.shared));
  const std::size_t smaller = std::min(left.size(), right.size());
  if (smaller == 0 || result.shared.empty()) return result;
  result.overlap = static_cast<double>(result.shared.size()) / static_cast<double>(smaller);
  result.matched = result.overlap >= kMinAnswerOverlap;
  return result;
}

bool answers_match(std::string_view a, std::string_view b, const SynonymTable& synonyms) {
  return match_answers(a, b, synonyms).matched;
}

// ---- word lists ----------------------------------------------------------------

WordList WordList::from_lines(std::string_view text) {
  WordList list;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    list.add(line);
  }
  return list;
}

void WordList::add(std::string_view word_or_phrase) {
  std::vector<std::string> words = normalised_words(word_or_phrase);
  if (words.empty()) return;
  if (std::find(entries_.begin(), entries_.end(), words) == entries_.end()) entries_.push_back(std::move(words));
}

std::vector<std::string> WordList::find_in(std::string_view text) const {
  const std::vector<std::string> words = normalised_words(text);
  std::vector<std::string> found;
  for (const auto& entry : entries_) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (matches_at(words, i, entry)) {
        found.push_back(join(entry));
        break;
      }
    }
  }
  return found;
}

std::string WordList::mask(std::string_view text) const {
  const std::vector<WordSpan> spans = scan_words(text);
  std::vector<std::string> words;
  words.reserve(spans.size());
  for (const WordSpan& s : spans) words.push_back(normalise_word(s.word));
  std::vector<bool> masked(spans.size(), false);
  for (const auto& entry : entries_) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (!matches_at(words, i, entry)) continue;
      for (std::size_t k = 0; k < entry.size(); ++k) masked[i + k] = true;
    }
  }
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!masked[i]) continue;
    out.append(text.substr(copied, spans[i].begin - copied));
    out.append(spans[i].chars, '*');
    copied = spans[i].end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace rapport
