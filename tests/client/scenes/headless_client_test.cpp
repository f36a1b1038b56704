// The rapport-client binary in headless mode: it reaches a scene, saves a
// PNG with real content and exits 0; failures exit non-zero with words.
#include "render/avatar_renderer.hpp"
#include "scenes/scene_lobby.hpp"

#include "test_support.hpp"

#include <SFML/Graphics/Image.hpp>

#include <set>

namespace rapport::client {
namespace {

using namespace std::chrono_literals;

struct ClientRun {
  int code = -1;
  std::string output;
};

ClientRun run_client(const std::vector<std::string>& args, const std::filesystem::path& dir,
               std::chrono::milliseconds timeout = 30000ms) {
  std::vector<std::string> argv{test::bin_dir() + "/rapport-client"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto log = dir / "client.log";
  test::Child child(argv, log.string());
  ClientRun run;
  run.code = child.wait(timeout);
  run.output = test::read_file(log);
  return run;
}

std::size_t distinct_colours(const sf::Image& image) {
  std::set<sf::Uint32> colours;
  const sf::Vector2u size = image.getSize();
  for (unsigned y = 0; y < size.y; y += 2) {
    for (unsigned x = 0; x < size.x; x += 2) colours.insert(image.getPixel(x, y).toInteger());
  }
  return colours.size();
}

// Share of pixels that differ from the most common colour (the background).
double non_background_share(const sf::Image& image) {
  std::map<sf::Uint32, std::size_t> counts;
  const sf::Vector2u size = image.getSize();
  for (unsigned y = 0; y < size.y; ++y) {
    for (unsigned x = 0; x < size.x; ++x) ++counts[image.getPixel(x, y).toInteger()];
  }
  std::size_t most = 0;
  for (const auto& [colour, n] : counts) most = std::max(most, n);
  const double total = static_cast<double>(size.x) * size.y;
  return (total - static_cast<double>(most)) / total;
}

class HeadlessClient : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
    dir_ = test::temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(HeadlessClient, ConnectSceneRendersAtTheRequestedSize) {
  for (const auto& [size, w, h] : {std::tuple{"1280x720", 1280U, 720U}, std::tuple{"960x600", 960U, 600U}}) {
    const auto png = dir_ / (std::string("connect-") + size + ".png");
    const ClientRun run = run_client({"--screenshot", png.string(), "--scene", "connect", "--size", size, "--name", "Zoë"},
                               dir_);
    ASSERT_EQ(run.code, 0) << run.output;
    sf::Image image;
    ASSERT_TRUE(image.loadFromFile(png.string()));
    EXPECT_EQ(image.getSize(), sf::Vector2u(w, h));
    EXPECT_GT(distinct_colours(image), 60U) << "text and avatar give many shades; a blank frame has one";
    EXPECT_GT(non_background_share(image), 0.3) << "panels cover much of the window";
  }
}

TEST_F(HeadlessClient, LobbyShowsEveryParticipantsAvatar) {
  test::Child server;
  const std::uint16_t port = test::start_server(server, dir_);
  ASSERT_NE(port, 0);
  const std::string address = "127.0.0.1:" + std::to_string(port);
  constexpr int kBots = 4;
  test::Child bots({test::bin_dir() + "/rapport-bots", "--server", address, "--players", std::to_string(kBots),
                    "--host", "--linger", "--code-file", (dir_ / "code").string(), "--timeout", "60"},
                   (dir_ / "bots.log").string());
  const std::string code = test::wait_for_file(dir_ / "code", 15000ms);
  ASSERT_EQ(code.size(), 6U) << test::read_file(dir_ / "bots.log");

  const auto png = dir_ / "lobby.png";
  const std::size_t people = kBots + 1;  // the bots and this client; the host bot is shown apart
  const ClientRun run = run_client({"--server", address, "--name", "Ada Lovelace", "--join", code, "--scene", "lobby",
                              "--screenshot", png.string(), "--wait-roster", std::to_string(people),
                              "--reduced-motion"},
                             dir_);
  ASSERT_EQ(run.code, 0) << run.output;
  sf::Image image;
  ASSERT_TRUE(image.loadFromFile(png.string()));
  ASSERT_EQ(image.getSize(), sf::Vector2u(1280, 720));
  EXPECT_GT(distinct_colours(image), 80U);

  // Find each avatar where the lobby lays it out: the middle of every face
  // must be one of the skin tones, and there must be exactly `people` faces.
  Theme theme;
  const AvatarPalettes palettes;
  const std::set<sf::Uint32> skins = [&] {
    std::set<sf::Uint32> s;
    for (const sf::Color c : palettes.skin) s.insert(c.toInteger());
    return s;
  }();
  const auto face_at = [&](const sf::FloatRect& card) {
    const sf::FloatRect box = lobby_card_avatar_box(card, theme.scale());
    // The head's centre: 7% of the box above its middle (see avatar_renderer.cpp).
    const auto x = static_cast<unsigned>(box.left + box.width / 2.0F);
    const auto y = static_cast<unsigned>(box.top + box.height / 2.0F - 0.07F * box.width);
    return skins.contains(image.getPixel(x, y).toInteger());
  };
  const sf::FloatRect area = lobby_roster_area(theme, false);
  const LobbyGrid grid = lobby_grid(area, people, theme.scale());
  ASSERT_EQ(grid.cards.size(), people);
  for (std::size_t i = 0; i < people; ++i) EXPECT_TRUE(face_at(grid.cards[i])) << "no face on card " << i;
  // With one more person the layout would differ; at least one of its faces is missing.
  const LobbyGrid more = lobby_grid(area, people + 1, theme.scale());
  std::size_t faces = 0;
  for (const auto& card : more.cards) faces += face_at(card) ? 1U : 0U;
  EXPECT_LT(faces, people + 1);
}

TEST_F(HeadlessClient, HostSeesTheJoinCodeAndWritesIt) {
  test::Child server;
  const std::uint16_t port = test::start_server(server, dir_);
  ASSERT_NE(port, 0);
  const auto png = dir_ / "host.png";
  const ClientRun run = run_client({"--server", "127.0.0.1:" + std::to_string(port), "--name", "Sam", "--host",
                              "--code-file", (dir_ / "code").string(), "--scene", "lobby", "--screenshot",
                              png.string()},
                             dir_);
  ASSERT_EQ(run.code, 0) << run.output;
  EXPECT_EQ(test::wait_for_file(dir_ / "code", 100ms).size(), 6U);
  sf::Image image;
  ASSERT_TRUE(image.loadFromFile(png.string()));
  // The join code is drawn huge in the text colour across the top panel.
  const sf::Color ink = Palette{}.text;
  std::size_t ink_pixels = 0;
  for (unsigned y = 150; y < 310; ++y) {
    for (unsigned x = 480; x < 1220; ++x) ink_pixels += image.getPixel(x, y) == ink ? 1U : 0U;
  }
  EXPECT_GT(ink_pixels, 20000U) << "six letters of 132 px cover tens of thousands of pixels";
}

TEST_F(HeadlessClient, WrongCodeFailsWithPlainWords) {
  test::Child server;
  const std::uint16_t port = test::start_server(server, dir_);
  ASSERT_NE(port, 0);
  const ClientRun run = run_client({"--server", "127.0.0.1:" + std::to_string(port), "--name", "Ada", "--join", "ACDEFG",
                              "--scene", "lobby", "--screenshot", (dir_ / "x.png").string()},
                             dir_);
  EXPECT_EQ(run.code, 3) << run.output;
  EXPECT_NE(run.output.find("No session has the code"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x.png"));
}

TEST(HeadlessClientNoDisplay, BadFlagsAndMissingFontsAreExplained) {
  const auto dir = test::temp_dir("flags");
  const ClientRun bad = run_client({"--scene", "nowhere"}, dir);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("not one of connect, lobby"), std::string::npos) << bad.output;
  const ClientRun font = run_client({"--font", "/nonexistent/Font.ttf", "--screenshot", (dir / "x.png").string()}, dir);
  EXPECT_EQ(font.code, 1);
  EXPECT_NE(font.output.find("/nonexistent/Font.ttf was not found"), std::string::npos) << font.output;
  const ClientRun help = run_client({"--help"}, dir);
  EXPECT_EQ(help.code, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rapport::client
