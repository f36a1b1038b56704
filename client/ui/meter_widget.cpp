#include "ui/meter_widget.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

constexpr float kMaxValue = 100.0F;
// Shown values within this of the target count as arrived.
constexpr float kSettledWithin = 0.25F;
// A frame longer than this (a stall, a dragged window) is not animated through.
constexpr std::int64_t kMaxStepMs = 250;
// Reason tags ease in and out over this long, rising a little unless motion is reduced.
constexpr std::int64_t kTagFadeMs = 300;
constexpr float kTagRise = 14.0F;
// Design pixels of the meter's parts.
constexpr float kOverallIcon = 30.0F;
constexpr float kPartIcon = 22.0F;
constexpr float kOverallBar = 16.0F;
constexpr float kPartBar = 12.0F;
constexpr float kNumberColumn = 46.0F;
constexpr float kTagGap = 6.0F;

float clamp_value(float v) { return std::clamp(v, 0.0F, kMaxValue); }

// Cuts a one-line text with "…" until it fits `width`.
void fit_line(sf::Text& text, const std::string& utf8, float width) {
  sf::String full = to_sf(utf8);
  text.setString(full);
  while (text.getLocalBounds().width > width && full.getSize() > 1) {
    full.erase(full.getSize() - 1);
    text.setString(full + sf::String(static_cast<sf::Uint32>(0x2026)));
  }
}

void bar(ShapeBatch& shapes, sf::FloatRect track, float value, sf::Color colour, sf::Color back) {
  const float r = track.height / 2.0F;
  shapes.rounded_rect(track, r, back);
  const float w = track.width * clamp_value(value) / kMaxValue;
  if (w >= 1.0F) shapes.rounded_rect({track.left, track.top, std::max(w, track.height), track.height}, r, colour);
}

}  // namespace

sf::Color meter_colour(MeterComponent component) {
  switch (component) {
    case MeterComponent::Attentiveness: return okabe_ito::kBlue;
    case MeterComponent::Positivity: return okabe_ito::kOrange;
    case MeterComponent::Coordination: return okabe_ito::kBluishGreen;
    case MeterComponent::Balance: return okabe_ito::kReddishPurple;
    case MeterComponent::Overall:
    case MeterComponent::kCount: break;
  }
  return okabe_ito::kVermillion;
}

void draw_meter_icon(ShapeBatch& shapes, MeterComponent component, sf::Vector2f c, float size, sf::Color colour) {
  const float s = size / 2.0F;
  const sf::Color white = sf::Color::White;
  switch (component) {
    case MeterComponent::Attentiveness:  // an eye
      shapes.ellipse(c, {s, s * 0.62F}, colour);
      shapes.ellipse(c, {s * 0.72F, s * 0.4F}, white);
      shapes.circle(c, s * 0.34F, colour);
      break;
    case MeterComponent::Positivity:  // a smiling face
      shapes.circle(c, s * 0.95F, colour);
      shapes.circle({c.x - s * 0.32F, c.y - s * 0.22F}, s * 0.12F, white);
      shapes.circle({c.x + s * 0.32F, c.y - s * 0.22F}, s * 0.12F, white);
      shapes.arc({c.x, c.y - s * 0.05F}, s * 0.5F, s * 0.16F, 0.5F, 2.64F, white);
      break;
    case MeterComponent::Coordination: {  // two arrows in step
      for (const float dx : {-0.45F, 0.35F}) {
        const sf::Vector2f tip{c.x + s * (dx + 0.55F), c.y};
        shapes.triangle({c.x + s * (dx - 0.4F), c.y - s * 0.8F}, tip, {c.x + s * (dx - 0.4F), c.y + s * 0.8F}, colour);
      }
      break;
    }
    case MeterComponent::Balance:  // a level see-saw on its pivot
      shapes.triangle({c.x, c.y - s * 0.05F}, {c.x + s * 0.45F, c.y + s * 0.8F}, {c.x - s * 0.45F, c.y + s * 0.8F},
                      colour);
      shapes.capsule({c.x - s * 0.9F, c.y - s * 0.2F}, {c.x + s * 0.9F, c.y - s * 0.2F}, s * 0.14F, colour);
      shapes.circle({c.x - s * 0.72F, c.y - s * 0.5F}, s * 0.22F, colour);
      shapes.circle({c.x + s * 0.72F, c.y - s * 0.5F}, s * 0.22F, colour);
      break;
    case MeterComponent::Overall:
    case MeterComponent::kCount: {  // a heart
      shapes.circle({c.x - s * 0.45F, c.y - s * 0.3F}, s * 0.5F, colour);
      shapes.circle({c.x + s * 0.45F, c.y - s * 0.3F}, s * 0.5F, colour);
      shapes.triangle({c.x - s * 0.93F, c.y - s * 0.15F}, {c.x + s * 0.93F, c.y - s * 0.15F}, {c.x, c.y + s * 0.9F},
                      colour);
      break;
    }
  }
}

