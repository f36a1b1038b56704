#include "ui/ui_timeline_chart.hpp"

#include <SFML/Graphics/RenderTexture.hpp>

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {
constexpr float kMaxValue = 100.0F;
// Design pixels kept for the axis labels left and below the plot.
constexpr float kLeftAxis = 58.0F;
constexpr float kBottomAxis = 56.0F;
constexpr float kTopRoom = 10.0F;
constexpr float kBandInset = 0.03F;
constexpr std::array<int, 3> kTickValues = {0, 50, 100};
}  // namespace

void TimelineChart::set_samples(std::vector<TimelineSample> samples) {
  std::stable_sort(samples.begin(), samples.end(), [](const TimelineSample& a, const TimelineSample& b) {
    return a.rotation != b.rotation ? a.rotation < b.rotation : a.second < b.second;
  });
  samples_ = std::move(samples);
  rotation_ids_.clear();
  rotation_length_.clear();
  for (const auto& s : samples_) {
    if (rotation_ids_.empty() || rotation_ids_.back() != s.rotation) {
      rotation_ids_.push_back(s.rotation);
      rotation_length_.push_back(0);
    }
    rotation_length_.back() = std::max(rotation_length_.back(), s.second);
  }
  rotation_labels_.resize(rotation_ids_.size());
}

sf::FloatRect TimelineChart::plot() const {
  const float left = kLeftAxis * scale_;
  const float bottom = kBottomAxis * scale_;
  return {bounds_.left + left, bounds_.top + kTopRoom * scale_, bounds_.width - left - 8.0F * scale_,
          bounds_.height - bottom - kTopRoom * scale_};
}

sf::Vector2f TimelineChart::point_of(std::size_t index) const {
  const sf::FloatRect p = plot();
  if (index >= samples_.size() || rotation_ids_.empty()) return {p.left, p.top + p.height};
  const TimelineSample& s = samples_[index];
  const auto band = static_cast<std::size_t>(
      std::find(rotation_ids_.begin(), rotation_ids_.end(), s.rotation) - rotation_ids_.begin());
  const float band_w = p.width / static_cast<float>(rotation_ids_.size());
  const float length = std::max<float>(1.0F, rotation_length_[band]);
  // A little room at each band's edges, so one rotation's end and the next one's start stay apart.
  const float inset = band_w * kBandInset;
  const float x = p.left + band_w * static_cast<float>(band) + inset +
                  (band_w - 2 * inset) * static_cast<float>(s.second) / length;
  const float y = p.top + p.height * (1.0F - std::clamp(static_cast<float>(s.overall), 0.0F, kMaxValue) / kMaxValue);
  return {x, y};
}

void TimelineChart::layout(const Theme& theme) {
  scale_ = theme.scale();
  const auto setup = [&](sf::Text& t, const std::string& text) {
    t.setFont(theme.font());
    t.setCharacterSize(theme.char_size(theme.type.small));
    t.setFillColor(theme.colours.text_muted);
    t.setString(to_sf(text));
  };
  for (std::size_t i = 0; i < ticks_.size(); ++i) setup(ticks_[i], std::to_string(kTickValues[i]));
  setup(y_title_, "Rapport");
  setup(x_title_, "Time through the session, one band per rotation");
}

