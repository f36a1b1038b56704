#include "ui/ui_label.hpp"

#include <cmath>

namespace rapport::client {

float design_size(const Theme& theme, TextRole role) {
  switch (role) {
    case TextRole::Small: return theme.type.small;
    case TextRole::Body: return theme.type.body;
    case TextRole::Heading: return theme.type.heading;
    case TextRole::Title: return theme.type.title;
    case TextRole::Code: return theme.type.code;
  }
  return theme.type.body;
}

sf::String to_sf(const std::string& utf8) { return sf::String::fromUtf8(utf8.begin(), utf8.end()); }

float cap_middle(const sf::Font& font, unsigned size) {
  const sf::FloatRect cap = font.getGlyph(U'H', size, false).bounds;  // top is negative: above the baseline
  return static_cast<float>(size) + cap.top / 2.0F;
}

void place_line(sf::Text& text, sf::FloatRect box, float x, bool centre_x) {
  const sf::Font* font = text.getFont();
  const float middle = font ? cap_middle(*font, text.getCharacterSize()) : 0.0F;
  if (centre_x) {
    const sf::FloatRect local = text.getLocalBounds();
    x = box.left + (box.width - local.width) / 2.0F - local.left;
  }
  text.setPosition(std::round(x), std::round(box.top + box.height / 2.0F - middle));
}

sf::String wrap_text(const sf::String& text, const sf::Font& font, unsigned size, float width, bool bold) {
  sf::String out;
  sf::String line;
  float line_width = 0;
  const float space = font.getGlyph(U' ', size, bold).advance;
  const auto word_width = [&](const sf::String& word) {
    float w = 0;
    for (std::size_t i = 0; i < word.getSize(); ++i) w += font.getGlyph(word[i], size, bold).advance;
    return w;
  };
  sf::String word;
  const auto flush_word = [&] {
    if (word.isEmpty()) return;
    const float w = word_width(word);
    if (!line.isEmpty() && line_width + space + w > width) {
      out += line + sf::String(U'\n');
      line.clear();
      line_width = 0;
    }
    if (!line.isEmpty()) {
      line += sf::String(U' ');
      line_width += space;
    }
    line += word;
    line_width += w;
    word.clear();
  };
  for (std::size_t i = 0; i < text.getSize(); ++i) {
    const sf::Uint32 c = text[i];
    if (c == U' ') {
      flush_word();
    } else if (c == U'\n') {
      flush_word();
      out += line + sf::String(U'\n');
      line.clear();
      line_width = 0;
    } else {
      word += sf::String(c);
    }
  }
  flush_word();
  out += line;
  return out;
}

Label::Label(std::string text, TextRole role, bool bold) : text_(std::move(text)), role_(role), bold_(bold) {}

void Label::set_text(const std::string& utf8) {
  if (utf8 == text_) return;
  text_ = utf8;
  dirty_ = true;
}

void Label::layout(const Theme& theme) { rebuild(theme); }

void Label::rebuild(const Theme& theme) {
  dirty_ = false;
  const sf::Font& font = bold_ ? theme.bold() : theme.font();
  const unsigned size = theme.char_size(design_size(theme, role_));
  sf_text_.setFont(font);
  sf_text_.setCharacterSize(size);
  sf_text_.setLetterSpacing(letter_spacing_);
  sf_text_.setFillColor(custom_colour_ ? colour_ : theme.colours.text);
  const sf::String string = to_sf(text_);
  sf_text_.setString(wrap_ && bounds_.width > 0 ? wrap_text(string, font, size, bounds_.width, false) : string);
  // Place by the font's line metrics, not the glyph box, so labels of the
  // same role line up whatever letters they hold.
  const sf::FloatRect local = sf_text_.getLocalBounds();
  float x = bounds_.left;
  if (align_ == Align::Centre) x = bounds_.left + (bounds_.width - local.width) / 2.0F - local.left;
  if (align_ == Align::Right) x = bounds_.left + bounds_.width - local.width - local.left;
  sf_text_.setPosition(std::round(x), std::round(bounds_.top));
}

sf::Vector2f Label::text_size() const {
  const sf::FloatRect local = sf_text_.getLocalBounds();
  return {local.left + local.width, local.top + local.height};
}

void Label::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_ || text_.empty()) return;
  if (dirty_) rebuild(theme);
  canvas.text(sf_text_);
}

}  // namespace rapport::client
