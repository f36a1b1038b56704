// rapport-validate: corpus readers, the typing model, scoring, and the command
// line (bad input names the file and the place and exits 1).
#include "corpus.hpp"
#include "evaluate.hpp"

#include "tool_run.hpp"
#include "model_transcript.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace rapport::validate {
namespace {

std::shared_ptr<const ModelConfig> config() {
  static const auto load = load_model_config(rapport::testing::assets_dir());
  return load.config;
}

constexpr const char* kCasino = R"json([{"dialogue_id": 7, "chat_logs": [
  {"text": "Hi! Great to meet you :)", "id": "mturk_agent_1", "task_data": {}},
  {"text": "Hello, nice to meet you too! What do you need most?", "id": "mturk_agent_2", "task_data": {}},
  {"text": "Submit-Deal", "id": "mturk_agent_1", "task_data": {}},
  {"text": "Sounds great, thanks!", "id": "mturk_agent_1", "task_data": {}}],
  "participant_info": {"mturk_agent_1": {"outcomes": {"opponent_likeness": "Extremely like"}},
                       "mturk_agent_2": {"outcomes": {"opponent_likeness": "Slightly like"}}}}])json";

TEST(ValidateCorpus, CasinoDealActionsAreNotConversation) {
  const auto load = parse_corpus(kCasino, "c.json", Format::Casino);
  ASSERT_TRUE(load.corpus) << load.error;
  ASSERT_EQ(load.corpus->dialogues.size(), 1u);
  const Dialogue& d = load.corpus->dialogues[0];
  EXPECT_EQ(d.id, "7");
  ASSERT_EQ(d.turns.size(), 3u);
  EXPECT_EQ(d.turns[2].text, "Sounds great, thanks!");
  ASSERT_EQ(d.ratings.size(), 2u);
  EXPECT_EQ(d.ratings[0].value, 5);
  EXPECT_EQ(d.ratings[1].value, 4);
}

TEST(ValidateCorpus, TopicalBlankRatingsAreLeftOut) {
  const auto load = parse_corpus(R"json({"t1": {"content": [
      {"message": "Do you like jazz?", "agent": "agent_1"},
      {"message": "Yes, I love it!", "agent": "agent_2"}],
      "conversation_rating": {"agent_1": "Good", "agent_2": ""}}})json",
                                 "t.json", Format::Topical);
  ASSERT_TRUE(load.corpus) << load.error;
  ASSERT_EQ(load.corpus->dialogues[0].ratings.size(), 1u);
  EXPECT_EQ(load.corpus->dialogues[0].ratings[0].value, 4);
}

TEST(ValidateCorpus, BadInputNamesTheFileAndThePlace) {
  auto load = parse_corpus("[{", "broken.json", Format::Casino);
  EXPECT_FALSE(load.corpus);
  EXPECT_NE(load.error.find("broken.json: not valid JSON"), std::string::npos) << load.error;
  load = parse_corpus(R"json([{"dialogue_id": 1, "chat_logs": [], "participant_info": {}}])json", "empty.json", Format::Casino);
  EXPECT_FALSE(load.corpus);
  EXPECT_NE(load.error.find("empty.json: dialogue 0"), std::string::npos) << load.error;
  load = parse_corpus(R"json([{"dialogue_id": 1, "chat_logs": [{"text": "hi", "id": "robot"}], "participant_info": {}}])json",
                      "who.json", Format::Casino);
  EXPECT_NE(load.error.find("dialogue 0.chat_logs[0]: unknown speaker \"robot\""), std::string::npos) << load.error;
  load = parse_corpus(R"json({"x": {"content": [{"message": "hi", "agent": "agent_1"}],
                       "conversation_rating": {"agent_1": "Superb"}}})json", "r.json", Format::Topical);
  EXPECT_NE(load.error.find("unknown answer \"Superb\""), std::string::npos) << load.error;
  load = parse_corpus(R"json({"x": 1})json", "casino-as-object.json", Format::Casino);
  EXPECT_NE(load.error.find("expected a list of dialogues"), std::string::npos) << load.error;
  load = parse_corpus(R"json({"format": "something else"})json", "export.json", Format::Rapport);
  EXPECT_NE(load.error.find("export.json: not a Rapport model export"), std::string::npos) << load.error;
}