void TimelineChart::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_) return;
  const Palette& c = theme.colours;
  ShapeBatch& shapes = canvas.shapes();
  const sf::FloatRect p = plot();
  const std::size_t bands = std::max<std::size_t>(1, rotation_ids_.size());
  const float band_w = p.width / static_cast<float>(bands);
  for (std::size_t b = 0; b < bands; ++b) {
    if (b % 2 == 1) shapes.rect({p.left + band_w * static_cast<float>(b), p.top, band_w, p.height}, mix(c.panel, c.background_accent, 0.6F));
    if (b > 0) shapes.rect({p.left + band_w * static_cast<float>(b), p.top, theme.px(1.0F), p.height}, c.panel_border);
  }
  // Grid lines and their values.
  for (std::size_t i = 0; i < ticks_.size(); ++i) {
    const float y = p.top + p.height * (1.0F - static_cast<float>(kTickValues[i]) / kMaxValue);
    shapes.rect({p.left, y - theme.px(0.5F), p.width, theme.px(1.0F)}, c.panel_border);
    const float w = ticks_[i].getLocalBounds().width;
    place_line(ticks_[i], {p.left - w - theme.px(8.0F), y - theme.px(10.0F), w, theme.px(20.0F)},
               p.left - w - theme.px(8.0F), false);
    canvas.text(ticks_[i]);
  }
  shapes.rect({p.left - theme.px(1.0F), p.top, theme.px(2.0F), p.height}, c.text_muted);
  shapes.rect({p.left, p.top + p.height - theme.px(1.0F), p.width, theme.px(2.0F)}, c.text_muted);
  // Rotation labels under their bands, and the axis titles.
  for (std::size_t b = 0; b < rotation_labels_.size(); ++b) {
    sf::Text& label = rotation_labels_[b];
    label.setFont(theme.font());
    label.setCharacterSize(theme.char_size(theme.type.small));
    label.setFillColor(c.text);
    label.setString(band_w > theme.px(110.0F) ? "Rotation " + std::to_string(rotation_ids_[b])
                                              : "R" + std::to_string(rotation_ids_[b]));
    place_line(label, {p.left + band_w * static_cast<float>(b), p.top + p.height + theme.px(4.0F), band_w, theme.px(24.0F)},
               0, true);
    canvas.text(label);
  }
  place_line(x_title_, {p.left, p.top + p.height + theme.px(28.0F), p.width, theme.px(24.0F)}, 0, true);
  canvas.text(x_title_);
  y_title_.setRotation(-90.0F);
  const sf::FloatRect yt = y_title_.getLocalBounds();
  y_title_.setPosition(std::round(bounds_.left), std::round(p.top + p.height / 2 + yt.width / 2));
  canvas.text(y_title_);
  // The line, then a dot where each rotation ends.
  const sf::Color line = okabe_ito::kVermillion;
  for (std::size_t i = 1; i < samples_.size(); ++i) {
    if (samples_[i].rotation != samples_[i - 1].rotation) continue;  // no line across a rotation change
    shapes.capsule(point_of(i - 1), point_of(i), theme.px(2.0F), line);
  }
  for (std::size_t i = 0; i < samples_.size(); ++i) {
    const bool last_of_rotation = i + 1 == samples_.size() || samples_[i + 1].rotation != samples_[i].rotation;
    if (last_of_rotation || samples_.size() == 1) {
      shapes.circle(point_of(i), theme.px(6.0F), line);
      shapes.circle(point_of(i), theme.px(3.0F), sf::Color::White);
    }
  }
}

bool TimelineChart::save_png(const Theme& theme, const std::string& path, std::string& error) {
  const sf::FloatRect on_screen = bounds_;
  const auto w = static_cast<unsigned>(std::max(1.0F, std::round(on_screen.width)));
  const auto h = static_cast<unsigned>(std::max(1.0F, std::round(on_screen.height)));
  sf::RenderTexture target;
  if (!target.create(w, h)) {
    error = "Could not make an image of " + std::to_string(w) + "x" + std::to_string(h) + " pixels.";
    return false;
  }
  // Draw the chart at the image's origin, then put it back where it was.
  set_bounds({0, 0, on_screen.width, on_screen.height});
  Canvas canvas;
  draw(canvas, theme, 0);
  target.clear(theme.colours.panel);
  canvas.draw(target);
  target.display();
  set_bounds(on_screen);
  if (!target.getTexture().copyToImage().saveToFile(path)) {
    error = "Could not write " + path + ". Is the folder writable?";
    return false;
  }
  return true;
}

}  // namespace rapport::client
