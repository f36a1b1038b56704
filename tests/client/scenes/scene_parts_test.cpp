// Parts the session scenes are built from: the timeline chart (and its PNG),
// toasts from notices, the dashboard's tile grid, the summary's plain words,
// and where the app goes when there is no session.
#include "scenes/scene_dashboard.hpp"
#include "scenes/scene_debrief.hpp"
#include "ui/ui_toasts.hpp"

#include "test_support.hpp"

#include <SFML/Graphics/Image.hpp>

#include <cmath>

namespace rapport::client {
namespace {

std::vector<TimelineSample> two_rotations() {
  std::vector<TimelineSample> samples;
  for (std::uint16_t r = 1; r <= 2; ++r) {
    for (std::uint16_t s = 0; s <= 90; s += 10) {
      samples.push_back({r, s, static_cast<std::uint8_t>(r == 1 ? 30 + s / 3 : 70 - s / 5)});
    }
  }
  return samples;
}

TEST(TimelineChart, OneBandPerRotationLeftToRight) {
  TimelineChart chart;
  auto samples = two_rotations();
  std::swap(samples.front(), samples.back());  // order on the wire is not trusted
  chart.set_samples(samples);
  chart.set_bounds({0, 0, 600, 300});
  EXPECT_EQ(chart.rotations(), 2U);
  for (std::size_t i = 1; i < chart.samples().size(); ++i) {
    EXPECT_GT(chart.point_of(i).x, chart.point_of(i - 1).x) << "time runs left to right, rotation after rotation";
  }
  // Higher rapport is higher on screen.
  const auto& s = chart.samples();
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i].overall > s[i - 1].overall) {
      EXPECT_LT(chart.point_of(i).y, chart.point_of(i - 1).y);
    }
  }
}

TEST(TimelineChart, SavesAPngOfItself) {
  if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
  Theme theme;
  theme.load_fonts("");
  TimelineChart chart;
  chart.set_samples(two_rotations());
  chart.place({100, 50, 600, 260}, theme);
  const auto path = test::temp_dir("chart") / "chart.png";
  std::string error;
  ASSERT_TRUE(chart.save_png(theme, path.string(), error)) << error;
  sf::Image image;
  ASSERT_TRUE(image.loadFromFile(path.string()));
  EXPECT_EQ(image.getSize(), sf::Vector2u(600, 260));
  std::size_t line = 0;
  for (unsigned y = 0; y < 260; ++y) {
    for (unsigned x = 0; x < 600; ++x) {
      if (image.getPixel(x, y) == okabe_ito::kVermillion) ++line;
    }
  }
  EXPECT_GT(line, 300U) << "the line is in the picture";
  EXPECT_EQ(chart.bounds().left, 100.0F) << "the chart is back where the scene put it";
  EXPECT_FALSE(chart.save_png(theme, "/nonexistent-folder/chart.png", error));
  EXPECT_NE(error.find("Could not write"), std::string::npos) << error;
  std::filesystem::remove_all(path.parent_path());
}

TEST(Toasts, ShowNewNoticesAndLeaveByThemselves) {
  if (!test::have_display()) GTEST_SKIP() << "needs fonts, loaded like the app does";
  Theme theme;
  theme.load_fonts("");
  SessionView view;
  ToastArea toasts;
  (void)view.apply(Notice{NoticeKind::Broadcast, 1, "Two minutes left, everyone"}, 0);
  (void)view.apply(Notice{NoticeKind::PartnerLeft, 9, "Your partner has left the session."}, 0);
  toasts.update(view, theme, 0);
  ASSERT_EQ(toasts.shown(), 2U);
  EXPECT_EQ(toasts.texts().front(), "Two minutes left, everyone");
  toasts.update(view, theme, 100);
  EXPECT_EQ(toasts.shown(), 2U) << "a notice is shown once";
  for (int i = 0; i < 5; ++i) view.add_error("That did not work.", 200);
  toasts.update(view, theme, 200);
  EXPECT_EQ(toasts.shown(), ToastArea::kMaxShown);
  toasts.update(view, theme, 60'000);
  EXPECT_EQ(toasts.shown(), 0U);
  EXPECT_EQ(notice_title(NoticeKind::Broadcast), "From the host");
}

TEST(TileGrid, ADozenGroupsFitOnePageAndBigHallsPage) {
  Theme theme;
  const sf::FloatRect area{48, 222, 848, 438};
  const TileGrid six = tile_grid(area, 6, theme.scale());
  EXPECT_GE(six.per_page(), 6U);
  EXPECT_GE(six.tile.x, 250.0F) << "few groups get roomy tiles";
  const TileGrid many = tile_grid(area, 60, theme.scale());
  EXPECT_LT(many.per_page(), 60U) << "the rest are on further pages";
  EXPECT_GE(many.per_page(), 12U);
  EXPECT_GE(many.tile.x, 200.0F) << "never too small to read";
  EXPECT_LE(static_cast<float>(many.columns) * many.tile.x, area.width + 0.5F);
  EXPECT_EQ(group_status_name(GroupStatusKind::Reconnecting), "reconnecting");
}

TEST(SummaryWords, CorrelationInPlainWords) {
  const float none = std::nanf("");
  EXPECT_NE(correlation_in_words(0.7F, 20, none, none).find("agreed well"), std::string::npos);
  EXPECT_NE(correlation_in_words(0.3F, 20, none, none).find("somewhat"), std::string::npos);
  EXPECT_NE(correlation_in_words(0.0F, 20, none, none).find("hardly related"), std::string::npos);
  EXPECT_NE(correlation_in_words(-0.6F, 20, none, none).find("opposite"), std::string::npos);
  EXPECT_NE(correlation_in_words(none, 0, none, none).find("Not enough"), std::string::npos);
  const std::string full = correlation_in_words(0.42F, 24, 0.1F, 0.7F);
  EXPECT_NE(full.find("24 answers"), std::string::npos) << full;
  EXPECT_NE(full.find("95% interval"), std::string::npos) << full;
  EXPECT_EQ(chart_file_name("K7MQXR"), "rapport-chart-K7MQXR.png");
}

TEST(SceneRouting, NoSessionMeansTheConnectScreen) {
  ClientSession session;
  EXPECT_EQ(scene_for(session), SceneName::Connect);
  EXPECT_EQ(scene_from_flag("pairroom"), SceneName::PairRoom);
  EXPECT_EQ(scene_from_flag("summary"), SceneName::Summary);
  EXPECT_FALSE(scene_from_flag("dance-floor").has_value());
}

}  // namespace
}  // namespace rapport::client
