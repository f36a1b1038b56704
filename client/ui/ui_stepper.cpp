#include "ui/ui_stepper.hpp"

namespace rapport::client {
namespace {
// Share of the width given to the caption; the rest holds ◀ value ▶.
constexpr float kCaptionShare = 0.36F;
}  // namespace

Stepper::Stepper(std::string caption) : caption_text_(std::move(caption)) {}

void Stepper::set_value_text(const std::string& text) {
  value_ = text;
  value_text_.setString(to_sf(text));
}

void Stepper::step(int direction) {
  if (enabled_ && action_) action_(direction);
}

sf::FloatRect Stepper::arrow_box(int direction) const {
  const float side = bounds_.height;
  const float left = direction < 0 ? bounds_.left + caption_width_ : bounds_.left + bounds_.width - side;
  return {left, bounds_.top, side, side};
}

bool Stepper::handle_event(const sf::Event& event) {
  Widget::handle_event(event);
  if (event.type == sf::Event::KeyPressed) {
    if (event.key.code == sf::Keyboard::Left) {
      step(-1);
      return true;
    }
    if (event.key.code == sf::Keyboard::Right || event.key.code == sf::Keyboard::Enter ||
        event.key.code == sf::Keyboard::Space) {
      step(+1);
      return true;
    }
    return false;
  }
  if (event.type == sf::Event::MouseButtonPressed) {
    const sf::Vector2f p{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
    if (arrow_box(-1).contains(p)) step(-1);
    if (arrow_box(+1).contains(p)) step(+1);
    return true;
  }
  return false;
}

void Stepper::layout(const Theme& theme) {
  caption_width_ = bounds_.width * kCaptionShare;
  caption_.setFont(theme.bold());
  caption_.setCharacterSize(theme.char_size(theme.type.small));
  caption_.setString(to_sf(caption_text_));
  value_text_.setFont(theme.font());
  value_text_.setCharacterSize(theme.char_size(theme.type.body));
  value_text_.setString(to_sf(value_));
}

void Stepper::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_) return;
  const Palette& c = theme.colours;
  ShapeBatch& shapes = canvas.shapes();
  const sf::FloatRect track{bounds_.left + caption_width_, bounds_.top, bounds_.width - caption_width_,
                            bounds_.height};
  shapes.rounded_rect(track, bounds_.height / 2.0F, focused_ ? c.selection : c.secondary);
  for (const int direction : {-1, +1}) {
    const sf::FloatRect box = arrow_box(direction);
    const sf::Vector2f centre{box.left + box.width / 2.0F, box.top + box.height / 2.0F};
    shapes.circle(centre, box.height * 0.38F, hovered_ ? c.primary_hover : c.primary);
    const float s = box.height * 0.14F;
    const float d = static_cast<float>(direction);
    shapes.triangle({centre.x + d * s * 1.1F, centre.y}, {centre.x - d * s * 0.7F, centre.y - s},
                    {centre.x - d * s * 0.7F, centre.y + s}, c.on_primary);
  }
  if (focused_) draw_focus_ring(canvas, theme, bounds_.height / 2.0F);
  caption_.setFillColor(c.text);
  place_line(caption_, bounds_, bounds_.left, false);
  canvas.text(caption_);
  value_text_.setFillColor(c.text);
  const sf::FloatRect middle{track.left + track.height, track.top, track.width - 2 * track.height, track.height};
  place_line(value_text_, middle, middle.left, true);
  canvas.text(value_text_);
}

}  // namespace rapport::client
