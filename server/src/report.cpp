#include "rapport/server/report.hpp"

#include "rapport/session/debrief.hpp"
#include "rapport/session/kudos.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport::server {
namespace {

using nlohmann::json;

json meter_json(const MeterValues& m) {
  return {{"overall", m.overall},
          {"attentiveness", m.attentiveness},
          {"positivity", m.positivity},
          {"coordination", m.coordination},
          {"balance", m.balance}};
}

json round_json(const RoundRecord& r) {
  json j = {{"kind", std::string(round_kind_id(r.kind))},
            {"title", r.title},
            {"finished", r.finished},
            {"success", r.success},
            {"score", r.score},
            {"results", r.figures}};
  if (!r.detail.empty() && r.kind == RoundKind::RolePlay) j["scenario"] = r.detail;
  if (!r.shared_items.empty()) j["common_ground_found"] = r.shared_items.size();
  return j;
}

}  // namespace

std::string report_json(const SessionState& state) {
  json root;
  root["code"] = state.code;
  root["program"] = state.program.id;
  root["program_title"] = state.program.title;
  root["audience"] = std::string(audience_id(state.audience));
  root["pairing"] = std::string(pairing_mode_id(state.pairing));
  root["ended"] = state.ended();
  json participants = json::array();
  for (const auto& [id, seat] : state.seats) {
    if (seat.host) continue;
    participants.push_back({{"id", id}, {"name", seat.name}, {"team", seat.team}, {"role", seat.role}});
  }
  root["participants"] = participants;
  json rotations = json::array();
  for (std::uint16_t r = 1; r <= state.rotation; ++r) {
    json groups = json::array();
    for (const auto& g : state.groups) {
      if (g.rotation != r || g.ever_members.empty()) continue;
      json ios = json::array();
      for (const auto& [author, answers] : g.reflections) {
        for (const auto& a : answers) {
          json answer = {{"from", author}, {"about", a.about}, {"ios", a.ios}};
          if (a.kudos != 0) answer["kudos"] = std::string(kudos_text(a.kudos));
          ios.push_back(answer);
        }
      }
      json rounds = json::array();
      for (const auto& round : g.rounds) rounds.push_back(round_json(round));
      groups.push_back({{"group_id", g.id},
                        {"members", g.ever_members},
                        {"size", g.ever_members.size()},
                        {"trio", g.ever_members.size() == 3},
                        {"solo", g.ever_members.size() < 2},
                        {"rounds", rounds},
                        {"rapport", meter_json(g.meter)},
                        {"rapport_at_reflection", g.meter_at_reflection ? meter_json(*g.meter_at_reflection) : json(nullptr)},
                        {"ios", ios},
                        {"ios_mean", mean_ios(g)},
                        {"chat_lines", g.chat_lines},
                        {"gestures", g.gestures}});
    }
    rotations.push_back({{"rotation", r}, {"groups", groups}});
  }
  root["rotations"] = rotations;
  // Per person: each IOS answer against the meter of that pairing when
  // reflection began (kudos of the same reflection are not in it).
  const auto agreement = ios_meter_agreement(state);
  root["ios_correlation"] = agreement ? json(agreement->rho) : json(nullptr);
  root["ios_agreement"] = agreement ? json{{"rho", agreement->rho},
                                          {"n", agreement->n},
                                          {"ci", agreement->interval ? json::array({agreement->interval->low,
                                                                                   agreement->interval->high})
                                                                     : json(nullptr)},
                                          {"compared", "each IOS answer vs the pairing's meter when reflection began"}}
                                    : json(nullptr);
  const GroupSummary summary = build_summary(state, "");
  root["summary"] = {{"participants", summary.participants},
                     {"rotations", summary.rotations},
                     {"groups", summary.groups},
                     {"average_rapport", meter_json(summary.average)},
                     {"average_ios", summary.average_ios},
                     {"kudos", summary.kudos}};
  return root.dump(2);
}

std::string report_csv(const SessionState& state) {
  std::ostringstream out;
  out << "rotation,group_id,members,size,round_kinds,round_scores,round_success,overall,attentiveness,positivity,"
         "coordination,balance,ios_mean,ios_answers,kudos,chat_lines,gestures\n";
  for (const auto& g : state.groups) {
    if (g.ever_members.empty()) continue;
    std::string members, kinds, scores, success;
    for (std::size_t i = 0; i < g.ever_members.size(); ++i) members += (i ? " " : "") + std::to_string(g.ever_members[i]);
    for (std::size_t i = 0; i < g.rounds.size(); ++i) {
      kinds += (i ? "|" : "") + std::string(round_kind_id(g.rounds[i].kind));
      std::ostringstream s;
      s << g.rounds[i].score;
      scores += (i ? "|" : "") + s.str();
      success += (i ? "|" : "") + std::string(g.rounds[i].success ? "1" : "0");
    }
    int answers = 0, kudos = 0;
    for (const auto& [author, list] : g.reflections) {
      answers += static_cast<int>(list.size());
      for (const auto& a : list) kudos += a.kudos != 0 ? 1 : 0;
    }
    out << g.rotation << ',' << g.id << ',' << members << ',' << g.ever_members.size() << ',' << kinds << ','
        << scores << ',' << success << ',' << int{g.meter.overall} << ',' << int{g.meter.attentiveness} << ','
        << int{g.meter.positivity} << ',' << int{g.meter.coordination} << ',' << int{g.meter.balance} << ','
        << mean_ios(g) << ',' << answers << ',' << kudos << ',' << g.chat_lines << ',' << g.gestures << '\n';
  }
  return out.str();
}

std::string write_report(const SessionState& state, const std::string& dir, Logger& log) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    log.error("cannot create the report folder " + dir + ": " + ec.message());
    return {};
  }
  const std::string base = (std::filesystem::path(dir) / state.code).string();
  // Write to a temporary name, then rename: a reader never sees half a report.
  std::vector<std::pair<std::string, std::string>> files = {{".json", report_json(state)}, {".csv", report_csv(state)}};
  // With the chat kept, the meter's inputs too: `rapport-validate --format
  // rapport CODE-journal.json` replays them against the IOS answers.
  if (const auto exports = model_exports(state); !exports.empty()) {
    files.emplace_back("-journal.json", model_export_json(state.code, exports));
  }
  for (const auto& [ext, text] : files) {
    const std::string path = base + ext;
    {
      std::ofstream file(path + ".tmp", std::ios::binary | std::ios::trunc);
      file << text;
      if (!file) {
        log.error("cannot write the report " + path);
        return {};
      }
    }
    std::filesystem::rename(path + ".tmp", path, ec);
    if (ec) {
      log.error("cannot write the report " + path + ": " + ec.message());
      return {};
    }
  }
  return base + ".json";
}

}  // namespace rapport::server
