// Chaos: 40 bots play a whole program (challenge-sprint: Blueprint, In Step,
// role play, common ground, two reflections) while the server is killed with
// SIGKILL at seeded random moments inside each module round, during a
// reflection and during the restart hold (before anyone is back), and
// restarted on the same journal and port each time. The session must finish,
// nothing the server had accepted may be lost, and the outcome must match an
// uninterrupted run from the same seed.
#include "server_process.hpp"

#include "rapport/server/journal_store.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <random>
#include <set>

namespace rapport {
namespace {

using nlohmann::json;

constexpr int kPlayers = 40;
constexpr int kSeed = 7;
// x30: a 30 s reflection lasts one real second, long enough to be hit.
constexpr double kTimeScale = 30;
constexpr const char* kProgram = "challenge-sprint";

std::string fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-chaos-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::vector<std::string> server_args(const std::string& dir) {
  // Long grace and hold: bots notice a dead server only after ENet's timeout.
  return {"--time-scale", std::to_string(kTimeScale), "--report-dir", dir, "--db", dir + "/rapport.db",
          "--grace", "3600", "--restart-hold", "3600"};
}

std::string bots_command(const test::ServerProcess& server) {
  return test::bin_dir() + "/rapport-bots --server " + server.endpoint() + " --host --program " + kProgram +
         " --players " + std::to_string(kPlayers) + " --style mixed --seed " + std::to_string(kSeed) + " --time-scale " +
         std::to_string(kTimeScale) + " --json --timeout 270";
}

struct Outcome {
  json bots;
  json report;
};

Outcome finish(const test::CommandResult& result) {
  Outcome out;
  try {
    out.bots = json::parse(result.last_line());
  } catch (const std::exception&) {
    ADD_FAILURE() << "bots did not end with JSON: " << result.output;
    return out;
  }
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::ifstream in(out.bots.value("report", ""));
  if (!in) {
    ADD_FAILURE() << "no report: " << result.output;
    return out;
  }
  out.report = json::parse(in);
  return out;
}

// One journaled event as the test compares it.
struct Row {
  std::size_t type;
  std::int64_t t_ms;
  bool operator==(const Row&) const = default;
};

std::map<std::string, std::vector<Row>> read_journal(const std::string& db) {
  server::Logger log(server::LogLevel::Off);
  std::string error;
  auto store = server::JournalStore::open(db, log, &error);
  EXPECT_TRUE(store) << error;
  std::map<std::string, std::vector<Row>> out;
  if (!store) return out;
  for (const auto& s : store->live_sessions()) {
    EXPECT_EQ(s.skipped, 0u);
    for (const auto& e : s.events) out[s.code].push_back({e.body.index(), e.t_ms});
  }
  return out;
}

std::vector<SessionEvent> all_events(const std::string& db, const std::string& code) {
  server::Logger log(server::LogLevel::Off);
  std::string error;
  auto store = server::JournalStore::open(db, log, &error);
  return store ? store->events_of(code) : std::vector<SessionEvent>{};
}

template <class T>
std::size_t type_of() {
  return SessionEventBody(std::in_place_type<T>).index();
}

// Where the session is, as its journal says.
struct Where {
  int rotation = 0;
  int round = 0;  // 1-based within the rotation
  bool reflection = false;
  bool held = false;  // a restart hold not yet over
  bool ended = false;
  bool operator==(const Where&) const = default;
};

Where where(const std::vector<Row>& rows) {
  Where w;
  for (const auto& r : rows) {
    if (r.type == type_of<RotationStarted>()) {
      ++w.rotation;
      w.round = 0;
      w.reflection = false;
    } else if (r.type == type_of<RoundStarted>()) {
      ++w.round;
      w.reflection = false;
    } else if (r.type == type_of<ReflectionStarted>()) {
      w.reflection = true;
    } else if (r.type == type_of<SessionHeld>()) {
      w.held = true;
    } else if (r.type == type_of<SessionResumed>()) {
      w.held = false;
    } else if (r.type == type_of<SessionEnded>()) {
      w.ended = true;
    }
  }
  return w;
}

std::string describe(const Where& w) {
  return "rotation " + std::to_string(w.rotation) + (w.reflection ? " reflection" : " round " + std::to_string(w.round)) +
         (w.held ? " (held)" : "") + (w.ended ? " (ended)" : "");
}

// One kill: where it must land, and how long after that moment is reached
// (a seeded random delay, kept well inside the phase at this time scale).
struct Target {
  std::string name;
  int rotation = 0, round = 0;
  bool reflection = false;
  bool hold = false;  // right after the previous restart, before the bots are back
  int min_delay_ms = 0, max_delay_ms = 0;
};

// challenge-sprint at x30: Blueprint 8 s, In Step 5 s, reflection 1 s, role play 10 s, common ground 6 s.
const std::vector<Target> kTargets = {
    {"Blueprint round", 1, 1, false, false, 300, 3000},
    {"restart hold", 0, 0, false, true, 300, 1500},
    {"In Step round", 1, 2, false, false, 200, 1500},
    {"reflection", 1, 0, true, false, 50, 300},
    {"role-play round", 2, 1, false, false, 300, 4000},
    {"restart hold", 0, 0, false, true, 300, 1500},
    {"common-ground round", 2, 2, false, false, 200, 2000},
};

bool at_target(const Where& w, const Target& t) {
  if (t.hold) return w.held;
  if (w.held || w.ended || w.rotation != t.rotation || w.reflection != t.reflection) return false;
  return t.reflection || w.round == t.round;
}

int ios_answers(const json& report) {
  int n = 0;
  for (const auto& rotation : report["rotations"]) {
    for (const auto& group : rotation["groups"]) n += static_cast<int>(group["ios"].size());
  }
  return n;
}

TEST(Chaos, FortyBotsFinishAProgramThroughKillsInEveryModuleTheHoldAndAReflection) {
  // The uninterrupted run from the same seed.
  Outcome clean;
  {
    const std::string dir = fresh_dir("clean");
    test::ServerProcess server(server_args(dir));
    clean = finish(test::run_command(bots_command(server)));
  }
  ASSERT_TRUE(clean.report.contains("rotations"));

  const std::string dir = fresh_dir("killed");
  const std::string db = dir + "/rapport.db";
  auto server = std::make_unique<test::ServerProcess>(server_args(dir));
  const int port = server->port();
  auto bots = std::async(std::launch::async, [cmd = bots_command(*server)] { return test::run_command(cmd); });

  std::mt19937 rng(kSeed);
  // The session being played (the first one with a rotation).
  std::string code;
  for (int i = 0; i < 300 && code.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& [c, rows] : read_journal(db)) {
      if (where(rows).rotation > 0) code = c;
    }
  }
  ASSERT_FALSE(code.empty()) << "the session never started";

