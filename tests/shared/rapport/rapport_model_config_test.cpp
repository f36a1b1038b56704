#include "rapport/rapport/rapport_model_config.hpp"

#include "model_transcript.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport {
namespace {

using Json = nlohmann::json;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string model_text() { return read(testing::assets_dir() + "/model/model.json"); }
std::string language_text() { return read(testing::assets_dir() + "/model/language.json"); }

// The error from loading the shipped files with one change to model.json.
std::string model_error(const std::function<void(Json&)>& edit) {
  Json model = Json::parse(model_text());
  edit(model);
  const auto load = parse_model_config(model.dump(2), language_text());
  EXPECT_FALSE(load.ok());
  return load.error;
}

std::string language_error(const std::function<void(Json&)>& edit) {
  Json language = Json::parse(language_text());
  edit(language);
  const auto load = parse_model_config(model_text(), language.dump(2));
  EXPECT_FALSE(load.ok());
  return load.error;
}

TEST(RapportModelConfig, ShippedFilesLoad) {
  const auto load = load_model_config(testing::assets_dir());
  ASSERT_TRUE(load.ok()) << load.error;
  const ModelConfig& c = *load.config;
  EXPECT_EQ(c.attentiveness.unanswered_after_ms, 30'000);
  EXPECT_EQ(c.coordination.mirror_min_delay_ms, 1'500);
  EXPECT_GT(c.positivity.gesture_points[static_cast<std::size_t>(Gesture::Smile)], 0.0);
  EXPECT_EQ(c.positivity.gesture_points[static_cast<std::size_t>(Gesture::ArmsCrossed)], 0.0);
  EXPECT_GE(c.words.style_category_names.size(), 9u);
  for (const auto& tip : c.tips) EXPECT_FALSE(tip.empty());
}

TEST(RapportModelConfig, SyntaxErrorsNameTheFileAndLine) {
  const std::string broken = "{\n  \"format\": 2,\n  \"baseline\": 40,,\n}";
  const auto load = parse_model_config(broken, language_text(), "assets/model/model.json");
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find("assets/model/model.json"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("line 3"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("not valid JSON"), std::string::npos) << load.error;
}

TEST(RapportModelConfig, MissingFieldNamesItsPath) {
  const std::string error = model_error([](Json& j) { j["attentiveness"].erase("reply_points"); });
  EXPECT_NE(error.find("model.json: at attentiveness: missing \"reply_points\""), std::string::npos) << error;
  EXPECT_NE(error.find("docs/RAPPORT_MODEL.md"), std::string::npos) << error;
}

TEST(RapportModelConfig, WrongTypeAndOutOfRangeValuesAreClear) {
  std::string error = model_error([](Json& j) { j["attentiveness"]["reply_points"] = "six"; });
  EXPECT_NE(error.find("at attentiveness.reply_points: expected a number from 0 to 100, got \"six\""),
            std::string::npos)
      << error;
  error = model_error([](Json& j) { j["mutuality"] = 1.5; });
  EXPECT_NE(error.find("at mutuality: expected a number from 0 to 1, got 1.5"), std::string::npos) << error;
  error = model_error([](Json& j) { j["coordination"]["copy_history"] = 4.5; });
  EXPECT_NE(error.find("at coordination.copy_history: expected a whole number"), std::string::npos) << error;
}

TEST(RapportModelConfig, WeightsMustAddUpToOne) {
  const std::string error = model_error([](Json& j) { j["weights"]["balance"] = 0.5; });
  EXPECT_NE(error.find("at weights: the four weights must add up to 1"), std::string::npos) << error;
}

TEST(RapportModelConfig, TyposAreErrorsNotSilentDefaults) {
  const std::string error = model_error([](Json& j) {
    j["positivity"]["kudos_pionts"] = 3;
  });
  EXPECT_NE(error.find("at positivity: unknown key \"kudos_pionts\""), std::string::npos) << error;
}

TEST(RapportModelConfig, GesturesMustBeKnownAndFriendly) {
  std::string error = model_error([](Json& j) { j["positivity"]["gestures"]["high five"] = 3; });
  EXPECT_NE(error.find("unknown gesture \"high five\""), std::string::npos) << error;
  error = model_error([](Json& j) { j["positivity"]["gestures"]["arms crossed"] = 3; });
  EXPECT_NE(error.find("\"arms crossed\" is not a friendly gesture"), std::string::npos) << error;
}

TEST(RapportModelConfig, InconsistentWindowsAreRejected) {
  std::string error = model_error([](Json& j) { j["coordination"]["mirror_max_delay_s"] = 1; });
  EXPECT_NE(error.find("at coordination.mirror_max_delay_s: must be longer than mirror_min_delay_s"),
            std::string::npos)
      << error;
  error = model_error([](Json& j) { j["format"] = 1; });
  EXPECT_NE(error.find("this build reads format 2"), std::string::npos) << error;
  error = model_error([](Json& j) { j["positivity"]["rate"]["scale"] = 0; });
  EXPECT_NE(error.find("at positivity.rate.scale: expected a number from 0.1"), std::string::npos) << error;
}

TEST(RapportModelConfig, WordListProblemsPointAtTheEntry) {
  std::string error = language_error([](Json& j) { j["positive"][2] = "Lovely"; });
  EXPECT_NE(error.find("language.json: at positive[2]: \"Lovely\" must be written in lower case"),
            std::string::npos)
      << error;
  error = language_error([](Json& j) { j["style_categories"]["articles"][0] = "a lot"; });
  EXPECT_NE(error.find("at style_categories.articles[0]: \"a lot\" must be a single word"), std::string::npos)
      << error;
  error = language_error([](Json& j) { j["hostile"] = Json::array(); });
  EXPECT_NE(error.find("at hostile: expected a non-empty list of texts"), std::string::npos) << error;
  error = language_error([](Json& j) { j.erase("negators"); });
  EXPECT_NE(error.find("missing \"negators\""), std::string::npos) << error;
}

TEST(RapportModelConfig, MissingFolderSaysWhatToCheck) {
  const auto dir = std::filesystem::temp_directory_path() / "rapport-model-config-test-missing";
  std::filesystem::remove_all(dir);
  const auto load = load_model_config(dir.string());
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.error.find("model/model.json: cannot open the file"), std::string::npos) << load.error;
  EXPECT_NE(load.error.find("--assets"), std::string::npos) << load.error;
}

}  // namespace
}  // namespace rapport
