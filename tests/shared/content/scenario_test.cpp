#include "rapport/content/scenario.hpp"

#include "rapport/build_info.hpp"
#include "rapport/protocol/messages.hpp"
#include "rapport/rounds/role_play/role_play.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace rapport {
namespace {

namespace fs = std::filesystem;

fs::path assets_dir() {
  const char* env = std::getenv("RAPPORT_ASSETS");
  return env && *env ? fs::path(env) : fs::path(build::kAssetsDir);
}

fs::path source_dir() {
  const char* env = std::getenv("RAPPORT_SOURCE");
  return env && *env ? fs::path(env) : fs::path(build::kAssetsDir).parent_path();
}

fs::path broken_dir() { return source_dir() / "tests" / "data" / "scenarios"; }

ScenarioLoadResult shipped() { return load_scenarios(assets_dir() / "scenarios"); }

// ---- shipped content --------------------------------------------------------

TEST(ShippedScenarios, AllLoadAndValidate) {
  const auto result = shipped();
  EXPECT_TRUE(result.ok()) << result.describe();
  EXPECT_GE(result.scenarios.size(), 8u);
}

TEST(ShippedScenarios, EveryAudienceHasAtLeastTwo) {
  const auto result = shipped();
  for (auto audience : {Audience::TeamBuilding, Audience::Onboarding, Audience::Classroom}) {
    EXPECT_GE(scenarios_for(result.scenarios, audience).size(), 2u) << audience_id(audience);
  }
}

TEST(ShippedScenarios, IdsAreUniqueAndFindable) {
  const auto result = shipped();
  std::set<std::string> ids;
  for (const auto& s : result.scenarios) {
    EXPECT_TRUE(ids.insert(s.id).second) << s.id;
    EXPECT_EQ(find_scenario(result.scenarios, s.id), &s);
  }
  EXPECT_EQ(find_scenario(result.scenarios, "no-such-scenario"), nullptr);
}

TEST(ShippedScenarios, RepairScenarioStartsDamagedAndNamesTheRepairer) {
  const auto result = shipped();
  const Scenario* repair = find_scenario(result.scenarios, "late-delivery");
  ASSERT_NE(repair, nullptr);
  EXPECT_TRUE(repair->repair);
  ASSERT_TRUE(repair->initial_rapport.positivity.has_value());
  EXPECT_LT(*repair->initial_rapport.positivity, 0.5);
  EXPECT_FALSE(repair->repair_cues.acknowledge.empty());
  EXPECT_FALSE(repair->repair_cues.apologise.empty());
  EXPECT_FALSE(repair->repair_cues.commit.empty());
  int repairers = 0;
  for (const auto& role : repair->roles) repairers += role.repairs ? 1 : 0;
  EXPECT_EQ(repairers, 1);
}

// Guessing is only a puzzle when the roles differ in goal and feeling.
TEST(ShippedScenarios, RolesDifferInGoalAndFeeling) {
  for (const auto& s : shipped().scenarios) {
    std::set<std::string> goals;
    std::set<std::string> feelings;
    for (const auto& role : s.roles) {
      EXPECT_TRUE(goals.insert(role.card.goal).second) << s.id << " " << role.id;
      EXPECT_TRUE(feelings.insert(role.card.feeling).second) << s.id << " " << role.id;
    }
  }
}

// Every role suggests lines a shy player (or a bot) can say. A repairing
// role's lines model the whole repair: acknowledge, apologise, commit.
TEST(ShippedScenarios, EveryRoleHasOpenersAndRepairersModelTheRepair) {
  for (const auto& s : shipped().scenarios) {
    for (const auto& role : s.roles) {
      EXPECT_FALSE(role.card.openers.empty()) << s.id << " " << role.id;
      if (!s.repair || !role.repairs) continue;
      const RepairCueReport report = detect_repair_cues(s.repair_cues, role.card.openers);
      EXPECT_TRUE(report.has(RepairCueKind::Acknowledge)) << s.id;
      EXPECT_TRUE(report.has(RepairCueKind::Apologise)) << s.id;
      EXPECT_TRUE(report.has(RepairCueKind::Commit)) << s.id;
    }
  }
}

// docs/SCENARIOS.md lists every shipped scenario, so new files must be added there.
TEST(ShippedScenarios, AreListedInTheDocs) {
  std::ifstream in(source_dir() / "docs" / "SCENARIOS.md");
  ASSERT_TRUE(in) << "docs/SCENARIOS.md not found";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& s : shipped().scenarios) {
    EXPECT_NE(doc.find("| `" + s.id + "` | " + s.title + " |"), std::string::npos) << s.id;
  }
}

// ---- broken files -----------------------------------------------------------

struct BrokenCase {
  const char* file;
  const char* place;    // exact JSON place, or the start of "line N, column M"
  const char* message;  // a fragment of what to do
};

