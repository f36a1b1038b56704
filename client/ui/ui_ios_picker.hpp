#pragma once
// The Inclusion of Other in Self scale as seven pictures: two circles, "you"
// and your partner, overlapping more and more from 1 (apart) to 7 (almost
// one). Left/Right (or the number keys 1-7) move the choice, a click picks a
// picture; the choice is marked by a frame, a tick and its number.
#include "ui/ui_label.hpp"

#include <array>
#include <functional>

namespace rapport::client {

class IosPicker : public Widget {
 public:
  IosPicker();
  // 0 until something is picked; else kIosMin..kIosMax.
  [[nodiscard]] std::uint8_t value() const { return value_; }
  // The picture keyboard focus is on (1..7), shown even before picking.
  [[nodiscard]] std::uint8_t cursor() const { return cursor_; }
  void set_value(std::uint8_t value);
  void on_change(std::function<void(std::uint8_t)> action) { action_ = std::move(action); }
  // The rectangle of picture `ios` (1..7), after layout.
  [[nodiscard]] sf::FloatRect picture(std::uint8_t ios) const;

  [[nodiscard]] bool focusable() const override { return true; }
  bool handle_event(const sf::Event& event) override;
  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  static constexpr std::size_t kPictures = 7;
  std::uint8_t value_ = 0;
  std::uint8_t cursor_ = 4;  // the middle, so either way is one step
  std::function<void(std::uint8_t)> action_;
  std::array<sf::Text, kPictures> numbers_;
  sf::Text far_;
  sf::Text close_;
  float scale_ = 1.0F;
};

// How far apart the two circles' centres are for an answer, in radii:
// 1 -> 2.3 (a gap between them), 7 -> 0.25 (almost one circle).
[[nodiscard]] float ios_centre_distance(std::uint8_t ios);

}  // namespace rapport::client