std::string reason_text(const MeterReason& reason) {
  const std::string sign = reason.delta >= 0 ? "+" : "\u2212";  // a real minus sign reads better than "-"
  return reason.text + " " + sign + std::to_string(std::abs(static_cast<int>(reason.delta)));
}

// ---- MeterEaser ---------------------------------------------------------------

void MeterEaser::set_target(const MeterValues& values) {
  for (const MeterComponent c : {MeterComponent::Attentiveness, MeterComponent::Positivity,
                                 MeterComponent::Coordination, MeterComponent::Balance, MeterComponent::Overall}) {
    target_[index(c)] = static_cast<float>(meter_value(values, c));
  }
  if (!has_target_) shown_ = target_;
  has_target_ = true;
}

void MeterEaser::update(std::int64_t now_ms, bool reduced_motion) {
  const std::int64_t step = last_ms_ < 0 ? 0 : std::clamp<std::int64_t>(now_ms - last_ms_, 0, kMaxStepMs);
  last_ms_ = now_ms;
  if (reduced_motion) {
    shown_ = target_;
    return;
  }
  const float keep = std::exp(-static_cast<float>(step) / kTimeConstantMs);
  for (std::size_t i = 0; i < kMeterParts; ++i) {
    shown_[i] = target_[i] + (shown_[i] - target_[i]) * keep;
    if (std::abs(shown_[i] - target_[i]) < kSettledWithin) shown_[i] = target_[i];
  }
}

bool MeterEaser::settled() const { return shown_ == target_; }

// ---- MeterWidget --------------------------------------------------------------

void MeterWidget::add_reason(const ReasonEntry& reason, const Theme& theme, std::int64_t now_ms) {
  Tag tag;
  tag.entry = reason;
  tag.shown_ms = now_ms;
  tag.text.setFont(theme.font());
  tag.text.setCharacterSize(theme.char_size(theme.type.small));
  // The pill holds an icon and padding besides the words.
  fit_line(tag.text, reason_text(reason.reason), bounds_.width - theme.px(60.0F));
  tags_.push_back(std::move(tag));
  while (tags_.size() > kMaxReasonsShown) tags_.pop_front();
}

void MeterWidget::update(std::int64_t now_ms, bool reduced_motion) {
  easer_.update(now_ms, reduced_motion);
  while (!tags_.empty() && now_ms - tags_.front().shown_ms > kReasonMs) tags_.pop_front();
}

std::vector<std::string> MeterWidget::drawn_texts() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kMeterParts; ++i) {
    out.push_back(labels_[i].getString().toAnsiString());
    out.push_back(numbers_[i].getString().toAnsiString());
  }
  return out;
}

std::vector<std::string> MeterWidget::reason_texts() const {
  std::vector<std::string> out;
  for (const auto& tag : tags_) out.push_back(tag.text.getString().toAnsiString());
  return out;
}

