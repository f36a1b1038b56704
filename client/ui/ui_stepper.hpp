#pragma once
// Cycles through a few choices: "Shape  ◀ Hexagon ▶". Left/Right arrows
// (while focused) or clicks on the arrows step it; it wraps around.
#include "ui/ui_label.hpp"

#include <functional>
#include <string>

namespace rapport::client {

class Stepper : public Widget {
 public:
  explicit Stepper(std::string caption = {});

  void set_value_text(const std::string& text);
  [[nodiscard]] const std::string& value_text() const { return value_; }
  // Called with -1 or +1; the owner updates the value and its text.
  void on_step(std::function<void(int)> action) { action_ = std::move(action); }
  void step(int direction);

  [[nodiscard]] bool focusable() const override { return true; }
  bool handle_event(const sf::Event& event) override;
  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  [[nodiscard]] sf::FloatRect arrow_box(int direction) const;
  std::string caption_text_;
  std::string value_;
  std::function<void(int)> action_;
  sf::Text caption_;
  sf::Text value_text_;
  float caption_width_ = 0;
};

}  // namespace rapport::client
