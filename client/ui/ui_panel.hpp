#pragma once
// A rounded card with a soft shadow that groups other widgets, with an
// optional heading. It only draws; the scene places what sits on it.
#include "ui/ui_label.hpp"

namespace rapport::client {

class Panel : public Widget {
 public:
  Panel() = default;
  explicit Panel(std::string heading) : heading_(std::move(heading), TextRole::Heading, true) {}

  void set_heading(const std::string& text) { heading_.set_text(text); }
  void set_fill(sf::Color fill) { fill_ = fill; custom_fill_ = true; }
  // Where content starts below the heading (after layout).
  [[nodiscard]] float content_top() const { return content_top_; }
  [[nodiscard]] float padding() const { return padding_; }

  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  Label heading_;
  sf::Color fill_;
  bool custom_fill_ = false;
  float content_top_ = 0;
  float padding_ = 0;
};

}  // namespace rapport::client