void MeterWidget::layout(const Theme& theme) {
  for (std::size_t i = 0; i < kMeterParts; ++i) {
    const auto c = static_cast<MeterComponent>(i);
    const bool overall = c == MeterComponent::Overall;
    labels_[i].setFont(overall ? theme.bold() : theme.font());
    labels_[i].setCharacterSize(theme.char_size(overall ? theme.type.body : theme.type.small));
    labels_[i].setFillColor(theme.colours.text);
    labels_[i].setString(to_sf(std::string(meter_component_name(c))));
    numbers_[i].setFont(theme.bold());
    numbers_[i].setCharacterSize(theme.char_size(overall ? theme.type.heading : theme.type.small));
    numbers_[i].setFillColor(theme.colours.text);
    number_shown_[i] = -1;
  }
  // Bars start after the widest word, so no label runs into its bar.
  label_column_ = 0;
  for (const MeterComponent c : kMeterComponents) {
    const auto& label = labels_[static_cast<std::size_t>(c)];
    label_column_ = std::max(label_column_, label.getLocalBounds().left + label.getLocalBounds().width);
  }
  label_column_ += theme.px(kPartIcon + 10.0F + 12.0F);
  for (auto& tag : tags_) tag.text.setCharacterSize(theme.char_size(theme.type.small));
  tag_height_ = theme.px(theme.type.small + 14.0F);
}

void MeterWidget::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  if (!visible_) return;
  ShapeBatch& shapes = canvas.shapes();
  const Palette& p = theme.colours;
  const sf::Color track = mix(p.background_accent, p.panel_border, 0.4F);
  const float tags_h = static_cast<float>(kMaxReasonsShown) * (tag_height_ + theme.px(kTagGap));
  const float meter_h = bounds_.height - tags_h;
  const float overall_h = meter_h * 0.36F;
  const float row_h = (meter_h - overall_h) / static_cast<float>(kMeterComponents.size());
  const float right = bounds_.left + bounds_.width;

  const auto set_number = [&](std::size_t i) {
    const int value = static_cast<int>(std::lround(easer_.shown(static_cast<MeterComponent>(i))));
    if (value != number_shown_[i]) {
      number_shown_[i] = value;
      numbers_[i].setString(std::to_string(value));
    }
  };

  // The overall value: heart, word, big number, thick bar.
  {
    const std::size_t i = static_cast<std::size_t>(MeterComponent::Overall);
    set_number(i);
    const float icon = theme.px(kOverallIcon);
    const sf::FloatRect line{bounds_.left, bounds_.top, bounds_.width, overall_h * 0.55F};
    draw_meter_icon(shapes, MeterComponent::Overall, {line.left + icon / 2, line.top + line.height / 2}, icon,
                    meter_colour(MeterComponent::Overall));
    place_line(labels_[i], line, line.left + icon + theme.px(10.0F), false);
    const float number_w = numbers_[i].getLocalBounds().width + numbers_[i].getLocalBounds().left;
    place_line(numbers_[i], line, right - number_w, false);
    tracks_[i] = {bounds_.left, bounds_.top + overall_h * 0.62F, bounds_.width, theme.px(kOverallBar)};
    bar(shapes, tracks_[i], easer_.shown(MeterComponent::Overall), meter_colour(MeterComponent::Overall), track);
    canvas.text(labels_[i]);
    canvas.text(numbers_[i]);
  }
  // The four parts: icon, word, bar, number.
  for (std::size_t row = 0; row < kMeterComponents.size(); ++row) {
    const MeterComponent c = kMeterComponents[row];
    const auto i = static_cast<std::size_t>(c);
    set_number(i);
    const sf::FloatRect line{bounds_.left, bounds_.top + overall_h + static_cast<float>(row) * row_h, bounds_.width,
                             row_h};
    const float icon = theme.px(kPartIcon);
    draw_meter_icon(shapes, c, {line.left + icon / 2, line.top + line.height / 2}, icon, meter_colour(c));
    place_line(labels_[i], line, line.left + icon + theme.px(10.0F), false);
    const float bar_left = line.left + label_column_;
    const float number_w = theme.px(kNumberColumn);
    tracks_[i] = {bar_left, line.top + (line.height - theme.px(kPartBar)) / 2, right - number_w - bar_left,
                  theme.px(kPartBar)};
    bar(shapes, tracks_[i], easer_.shown(c), meter_colour(c), track);
    const float w = numbers_[i].getLocalBounds().width + numbers_[i].getLocalBounds().left;
    place_line(numbers_[i], line, right - w, false);
    canvas.text(labels_[i]);
    canvas.text(numbers_[i]);
  }
  // Reason tags, newest at the bottom, easing in and out.
  float y = bounds_.top + meter_h + theme.px(kTagGap);
  for (Tag& tag : tags_) {
    const auto age = static_cast<float>(now_ms - tag.shown_ms);
    const float in = std::clamp(age / static_cast<float>(kTagFadeMs), 0.0F, 1.0F);
    const float out = std::clamp((static_cast<float>(kReasonMs) - age) / static_cast<float>(kTagFadeMs), 0.0F, 1.0F);
    const float alpha = theme.reduced_motion() ? 1.0F : std::min(in, out);
    const float rise = theme.reduced_motion() ? 0.0F : (1.0F - ease_in_out(in)) * theme.px(kTagRise);
    const MeterComponent c = tag.entry.reason.component;
    const float text_w = tag.text.getLocalBounds().width;
    const float icon = theme.px(18.0F);
    const sf::FloatRect pill{bounds_.left, y + rise, std::min(bounds_.width, text_w + icon + theme.px(36.0F)),
                             tag_height_};
    const auto fade = [alpha](sf::Color colour) {
      colour.a = static_cast<sf::Uint8>(std::lround(static_cast<float>(colour.a) * alpha));
      return colour;
    };
    shapes.rounded_rect(pill, pill.height / 2, fade(mix(p.panel, meter_colour(c), 0.18F)));
    draw_meter_icon(shapes, c, {pill.left + theme.px(12.0F) + icon / 2, pill.top + pill.height / 2}, icon,
                    fade(meter_colour(c)));
    tag.text.setFillColor(fade(p.text));
    place_line(tag.text, pill, pill.left + icon + theme.px(20.0F), false);
    canvas.text(tag.text);
    y += tag_height_ + theme.px(kTagGap);
  }
}

