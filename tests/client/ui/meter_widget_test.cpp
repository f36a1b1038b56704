// The live rapport meter: words, numbers and bars drawn for the values it is
// given; eased values converge; reduced motion snaps; reason tags come and go.
#include "ui/meter_widget.hpp"

#include "test_support.hpp"

#include <SFML/Graphics/RenderTexture.hpp>

#include <algorithm>

namespace rapport::client {
namespace {

const MeterValues kValues{72, 80, 64, 35, 90};

TEST(MeterEaser, FirstValuesShowAtOnceThenEaseAndConverge) {
  MeterEaser easer;
  easer.set_target(kValues);
  easer.update(0, false);
  EXPECT_FLOAT_EQ(easer.shown(MeterComponent::Overall), 72.0F) << "nothing to ease from yet";
  easer.set_target(MeterValues{32, 80, 64, 35, 90});
  easer.update(16, false);
  const float after_one_frame = easer.shown(MeterComponent::Overall);
  EXPECT_LT(after_one_frame, 72.0F);
  EXPECT_GT(after_one_frame, 60.0F) << "one frame moves only a little: the change is visible";
  float previous = after_one_frame;
  for (std::int64_t t = 32; t <= 3000; t += 16) {
    easer.update(t, false);
    const float now = easer.shown(MeterComponent::Overall);
    EXPECT_LE(now, previous) << "eases monotonically, no overshoot";
    EXPECT_GE(now, 32.0F);
    previous = now;
  }
  EXPECT_TRUE(easer.settled());
  EXPECT_FLOAT_EQ(easer.shown(MeterComponent::Overall), 32.0F);
  EXPECT_FLOAT_EQ(easer.shown(MeterComponent::Balance), 90.0F) << "parts that did not change stay put";
}

TEST(MeterEaser, ReducedMotionSnaps) {
  MeterEaser easer;
  easer.set_target(kValues);
  easer.update(0, true);
  easer.set_target(MeterValues{10, 20, 30, 40, 50});
  easer.update(16, true);
  EXPECT_TRUE(easer.settled());
  EXPECT_FLOAT_EQ(easer.shown(MeterComponent::Coordination), 40.0F);
}

TEST(MeterEaser, AStallIsNotAnimatedThrough) {
  MeterEaser easer;
  easer.set_target(MeterValues{0, 0, 0, 0, 0});
  easer.update(0, false);
  easer.set_target(MeterValues{100, 0, 0, 0, 0});
  easer.update(60'000, false);  // a minute-long frame (a dragged window)
  EXPECT_LT(easer.shown(MeterComponent::Overall), 100.0F) << "the jump is still shown as motion";
}

TEST(MeterReasons, ReadAsWordsWithASignedNumber) {
  EXPECT_EQ(reason_text({MeterComponent::Attentiveness, 4, "asked an open question"}), "asked an open question +4");
  EXPECT_EQ(reason_text({MeterComponent::Balance, -3, "did most of the talking"}), "did most of the talking \u22123");
  EXPECT_NE(meter_colour(MeterComponent::Attentiveness), meter_colour(MeterComponent::Positivity));
}

class MeterWidgetDrawn : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
    theme_.load_fonts("");
    ASSERT_TRUE(target_.create(480, 360));
  }
  sf::Image render(MeterWidget& meter, std::int64_t now_ms) {
    Canvas canvas;
    meter.draw(canvas, theme_, now_ms);
    target_.clear(theme_.colours.panel);
    canvas.draw(target_);
    target_.display();
    return target_.getTexture().copyToImage();
  }
  Theme theme_;
  sf::RenderTexture target_;
};

TEST_F(MeterWidgetDrawn, DrawsEveryLabelNumberAndBarFill) {
  MeterWidget meter;
  meter.place({20, 20, 420, 320}, theme_);
  meter.set_target(kValues);
  meter.update(0, false);
  const sf::Image image = render(meter, 0);
  const auto texts = meter.drawn_texts();
  for (const char* word : {"Rapport", "Attentiveness", "Positivity", "Coordination", "Balance"}) {
    EXPECT_NE(std::find(texts.begin(), texts.end(), word), texts.end()) << word;
  }
  for (const char* number : {"72", "80", "64", "35", "90"}) {
    EXPECT_NE(std::find(texts.begin(), texts.end(), number), texts.end()) << number;
  }
  // Each bar is filled in its colour up to its value and empty beyond.
  for (const MeterComponent c : {MeterComponent::Overall, MeterComponent::Attentiveness, MeterComponent::Positivity,
                                 MeterComponent::Coordination, MeterComponent::Balance}) {
    const sf::FloatRect track = meter.bar_track(c);
    ASSERT_GT(track.width, 100.0F) << meter_component_name(c);
    const float value = static_cast<float>(meter_value(kValues, c)) / 100.0F;
    const auto y = static_cast<unsigned>(track.top + track.height / 2);
    const auto filled_x = static_cast<unsigned>(track.left + track.width * value * 0.5F);
    const auto empty_x = static_cast<unsigned>(track.left + track.width * (value + 1.0F) / 2.0F);
    EXPECT_EQ(image.getPixel(filled_x, y), meter_colour(c)) << meter_component_name(c);
    EXPECT_NE(image.getPixel(empty_x, y), meter_colour(c)) << meter_component_name(c);
  }
}

TEST_F(MeterWidgetDrawn, ReasonTagsFloatInAndLeave) {
  MeterWidget meter;
  meter.place({20, 20, 420, 320}, theme_);
  meter.set_target(kValues);
  ReasonEntry reason{1, {MeterComponent::Attentiveness, 4, "asked an open question"}, 1000};
  meter.add_reason(reason, theme_, 1000);
  meter.update(1200, false);
  ASSERT_EQ(meter.reason_texts().size(), 1U);
  EXPECT_EQ(meter.reason_texts().front(), "asked an open question +4");
  for (std::uint64_t i = 2; i < 6; ++i) meter.add_reason({i, reason.reason, 1300}, theme_, 1300);
  EXPECT_EQ(meter.reason_texts().size(), MeterWidget::kMaxReasonsShown) << "only the newest few";
  meter.update(1300 + MeterWidget::kReasonMs + 1, false);
  EXPECT_TRUE(meter.reason_texts().empty());
}

TEST_F(MeterWidgetDrawn, CompactMeterDrawsFiveNumbersInOneBatch) {
  ShapeBatch shapes;
  GlyphBatch numbers;
  numbers.set_font(theme_.font(), theme_.char_size(theme_.type.small));
  draw_compact_meter(shapes, numbers, theme_, {10, 10, 200, 110}, kValues);
  // "72" "80" "64" "35" "90": ten digits.
  EXPECT_EQ(numbers.glyph_count(), 10U);
  EXPECT_GT(shapes.vertex_count(), 100U);
}

TEST_F(MeterWidgetDrawn, GlyphBatchMeasuresLikeSfText) {
  GlyphBatch batch;
  batch.set_font(theme_.bold(), 18);
  sf::Text text("Ada Bot & Ben Bot", theme_.bold(), 18);
  EXPECT_NEAR(batch.measure("Ada Bot & Ben Bot"), text.findCharacterPos(17).x, 0.5F);
  const float fitted = batch.add_fitted("A very long pair of names indeed", {0, 0}, 120.0F, sf::Color::Black);
  EXPECT_LE(fitted, 120.0F);
  EXPECT_GT(batch.glyph_count(), 3U);
}

}  // namespace
}  // namespace rapport::client
