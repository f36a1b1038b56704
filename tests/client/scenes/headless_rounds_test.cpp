// Every round scene through the real rapport-client in headless demo mode
// (--scene NAME without --join): the PNG has the window's size, is not blank,
// and shows the scene's own content where the layout puts it.
#include "test_support.hpp"

#include <SFML/Graphics/Image.hpp>

#include <map>
#include <set>

namespace rapport::client {
namespace {

using namespace std::chrono_literals;

class HeadlessRounds : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
    dir_ = test::temp_dir("rounds");
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  sf::Image render(const std::string& scene) {
    const std::string png = (dir_ / (scene + ".png")).string();
    test::Child client({test::bin_dir() + "/rapport-client", "--scene", scene, "--screenshot", png, "--reduced-motion",
                        "--timeout", "20"},
                       (dir_ / (scene + ".log")).string());
    EXPECT_EQ(client.wait(40s), 0) << scene;
    sf::Image image;
    EXPECT_TRUE(image.loadFromFile(png)) << scene;
    return image;
  }
  std::filesystem::path dir_;
};

// Pixels of exactly `colour` inside a design-space box (the window is 1280x720).
std::size_t count(const sf::Image& image, sf::Color colour, unsigned x0, unsigned y0, unsigned x1, unsigned y1) {
  std::size_t n = 0;
  for (unsigned y = y0; y < y1; ++y) {
    for (unsigned x = x0; x < x1; ++x) n += image.getPixel(x, y) == colour ? 1U : 0U;
  }
  return n;
}

std::size_t distinct(const sf::Image& image, unsigned x0, unsigned y0, unsigned x1, unsigned y1) {
  std::set<sf::Uint32> colours;
  for (unsigned y = y0; y < y1; y += 2) {
    for (unsigned x = x0; x < x1; x += 2) colours.insert(image.getPixel(x, y).toInteger());
  }
  return colours.size();
}

void expect_frame(const sf::Image& image, const std::string& scene) {
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720)) << scene;
  EXPECT_GT(distinct(image, 0, 0, 1280, 720), 200U) << scene << " is not blank";
  // The meter's orange Overall bar and the chat field are on every round scene.
  EXPECT_GT(count(image, sf::Color(213, 94, 0), 850, 140, 1230, 180), 500U) << scene << ": meter";
  EXPECT_GT(count(image, sf::Color::White, 860, 640, 1220, 690), 5000U) << scene << ": chat field";
}

TEST_F(HeadlessRounds, CommonGroundShowsFoundAndProposedCells) {
  const sf::Image image = render("commonground");
  expect_frame(image, "commonground");
  EXPECT_GT(count(image, sf::Color(222, 242, 233), 32, 150, 812, 570), 20000U) << "found cells are filled";
  EXPECT_GT(count(image, sf::Color(253, 240, 214), 32, 150, 812, 570), 10000U) << "proposed cells";
}

TEST_F(HeadlessRounds, BlueprintRolesSeeDifferentBoards) {
  const sf::Image describer = render("blueprint-describer");
  const sf::Image builder = render("blueprint-builder");
  expect_frame(describer, "blueprint-describer");
  expect_frame(builder, "blueprint-builder");
  // Okabe-Ito piece colours on the main grid.
  std::size_t pieces = 0;
  for (sf::Color c : {sf::Color(0, 0, 0), sf::Color(230, 159, 0), sf::Color(86, 180, 233), sf::Color(0, 158, 115),
                      sf::Color(240, 228, 66), sf::Color(0, 114, 178), sf::Color(213, 94, 0), sf::Color(204, 121, 167)}) {
    pieces += count(describer, c, 44, 150, 474, 580);
  }
  EXPECT_GT(pieces, 10000U) << "the target's pieces";
  // Only the builder has the blue "We're done" button.
  EXPECT_GT(count(builder, sf::Color(0, 114, 178), 506, 656, 806, 704), 5000U);
  EXPECT_LT(count(describer, sf::Color(0, 114, 178), 506, 656, 806, 704), 100U);
}

