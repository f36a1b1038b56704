#include "rapport/content/deck.hpp"

#include "rapport/protocol/protocol_types.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>

namespace rapport {
namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 3> kAudienceKeys = {"team-building", "onboarding", "classroom"};

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "text";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a whole number";
    case json::value_t::number_float: return "a decimal number";
    default: return "something else";
  }
}

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}
std::string index_path(const std::string& parent, std::size_t i) { return parent + "[" + std::to_string(i) + "]"; }

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdChars) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Reads one deck's JSON into the structs, recording every shape problem.
class DeckReader {
 public:
  DeckReader(std::string file, std::vector<DeckProblem>& problems) : file_(std::move(file)), problems_(problems) {}

  void error(const std::string& where, std::string message) { add(DeckProblem::Severity::Error, where, std::move(message)); }
  void warn(const std::string& where, std::string message) { add(DeckProblem::Severity::Warning, where, std::move(message)); }
  [[nodiscard]] std::size_t errors() const { return errors_; }

  // Warns about keys the format does not know (usually typos); keys starting
  // with '_' are notes for authors and are ignored.
  void check_keys(const json& object, const std::string& path, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
      if (!key.empty() && key[0] == '_') continue;
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        warn(join_path(path, key), "unknown field " + in_quotes(key) + " is ignored (known fields: " + list + ")");
      }
    }
  }

  // The field's value when present and of the wanted type; records a problem otherwise.
  const json* field(const json& object, const std::string& path, const char* key, json::value_t type,
                    const char* type_words, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
      if (required) error(path, "missing required field " + in_quotes(key) + " (" + type_words + "); add it");
      return nullptr;
    }
    const bool number_ok = type == json::value_t::number_integer && it->is_number_integer();
    if (it->type() != type && !number_ok) {
      error(join_path(path, key), std::string("must be ") + type_words + ", found " + type_name(*it));
      return nullptr;
    }
    return &*it;
  }

  std::string text(const json& object, const std::string& path, const char* key, bool required) {
    const json* value = field(object, path, key, json::value_t::string, "text in quotes", required);
    if (value == nullptr) return {};
    std::string s = value->get<std::string>();
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
      error(join_path(path, key), "is empty; write the " + std::string(key));
    }
    return s;
  }

 private:
  void add(DeckProblem::Severity severity, const std::string& where, std::string message) {
    if (severity == DeckProblem::Severity::Error) ++errors_;
    problems_.push_back(DeckProblem{severity, file_, where, std::move(message)});
  }
  std::string file_;
  std::vector<DeckProblem>& problems_;
  std::size_t errors_ = 0;
};

void read_prompt(DeckReader& r, const json& value, const std::string& path, DeckCategory& category) {
  if (!value.is_object()) {
    r.error(path, std::string("must be an object like {\"text\": \"What ...?\", \"depth\": 1}, found ") +
                      type_name(value));
    return;
  }
  r.check_keys(value, path, {"text", "depth"});
  DeckPrompt prompt;
  prompt.text = r.text(value, path, "text", true);
  if (const json* depth = r.field(value, path, "depth", json::value_t::number_integer,
                                  "a whole number from 1 (light) to 3 (personal)", true)) {
    const auto d = depth->get<std::int64_t>();
    if (d < kMinPromptDepth || d > kMaxPromptDepth) {
      r.error(join_path(path, "depth"), "is " + std::to_string(d) + "; use 1 (light), 2 (stories) or 3 (personal)");
    } else {
      prompt.depth = static_cast<int>(d);
    }
  }
  category.prompts.push_back(std::move(prompt));
}