class BrokenScenario : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenScenario, FailsNamingFileAndPlace) {
  const BrokenCase& c = GetParam();
  const fs::path path = broken_dir() / c.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  const auto result = load_scenario(path);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.scenarios.empty());
  ASSERT_FALSE(result.problems.empty());
  bool found = false;
  for (const auto& p : result.problems) {
    EXPECT_EQ(p.file, path.string());
    EXPECT_NE(p.describe().find(c.file), std::string::npos) << p.describe();
    if (p.place.rfind(c.place, 0) == 0 && p.message.find(c.message) != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "expected a problem at " << c.place << " mentioning '" << c.message
                     << "', got:\n" << result.describe();
}

INSTANTIATE_TEST_SUITE_P(
    ScenarioLoading, BrokenScenario,
    ::testing::Values(
        BrokenCase{"bad-json.json", "line 3, column", "not valid JSON"},
        BrokenCase{"missing-title.json", "title", "missing"},
        BrokenCase{"unknown-setting.json", "setting", "conference-hall"},
        BrokenCase{"dress-code-out-of-range.json", "dress_code", "0 (casual) to 4 (formal)"},
        BrokenCase{"too-many-facts.json", "roles[1].card.facts", "2 to 3"},
        BrokenCase{"too-few-facts.json", "roles[0].card.facts", "2 to 3"},
        BrokenCase{"fact-too-long.json", "roles[0].card.facts[1]", "too long"},
        BrokenCase{"goal-not-in-options.json", "roles[0].card.goal", "goal_options"},
        BrokenCase{"feeling-not-in-options.json", "roles[1].card.feeling", "feeling_options"},
        BrokenCase{"one-role.json", "roles", "needs 2"},
        BrokenCase{"unknown-audience.json", "audience[1]", "team-building"},
        BrokenCase{"duplicate-role-id.json", "roles[1].id", "must differ"},
        BrokenCase{"repair-without-cues.json", "repair_cues", "missing"},
        BrokenCase{"unknown-key.json", "dresscode", "unknown key"},
        BrokenCase{"too-few-goal-options.json", "goal_options", "4 to 6"},
        BrokenCase{"initial-rapport-out-of-range.json", "initial_rapport.positivity", "0 to 1"},
        BrokenCase{"id-differs-from-file.json", "id", "file name"},
        BrokenCase{"too-many-openers.json", "roles[0].card.openers", "1 to 3"},
        BrokenCase{"opener-gives-away-goal.json", "roles[1].card.openers[1]", "gives away"}),
    [](const ::testing::TestParamInfo<BrokenCase>& param_info) {
      std::string name = fs::path(param_info.param.file).stem().string();
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      return name;
    });

TEST(ScenarioLoading, EveryBrokenFileInTheFolderIsReported) {
  const auto result = load_scenarios(broken_dir());
  EXPECT_TRUE(result.scenarios.empty()) << result.scenarios.size() << " broken files passed";
  std::set<std::string> files_with_problems;
  for (const auto& p : result.problems) files_with_problems.insert(p.file);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(broken_dir())) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_TRUE(files_with_problems.count(entry.path().string())) << entry.path();
  }
  EXPECT_EQ(files_with_problems.size(), files);
}

TEST(ScenarioLoading, CollectsEveryProblemInOnePass) {
  const auto result = parse_scenario(R"({"id": "Bad Id", "dress_code": -1, "setting": "moon"})",
                                     "inline.json");
  EXPECT_FALSE(result.ok());
  std::set<std::string> places;
  for (const auto& p : result.problems) places.insert(p.place);
  for (const char* place : {"id", "dress_code", "setting", "title", "summary", "audience", "roles",
                            "goal_options", "feeling_options", "tips"}) {
    EXPECT_TRUE(places.count(place)) << place << "\n" << result.describe();
  }
}

TEST(ScenarioLoading, ParsesEveryField) {
  const auto result = load_scenario(assets_dir() / "scenarios" / "first-video-call.json");
  ASSERT_TRUE(result.ok()) << result.describe();
  const Scenario& s = result.scenarios.front();
  EXPECT_EQ(s.id, "first-video-call");
  EXPECT_EQ(s.setting, SceneSetting::VideoCall);
  EXPECT_EQ(s.dress_code, 1);
  EXPECT_TRUE(s.suits(Audience::Onboarding));
  EXPECT_FALSE(s.suits(Audience::Classroom));
  EXPECT_FALSE(s.repair);
  EXPECT_FALSE(s.initial_rapport.positivity.has_value());
  ASSERT_EQ(s.roles.size(), 3u);
  EXPECT_TRUE(s.has_trio_role());
  EXPECT_EQ(s.roles[0].id, "new-teammate");
  EXPECT_EQ(s.roles[2].card.facts.size(), 2u);
  EXPECT_EQ(s.roles[0].card.openers.size(), 3u);
  EXPECT_TRUE(option_index(s.goal_options, s.roles[1].card.goal).has_value());
  EXPECT_EQ(s.tips.size(), 2u);
}

TEST(ScenarioLoading, MissingFileAndFolderSaySo) {
  const auto file = load_scenario(broken_dir() / "does-not-exist.json");
  ASSERT_EQ(file.problems.size(), 1u);
  EXPECT_NE(file.problems[0].describe().find("does-not-exist.json"), std::string::npos);
  EXPECT_NE(file.problems[0].message.find("cannot be opened"), std::string::npos);
  const auto folder = load_scenarios(broken_dir() / "no-such-folder");
  ASSERT_EQ(folder.problems.size(), 1u);
  EXPECT_NE(folder.problems[0].message.find("not a folder"), std::string::npos);
}

TEST(ScenarioNames, SettingsAndAudiencesRoundTrip) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(SceneSetting::kCount); ++i) {
    const auto setting = static_cast<SceneSetting>(i);
    EXPECT_EQ(setting_from_id(setting_id(setting)), setting);
    EXPECT_FALSE(setting_label(setting).empty());
  }
  EXPECT_FALSE(setting_from_id("Cafe").has_value());  // ids are exact
  for (std::size_t i = 0; i < static_cast<std::size_t>(Audience::kCount); ++i) {
    const auto audience = static_cast<Audience>(i);
    EXPECT_EQ(audience_from_id(audience_id(audience)), audience);
  }
  EXPECT_EQ(dress_code_label(0), "casual");
  EXPECT_EQ(dress_code_label(kMaxDressCode), "formal");
}

}  // namespace
}  // namespace rapport
