#include "rapport/content/scenario.hpp"

#include "rapport/protocol/messages.hpp"
#include "rapport/text/names.hpp"
#include "rapport/text/text_match.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace rapport {
namespace {

using nlohmann::json;

struct SettingName {
  SceneSetting setting;
  std::string_view id;
  std::string_view label;
};
constexpr std::array<SettingName, static_cast<std::size_t>(SceneSetting::kCount)> kSettings{{
    {SceneSetting::Cafe, "cafe", "Café"},
    {SceneSetting::Office, "office", "Office"},
    {SceneSetting::Classroom, "classroom", "Classroom"},
    {SceneSetting::VideoCall, "video-call", "Video call"},
    {SceneSetting::ShopCounter, "shop-counter", "Shop counter"},
    {SceneSetting::Park, "park", "Park / street"},
    {SceneSetting::ConferenceHall, "conference-hall", "Conference hall"},
}};

struct AudienceName {
  Audience audience;
  std::string_view id;
};
constexpr std::array<AudienceName, static_cast<std::size_t>(Audience::kCount)> kAudiences{{
    {Audience::TeamBuilding, "team-building"},
    {Audience::Onboarding, "onboarding"},
    {Audience::Classroom, "classroom"},
}};

constexpr std::array<std::string_view, kMaxDressCode + 1> kDressCodeLabels{
    "casual", "relaxed", "smart casual", "business", "formal"};

template <class List>
std::string join_ids(const List& list) {
  std::string out;
  for (const auto& entry : list) {
    if (!out.empty()) out += ", ";
    out += std::string(entry.id);
  }
  return out;
}

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Whether `phrase` appears in `text` as whole words, compared in the form
// deck matching uses (normalise_text: case, accents, punctuation, plurals):
// "Be taken seriously" in "I just want to be taken seriously!".
bool contains_words(std::string_view text, std::string_view phrase) {
  const std::string needle = normalise_text(phrase);
  return !needle.empty() && (" " + normalise_text(text) + " ").find(" " + needle + " ") != std::string::npos;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Walks one scenario document, collecting every problem rather than stopping
// at the first, so an author fixes a file in one pass.
class Validator {
 public:
  explicit Validator(std::string file) : file_(std::move(file)) {}

  std::optional<Scenario> scenario(const json& doc) {
    if (!doc.is_object()) {
      fail("", "the file must hold one JSON object ({ ... }) describing a scenario.");
      return std::nullopt;
    }
    check_keys(doc, "",
               {"id", "title", "audience", "setting", "dress_code", "summary", "repair",
                "initial_rapport", "roles", "goal_options", "feeling_options", "repair_cues",
                "tips"});
    Scenario s;
    s.id = text(doc, "", "id", kMaxScenarioIdChars).value_or("");
    if (!s.id.empty() && !is_valid_id(s.id)) {
      fail("id", "use lowercase letters, digits and dashes only (like \"late-delivery\").");
    }
    s.title = text(doc, "", "title", kMaxScenarioTitleChars).value_or("");
    s.summary = text(doc, "", "summary", kMaxScenarioSummaryChars).value_or("");
    s.audiences = audiences(doc);
    s.setting = setting(doc).value_or(SceneSetting::Cafe);
    s.dress_code = dress_code(doc).value_or(0);
    s.repair = flag(doc, "", "repair", false);
    s.initial_rapport = rapport_start(doc);
    s.goal_options = text_list(doc, "", "goal_options", kMinGuessOptions, kMaxGuessOptions, kMaxOptionChars);
    s.feeling_options =
        text_list(doc, "", "feeling_options", kMinGuessOptions, kMaxGuessOptions, kMaxOptionChars);
    s.roles = roles(doc, s);
    s.repair_cues = repair_cues(doc, s.repair);
    s.tips = text_list(doc, "", "tips", kMinTips, kMaxTips, kMaxTipChars);
    if (s.repair && std::none_of(s.roles.begin(), s.roles.end(),
                                 [](const ScenarioRole& r) { return r.repairs; })) {
      fail("roles", "a repair scenario marks the role that repairs with \"repairs\": true.");
    }
    if (!problems_.empty()) return std::nullopt;
    return s;
  }

  void fail(std::string place, std::string message) {
    problems_.push_back({file_, std::move(place), std::move(message)});
  }
  std::vector<ScenarioProblem> take_problems() { return std::move(problems_); }

 private:
  static std::string child(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static std::string item(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

  void check_keys(const json& object, const std::string& path,
                  std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto k : allowed) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(child(path, key), "unknown key (a typo?); the keys here are: " + list + ".");
      }
    }
  }

  const json* field(const json& object, const std::string& path, std::string_view key,
                    bool required) {
    const auto it = object.find(std::string(key));
    if (it == object.end()) {
      if (required) fail(child(path, key), "missing; please add it.");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> check_text(const json& value, const std::string& place,
                                        std::size_t max_chars) {
    if (!value.is_string()) {
      fail(place, "must be text in quotes.");
      return std::nullopt;
    }
    const auto& raw = value.get_ref<const std::string&>();
    NameProblem problem;
    auto cleaned = clean_tag(raw, max_chars, &problem);
    if (!cleaned) {
      // The shared text cleaner speaks of "The tag"; here it is scenario text.
      constexpr std::string_view kCleanerSubject = "The tag";
      std::string message = problem.text;
      if (message.rfind(kCleanerSubject, 0) == 0) message.replace(0, kCleanerSubject.size(), "This text");
      fail(place, message);
      return std::nullopt;
    }
    if (cleaned->empty()) {
      fail(place, "is empty; please write something here.");
      return std::nullopt;
    }
    return cleaned;
  }

  std::optional<std::string> text(const json& object, const std::string& path, std::string_view key,
                                  std::size_t max_chars, bool required = true) {
    const json* value = field(object, path, key, required);
    if (!value) return std::nullopt;
    return check_text(*value, child(path, key), max_chars);
  }

  std::vector<std::string> text_list(const json& object, const std::string& path,
                                     std::string_view key, std::size_t min_items,
                                     std::size_t max_items, std::size_t max_chars,
                                     bool required = true) {
    std::vector<std::string> out;
    const json* value = field(object, path, key, required);
    if (!value) return out;
    const std::string place = child(path, key);
    if (!value->is_array()) {
      fail(place, "must be a list in square brackets [ ... ].");
      return out;
    }
    if (value->size() < min_items || value->size() > max_items) {
      fail(place, "has " + count_of(value->size(), "entry", "entries") + "; it needs " +
                      std::to_string(min_items) + " to " + std::to_string(max_items) + ".");
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      auto entry = check_text((*value)[i], item(place, i), max_chars);
      if (!entry) continue;
      const bool duplicate = std::any_of(out.begin(), out.end(), [&](const std::string& seen) {
        return name_key(seen) == name_key(*entry);
      });
      if (duplicate) {
        fail(item(place, i), in_quotes(*entry) + " is listed twice; each entry must differ.");
      }
      out.push_back(std::move(*entry));
    }
    return out;
  }

  bool flag(const json& object, const std::string& path, std::string_view key, bool fallback) {
    const json* value = field(object, path, key, false);
    if (!value) return fallback;
    if (!value->is_boolean()) {
      fail(child(path, key), "must be true or false (without quotes).");
      return fallback;
    }
    return value->get<bool>();
  }

  std::vector<Audience> audiences(const json& doc) {
    std::vector<Audience> out;
    const json* value = field(doc, "", "audience", true);
    if (!value) return out;
    if (!value->is_array() || value->empty()) {
      fail("audience", "must be a non-empty list, e.g. [\"onboarding\", \"classroom\"]; the audiences are: " +
                           join_ids(kAudiences) + ".");
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& entry = (*value)[i];
      const auto audience =
          entry.is_string() ? audience_from_id(entry.get_ref<const std::string&>()) : std::nullopt;
      if (!audience) {
        fail(item("audience", i), "unknown audience; use one of: " + join_ids(kAudiences) + ".");
      } else if (std::find(out.begin(), out.end(), *audience) != out.end()) {
        fail(item("audience", i), "is listed twice.");
      } else {
        out.push_back(*audience);
      }
    }
    return out;
  }

  std::optional<SceneSetting> setting(const json& doc) {
    const json* value = field(doc, "", "setting", true);
    if (!value) return std::nullopt;
    const auto found =
        value->is_string() ? setting_from_id(value->get_ref<const std::string&>()) : std::nullopt;
    if (!found) fail("setting", "unknown setting; use one of: " + join_ids(kSettings) + ".");
    return found;
  }

  std::optional<std::uint8_t> dress_code(const json& doc) {
    const json* value = field(doc, "", "dress_code", true);
    if (!value) return std::nullopt;
    if (!value->is_number_integer() || value->get<std::int64_t>() < 0 ||
        value->get<std::int64_t>() > kMaxDressCode) {
      fail("dress_code", "must be a whole number from 0 (casual) to 4 (formal).");
      return std::nullopt;
    }
    return static_cast<std::uint8_t>(value->get<std::int64_t>());
  }

  std::optional<double> level(const json& object, const std::string& path, std::string_view key) {
    const json* value = field(object, path, key, false);
    if (!value) return std::nullopt;
    if (!value->is_number() || value->get<double>() < 0.0 || value->get<double>() > 1.0) {
      fail(child(path, key), "must be a number from 0 to 1 (0.5 is neutral).");
      return std::nullopt;
    }
    return value->get<double>();
  }

  RapportStart rapport_start(const json& doc) {
    RapportStart out;
    const json* value = field(doc, "", "initial_rapport", false);
    if (!value) return out;
    if (!value->is_object()) {
      fail("initial_rapport", "must be an object like { \"positivity\": 0.2 }.");
      return out;
    }
    check_keys(*value, "initial_rapport", {"attentiveness", "positivity", "coordination"});
    out.attentiveness = level(*value, "initial_rapport", "attentiveness");
    out.positivity = level(*value, "initial_rapport", "positivity");
    out.coordination = level(*value, "initial_rapport", "coordination");
    return out;
  }

  std::vector<ScenarioRole> roles(const json& doc, const Scenario& s) {
    std::vector<ScenarioRole> out;
    const json* value = field(doc, "", "roles", true);
    if (!value) return out;
    if (!value->is_array()) {
      fail("roles", "must be a list of roles [ {...}, {...} ].");
      return out;
    }
    if (value->size() < kMinRoles || value->size() > kMaxRoles) {
      fail("roles", "has " + count_of(value->size(), "role", "roles") +
                        "; a scenario needs 2, plus an optional third for trios.");
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const std::string place = item("roles", i);
      const json& entry = (*value)[i];
      if (!entry.is_object()) {
        fail(place, "must be an object with id, title and card.");
        continue;
      }
      check_keys(entry, place, {"id", "title", "card", "repairs"});
      ScenarioRole role;
      role.id = text(entry, place, "id", kMaxScenarioIdChars).value_or("");
      if (!role.id.empty() && !is_valid_id(role.id)) {
        fail(child(place, "id"), "use lowercase letters, digits and dashes only (like \"new-hire\").");
      }
      const bool duplicate = std::any_of(out.begin(), out.end(),
                                         [&](const ScenarioRole& r) { return r.id == role.id; });
      if (duplicate && !role.id.empty()) {
        fail(child(place, "id"), in_quotes(role.id) + " is used by another role; role ids must differ.");
      }
      role.title = text(entry, place, "title", kMaxRoleTitleChars).value_or("");
      role.repairs = flag(entry, place, "repairs", false);
      if (const json* card = field(entry, place, "card", true)) {
        role.card = card_of(*card, child(place, "card"), s);
      }
      out.push_back(std::move(role));
    }
    return out;
  }

  RoleCard card_of(const json& value, const std::string& place, const Scenario& s) {
    RoleCard card;
    if (!value.is_object()) {
      fail(place, "must be an object with who, want, facts, feeling and goal.");
      return card;
    }
    check_keys(value, place, {"who", "want", "facts", "feeling", "goal", "openers"});
    card.who = text(value, place, "who", kMaxCardWhoChars).value_or("");
    card.want = text(value, place, "want", kMaxCardWantChars).value_or("");
    card.facts = text_list(value, place, "facts", kMinCardFacts, kMaxCardFacts, kMaxCardFactChars);
    card.feeling = text(value, place, "feeling", kMaxOptionChars).value_or("");
    card.goal = text(value, place, "goal", kMaxOptionChars).value_or("");
    card.openers = text_list(value, place, "openers", 1, kMaxCardOpeners, kMaxCardOpenerChars, false);
    // A suggested line that says the answer outright would give the guess away.
    for (std::size_t i = 0; i < card.openers.size(); ++i) {
      for (const std::string* answer : {&card.goal, &card.feeling}) {
        if (!answer->empty() && contains_words(card.openers[i], *answer)) {
          fail(item(child(place, "openers"), i), "gives away the card's answer " + in_quotes(*answer) +
                                                     "; hint at it in character instead, the partner guesses it later.");
        }
      }
    }
    if (!card.feeling.empty() && !option_index(s.feeling_options, card.feeling)) {
      fail(child(place, "feeling"), in_quotes(card.feeling) +
                                        " is not in feeling_options; copy it exactly from that list.");
    }
    if (!card.goal.empty() && !option_index(s.goal_options, card.goal)) {
      fail(child(place, "goal"),
           in_quotes(card.goal) + " is not in goal_options; copy it exactly from that list.");
    }
    return card;
  }

  RepairCues repair_cues(const json& doc, bool repair) {
    RepairCues out;
    const json* value = field(doc, "", "repair_cues", repair);
    if (!value) {
      return out;
    }
    if (!value->is_object()) {
      fail("repair_cues", "must be an object with acknowledge, apologise and commit lists.");
      return out;
    }
    check_keys(*value, "repair_cues", {"acknowledge", "apologise", "commit"});
    out.acknowledge = text_list(*value, "repair_cues", "acknowledge", 1, kMaxRepairCuesPerKind,
                                kMaxRepairCueChars);
    out.apologise = text_list(*value, "repair_cues", "apologise", 1, kMaxRepairCuesPerKind,
                              kMaxRepairCueChars);
    out.commit =
        text_list(*value, "repair_cues", "commit", 1, kMaxRepairCuesPerKind, kMaxRepairCueChars);
    return out;
  }

  std::string file_;
  std::vector<ScenarioProblem> problems_;
};

// "line 3, column 7" for a byte offset (1-based, as editors count).
std::string line_and_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

std::string_view setting_id(SceneSetting setting) {
  for (const auto& s : kSettings) {
    if (s.setting == setting) return s.id;
  }
  return "unknown";
}

std::string_view setting_label(SceneSetting setting) {
  for (const auto& s : kSettings) {
    if (s.setting == setting) return s.label;
  }
  return "Unknown";
}

std::optional<SceneSetting> setting_from_id(std::string_view id) {
  for (const auto& s : kSettings) {
    if (s.id == id) return s.setting;
  }
  return std::nullopt;
}

// audience_id() lives in program.cpp (one definition for the whole library).

std::optional<Audience> audience_from_id(std::string_view id) {
  for (const auto& a : kAudiences) {
    if (a.id == id) return a.audience;
  }
  return std::nullopt;
}

std::string_view dress_code_label(std::uint8_t dress_code) {
  return kDressCodeLabels[std::min<std::size_t>(dress_code, kMaxDressCode)];
}

bool Scenario::suits(Audience audience) const {
  return std::find(audiences.begin(), audiences.end(), audience) != audiences.end();
}

std::string ScenarioProblem::describe() const {
  return place.empty() ? file + ": " + message : file + ": " + place + ": " + message;
}

std::string ScenarioLoadResult::describe() const {
  std::string out;
  for (const auto& p : problems) out += p.describe() + "\n";
  return out;
}

ScenarioLoadResult parse_scenario(std::string_view json_text, std::string_view file_label) {
  ScenarioLoadResult result;
  Validator validator{std::string(file_label)};
  json doc;
  try {
    doc = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& error) {
    // nlohmann's text starts with "[json.exception.parse_error.101] parse error at ...";
    // keep only the part after the last ": " that says what was wrong.
    std::string what = error.what();
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    validator.fail(line_and_column(json_text, error.byte),
                   "this is not valid JSON (" + what + "); check for a missing comma, quote or bracket.");
    result.problems = validator.take_problems();
    return result;
  }
  if (auto scenario = validator.scenario(doc)) result.scenarios.push_back(std::move(*scenario));
  result.problems = validator.take_problems();
  return result;
}

ScenarioLoadResult load_scenario(const std::filesystem::path& path) {
  const std::string label = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return {{}, {{label, "", "cannot be opened; check that the file exists and is readable."}}};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  ScenarioLoadResult result = parse_scenario(buffer.str(), label);
  if (result.ok() && result.scenarios.front().id != path.stem().string()) {
    result.problems.push_back({label, "id",
                               in_quotes(result.scenarios.front().id) +
                                   " differs from the file name; name the file " +
                                   result.scenarios.front().id + ".json or change the id."});
    result.scenarios.clear();
  }
  return result;
}

ScenarioLoadResult load_scenarios(const std::filesystem::path& dir) {
  ScenarioLoadResult result;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    result.problems.push_back({dir.string(), "", "is not a folder of scenarios; check the assets path."});
    return result;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> file_of_id;
  for (const auto& file : files) {
    ScenarioLoadResult one = load_scenario(file);
    for (auto& problem : one.problems) result.problems.push_back(std::move(problem));
    for (auto& scenario : one.scenarios) {
      // File stems are unique within a folder and ids equal stems, so this
      // guards a future loader that reads several folders.
      const auto [it, inserted] = file_of_id.emplace(scenario.id, file.string());
      if (!inserted) {
        result.problems.push_back({file.string(), "id",
                                   in_quotes(scenario.id) + " is already used by " + it->second +
                                       "; scenario ids must be unique."});
        continue;
      }
      result.scenarios.push_back(std::move(scenario));
    }
  }
  if (files.empty()) {
    result.problems.push_back({dir.string(), "", "holds no .json scenario files."});
  }
  return result;
}

const Scenario* find_scenario(std::span<const Scenario> scenarios, std::string_view id) {
  for (const auto& s : scenarios) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::vector<const Scenario*> scenarios_for(std::span<const Scenario> scenarios, Audience audience) {
  std::vector<const Scenario*> out;
  for (const auto& s : scenarios) {
    if (s.suits(audience)) out.push_back(&s);
  }
  return out;
}

std::optional<std::size_t> option_index(std::span<const std::string> options, std::string_view text) {
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (options[i] == text) return i;
  }
  return std::nullopt;
}

}  // namespace rapport
