#include "ui/ui_text_field.hpp"

#include <algorithm>

namespace rapport::client {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kSurrogateFirst = 0xD800;
constexpr char32_t kSurrogateLast = 0xDFFF;
// Caret blink half-period; a calm rhythm close to common desktop settings.
constexpr std::int64_t kBlinkMs = 530;
// Inner padding of the box, in design pixels.
constexpr float kFieldPadding = 14.0F;

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }

}  // namespace

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t extra = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      cp = lead & 0x07;
    } else {
      ++i;  // a stray continuation or invalid lead byte
      continue;
    }
    bool ok = i + extra < utf8.size();  // false: the sequence is cut off at the end
    for (std::size_t k = 1; ok && k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + k]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    // Reject overlong forms, surrogates and values past Unicode's range.
    const char32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
    if (!ok || cp < min_for_length[extra] || cp > kMaxCodePoint || (cp >= kSurrogateFirst && cp <= kSurrogateLast)) {
      ++i;
      continue;
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  for (const char32_t c : code_points) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

void TextBuffer::set_text(std::string_view utf8) {
  chars_ = decode_utf8(utf8);
  std::erase_if(chars_, is_control);
  if (chars_.size() > max_chars_) chars_.resize(max_chars_);
  cursor_ = chars_.size();
}

std::string TextBuffer::text() const { return encode_utf8(chars_); }

bool TextBuffer::insert(char32_t code_point) {
  if (is_control(code_point) || code_point > kMaxCodePoint ||
      (code_point >= kSurrogateFirst && code_point <= kSurrogateLast) || chars_.size() >= max_chars_) {
    return false;
  }
  chars_.insert(chars_.begin() + static_cast<std::ptrdiff_t>(cursor_), code_point);
  ++cursor_;
  return true;
}

bool TextBuffer::insert_utf8(std::string_view utf8) {
  bool any = false;
  for (const char32_t c : decode_utf8(utf8)) any = insert(c) || any;
  return any;
}

bool TextBuffer::backspace() {
  if (cursor_ == 0) return false;
  chars_.erase(cursor_ - 1, 1);
  --cursor_;
  return true;
}

bool TextBuffer::delete_forward() {
  if (cursor_ >= chars_.size()) return false;
  chars_.erase(cursor_, 1);
  return true;
}

void TextBuffer::move_left() {
  if (cursor_ > 0) --cursor_;
}

void TextBuffer::move_right() {
  if (cursor_ < chars_.size()) ++cursor_;
}

TextField::TextField(std::string caption, std::size_t max_chars)
    : buffer_(max_chars), caption_(std::move(caption), TextRole::Small, true) {}

bool TextField::handle_event(const sf::Event& event) {
  Widget::handle_event(event);
  if (event.type == sf::Event::TextEntered) {
    auto c = static_cast<char32_t>(event.text.unicode);
    if (is_control(c)) return false;  // Enter, Tab, Backspace arrive here too; keys handle them
    if (transform_) c = transform_(c);
    if (c != 0) buffer_.insert(c);
    return true;
  }
  if (event.type == sf::Event::MouseButtonPressed) return true;
  if (event.type != sf::Event::KeyPressed) return false;
  switch (event.key.code) {
    case sf::Keyboard::Backspace: buffer_.backspace(); return true;
    case sf::Keyboard::Delete: buffer_.delete_forward(); return true;
    case sf::Keyboard::Left: buffer_.move_left(); return true;
    case sf::Keyboard::Right: buffer_.move_right(); return true;
    case sf::Keyboard::Home: buffer_.move_home(); return true;
    case sf::Keyboard::End: buffer_.move_end(); return true;
    case sf::Keyboard::Enter:
      if (submit_) {
        submit_();
        return true;
      }
      return false;
    default: return false;
  }
}

void TextField::layout(const Theme& theme) {
  text_.setFont(theme.font());
  text_.setCharacterSize(theme.char_size(theme.type.body));
  const float caption_height = theme.px(theme.type.small * 1.5F);
  caption_.place({bounds_.left + theme.px(4.0F), bounds_.top - caption_height, bounds_.width, caption_height}, theme);
}

void TextField::refresh_visible_text(const Theme& theme) {
  const auto& chars = buffer_.code_points();
  const sf::Font& font = theme.font();
  const unsigned size = text_.getCharacterSize();
  const float room = bounds_.width - 2 * theme.px(kFieldPadding);
  const auto advance = [&](std::size_t i) { return font.getGlyph(chars[i], size, false).advance; };
  const std::size_t cursor = buffer_.cursor();
  first_visible_ = std::min(first_visible_, cursor);
  // Scroll right until the text up to the cursor fits.
  float width = 0;
  for (std::size_t i = first_visible_; i < cursor; ++i) width += advance(i);
  while (width > room && first_visible_ < cursor) width -= advance(first_visible_++);
  // Then show as much after the cursor as fits.
  std::size_t last = cursor;
  while (last < chars.size() && width + advance(last) <= room) width += advance(last++);
  sf::String visible;
  for (std::size_t i = first_visible_; i < last; ++i) visible += sf::String(static_cast<sf::Uint32>(chars[i]));
  text_.setString(visible);
}

void TextField::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  if (!visible_) return;
  const Palette& c = theme.colours;
  const float radius = theme.px(10.0F);
  const float border = theme.px(focused_ ? 2.5F : 1.5F);
  ShapeBatch& shapes = canvas.shapes();
  shapes.rounded_rect(bounds_, radius, focused_ ? c.primary : c.field_border);
  shapes.rounded_rect({bounds_.left + border, bounds_.top + border, bounds_.width - 2 * border,
                       bounds_.height - 2 * border},
                      radius - border, c.field);
  if (focused_) draw_focus_ring(canvas, theme, radius);
  caption_.draw(canvas, theme, now_ms);

  const float x = bounds_.left + theme.px(kFieldPadding);
  if (buffer_.length() == 0 && !placeholder_.empty()) {
    text_.setString(to_sf(placeholder_));
    text_.setFillColor(c.text_muted);
  } else {
    refresh_visible_text(theme);
    text_.setFillColor(c.text);
  }
  place_line(text_, bounds_, x, false);
  canvas.text(text_);

  const bool caret_on = theme.reduced_motion() || (now_ms / kBlinkMs) % 2 == 0;
  if (focused_ && caret_on) {
    const std::size_t index = buffer_.length() == 0 ? 0 : buffer_.cursor() - first_visible_;
    const float caret_x = buffer_.length() == 0 ? x : text_.findCharacterPos(index).x;
    const float h = theme.px(theme.type.body * 1.15F);
    shapes.rect({caret_x, bounds_.top + (bounds_.height - h) / 2.0F, theme.px(2.0F), h}, c.text);
  }
}

}  // namespace rapport::client
