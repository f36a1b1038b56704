#pragma once
// One line of editable text. TextBuffer is the editing logic alone (UTF-8 in
// and out, the cursor counted in code points so Backspace removes a whole
// "é" or "😀", never half of one); TextField draws it and maps keys to it.
#include "ui/ui_label.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace rapport::client {

class TextBuffer {
 public:
  explicit TextBuffer(std::size_t max_chars = kDefaultMaxChars) : max_chars_(max_chars) {}

  // Replaces the text (invalid UTF-8 bytes are dropped, extra characters cut);
  // the cursor goes to the end.
  void set_text(std::string_view utf8);
  [[nodiscard]] std::string text() const;           // UTF-8
  [[nodiscard]] const std::u32string& code_points() const { return chars_; }
  [[nodiscard]] std::size_t length() const { return chars_.size(); }
  [[nodiscard]] std::size_t cursor() const { return cursor_; }
  [[nodiscard]] std::size_t max_chars() const { return max_chars_; }

  // Inserts at the cursor. False (nothing changes) for control characters,
  // invalid code points, or when the buffer is full.
  bool insert(char32_t code_point);
  bool insert_utf8(std::string_view utf8);
  bool backspace();     // deletes the code point before the cursor
  bool delete_forward();  // deletes the code point after the cursor
  void move_left();
  void move_right();
  void move_home() { cursor_ = 0; }
  void move_end() { cursor_ = chars_.size(); }

  // A generous default for free text; names use kMaxNameChars.
  static constexpr std::size_t kDefaultMaxChars = 64;

 private:
  std::u32string chars_;
  std::size_t cursor_ = 0;
  std::size_t max_chars_;
};

// Decodes UTF-8 into code points, skipping malformed bytes.
[[nodiscard]] std::u32string decode_utf8(std::string_view utf8);
[[nodiscard]] std::string encode_utf8(std::u32string_view code_points);

class TextField : public Widget {
 public:
  explicit TextField(std::string caption = {}, std::size_t max_chars = TextBuffer::kDefaultMaxChars);

  [[nodiscard]] TextBuffer& buffer() { return buffer_; }
  [[nodiscard]] const TextBuffer& buffer() const { return buffer_; }
  [[nodiscard]] std::string text() const { return buffer_.text(); }
  void set_text(std::string_view utf8) { buffer_.set_text(utf8); }
  void set_placeholder(std::string text) { placeholder_ = std::move(text); }
  // Maps each typed character (e.g. to upper case); returning 0 rejects it.
  void set_transform(std::function<char32_t(char32_t)> transform) { transform_ = std::move(transform); }
  void on_submit(std::function<void()> action) { submit_ = std::move(action); }

  [[nodiscard]] bool focusable() const override { return true; }
  bool handle_event(const sf::Event& event) override;
  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;

 private:
  void refresh_visible_text(const Theme& theme);
  TextBuffer buffer_;
  Label caption_;
  std::string placeholder_;
  std::function<char32_t(char32_t)> transform_;
  std::function<void()> submit_;
  sf::Text text_;
  std::size_t first_visible_ = 0;  // scrolls long text so the cursor stays in view
};

}  // namespace rapport::client
