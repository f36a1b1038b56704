#include "ui/ui_button.hpp"

namespace rapport::client {

Button::Button(std::string caption, ButtonStyle style) : caption_(std::move(caption)), style_(style) {}

void Button::set_caption(const std::string& caption) {
  caption_ = caption;
  text_.setString(to_sf(caption));
}

void Button::activate() {
  if (enabled_ && action_) action_();
}

bool Button::handle_event(const sf::Event& event) {
  Widget::handle_event(event);
  switch (event.type) {
    case sf::Event::KeyPressed:
      if (event.key.code == sf::Keyboard::Enter || event.key.code == sf::Keyboard::Space) {
        activate();
        return true;
      }
      return false;
    case sf::Event::MouseButtonPressed:
      pressed_ = event.mouseButton.button == sf::Mouse::Left;
      return pressed_;
    case sf::Event::MouseButtonReleased:
      if (pressed_ && contains({static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)})) {
        pressed_ = false;
        activate();
        return true;
      }
      pressed_ = false;
      return false;
    default:
      return false;
  }
}

void Button::layout(const Theme& theme) {
  text_.setFont(theme.bold());
  text_.setCharacterSize(theme.char_size(small_ ? theme.type.small : theme.type.body));
  text_.setString(to_sf(caption_));
}

void Button::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_) return;
  const Palette& c = theme.colours;
  const bool primary = style_ == ButtonStyle::Primary;
  sf::Color fill = primary ? (hovered_ ? c.primary_hover : c.primary) : (hovered_ ? c.secondary_hover : c.secondary);
  sf::Color ink = primary ? c.on_primary : c.text;
  if (!enabled_) {
    fill = mix(fill, c.panel, 0.55F);
    ink = mix(ink, fill, 0.35F);
  }
  const float radius = bounds_.height / 2.0F;  // pill shape: friendly and clearly clickable
  canvas.shapes().rounded_rect(bounds_, radius, fill);
  if (focused_) draw_focus_ring(canvas, theme, radius);
  text_.setFillColor(ink);
  place_line(text_, bounds_, bounds_.left, true);
  canvas.text(text_);
}

}  // namespace rapport::client
