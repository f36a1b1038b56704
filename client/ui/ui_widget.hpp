#pragma once
// The base of the UI kit and keyboard focus. A widget has a rectangle in
// window pixels, draws itself into a Canvas and may take keyboard focus.
// Scenes own their widgets as members (so the addresses stay put) and list
// the focusable ones, in reading order, in a FocusChain.
#include "render/canvas.hpp"
#include "ui/theme.hpp"

#include <SFML/Window/Event.hpp>

#include <cstdint>
#include <vector>

namespace rapport::client {

class Widget {
 public:
  virtual ~Widget() = default;
  Widget() = default;
  Widget(const Widget&) = delete;
  Widget& operator=(const Widget&) = delete;

  // Sets the rectangle and recomputes text sizes and positions for the theme's scale.
  void place(sf::FloatRect bounds, const Theme& theme) {
    bounds_ = bounds;
    layout(theme);
  }
  // Moves the widget without re-laying out its text (no font needed).
  void set_bounds(sf::FloatRect bounds) { bounds_ = bounds; }
  [[nodiscard]] sf::FloatRect bounds() const { return bounds_; }
  [[nodiscard]] bool contains(sf::Vector2f point) const { return bounds_.contains(point); }

  [[nodiscard]] virtual bool focusable() const { return false; }
  [[nodiscard]] bool enabled() const { return enabled_; }
  void set_enabled(bool enabled) { enabled_ = enabled; }
  [[nodiscard]] bool visible() const { return visible_; }
  void set_visible(bool visible) { visible_ = visible; }
  [[nodiscard]] bool focused() const { return focused_; }
  void set_focused(bool focused) { focused_ = focused; }
  [[nodiscard]] bool hovered() const { return hovered_; }

  // Keyboard events arrive only while focused; mouse events always.
  // Returns true when the widget used the event.
  virtual bool handle_event(const sf::Event& event);
  virtual void layout(const Theme& theme) { (void)theme; }
  virtual void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) = 0;

 protected:
  // The focus ring: thick, orange and outside the widget, so focus never
  // depends on a colour change alone.
  void draw_focus_ring(Canvas& canvas, const Theme& theme, float radius) const;

  sf::FloatRect bounds_;
  bool enabled_ = true;
  bool visible_ = true;
  bool focused_ = false;
  bool hovered_ = false;
};

// The focusable widgets of a scene in the order Tab visits them.
// Tab / Shift+Tab and Up / Down (when the focused widget does not use them)
// move focus; a click focuses what is under the mouse. Hidden or disabled
// widgets are skipped.
class FocusChain {
 public:
  void clear();
  void add(Widget& widget);
  [[nodiscard]] const std::vector<Widget*>& widgets() const { return widgets_; }
  [[nodiscard]] Widget* focused() const;
  // False when the widget is not in the chain or cannot take focus now.
  bool focus(Widget& widget);
  void focus_next();
  void focus_previous();
  // Routes one event: focus keys, then the focused widget, then mouse to all.
  bool handle_event(const sf::Event& event);

 private:
  [[nodiscard]] bool can_focus(const Widget* widget) const;
  void move(int step);
  std::vector<Widget*> widgets_;
  std::size_t current_ = 0;
  bool has_focus_ = false;
};

}  // namespace rapport::client