void read_category(DeckReader& r, const json& value, const std::string& path, Deck& deck) {
  if (!value.is_object()) {
    r.error(path, std::string("must be an object with id, title, starter, profile_question and prompts, found ") +
                      type_name(value));
    return;
  }
  r.check_keys(value, path, {"id", "title", "starter", "profile_question", "prompts"});
  DeckCategory category;
  category.id = r.text(value, path, "id", true);
  if (!category.id.empty() && !valid_id(category.id)) {
    r.error(join_path(path, "id"), in_quotes(category.id) + " is not a valid id; use 1-40 lower-case letters, digits and '-'");
  }
  category.title = r.text(value, path, "title", true);
  category.starter = r.text(value, path, "starter", true);
  category.profile_question = r.text(value, path, "profile_question", true);
  if (const json* prompts = r.field(value, path, "prompts", json::value_t::array, "a list of prompts", true)) {
    const std::string prompts_path = join_path(path, "prompts");
    for (std::size_t i = 0; i < prompts->size(); ++i) read_prompt(r, (*prompts)[i], index_path(prompts_path, i), category);
  }
  deck.categories.push_back(std::move(category));
}

void read_synonyms(DeckReader& r, const json& list, Deck& deck) {
  for (std::size_t g = 0; g < list.size(); ++g) {
    const std::string path = index_path("synonyms", g);
    const json& group = list[g];
    if (!group.is_array()) {
      r.error(path, std::string("must be a list of words that mean the same, like [\"football\", \"soccer\"], found ") +
                        type_name(group));
      continue;
    }
    std::vector<std::string> terms;
    for (std::size_t t = 0; t < group.size(); ++t) {
      if (!group[t].is_string()) {
        r.error(index_path(path, t), std::string("must be text, found ") + type_name(group[t]));
        continue;
      }
      terms.push_back(group[t].get<std::string>());
    }
    deck.synonyms.push_back(std::move(terms));
  }
}

std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

std::string file_stem(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(0, dot));
}

std::optional<std::string> read_file(const std::string& path, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open the file; check the path and that it is readable";
    return std::nullopt;
  }
  std::string data;
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    data.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (data.size() > kMaxDeckFileBytes) {
      why = "is larger than " + std::to_string(kMaxDeckFileBytes / 1024) + " KiB; a deck should be much smaller";
      return std::nullopt;
    }
  }
  return data;
}

}  // namespace

// ---- Deck ------------------------------------------------------------------------

const DeckCategory* Deck::category(std::string_view category_id) const {
  const auto it = std::find_if(categories.begin(), categories.end(),
                               [&](const DeckCategory& c) { return c.id == category_id; });
  return it == categories.end() ? nullptr : &*it;
}

std::size_t Deck::prompt_count() const {
  std::size_t n = 0;
  for (const DeckCategory& c : categories) n += c.prompts.size();
  return n;
}

std::string DeckProblem::describe() const {
  std::string out = file.empty() ? std::string("(deck)") : file;
  if (!where.empty()) out += ": " + where;
  out += severity == Severity::Error ? ": error: " : ": warning: ";
  out += message;
  return out;
}

bool DeckLoad::ok() const {
  return deck.has_value() && std::none_of(problems.begin(), problems.end(), [](const DeckProblem& p) {
           return p.severity == DeckProblem::Severity::Error;
         });
}

std::string_view audience_key(Audience audience) {
  const auto i = static_cast<std::size_t>(audience);
  return i < kAudienceKeys.size() ? kAudienceKeys[i] : std::string_view{"unknown"};
}

std::optional<Audience> audience_from_key(std::string_view key) {
  for (std::size_t i = 0; i < kAudienceKeys.size(); ++i) {
    if (kAudienceKeys[i] == key) return static_cast<Audience>(i);
  }
  return std::nullopt;
}

// ---- loading ---------------------------------------------------------------------

