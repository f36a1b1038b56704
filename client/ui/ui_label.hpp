#pragma once
// Text that does not take focus: titles, captions, messages. Wraps at the
// widget's width when asked; the wrapped layout is cached and redone only
// when the text, width or scale changes.
#include "ui/ui_widget.hpp"

#include <SFML/Graphics/Text.hpp>

#include <string>

namespace rapport::client {

enum class TextRole : std::uint8_t { Small, Body, Heading, Title, Code };
enum class Align : std::uint8_t { Left, Centre, Right };

[[nodiscard]] float design_size(const Theme& theme, TextRole role);

// Converts UTF-8 to SFML's string (code points), the one place that does.
[[nodiscard]] sf::String to_sf(const std::string& utf8);

class Label : public Widget {
 public:
  Label() = default;
  explicit Label(std::string text, TextRole role = TextRole::Body, bool bold = false);

  void set_text(const std::string& utf8);
  [[nodiscard]] const std::string& text() const { return text_; }
  void set_role(TextRole role) { role_ = role; dirty_ = true; }
  void set_bold(bool bold) { bold_ = bold; dirty_ = true; }
  void set_colour(sf::Color colour) { colour_ = colour; custom_colour_ = true; dirty_ = true; }
  void set_align(Align align) { align_ = align; dirty_ = true; }
  void set_wrap(bool wrap) { wrap_ = wrap; dirty_ = true; }
  // Extra space between letters (the join code), in multiples of normal.
  void set_letter_spacing(float factor) { letter_spacing_ = factor; dirty_ = true; }

  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;
  // The laid-out text's size in pixels (after layout).
  [[nodiscard]] sf::Vector2f text_size() const;

 private:
  void rebuild(const Theme& theme);
  std::string text_;
  TextRole role_ = TextRole::Body;
  bool bold_ = false;
  bool wrap_ = false;
  bool custom_colour_ = false;
  sf::Color colour_;
  Align align_ = Align::Left;
  float letter_spacing_ = 1.0F;
  sf::Text sf_text_;
  bool dirty_ = true;
};

// How far below an sf::Text's position the middle of its capital letters
// sits; used to centre one line of text in a box whatever letters it holds.
[[nodiscard]] float cap_middle(const sf::Font& font, unsigned size);
// Positions a one-line text so it is centred vertically in `box` at `x`,
// or centred both ways when `centre_x`.
void place_line(sf::Text& text, sf::FloatRect box, float x, bool centre_x);

// Greedy word wrap of `text` to `width` pixels with this font and size.
[[nodiscard]] sf::String wrap_text(const sf::String& text, const sf::Font& font, unsigned size, float width,
                                   bool bold);

}  // namespace rapport::client
