// Runs the built rapport-deck binary over the shipped decks and the broken
// decks in tests/data/decks, checking exit codes and that every message names
// the file and the place.
#include "rapport/build_info.hpp"

#include "tool_run.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace rapport {
namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string assets_dir() { return env_or("RAPPORT_ASSETS", build::kAssetsDir); }
std::string source_dir() { return env_or("RAPPORT_SOURCE", (fs::path(build::kAssetsDir).parent_path()).string()); }
std::string deck_tool() { return testing::tool_dir() + "/rapport-deck"; }
std::string broken(const std::string& name) { return source_dir() + "/tests/data/decks/" + name + ".json"; }

using testing::ToolRun;
ToolRun run_tool(const std::vector<std::string>& args) { return testing::run_tool("rapport-deck", args); }

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  const std::size_t nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

class DeckCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(deck_tool())) << "rapport-deck is not built at " << deck_tool();
  }
};

TEST_F(DeckCommand, ShippedDecksAreValidEvenWhenStrict) {
  const std::vector<std::string> decks = {assets_dir() + "/decks/team-building.json",
                                          assets_dir() + "/decks/onboarding.json",
                                          assets_dir() + "/decks/classroom.json"};
  for (const std::string& deck : decks) {
    const ToolRun r = run_tool({"--strict", deck});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(deck + ": OK"), std::string::npos) << r.output;
  }
  std::vector<std::string> args = {"--strict", "--json"};
  args.insert(args.end(), decks.begin(), decks.end());
  const ToolRun r = run_tool(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto report = nlohmann::json::parse(last_line(r.output));
  EXPECT_EQ(report.at("files"), 3);
  EXPECT_EQ(report.at("valid"), 3);
  EXPECT_GE(report.at("prompts").get<int>(), 3 * 60);
  EXPECT_GE(report.at("categories").get<int>(), 3 * 12);
  EXPECT_TRUE(report.at("errors").empty());
  int prompts = 0;
  for (const auto& deck : report.at("decks")) {
    EXPECT_GE(deck.at("prompts").get<int>(), 60) << deck.dump();
    EXPECT_GE(deck.at("categories").get<int>(), 12) << deck.dump();
    prompts += deck.at("prompts").get<int>();
  }
  EXPECT_EQ(report.at("prompts").get<int>(), prompts);
}

struct BrokenCase {
  const char* name;
  const char* where;  // the place the message must name
  const char* words;  // and what it says
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

class BrokenDeck : public DeckCommand, public ::testing::WithParamInterface<BrokenCase> {};

TEST_P(BrokenDeck, FailsNamingTheFileAndThePlace) {
  const BrokenCase& c = GetParam();
  const std::string file = broken(c.name);
  ASSERT_TRUE(fs::exists(file)) << file;
  const ToolRun r = run_tool({file});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(file + ": " + c.where + ": error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(c.words), std::string::npos) << r.output;

  const ToolRun json = run_tool({"--json", file});
  EXPECT_EQ(json.exit_code, 1);
  const auto report = nlohmann::json::parse(last_line(json.output));
  EXPECT_EQ(report.at("valid"), 0);
  ASSERT_FALSE(report.at("errors").empty());
  bool named = false;
  for (const auto& e : report.at("errors")) named = named || (e.at("file") == file && e.at("where") == c.where);
  EXPECT_TRUE(named) << report.dump();
}

INSTANTIATE_TEST_SUITE_P(
    Decks, BrokenDeck,
    ::testing::Values(BrokenCase{"bad-json", "line 44, column 15", "not valid JSON"},
                      BrokenCase{"missing-field", "categories[2]", "missing required field \"starter\""},
                      BrokenCase{"duplicate-prompt", "categories[4].prompts[1]", "duplicates categories[0].prompts[0]"},
                      BrokenCase{"empty-category", "categories[3].prompts", "has no prompts"},
                      BrokenCase{"too-long-prompt", "categories[6].prompts[2]", "the limit is 160"},
                      BrokenCase{"classroom-blocked-word", "categories[5].prompts[1]", "\"beer\""},
                      BrokenCase{"wrong-type", "categories[2].prompts[0].depth", "found text"},
                      BrokenCase{"closed-starter", "categories[7].starter", "not open-ended"}),
    [](const ::testing::TestParamInfo<BrokenCase>& param_info) {
      std::string name = param_info.param.name;
      for (char& ch : name) ch = ch == '-' ? '_' : ch;
      return name;
    });

TEST_F(DeckCommand, SmallDeckPassesButNotStrict) {
  const std::string file = broken("small-valid");
  const ToolRun relaxed = run_tool({file});
  EXPECT_EQ(relaxed.exit_code, 0) << relaxed.output;
  EXPECT_NE(relaxed.output.find(file + ": categories: warning: "), std::string::npos) << relaxed.output;
  const ToolRun strict = run_tool({"--strict", file});
  EXPECT_EQ(strict.exit_code, 1) << strict.output;
  EXPECT_NE(strict.output.find(file + ": categories: error: "), std::string::npos) << strict.output;
}

TEST_F(DeckCommand, OneBadDeckFailsTheWholeRun) {
  const ToolRun r = run_tool({"--json", assets_dir() + "/decks/onboarding.json", broken("empty-category")});
  EXPECT_EQ(r.exit_code, 1);
  const auto report = nlohmann::json::parse(last_line(r.output));
  EXPECT_EQ(report.at("files"), 2);
  EXPECT_EQ(report.at("valid"), 1);
}

TEST_F(DeckCommand, ClassroomDeckNeedsTheBlockedList) {
  const ToolRun r = run_tool({"--blocked", "/nonexistent/list.txt", assets_dir() + "/decks/classroom.json"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("blocked-words list was not loaded"), std::string::npos) << r.output;
}

TEST_F(DeckCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(run_tool({}).exit_code, 2);
  EXPECT_EQ(run_tool({"--frobnicate", "x.json"}).exit_code, 2);
  EXPECT_EQ(run_tool({"--blocked"}).exit_code, 2);
  const ToolRun help = run_tool({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("Usage: rapport-deck"), std::string::npos);
  const ToolRun missing = run_tool({"/nonexistent/deck.json"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("/nonexistent/deck.json: error: cannot open"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace rapport
