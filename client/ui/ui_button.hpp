#pragma once
// A button: click it, or focus it and press Enter or Space.
#include "ui/ui_label.hpp"

#include <functional>

namespace rapport::client {

enum class ButtonStyle : std::uint8_t { Primary, Secondary };

class Button : public Widget {
 public:
  Button() = default;
  explicit Button(std::string caption, ButtonStyle style = ButtonStyle::Primary);

  void set_caption(const std::string& caption);
  [[nodiscard]] const std::string& caption() const { return caption_; }
  void set_style(ButtonStyle style) { style_ = style; }
  // Small text (still 18 px at 720p) for dense palettes.
  void set_small(bool small) { small_ = small; }
  void on_activate(std::function<void()> action) { action_ = std::move(action); }
  // Runs the action as a click would (used by keyboard and tests).
  void activate();

  [[nodiscard]] bool focusable() const override { return true; }
  bool handle_event(const sf::Event& event) override;
  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  std::string caption_;
  ButtonStyle style_ = ButtonStyle::Primary;
  std::function<void()> action_;
  sf::Text text_;
  bool pressed_ = false;
  bool small_ = false;
};

}  // namespace rapport::client
