#include "ui/ui_widget.hpp"

#include <algorithm>

namespace rapport::client {

bool Widget::handle_event(const sf::Event& event) {
  if (event.type == sf::Event::MouseMoved) {
    hovered_ = bounds_.contains(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
  }
  return false;
}

void Widget::draw_focus_ring(Canvas& canvas, const Theme& theme, float radius) const {
  const float gap = theme.px(theme.spacing.focus_ring);
  const float width = theme.px(theme.spacing.focus_ring);
  const sf::FloatRect ring{bounds_.left - gap - width, bounds_.top - gap - width, bounds_.width + 2 * (gap + width),
                           bounds_.height + 2 * (gap + width)};
  canvas.shapes().rounded_outline(ring, radius + gap + width, width, theme.colours.focus);
}

void FocusChain::clear() {
  for (Widget* w : widgets_) w->set_focused(false);
  widgets_.clear();
  current_ = 0;
  has_focus_ = false;
}

void FocusChain::add(Widget& widget) {
  widgets_.push_back(&widget);
  if (!has_focus_ && can_focus(&widget)) focus(widget);
}

bool FocusChain::can_focus(const Widget* widget) const {
  return widget->focusable() && widget->enabled() && widget->visible();
}

Widget* FocusChain::focused() const {
  if (!has_focus_ || current_ >= widgets_.size()) return nullptr;
  return widgets_[current_];
}

bool FocusChain::focus(Widget& widget) {
  const auto it = std::find(widgets_.begin(), widgets_.end(), &widget);
  if (it == widgets_.end() || !can_focus(&widget)) return false;
  if (Widget* old = focused()) old->set_focused(false);
  current_ = static_cast<std::size_t>(it - widgets_.begin());
  has_focus_ = true;
  widget.set_focused(true);
  return true;
}

void FocusChain::move(int step) {
  if (widgets_.empty()) return;
  const auto n = static_cast<int>(widgets_.size());
  int index = has_focus_ ? static_cast<int>(current_) : (step > 0 ? -1 : 0);
  // At most one full lap: if nothing can take focus, nothing changes.
  for (int i = 0; i < n; ++i) {
    index = ((index + step) % n + n) % n;
    if (can_focus(widgets_[static_cast<std::size_t>(index)])) {
      focus(*widgets_[static_cast<std::size_t>(index)]);
      return;
    }
  }
}

void FocusChain::focus_next() { move(1); }
void FocusChain::focus_previous() { move(-1); }

bool FocusChain::handle_event(const sf::Event& event) {
  // The focused widget may have been hidden or disabled since; move on.
  if (Widget* f = focused(); f && !can_focus(f)) focus_next();
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Tab) {
    if (event.key.shift) {
      focus_previous();
    } else {
      focus_next();
    }
    return true;
  }
  if (event.type == sf::Event::MouseMoved) {
    for (Widget* w : widgets_) w->handle_event(event);
    return false;
  }
  if (event.type == sf::Event::MouseButtonPressed || event.type == sf::Event::MouseButtonReleased) {
    const sf::Vector2f point{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
    for (Widget* w : widgets_) {
      if (w->visible() && w->enabled() && w->contains(point)) {
        if (event.type == sf::Event::MouseButtonPressed) focus(*w);
        return w->handle_event(event);
      }
    }
    return false;
  }
  if (event.type == sf::Event::KeyPressed || event.type == sf::Event::TextEntered) {
    if (Widget* f = focused(); f && f->handle_event(event)) return true;
    if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Down) {
      focus_next();
      return true;
    }
    if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Up) {
      focus_previous();
      return true;
    }
  }
  return false;
}

}  // namespace rapport::client