TEST_F(HeadlessRounds, InStepDrawsTheMapAndTheNextWaypoint) {
  const sf::Image image = render("instep");
  expect_frame(image, "instep");
  EXPECT_GT(count(image, sf::Color(214, 232, 200), 32, 150, 812, 618), 150000U) << "grass";
  EXPECT_GT(count(image, sf::Color(240, 228, 66), 32, 150, 812, 618), 1000U) << "the next waypoint glows";
}

TEST_F(HeadlessRounds, EverySettingDrawsItsOwnStageAndTheRevealShowsTwoCards) {
  std::map<std::string, std::size_t> signatures;
  for (const char* setting : {"cafe", "office", "classroom", "video-call", "shop-counter", "park", "conference-hall"}) {
    const std::string scene = std::string("roleplay-") + setting;
    const sf::Image image = render(scene);
    expect_frame(image, scene);
    EXPECT_GT(distinct(image, 32, 96, 812, 396), 60U) << scene << ": a drawn setting";
    EXPECT_GT(count(image, sf::Color(255, 249, 232), 32, 406, 502, 704), 30000U) << scene << ": the role card";
    // The stage's colour mix differs from every other setting.
    std::size_t signature = 0;
    for (unsigned y = 100; y < 390; y += 7) {
      for (unsigned x = 40; x < 800; x += 7) signature = signature * 31 + image.getPixel(x, y).toInteger();
    }
    for (const auto& [other, s] : signatures) EXPECT_NE(s, signature) << scene << " looks like " << other;
    signatures[scene] = signature;
  }
  const sf::Image reveal = render("reveal");
  expect_frame(reveal, "reveal");
  EXPECT_GT(count(reveal, sf::Color(255, 252, 247), 32, 320, 420, 600), 40000U) << "my card";
  EXPECT_GT(count(reveal, sf::Color(255, 252, 247), 430, 320, 812, 600), 40000U) << "the partner's card";
}

// Live: a real server, bots and this client as a participant; the client must
// leave the pair room for each module's scene when that round starts.
TEST_F(HeadlessRounds, LiveSessionRoutesToTheModuleScenes) {
  std::filesystem::copy(build::kAssetsDir, dir_ / "assets", std::filesystem::copy_options::recursive);
  std::ofstream(dir_ / "assets" / "programs" / "round-test.json") << R"({
    "id": "round-test", "title": "Round test", "description": "Two modules for the live scene test.",
    "audience": "team-building", "pairing": "any",
    "rotations": [{"rounds": [{"kind": "blueprint", "seconds": 60, "difficulty": "easy"},
                              {"kind": "role-play", "seconds": 120}], "reflection_seconds": 20}]
  })";
  test::Child server;
  const std::uint16_t port =
      test::start_server(server, dir_, {"--assets", (dir_ / "assets").string(), "--time-scale", "10"});
  ASSERT_NE(port, 0);
  const std::string address = "127.0.0.1:" + std::to_string(port);
  for (const char* scene : {"blueprint", "roleplay"}) {
    std::filesystem::remove(dir_ / "code");
    test::Child bots({test::bin_dir() + "/rapport-bots", "--server", address, "--host", "--program", "round-test",
                      "--players", "3", "--start-at", "4", "--time-scale", "10", "--code-file",
                      (dir_ / "code").string(), "--timeout", "120"},
                     (dir_ / "bots.log").string());
    const std::string code = test::wait_for_file(dir_ / "code", 15000ms);
    ASSERT_EQ(code.size(), 6U) << test::read_file(dir_ / "bots.log");
    const auto png = dir_ / (std::string("live_") + scene + ".png");
    test::Child client({test::bin_dir() + "/rapport-client", "--server", address, "--name", "Ada Lovelace", "--join",
                        code, "--scene", scene, "--screenshot", png.string(), "--timeout", "60", "--reduced-motion"},
                       (dir_ / "client.log").string());
    ASSERT_EQ(client.wait(90s), 0) << scene << ": " << test::read_file(dir_ / "client.log");
    sf::Image image;
    ASSERT_TRUE(image.loadFromFile(png.string()));
    expect_frame(image, std::string("live ") + scene);
  }
  server.stop();
}

}  // namespace
}  // namespace rapport::client
