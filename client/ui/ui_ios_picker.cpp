#include "ui/ui_ios_picker.hpp"

#include "rapport/protocol/messages.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {
// Centre distance in radii at the two ends of the scale (see the header).
constexpr float kApart = 2.3F;
constexpr float kTogether = 0.25F;
constexpr float kPictureGap = 10.0F;
constexpr float kCaptionHeight = 28.0F;
// The two circles: "you" in blue, the partner in orange, see-through so the
// overlap shows as a third, darker shade.
constexpr sf::Uint8 kFillAlpha = 110;
}  // namespace

float ios_centre_distance(std::uint8_t ios) {
  const float t = static_cast<float>(std::clamp(ios, kIosMin, kIosMax) - kIosMin) / static_cast<float>(kIosMax - kIosMin);
  return kApart + (kTogether - kApart) * t;
}

IosPicker::IosPicker() = default;

void IosPicker::set_value(std::uint8_t value) {
  if (value < kIosMin || value > kIosMax) return;
  value_ = value;
  cursor_ = value;
  if (action_) action_(value_);
}

sf::FloatRect IosPicker::picture(std::uint8_t ios) const {
  const float gap = kPictureGap * scale_;
  const float w = (bounds_.width - gap * static_cast<float>(kPictures - 1)) / static_cast<float>(kPictures);
  const float caption = std::min(bounds_.height * 0.25F, kCaptionHeight * scale_);
  const auto i = static_cast<float>(std::clamp(ios, kIosMin, kIosMax) - kIosMin);
  return {bounds_.left + i * (w + gap), bounds_.top, w, bounds_.height - caption};
}

bool IosPicker::handle_event(const sf::Event& event) {
  Widget::handle_event(event);
  if (event.type == sf::Event::KeyPressed) {
    const auto key = event.key.code;
    if (key == sf::Keyboard::Left && cursor_ > kIosMin) {
      --cursor_;
      return true;
    }
    if (key == sf::Keyboard::Right && cursor_ < kIosMax) {
      ++cursor_;
      return true;
    }
    if (key == sf::Keyboard::Home) {
      cursor_ = kIosMin;
      return true;
    }
    if (key == sf::Keyboard::End) {
      cursor_ = kIosMax;
      return true;
    }
    if (key == sf::Keyboard::Enter || key == sf::Keyboard::Space) {
      set_value(cursor_);
      return true;
    }
    if (key >= sf::Keyboard::Num1 && key <= sf::Keyboard::Num7) {
      set_value(static_cast<std::uint8_t>(key - sf::Keyboard::Num1 + 1));
      return true;
    }
    return false;
  }
  if (event.type == sf::Event::MouseButtonPressed) {
    const sf::Vector2f point{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
    for (std::uint8_t ios = kIosMin; ios <= kIosMax; ++ios) {
      if (picture(ios).contains(point)) {
        set_value(ios);
        return true;
      }
    }
  }
  return false;
}

void IosPicker::layout(const Theme& theme) {
  scale_ = theme.scale();
  for (std::size_t i = 0; i < kPictures; ++i) {
    numbers_[i].setFont(theme.bold());
    numbers_[i].setCharacterSize(theme.char_size(theme.type.small));
    numbers_[i].setString(std::to_string(i + 1));
  }
  for (sf::Text* t : {&far_, &close_}) {
    t->setFont(theme.font());
    t->setCharacterSize(theme.char_size(theme.type.small));
    t->setFillColor(theme.colours.text_muted);
  }
  far_.setString("apart");
  close_.setString("very close");
}

void IosPicker::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_) return;
  const Palette& p = theme.colours;
  ShapeBatch& shapes = canvas.shapes();
  sf::Color you = okabe_ito::kBlue;
  sf::Color them = okabe_ito::kOrange;
  you.a = kFillAlpha;
  them.a = kFillAlpha;
  for (std::uint8_t ios = kIosMin; ios <= kIosMax; ++ios) {
    const sf::FloatRect r = picture(ios);
    const bool chosen = ios == value_;
    const bool at_cursor = focused_ && ios == cursor_;
    shapes.rounded_rect(r, theme.px(12.0F), chosen ? p.selection : mix(p.panel, p.background_accent, 0.5F));
    if (chosen) shapes.rounded_outline(r, theme.px(12.0F), theme.px(4.0F), p.primary);
    if (at_cursor) {
      const float g = theme.px(4.0F);
      shapes.rounded_outline({r.left - g, r.top - g, r.width + 2 * g, r.height + 2 * g}, theme.px(15.0F),
                             theme.px(3.0F), p.focus);
    }
    const float radius = std::min(r.width / (2.0F + ios_centre_distance(kIosMin)) * 0.92F, r.height * 0.3F);
    const float d = ios_centre_distance(ios) * radius;
    const sf::Vector2f c{r.left + r.width / 2, r.top + r.height * 0.45F};
    shapes.circle({c.x - d / 2, c.y}, radius, you);
    shapes.circle({c.x + d / 2, c.y}, radius, them);
    shapes.arc({c.x - d / 2, c.y}, radius, theme.px(2.0F), 0.0F, 6.2832F, okabe_ito::kBlue);
    shapes.arc({c.x + d / 2, c.y}, radius, theme.px(2.0F), 0.0F, 6.2832F, okabe_ito::kVermillion);
    sf::Text& n = numbers_[static_cast<std::size_t>(ios - 1)];
    n.setFillColor(chosen ? p.primary : p.text);
    place_line(n, {r.left, r.top + r.height * 0.78F, r.width, r.height * 0.2F}, r.left, true);
    canvas.text(n);
    if (chosen) {  // a tick beside the number, so the choice is not colour alone
      const float s = theme.px(7.0F);
      const sf::Vector2f tick{r.left + r.width / 2 + theme.px(16.0F), r.top + r.height * 0.88F};
      shapes.capsule({tick.x - s, tick.y}, {tick.x - s * 0.3F, tick.y + s * 0.7F}, theme.px(1.8F), p.primary);
      shapes.capsule({tick.x - s * 0.3F, tick.y + s * 0.7F}, {tick.x + s, tick.y - s * 0.8F}, theme.px(1.8F),
                     p.primary);
    }
  }
  const sf::FloatRect first = picture(kIosMin);
  const sf::FloatRect last = picture(kIosMax);
  const float caption_top = first.top + first.height;
  const float caption_h = bounds_.top + bounds_.height - caption_top;
  place_line(far_, {first.left, caption_top, first.width, caption_h}, first.left, true);
  place_line(close_, {last.left, caption_top, last.width, caption_h}, last.left, true);
  canvas.text(far_);
  canvas.text(close_);
}

}  // namespace rapport::client
