// Chaos: 40 bots play a whole program while the server is killed with SIGKILL
// three times at seeded random moments and restarted on the same journal and
// port. The session must finish, nothing the server had accepted may be lost,
// and the outcome must match an uninterrupted run from the same seed.
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
constexpr int kKills = 3;
constexpr double kTimeScale = 60;

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
  return test::bin_dir() + "/rapport-bots --server " + server.endpoint() + " --host --program quick-icebreaker --players " +
         std::to_string(kPlayers) + " --style mixed --seed " + std::to_string(kSeed) + " --time-scale " +
         std::to_string(kTimeScale) + " --json --timeout 150";
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

bool running_rotation(const std::vector<Row>& rows) {
  const std::size_t rotation = SessionEventBody(std::in_place_type<RotationStarted>).index();
  return std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.type == rotation; });
}

int ios_answers(const json& report) {
  int n = 0;
  for (const auto& rotation : report["rotations"]) {
    for (const auto& group : rotation["groups"]) n += static_cast<int>(group["ios"].size());
  }
  return n;
}

TEST(Chaos, FortyBotsFinishAProgramThroughThreeKillsAndLoseNothing) {
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
  std::uniform_int_distribution<int> delay_ms(800, 2500);
  // Wait until the program runs (everyone joined, the first rotation started).
  std::string code;
  for (int i = 0; i < 300 && code.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& [c, rows] : read_journal(db)) {
      if (running_rotation(rows)) code = c;
    }
  }
  ASSERT_FALSE(code.empty()) << "the session never started";

  const std::size_t resumed_type = SessionEventBody(std::in_place_type<SessionResumed>).index();
  const auto resumes = [&] {
    auto journal = read_journal(db);
    return std::count_if(journal[code].begin(), journal[code].end(), [&](const Row& r) { return r.type == resumed_type; });
  };
  std::vector<std::vector<Row>> before_each_kill;
  for (int kill = 0; kill < kKills; ++kill) {
    if (kill > 0) {
      // Kill a running session, not one still waiting for its players:
      // after a restart the session resumes once everyone is back.
      const auto& seen = before_each_kill.back();
      const auto resumed_before = std::count_if(seen.begin(), seen.end(), [&](const Row& r) { return r.type == resumed_type; });
      for (int i = 0; i < 400 && resumes() == resumed_before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    server->kill_hard();
    auto journal = read_journal(db);
    ASSERT_TRUE(journal.contains(code)) << "the session ended before kill " << kill + 1;
    before_each_kill.push_back(journal[code]);
    server = std::make_unique<test::ServerProcess>(server_args(dir), port);
    ASSERT_TRUE(server->running()) << "restart " << kill + 1 << " failed";
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
  EXPECT_GE(chaos.bots.value("reconnects", 0), kPlayers * kKills) << "every bot came back after every kill";
  EXPECT_EQ(chaos.report["rotations"].size(), clean.report["rotations"].size());
  EXPECT_EQ(chaos.report["participants"].size(), clean.report["participants"].size());
  EXPECT_EQ(ios_answers(chaos.report), ios_answers(clean.report)) << "0 reflections lost";
  RecordProperty("events_checked", static_cast<int>(checked));
  RecordProperty("events_final", static_cast<int>(final_rows.size()));
  std::printf("chaos: %d kills survived; %zu accepted events checked across the kills (%zu in the final journal); "
              "%d reflections in both runs\n",
              kKills, checked, final_rows.size(), ios_answers(chaos.report));
  server.reset();
  if (!HasFailure()) {
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(fresh_dir("clean"));
  }
}

}  // namespace
}  // namespace rapport
