// A whole program played by bots through rapport-proxy at 10% loss, 100 ms
// +/- 50 ms one-way delay, 5% duplication and 5% reordering in both
// directions. The program completes, every reliable message the bots check
// (roster revisions, pong nonces) arrives exactly once and in order, and the
// results have the same shape as a clean run with the same seed.
#include "child_process.hpp"
#include "server_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

namespace rapport {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kPlayers = 6;
constexpr int kSeed = 3;
constexpr double kTimeScale = 20;
constexpr const char* kProgram = "impaired-short";

std::string source_dir() {
  const char* env = std::getenv("RAPPORT_SOURCE");
  return env ? env : fs::path(test::bin_dir()).parent_path().parent_path().string();
}

// The shipped assets plus the test programs in tests/data/programs.
std::string assets_with_test_programs(const fs::path& dir) {
  const char* assets = std::getenv("RAPPORT_ASSETS");
  const fs::path from = assets ? fs::path(assets) : fs::path(source_dir()) / "assets";
  fs::remove_all(dir);
  fs::copy(from, dir, fs::copy_options::recursive);
  for (const auto& entry : fs::directory_iterator(fs::path(source_dir()) / "tests/data/programs")) {
    fs::copy_file(entry.path(), dir / "programs" / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
  return dir.string();
}

struct PlayedRun {
  json bots;
  json report;
  json proxy;  // empty for the clean run
};

PlayedRun play(bool impaired) {
  const fs::path work = fs::temp_directory_path() / ("rapport-impaired-" + std::to_string(::getpid()) +
                                                     (impaired ? "-lossy" : "-clean"));
  fs::remove_all(work);
  fs::create_directories(work / "reports");
  const std::string assets = assets_with_test_programs(work / "assets");
  test::ServerProcess server({"--time-scale", std::to_string(kTimeScale), "--assets", assets, "--report-dir",
                              (work / "reports").string(), "--db", (work / "rapport.db").string()});
  std::string endpoint = server.endpoint();
  std::unique_ptr<test::ChildProcess> proxy;
  if (impaired) {
    const int port = test::free_udp_port();
    proxy = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{test::bin_dir() + "/rapport-proxy", "--listen", std::to_string(port), "--server",
                                 server.endpoint(), "--loss", "0.1", "--delay", "100", "--jitter", "50", "--duplicate",
                                 "0.05", "--reorder", "0.05", "--seed", "7"},
        (work / "proxy.out").string());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    endpoint = "127.0.0.1:" + std::to_string(port);
  }
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + endpoint + " --host --program " +
                                        kProgram + " --players " + std::to_string(kPlayers) + " --seed " +
                                        std::to_string(kSeed) + " --time-scale " + std::to_string(kTimeScale) +
                                        " --json --timeout 120 --facilitator-key-file " + server.key_file());
  PlayedRun run;
  if (proxy) {
    const std::string out = proxy->stop();
    const auto last = out.find_last_of('{');
    if (last != std::string::npos) run.proxy = json::parse(out.substr(last == 0 ? 0 : out.rfind('\n', last) + 1));
  }
  try {
    run.bots = json::parse(result.last_line());
  } catch (const std::exception&) {
    ADD_FAILURE() << "bots did not end with JSON: " << result.output;
    return run;
  }
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::ifstream in(run.bots.value("report", ""));
  if (!in) {
    ADD_FAILURE() << "no report: " << result.output;
    return run;
  }
  run.report = json::parse(in);
  return run;
}

// What a program's outcome is, independent of player ids (join order) and of
// which pairs the server's randomness formed: who took part, how many groups
// of which sizes each rotation had, which rounds they played and finished, and
// that everyone reflected on each partner exactly once.
json outcome(const json& report) {
  json out;
  std::map<int, std::string> name_of;
  std::multiset<std::string> people;
  for (const auto& p : report["participants"]) {
    name_of[p["id"].get<int>()] = p["name"].get<std::string>();
    people.insert(p["name"].get<std::string>() + "/" + p["team"].get<std::string>() + "/" + p["role"].get<std::string>());
  }
  out["participants"] = people;
  out["ended"] = report["ended"];
  json rotations = json::array();
  for (const auto& rotation : report["rotations"]) {
    std::multiset<std::string> groups;
    std::size_t reflections = 0;
    bool each_partner_once = true;
    for (const auto& g : rotation["groups"]) {
      std::string shape = "size " + std::to_string(g["size"].get<int>()) + ":";
      for (const auto& r : g["rounds"]) {
        shape += " " + r["kind"].get<std::string>() + (r["finished"].get<bool>() ? "" : "(unfinished)");
      }
      groups.insert(shape);
      std::set<std::pair<int, int>> expected, seen;
      const auto members = g["members"].get<std::vector<int>>();
      for (int a : members) {
        for (int b : members) {
          if (a != b) expected.insert({a, b});
        }
      }
      for (const auto& answer : g["ios"]) {
        each_partner_once &= seen.insert({answer["from"].get<int>(), answer["about"].get<int>()}).second;
        ++reflections;
      }
      each_partner_once &= seen == expected;
    }
    rotations.push_back({{"groups", groups}, {"reflections", reflections}, {"each_partner_once", each_partner_once}});
  }
  out["rotations"] = rotations;
  out["summary"] = {{"participants", report["summary"]["participants"]},
                    {"rotations", report["summary"]["rotations"]},
                    {"groups", report["summary"]["groups"]}};
  return out;
}

TEST(ImpairedNetwork, AProgramCompletesAt10PercentLossWithTheSameResultsAsACleanRun) {
  const PlayedRun clean = play(false);
  const PlayedRun lossy = play(true);
  ASSERT_TRUE(clean.report.contains("rotations"));
  ASSERT_TRUE(lossy.report.contains("rotations"));
  for (const PlayedRun* run : {&clean, &lossy}) {
    EXPECT_TRUE(run->bots.value("session_ended", false));
    EXPECT_EQ(run->bots.value("debriefs", 0), kPlayers) << "every participant sees their debrief";
    EXPECT_EQ(run->bots.value("errors", -1), 0) << run->bots.dump();
    // At 10% loss ENet drops a link now and then: a reliable packet lost about
    // six times in a row outlasts its timeout (seen: 2 of 6 bots in one CI run,
    // 5 under ASan). The bots come back with their token like clients do; what
    // must hold is that they do, nothing arrives twice or out of order, and
    // the outcome matches the clean run (checked below).
    EXPECT_LE(run->bots.value("reconnects", -1), 2 * kPlayers);
    EXPECT_GT(run->bots.value("ordered_checked", 0), 30);
    EXPECT_EQ(run->bots.value("order_violations", -1), 0) << "a reliable message arrived twice or out of order";
  }
  // The link really was impaired, both ways.
  ASSERT_TRUE(lossy.proxy.contains("to_server")) << lossy.proxy.dump();
  for (const char* way : {"to_server", "to_clients"}) {
    const auto& s = lossy.proxy[way];
    EXPECT_GT(s["lost"].get<int>(), 0) << way;
    EXPECT_GT(s["duplicated"].get<int>(), 0) << way;
    const double loss = s["lost"].get<double>() / std::max(1.0, s["sent"].get<double>());
    EXPECT_NEAR(loss, 0.1, 0.04) << way;
  }
  EXPECT_GT(lossy.bots.value("rtt_p50_ms", 0.0), 150.0) << "two 100 ms legs";
  const json expected = outcome(clean.report);
  const json actual = outcome(lossy.report);
  EXPECT_EQ(actual, expected) << "clean:\n" << expected.dump(1) << "\nimpaired:\n" << actual.dump(1);
  for (const auto& rotation : actual["rotations"]) EXPECT_TRUE(rotation["each_partner_once"].get<bool>());
  RecordProperty("ordered_checked", lossy.bots.value("ordered_checked", 0));
  RecordProperty("datagrams_lost", lossy.proxy["to_server"]["lost"].get<int>() + lossy.proxy["to_clients"]["lost"].get<int>());
  RecordProperty("datagrams_duplicated",
                 lossy.proxy["to_server"]["duplicated"].get<int>() + lossy.proxy["to_clients"]["duplicated"].get<int>());
  std::printf("impaired run: %d reliable messages checked in order, proxy %s, rtt p50 %.0f ms (clean %.1f ms), "
              "program %.1f s (clean %.1f s)\n",
              lossy.bots.value("ordered_checked", 0), lossy.proxy.dump().c_str(), lossy.bots.value("rtt_p50_ms", 0.0),
              clean.bots.value("rtt_p50_ms", 0.0), lossy.bots.value("elapsed_s", 0.0), clean.bots.value("elapsed_s", 0.0));
}

}  // namespace
}  // namespace rapport