TEST(ValidateScore, WarmerChatScoresHigherAndTheTypingModelIsUsed) {
  const auto warm = parse_corpus(kCasino, "c.json", Format::Casino);
  ASSERT_TRUE(warm.corpus);
  Dialogue cold = warm.corpus->dialogues[0];
  cold.turns = {{0, "Give me all the firewood."}, {1, "No. That is unfair and ridiculous."}, {0, "Whatever."}};
  const auto a = score_dialogue(config(), warm.corpus->dialogues[0]);
  const auto b = score_dialogue(config(), cold);
  ASSERT_TRUE(a.scored && b.scored);
  EXPECT_GT(a.scored->overall, b.scored->overall);
  EXPECT_GT(a.scored->lexicon, b.scored->lexicon);
  EXPECT_EQ(a.scored->messages, 3);
  EXPECT_EQ(a.scored->people.size(), 2u);
  EXPECT_EQ(TypingModel::gap_ms(10, 5), 2000 + 400 + 1000);
}

TEST(ValidateScore, ARapportExportReplaysToTheSameMeterAsTheLiveModel) {
  RapportModel live(config(), {1, 2}, 0);
  std::vector<ModelOp> ops{{ModelOp::Kind::Open, 0, {}, {1, 2}}};
  const std::vector<PairEvent> events = {PairEvent::chat(1'000, 1, "How was your week?"),
                                         PairEvent::gesture_by(2'000, 2, Gesture::Smile),
                                         PairEvent::chat(5'000, 2, "Great, thanks! Yours?")};
  for (const auto& e : events) {
    ASSERT_TRUE(live.apply(e));
    ops.push_back({ModelOp::Kind::Apply, e.t_ms, e, {}});
  }
  live.pause(7'000);
  ops.push_back({ModelOp::Kind::Pause, 7'000, {}, {}});
  live.resume(8'000);
  ops.push_back({ModelOp::Kind::Resume, 8'000, {}, {}});
  live.finish(9'000);
  ops.push_back({ModelOp::Kind::Finish, 9'000, {}, {}});
  GroupExport g{3, 1, ops, {{1, 2, 6, false}, {2, 1, 5, true}}};
  const std::string json = model_export_json("ACD349", {g});
  const auto load = parse_corpus(json, "ACD349-journal.json", Format::Rapport);
  ASSERT_TRUE(load.corpus) << load.error;
  const auto scored = score_dialogue(config(), load.corpus->dialogues[0]);
  ASSERT_TRUE(scored.scored) << scored.error;
  EXPECT_DOUBLE_EQ(scored.scored->overall, live.meter().overall);
  EXPECT_EQ(scored.scored->people.size(), 2u);
  EXPECT_EQ(scored.scored->rating, 5.5);
}

TEST(ValidateCommand, PrintsOneJsonObjectLastAndRefusesBadInput) {
  const auto dir = std::filesystem::temp_directory_path() / "rapport-validate-test";
  std::filesystem::create_directories(dir);
  const auto good = (dir / "casino.json").string();
  std::ofstream(good) << "[" << std::string(kCasino).substr(1, std::string(kCasino).size() - 2) << ","
                      << std::string(kCasino).substr(1, std::string(kCasino).size() - 2) << "]";
  using rapport::testing::run_tool;
  auto run = run_tool("rapport-validate", {"--format", "casino", "--json", good});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::string text = run.output;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto last = nlohmann::json::parse(text.substr(text.rfind('\n') + 1));
  for (const char* key : {"n", "overall", "overall_ci", "components", "baselines", "per_person"}) {
    EXPECT_TRUE(last.contains(key)) << key << " in " << run.output;
  }
  EXPECT_EQ(last["n"], 2);
  EXPECT_TRUE(last["baselines"].contains("lexicon"));
  EXPECT_TRUE(last["components"].contains("attentiveness"));
  const auto broken = (dir / "broken.json").string();
  std::ofstream(broken) << "[{\"dialogue_id\": 1,";
  run = run_tool("rapport-validate", {"--format", "casino", "--json", broken});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("broken.json: not valid JSON"), std::string::npos) << run.output;
  run = run_tool("rapport-validate", {"--format", "chatlog", good});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("unknown format 'chatlog'"), std::string::npos) << run.output;
  run = run_tool("rapport-validate", {good});
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace rapport::validate