DeckLoad parse_deck(std::string_view json_text, std::string_view file_name) {
  DeckLoad load;
  DeckReader r(std::string(file_name), load.problems);
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(json_text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    const std::size_t colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    r.error("line " + std::to_string(line) + ", column " + std::to_string(column),
            "is not valid JSON (byte " + std::to_string(e.byte) + "): " + what +
                "; check for a missing comma, quote or bracket near there");
    return load;
  }
  if (!root.is_object()) {
    r.error("(top level)", std::string("must be an object { \"id\": ..., \"categories\": [...] }, found ") + type_name(root));
    return load;
  }
  r.check_keys(root, "", {"format", "id", "title", "audience", "description", "categories", "synonyms"});
  Deck deck;
  deck.file = std::string(file_name);
  if (const json* format = r.field(root, "", "format", json::value_t::number_integer, "a whole number", false)) {
    if (format->get<std::int64_t>() != kDeckFormatVersion) {
      r.error("format", "is " + format->dump() + " but this version of Rapport reads format " +
                            std::to_string(kDeckFormatVersion));
    }
  }
  deck.id = r.text(root, "", "id", true);
  if (!deck.id.empty() && !valid_id(deck.id)) {
    r.error("id", in_quotes(deck.id) + " is not a valid id; use 1-40 lower-case letters, digits and '-'");
  }
  deck.title = r.text(root, "", "title", true);
  deck.description = r.text(root, "", "description", false);
  const std::string audience = r.text(root, "", "audience", true);
  if (!audience.empty()) {
    if (const auto a = audience_from_key(audience)) {
      deck.audience = *a;
    } else {
      r.error("audience", in_quotes(audience) + " is not an audience; use team-building, onboarding or classroom");
    }
  }
  if (const json* categories = r.field(root, "", "categories", json::value_t::array, "a list of categories", true)) {
    for (std::size_t i = 0; i < categories->size(); ++i) {
      read_category(r, (*categories)[i], index_path("categories", i), deck);
    }
  }
  if (const json* synonyms = r.field(root, "", "synonyms", json::value_t::array, "a list of synonym groups", false)) {
    read_synonyms(r, *synonyms, deck);
  }
  if (r.errors() == 0) load.deck = std::move(deck);
  return load;
}

DeckLoad load_deck(const std::string& path) {
  std::string why;
  const std::optional<std::string> text = read_file(path, why);
  if (!text) {
    DeckLoad load;
    load.problems.push_back(DeckProblem{DeckProblem::Severity::Error, path, "", why});
    return load;
  }
  DeckLoad load = parse_deck(*text, path);
  if (load.deck && file_stem(path) != load.deck->id) {
    load.problems.push_back(DeckProblem{DeckProblem::Severity::Warning, path, "id",
                                        in_quotes(load.deck->id) + " differs from the file name " +
                                            in_quotes(file_stem(path)) + "; name the file after the id"});
  }
  return load;
}

DeckLoad load_and_lint_deck(const std::string& path, const DeckLintRules& rules) {
  DeckLoad load = load_deck(path);
  if (load.deck) {
    std::vector<DeckProblem> more = lint_deck(*load.deck, rules);
    if (rules.strict) {
      for (DeckProblem& p : load.problems) p.severity = DeckProblem::Severity::Error;
    }
    load.problems.insert(load.problems.end(), more.begin(), more.end());
  }
  return load;
}

std::optional<WordList> load_word_list(const std::string& path) {
  std::string why;
  const std::optional<std::string> text = read_file(path, why);
  if (!text) return std::nullopt;
  return WordList::from_lines(*text);
}

DeckStats deck_stats(const Deck& deck) {
  DeckStats stats;
  stats.categories = deck.categories.size();
  for (const DeckCategory& c : deck.categories) {
    for (const DeckPrompt& p : c.prompts) {
      ++stats.prompts;
      if (p.depth >= kMinPromptDepth && p.depth <= kMaxPromptDepth) {
        ++stats.by_depth[static_cast<std::size_t>(p.depth - kMinPromptDepth)];
      }
    }
  }
  stats.synonym_groups = deck.synonyms.size();
  for (const auto& group : deck.synonyms) stats.synonym_terms += group.size();
  return stats;
}

}  // namespace rapport
