// TextBuffer: UTF-8 in and out, editing by code point; TextField key handling.
#include "ui/ui_text_field.hpp"

#include <gtest/gtest.h>

namespace rapport::client {
namespace {

sf::Event text_event(char32_t c) {
  sf::Event e{};
  e.type = sf::Event::TextEntered;
  e.text.unicode = static_cast<sf::Uint32>(c);
  return e;
}

sf::Event key_event(sf::Keyboard::Key key) {
  sf::Event e{};
  e.type = sf::Event::KeyPressed;
  e.key.code = key;
  return e;
}

TEST(TextBuffer, InsertsAndEncodesMultiByteCharacters) {
  TextBuffer buffer;
  for (const char32_t c : std::u32string(U"Zoë 😀 東")) EXPECT_TRUE(buffer.insert(c));
  EXPECT_EQ(buffer.text(), "Zoë 😀 東");
  EXPECT_EQ(buffer.length(), 7U);
  EXPECT_EQ(buffer.cursor(), 7U);
  EXPECT_EQ(buffer.text().size(), 1U + 1 + 2 + 1 + 4 + 1 + 3);  // bytes differ from code points
}

TEST(TextBuffer, BackspaceRemovesWholeCodePoints) {
  TextBuffer buffer;
  buffer.set_text("año😀");
  ASSERT_EQ(buffer.length(), 4U);
  EXPECT_TRUE(buffer.backspace());
  EXPECT_EQ(buffer.text(), "año");  // all four bytes of the emoji went at once
  buffer.move_left();
  EXPECT_TRUE(buffer.backspace());
  EXPECT_EQ(buffer.text(), "ao");
  EXPECT_EQ(buffer.cursor(), 1U);
  buffer.move_home();
  EXPECT_FALSE(buffer.backspace());
  EXPECT_TRUE(buffer.delete_forward());
  EXPECT_EQ(buffer.text(), "o");
  buffer.move_end();
  EXPECT_FALSE(buffer.delete_forward());
}

TEST(TextBuffer, InsertsAtTheCursor) {
  TextBuffer buffer;
  buffer.set_text("Smth");
  buffer.move_left();
  buffer.move_left();
  EXPECT_TRUE(buffer.insert_utf8("ö"));
  EXPECT_EQ(buffer.text(), "Smöth");
  EXPECT_EQ(buffer.cursor(), 3U);
  buffer.move_right();
  buffer.move_right();
  buffer.move_right();  // stops at the end
  EXPECT_EQ(buffer.cursor(), 5U);
}

TEST(TextBuffer, RejectsControlsAndRespectsTheLimit) {
  TextBuffer buffer(3);
  EXPECT_FALSE(buffer.insert(U'\b'));
  EXPECT_FALSE(buffer.insert(U'\t'));
  EXPECT_FALSE(buffer.insert(0x7F));
  EXPECT_FALSE(buffer.insert(0xD800));  // a lone surrogate is not a character
  EXPECT_TRUE(buffer.insert_utf8("abc"));
  EXPECT_FALSE(buffer.insert(U'd'));
  EXPECT_EQ(buffer.text(), "abc");
  buffer.set_text("héllo wörld");
  EXPECT_EQ(buffer.text(), "hél");
}

TEST(TextBuffer, DropsMalformedUtf8) {
  TextBuffer buffer;
  buffer.set_text(std::string("a\xC3") + "b" + "\xE2\x82" + "\xF0\x9F\x98\x80" + "\xC0\xAF" + "c");
  EXPECT_EQ(buffer.text(), "ab😀c");  // truncated, overlong and stray bytes skipped
  EXPECT_EQ(decode_utf8("\xED\xA0\x80"), std::u32string());  // an encoded surrogate
  EXPECT_EQ(encode_utf8(decode_utf8("€𝄞")), "€𝄞");
}

TEST(TextField, MapsKeysAndTextToTheBuffer) {
  TextField field("Name", 24);
  for (const char32_t c : std::u32string(U"Renée")) field.handle_event(text_event(c));
  EXPECT_EQ(field.text(), "Renée");
  field.handle_event(key_event(sf::Keyboard::Backspace));
  field.handle_event(text_event(U'\b'));  // SFML also sends Backspace as text; it must not delete twice
  EXPECT_EQ(field.text(), "René");
  field.handle_event(key_event(sf::Keyboard::Home));
  field.handle_event(key_event(sf::Keyboard::Delete));
  EXPECT_EQ(field.text(), "ené");
  EXPECT_FALSE(field.handle_event(key_event(sf::Keyboard::Down)));  // left for focus movement
}

TEST(TextField, TransformAndSubmit) {
  TextField code("Join code", 6);
  code.set_transform([](char32_t c) -> char32_t {
    if (c >= U'a' && c <= U'z') return c - (U'a' - U'A');
    return c == U'-' ? 0 : c;
  });
  int submitted = 0;
  code.on_submit([&] { ++submitted; });
  for (const char c : std::string("k7m-qxr")) code.handle_event(text_event(static_cast<char32_t>(c)));
  EXPECT_EQ(code.text(), "K7MQXR");
  EXPECT_TRUE(code.handle_event(key_event(sf::Keyboard::Enter)));
  EXPECT_EQ(submitted, 1);
}

}  // namespace
}  // namespace rapport::client
