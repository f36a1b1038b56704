// The session scenes through the real rapport-client in headless mode, each
// reached in a real session run by bots on a time-scaled server: the pair
// room, reflection and debrief as a participant, the dashboard and the group
// summary as the host. Each must save a PNG of the requested size that shows
// the scene's own content (meter colours, the chart line, the tiles).
#include "ui/meter_widget.hpp"

#include "test_support.hpp"

#include <SFML/Graphics/Image.hpp>

#include <set>

namespace rapport::client {
namespace {

using namespace std::chrono_literals;

// Ten times faster than real time: a 90 s talk takes 9 s.
constexpr const char* kTimeScale = "10";

// Two short rotations, so a whole session (for the debrief) takes ~30 s.
constexpr const char* kTourProgram = R"({
  "id": "scene-test",
  "title": "Scene test",
  "description": "Two short rotations for the headless scene tests.",
  "audience": "team-building",
  "pairing": "any",
  "rotations": [
    {"rounds": [{"kind": "conversation", "seconds": 90, "title": "Say hello",
                 "prompts": ["What has been the best part of your week so far?"]}], "reflection_seconds": 60},
    {"rounds": [{"kind": "conversation", "seconds": 90, "title": "Something you enjoy",
                 "prompts": ["What is something small that made you smile recently?"]}], "reflection_seconds": 60}
  ]
})";

std::string assets_dir() {
  if (const char* env = std::getenv("RAPPORT_ASSETS")) return env;
  return build::kAssetsDir;
}

std::size_t pixels_of(const sf::Image& image, sf::Color colour) {
  std::size_t n = 0;
  const sf::Vector2u size = image.getSize();
  for (unsigned y = 0; y < size.y; ++y) {
    for (unsigned x = 0; x < size.x; ++x) if (image.getPixel(x, y) == colour) ++n;
  }
  return n;
}

std::size_t distinct_colours(const sf::Image& image) {
  std::set<sf::Uint32> colours;
  const sf::Vector2u size = image.getSize();
  for (unsigned y = 0; y < size.y; y += 2) {
    for (unsigned x = 0; x < size.x; x += 2) colours.insert(image.getPixel(x, y).toInteger());
  }
  return colours.size();
}

class HeadlessScenes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
    dir_ = test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    // A copy of the assets with the short program added; the shipped ones stay as they are.
    std::filesystem::copy(assets_dir(), dir_ / "assets", std::filesystem::copy_options::recursive);
    std::ofstream(dir_ / "assets" / "programs" / "scene-test.json") << kTourProgram;
    port_ = test::start_server(server_, dir_, {"--assets", (dir_ / "assets").string(), "--time-scale", kTimeScale});
    ASSERT_NE(port_, 0);
    address_ = "127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    server_.stop();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // A participant's scene: three bots and this client make two pairs.
  sf::Image participant(const std::string& scene, std::vector<std::string> extra = {}) {
    test::Child bots({test::bin_dir() + "/rapport-bots", "--server", address_, "--host", "--program", "scene-test",
                      "--players", "3", "--start-at", "4", "--time-scale", kTimeScale, "--code-file",
                      (dir_ / "code").string(), "--timeout", "120"},
                     (dir_ / "bots.log").string());
    const std::string code = test::wait_for_file(dir_ / "code", 15000ms);
    EXPECT_EQ(code.size(), 6U) << test::read_file(dir_ / "bots.log");
    const auto png = dir_ / (scene + ".png");
    std::vector<std::string> argv{test::bin_dir() + "/rapport-client", "--server", address_, "--name", "Ada Lovelace",
                                  "--join", code, "--scene", scene, "--screenshot", png.string(), "--timeout", "90",
                                  "--reduced-motion"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return capture(argv, png);
  }

  // A host's scene: this client hosts and starts once `people` playing bots are in.
  sf::Image host(const std::string& scene, int people, std::vector<std::string> extra = {}) {
    const auto png = dir_ / (scene + ".png");
    std::vector<std::string> argv{test::bin_dir() + "/rapport-client", "--server", address_, "--name", "Sam Host",
                                  "--host", "--program", "scene-test", "--start", "--wait-roster",
                                  std::to_string(people), "--code-file", (dir_ / "code").string(), "--scene", scene,
                                  "--screenshot", png.string(), "--timeout", "90", "--reduced-motion"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    test::Child client(argv, (dir_ / "client.log").string());
    const std::string code = test::wait_for_file(dir_ / "code", 15000ms);
    EXPECT_EQ(code.size(), 6U) << test::read_file(dir_ / "client.log");
    test::Child bots({test::bin_dir() + "/rapport-bots", "--server", address_, "--code", code, "--play", "--players",
                      std::to_string(people), "--time-scale", kTimeScale, "--timeout", "120"},
                     (dir_ / "bots.log").string());
    const int exit_code = client.wait(120s);
    EXPECT_EQ(exit_code, 0) << test::read_file(dir_ / "client.log");
    return load(png);
  }

  sf::Image capture(const std::vector<std::string>& argv, const std::filesystem::path& png) {
    test::Child client(argv, (dir_ / "client.log").string());
    const int exit_code = client.wait(120s);
    EXPECT_EQ(exit_code, 0) << test::read_file(dir_ / "client.log");
    return load(png);
  }

  static sf::Image load(const std::filesystem::path& png) {
    sf::Image image;
    EXPECT_TRUE(image.loadFromFile(png.string())) << png;
    return image;
  }

  std::filesystem::path dir_;
  test::Child server_;
  std::uint16_t port_ = 0;
  std::string address_;
};

// The meter's four component colours each cover some bar pixels.
void expect_meter_bars(const sf::Image& image, std::size_t at_least) {
  for (const MeterComponent c : kMeterComponents) {
    EXPECT_GE(pixels_of(image, meter_colour(c)), at_least) << meter_component_name(c);
  }
}

TEST_F(HeadlessScenes, PairRoomShowsAvatarsChatAndTheLiveMeter) {
  const sf::Image image = participant("pairroom", {"--wait-chat", "2"});
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720));
  EXPECT_GT(distinct_colours(image), 150U) << "avatars, text and bars";
  expect_meter_bars(image, 40);
  EXPECT_GE(pixels_of(image, meter_colour(MeterComponent::Overall)), 300U) << "the overall bar and heart";
}

TEST_F(HeadlessScenes, ReflectionShowsTheSevenPictures) {
  const sf::Image image = participant("reflection", {"--size", "960x540"});
  ASSERT_EQ(image.getSize(), sf::Vector2u(960, 540)) << "the layout scales with the window";
  EXPECT_GT(distinct_colours(image), 60U);
  // The circles' outlines: blue for "you" in each of the seven pictures.
  EXPECT_GE(pixels_of(image, okabe_ito::kBlue), 7U * 20U);
}

TEST_F(HeadlessScenes, DebriefShowsTheChartOfTheWholeSession) {
  const sf::Image image = participant("debrief");
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720));
  EXPECT_GE(pixels_of(image, okabe_ito::kVermillion), 200U) << "the timeline's line";
}

TEST_F(HeadlessScenes, DashboardShowsEveryGroupAsATile) {
  const sf::Image image = host("dashboard", 6);
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720));
  EXPECT_GT(distinct_colours(image), 150U);
  expect_meter_bars(image, 3 * 10);  // three tiles, four bars each
}

TEST_F(HeadlessScenes, HostSeesTheGroupSummaryAtTheEnd) {
  const sf::Image image = host("summary", 4);
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720));
  expect_meter_bars(image, 40);
}

}  // namespace
}  // namespace rapport::client