// ---- compact ------------------------------------------------------------------

void draw_compact_meter(ShapeBatch& shapes, GlyphBatch& numbers, const Theme& theme, sf::FloatRect box,
                        const MeterValues& values) {
  const Palette& p = theme.colours;
  const sf::Color track = mix(p.background_accent, p.panel_border, 0.4F);
  const float rows = 1.0F + static_cast<float>(kMeterComponents.size());
  const float row_h = box.height / rows;
  const float number_w = numbers.measure("100") + theme.px(6.0F);
  const float mid = numbers.cap_middle();
  const auto row = [&](MeterComponent c, float top, float bar_h) {
    const float icon = std::min(row_h * 0.9F, theme.px(20.0F));
    draw_meter_icon(shapes, c, {box.left + icon / 2, top + row_h / 2}, icon, meter_colour(c));
    const float bar_left = box.left + icon + theme.px(6.0F);
    const sf::FloatRect t{bar_left, top + (row_h - bar_h) / 2, box.left + box.width - number_w - bar_left, bar_h};
    bar(shapes, t, static_cast<float>(meter_value(values, c)), meter_colour(c), track);
    const std::string n = std::to_string(meter_value(values, c));
    const float w = numbers.measure(n);
    numbers.add(n, {box.left + box.width - w, top + row_h / 2 - mid}, p.text);
  };
  row(MeterComponent::Overall, box.top, std::max(theme.px(6.0F), row_h * 0.55F));
  for (std::size_t i = 0; i < kMeterComponents.size(); ++i) {
    row(kMeterComponents[i], box.top + row_h * static_cast<float>(i + 1), std::max(theme.px(4.0F), row_h * 0.35F));
  }
}

}  // namespace rapport::client
