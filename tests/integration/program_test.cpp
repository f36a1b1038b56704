// Whole programs on loopback: a real server at high time scale, bots as the
// facilitator and participants, and the report checked afterwards.
#include "server_process.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <map>
#include <set>

namespace rapport {
namespace {

using nlohmann::json;

std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

struct ProgramRun {
  json bots;    // the bots' JSON line
  json report;  // the session report
};

ProgramRun run_program(const std::string& program, int players, const std::string& style, int seed,
                       double time_scale = 200) {
  const std::string reports = temp_dir(program + "-" + style);
  test::ServerProcess server({"--time-scale", std::to_string(time_scale), "--report-dir", reports, "--db",
                              reports + "/rapport.db"});
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                        " --host --program " + program + " --players " + std::to_string(players) +
                                        " --style " + style + " --seed " + std::to_string(seed) +
                                        " --time-scale " + std::to_string(time_scale) + " --json --timeout 240");
  ProgramRun run;
  try {
    run.bots = json::parse(result.last_line());
  } catch (const std::exception& e) {
    ADD_FAILURE() << "bots did not end with JSON: " << result.output;
    return run;
  }
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const std::string path = run.bots.value("report", "");
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "no report at '" << path << "'";
    return run;
  }
  run.report = json::parse(in);
  return run;
}

// Issue 14: bots that join with --code and --play stop when the session ends
// (before, they waited for --timeout after their debriefs).
TEST(Program, PlayersJoiningWithACodeExitWhenTheSessionEnds) {
  const std::string reports = temp_dir("play-with-code");
  test::ServerProcess server({"--time-scale", "200", "--report-dir", reports, "--db", reports + "/rapport.db"});
  const std::string code_file = reports + "/code.txt";
  auto host = std::async(std::launch::async, [&] {
    return test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                             " --host --program quick-icebreaker --players 0 --wait-for 4 --code-file " + code_file +
                             " --time-scale 200 --json --timeout 120");
  });
  std::string code;
  for (int i = 0; i < 200 && code.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream(code_file) >> code;
  }
  ASSERT_FALSE(code.empty()) << "the host bot wrote no code";
  // A --timeout far longer than the program: ending by it would take 600 s.
  const auto players = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() + " --code " +
                                         code + " --play --players 4 --time-scale 200 --json --timeout 600");
  const auto hosted = host.get();
  json result;
  try {
    result = json::parse(players.last_line());
  } catch (const std::exception&) {
    FAIL() << "the players did not end with JSON: " << players.output;
  }
  EXPECT_EQ(players.exit_code, 0) << players.output;
  EXPECT_TRUE(result.value("session_ended", false)) << players.output;
  EXPECT_EQ(result.value("debriefs", 0), 4);
  EXPECT_LT(result.value("elapsed_s", 1e9), 300.0) << "they stopped with the session, not at --timeout";
  EXPECT_EQ(hosted.exit_code, 0) << hosted.output;
}

TEST(Program, ElevenBotsRunAFullProgramAndTheReportShowsEveryone) {
  const auto run = run_program("quick-icebreaker", 11, "mixed", 3);
  ASSERT_TRUE(run.report.contains("rotations"));
  EXPECT_TRUE(run.bots.value("session_ended", false));
  EXPECT_EQ(run.bots.value("debriefs", 0), 11);
  const auto& rotations = run.report["rotations"];
  ASSERT_EQ(rotations.size(), 3u);
  std::set<std::pair<int, int>> pairs;
  for (const auto& rotation : rotations) {
    std::multiset<int> placed;
    int trios = 0;
    for (const auto& group : rotation["groups"]) {
      const auto members = group["members"].get<std::vector<int>>();
      trios += members.size() == 3 ? 1 : 0;
      for (int m : members) placed.insert(m);
      for (int a : members) {
        for (int b : members) {
          if (a < b) {
            EXPECT_TRUE(pairs.insert({a, b}).second) << "repeated pair " << a << "-" << b;
          }
        }
      }
      EXPECT_FALSE(group["ios"].empty()) << "no IOS answers for group " << group["group_id"];
      ASSERT_TRUE(group.contains("rapport"));
      for (const char* key : {"overall", "attentiveness", "positivity", "coordination", "balance"}) {
        EXPECT_GE(group["rapport"][key].get<int>(), 0);
        EXPECT_LE(group["rapport"][key].get<int>(), 100);
      }
      ASSERT_FALSE(group["rounds"].empty());
      for (const auto& round : group["rounds"]) EXPECT_TRUE(round.contains("kind"));
    }
    EXPECT_EQ(trios, 1);
    EXPECT_EQ(placed.size(), 11u);
    EXPECT_EQ(std::set<int>(placed.begin(), placed.end()).size(), 11u) << "someone was placed twice";
  }
  EXPECT_TRUE(run.report.contains("ios_correlation"));
  // The CSV sits next to the JSON.
  std::string csv_path = run.bots.value("report", "");
  csv_path.replace(csv_path.size() - 4, 4, "csv");
  EXPECT_TRUE(std::filesystem::exists(csv_path));
}

TEST(Program, WarmBotsEndWithHigherRapportThanColdBots) {
  const auto average_overall = [](const json& report) {
    double sum = 0;
    int n = 0;
    for (const auto& rotation : report["rotations"]) {
      for (const auto& group : rotation["groups"]) {
        sum += group["rapport"]["overall"].get<double>();
        ++n;
      }
    }
    return n ? sum / n : 0.0;
  };
  const auto warm = run_program("quick-icebreaker", 6, "warm", 5);
  const auto cold = run_program("quick-icebreaker", 6, "cold", 5);
  ASSERT_TRUE(warm.report.contains("rotations"));
  ASSERT_TRUE(cold.report.contains("rotations"));
  const double w = average_overall(warm.report);
  const double c = average_overall(cold.report);
  RecordProperty("warm_overall", std::to_string(w));
  RecordProperty("cold_overall", std::to_string(c));
  EXPECT_GT(w, c + 20) << "warm " << w << " vs cold " << c;
}

}  // namespace
}  // namespace rapport

namespace rapport {
namespace {

TEST(Program, EveryRoundModuleReportsItsResult) {
  const auto run = run_program("challenge-sprint", 4, "warm", 11, 20);
  ASSERT_TRUE(run.report.contains("rotations"));
  std::map<std::string, int> seen;
  for (const auto& rotation : run.report["rotations"]) {
    for (const auto& group : rotation["groups"]) {
      for (const auto& round : group["rounds"]) {
        const std::string kind = round["kind"];
        ++seen[kind];
        EXPECT_TRUE(round.contains("success")) << kind;
        EXPECT_GE(round["score"].get<double>(), 0.0) << kind;
        EXPECT_LE(round["score"].get<double>(), 100.0) << kind;
        if (kind == "role-play") {
          EXPECT_TRUE(round.contains("scenario"));
          EXPECT_GE(round["results"]["guesses"].get<double>(), 2.0) << "perceptual-position guesses missing";
        }
        if (kind == "blueprint") {
          EXPECT_TRUE(round["success"].get<bool>()) << "a warm describer and builder should solve an easy puzzle";
        }
        if (kind == "common-ground") {
          EXPECT_GE(round["results"]["cells_found"].get<double>(), 1.0);
        }
        if (kind == "in-step") {
          EXPECT_GE(round["results"]["reached"].get<double>(), 1.0);
        }
      }
    }
  }
  for (const char* kind : {"blueprint", "in-step", "role-play", "common-ground"}) {
    EXPECT_GE(seen[kind], 2) << kind << " missing from the report";
  }
}

}  // namespace
}  // namespace rapport
