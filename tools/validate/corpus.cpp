#include "corpus.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace rapport::validate {
namespace {

using Json = nlohmann::json;

struct CorpusError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// CaSiNo's deal actions are logged as chat but are not conversation.
bool is_deal_action(const std::string& text) {
  return text == "Submit-Deal" || text == "Accept-Deal" || text == "Reject-Deal" || text == "Walk-Away";
}

const Json& need(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw CorpusError(where + ": expected an object");
  const auto it = object.find(key);
  if (it == object.end()) throw CorpusError(where + ": missing \"" + std::string(key) + "\"");
  return *it;
}

const std::string& text_of(const Json& object, const char* key, const std::string& where) {
  const Json& v = need(object, key, where);
  if (!v.is_string()) throw CorpusError(where + "." + key + ": expected a text, got " + v.dump());
  return v.get_ref<const std::string&>();
}

// Two speakers per conversation, fed to the model as members 1 and 2.
constexpr std::uint32_t kFirstMember = 1;

std::optional<double> casino_likeness(const std::string& answer) {
  static const std::map<std::string, double> scale = {{"Extremely dislike", 1}, {"Slightly dislike", 2},
                                                      {"Undecided", 3},         {"Slightly like", 4},
                                                      {"Extremely like", 5}};
  const auto it = scale.find(answer);
  return it == scale.end() ? std::nullopt : std::optional<double>(it->second);
}

std::optional<double> topical_rating(const std::string& answer) {
  static const std::map<std::string, double> scale = {
      {"Excellent", 5}, {"Good", 4}, {"Passable", 3}, {"Poor", 2}, {"Not Good", 1}};
  const auto it = scale.find(answer);
  return it == scale.end() ? std::nullopt : std::optional<double>(it->second);
}

std::uint32_t agent_index(const std::string& agent, const std::string& prefix, const std::string& where) {
  if (agent == prefix + "1") return 0;
  if (agent == prefix + "2") return 1;
  throw CorpusError(where + ": unknown speaker \"" + agent + "\" (expected " + prefix + "1 or " + prefix + "2)");
}

void check_dialogue(const Dialogue& d, const std::string& where) {
  if (d.turns.empty() && d.ops.empty()) throw CorpusError(where + ": the dialogue has no messages");
  if (d.ratings.empty()) throw CorpusError(where + ": nobody rated this dialogue");
}

Dialogue read_casino_dialogue(const Json& j, const std::string& where) {
  Dialogue d;
  const Json& id = need(j, "dialogue_id", where);
  d.id = id.is_string() ? id.get<std::string>() : id.dump();
  d.speakers = {kFirstMember, kFirstMember + 1};
  const Json& logs = need(j, "chat_logs", where);
  if (!logs.is_array()) throw CorpusError(where + ".chat_logs: expected a list");
  for (std::size_t i = 0; i < logs.size(); ++i) {
    const std::string w = where + ".chat_logs[" + std::to_string(i) + "]";
    const std::string& text = text_of(logs[i], "text", w);
    const std::uint32_t speaker = agent_index(text_of(logs[i], "id", w), "mturk_agent_", w);
    if (is_deal_action(text) || text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    d.turns.push_back({speaker, text});
  }
  const Json& info = need(j, "participant_info", where);
  for (std::uint32_t a = 0; a < 2; ++a) {
    const std::string agent = "mturk_agent_" + std::to_string(a + 1);
    const std::string w = where + ".participant_info." + agent;
    const Json& outcomes = need(need(info, agent.c_str(), where + ".participant_info"), "outcomes", w);
    const std::string& answer = text_of(outcomes, "opponent_likeness", w + ".outcomes");
    const auto value = casino_likeness(answer);
    if (!value) throw CorpusError(w + ".outcomes.opponent_likeness: unknown answer \"" + answer + "\"");
    d.ratings.push_back({a, *value});
  }
  check_dialogue(d, where);
  return d;
}

Dialogue read_topical_dialogue(const std::string& key, const Json& j, const std::string& where) {
  Dialogue d;
  d.id = key;
  d.speakers = {kFirstMember, kFirstMember + 1};
  const Json& content = need(j, "content", where);
  if (!content.is_array()) throw CorpusError(where + ".content: expected a list");
  for (std::size_t i = 0; i < content.size(); ++i) {
    const std::string w = where + ".content[" + std::to_string(i) + "]";
    const std::string& text = text_of(content[i], "message", w);
    const std::uint32_t speaker = agent_index(text_of(content[i], "agent", w), "agent_", w);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    d.turns.push_back({speaker, text});
  }
  const Json& ratings = need(j, "conversation_rating", where);
  for (std::uint32_t a = 0; a < 2; ++a) {
    const std::string agent = "agent_" + std::to_string(a + 1);
    if (!ratings.is_object() || !ratings.contains(agent)) continue;
    const Json& answer = ratings.at(agent);
    // A blank answer is a person who did not rate: leave them out.
    if (answer.is_string() && answer.get<std::string>().empty()) continue;
    if (!answer.is_string()) throw CorpusError(where + ".conversation_rating." + agent + ": expected a text");
    const auto value = topical_rating(answer.get<std::string>());
    if (!value) {
      throw CorpusError(where + ".conversation_rating." + agent + ": unknown answer \"" + answer.get<std::string>() +
                        "\"");
    }
    d.ratings.push_back({a, *value});
  }
  check_dialogue(d, where);
  return d;
}

std::vector<Dialogue> read_rapport(std::string_view text, const std::string& file) {
  auto load = parse_model_export(text, file);
  if (!load.groups) throw CorpusError(load.error.substr(load.error.find(": ") + 2));
  std::vector<Dialogue> out;
  for (const auto& g : *load.groups) {
    Dialogue d;
    d.id = "group " + std::to_string(g.group_id);
    d.ops = g.ops;
    for (const auto& op : g.ops) {
      for (auto id : op.members) {
        if (std::find(d.speakers.begin(), d.speakers.end(), id) == d.speakers.end()) d.speakers.push_back(id);
      }
    }
    for (const auto& a : g.answers) {
      const auto from = std::find(d.speakers.begin(), d.speakers.end(), a.from);
      const auto about = std::find(d.speakers.begin(), d.speakers.end(), a.about);
      if (from == d.speakers.end() || about == d.speakers.end()) continue;
      d.ratings.push_back({static_cast<std::uint32_t>(from - d.speakers.begin()), static_cast<double>(a.ios)});
      d.rated_about.push_back(static_cast<std::uint32_t>(about - d.speakers.begin()));
    }
    // A group nobody reflected on says nothing about the meter; skip it.
    if (d.ratings.empty() || d.speakers.size() < 2) continue;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "casino") return Format::Casino;
  if (name == "topical") return Format::Topical;
  if (name == "rapport") return Format::Rapport;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::Casino: return "casino";
    case Format::Topical: return "topical";
    case Format::Rapport: return "rapport";
  }
  return "unknown";
}

CorpusLoad parse_corpus(std::string_view text, const std::string& file, Format format) {
  CorpusLoad out;
  Corpus corpus;
  corpus.file = file;
  corpus.format = format;
  try {
    if (format == Format::Rapport) {
      corpus.dialogues = read_rapport(text, file);
    } else {
      const Json root = Json::parse(text.begin(), text.end());
      if (format == Format::Casino) {
        if (!root.is_array()) throw CorpusError("top level: expected a list of dialogues (CaSiNo format)");
        for (std::size_t i = 0; i < root.size(); ++i) {
          corpus.dialogues.push_back(read_casino_dialogue(root[i], "dialogue " + std::to_string(i)));
        }
      } else {
        if (!root.is_object()) {
          throw CorpusError("top level: expected an object keyed by conversation id (Topical-Chat format)");
        }
        for (const auto& [key, value] : root.items()) {
          corpus.dialogues.push_back(read_topical_dialogue(key, value, "conversation " + key));
        }
      }
    }
    if (corpus.dialogues.empty()) throw CorpusError("no rated dialogues in the file");
    out.corpus = std::move(corpus);
  } catch (const Json::parse_error& e) {
    out.error = file + ": not valid JSON at byte " + std::to_string(e.byte) + ". Is it a " +
                std::string(format_name(format)) + " corpus file?";
  } catch (const Json::exception& e) {
    out.error = file + ": " + e.what();
  } catch (const CorpusError& e) {
    out.error = file + ": " + e.what();
  }
  return out;
}

CorpusLoad load_corpus(const std::string& path, Format format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot open the file"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_corpus(text.str(), path, format);
}

}  // namespace rapport::validate