  std::vector<std::vector<Row>> before_each_kill;
  std::vector<std::string> landed;
  for (const Target& target : kTargets) {
    const auto waited_from = std::chrono::steady_clock::now();
    Where now_at;
    while (std::chrono::steady_clock::now() - waited_from < std::chrono::seconds(90)) {
      now_at = where(read_journal(db)[code]);
      if (at_target(now_at, target) || now_at.ended) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(at_target(now_at, target)) << "never reached the " << target.name << " (at " << describe(now_at) << ")";
    std::uniform_int_distribution<int> delay_ms(target.min_delay_ms, target.max_delay_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    server->kill_hard();
    auto journal = read_journal(db);
    ASSERT_TRUE(journal.contains(code)) << "the session ended before the kill in the " << target.name;
    const Where killed_at = where(journal[code]);
    EXPECT_TRUE(at_target(killed_at, target)) << "the kill meant for the " << target.name << " landed in "
                                                << describe(killed_at);
    landed.push_back(target.name + " (" + describe(killed_at) + ")");
    before_each_kill.push_back(journal[code]);
    server = std::make_unique<test::ServerProcess>(server_args(dir), port);
    ASSERT_TRUE(server->running()) << "restart after the kill in the " << target.name << " failed";
  }
  const Outcome chaos = finish(bots.get());
  ASSERT_TRUE(chaos.report.contains("rotations"));

  // Nothing accepted before a kill is missing afterwards: each journal seen at
  // a kill is a prefix of the final one.
  const auto final_events = all_events(db, code);
  std::vector<Row> final_rows;
  for (const auto& e : final_events) final_rows.push_back({e.body.index(), e.t_ms});
  std::size_t checked = 0;
  for (std::size_t k = 0; k < before_each_kill.size(); ++k) {
    const auto& seen = before_each_kill[k];
    ASSERT_LE(seen.size(), final_rows.size());
    for (std::size_t i = 0; i < seen.size(); ++i) {
      ASSERT_EQ(seen[i], final_rows[i]) << "event " << i << " accepted before kill " << k + 1 << " changed or vanished";
    }
    checked += seen.size();
  }
  // The report holds every accepted event it summarises.
  std::set<std::pair<int, int>> journal_reflections;
  std::size_t journal_chats = 0;
  for (const auto& e : final_events) {
    if (const auto* r = std::get_if<ReflectionGiven>(&e.body)) journal_reflections.insert({static_cast<int>(r->player), static_cast<int>(r->about)});
    if (std::holds_alternative<ChatSent>(e.body)) ++journal_chats;
  }
  std::set<std::pair<int, int>> report_reflections;
  std::size_t report_chats = 0;
  for (const auto& rotation : chaos.report["rotations"]) {
    for (const auto& group : rotation["groups"]) {
      report_chats += group["chat_lines"].get<std::size_t>();
      for (const auto& a : group["ios"]) report_reflections.insert({a["from"].get<int>(), a["about"].get<int>()});
    }
  }
  EXPECT_EQ(report_reflections, journal_reflections);
  EXPECT_EQ(report_chats, journal_chats);

  // Same outcome as the uninterrupted run: every rotation, every participant,
  // every reflection.
  EXPECT_TRUE(chaos.bots.value("session_ended", false));
  EXPECT_EQ(chaos.bots.value("debriefs", 0), kPlayers);
  EXPECT_EQ(chaos.bots.value("order_violations", -1), 0) << "roster revisions and pongs stay in order across restarts";
  // A kill during the hold comes before the bots noticed the previous one, so
  // one reconnect covers both.
  const auto hold_kills = std::count_if(kTargets.begin(), kTargets.end(), [](const Target& t) { return t.hold; });
  EXPECT_GE(chaos.bots.value("reconnects", 0), kPlayers * static_cast<int>(kTargets.size() - static_cast<std::size_t>(hold_kills)))
      << "every bot came back after every kill";
  EXPECT_EQ(chaos.report["rotations"].size(), clean.report["rotations"].size());
  // Every rotation has as many groups as the clean run, and every group's
  // rounds all finished with a result, in the program's order.
  for (std::size_t r = 0; r < chaos.report["rotations"].size() && r < clean.report["rotations"].size(); ++r) {
    const auto& mine = chaos.report["rotations"][r]["groups"];
    const auto& theirs = clean.report["rotations"][r]["groups"];
    EXPECT_EQ(mine.size(), theirs.size()) << "rotation " << r + 1;
    std::multiset<std::string> kinds_mine, kinds_theirs;
    for (const auto& g : mine) {
      for (const auto& round : g["rounds"]) {
        EXPECT_TRUE(round["finished"].get<bool>()) << "rotation " << r + 1 << " group " << g["group_id"];
        EXPECT_FALSE(round["results"].empty()) << "rotation " << r + 1 << " group " << g["group_id"] << " "
                                               << round["kind"];
        kinds_mine.insert(round["kind"].get<std::string>());
      }
    }
    for (const auto& g : theirs) {
      for (const auto& round : g["rounds"]) kinds_theirs.insert(round["kind"].get<std::string>());
    }
    EXPECT_EQ(kinds_mine, kinds_theirs) << "rotation " << r + 1;
  }
  EXPECT_EQ(chaos.report["participants"].size(), clean.report["participants"].size());
  EXPECT_EQ(ios_answers(chaos.report), ios_answers(clean.report)) << "0 reflections lost";
  RecordProperty("events_checked", static_cast<int>(checked));
  RecordProperty("events_final", static_cast<int>(final_rows.size()));
  std::printf("chaos: %zu kills survived; %zu accepted events checked across the kills (%zu in the final journal); "
              "%d reflections (%d in the clean run)\n",
              kTargets.size(), checked, final_rows.size(), ios_answers(chaos.report), ios_answers(clean.report));
  for (const auto& l : landed) std::printf("chaos: killed in the %s\n", l.c_str());
  server.reset();
  if (!HasFailure()) {
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(fresh_dir("clean"));
  }
}

}  // namespace
}  // namespace rapport
