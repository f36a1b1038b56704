// The reflection picker: arrows move, Enter and number keys pick, a click
// picks the picture under it; the circles overlap more as the answer grows.
#include "scenes/scene_pair_room.hpp"
#include "ui/ui_ios_picker.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace rapport::client {
namespace {

sf::Event key(sf::Keyboard::Key code) {
  sf::Event e{};
  e.type = sf::Event::KeyPressed;
  e.key.code = code;
  return e;
}

TEST(IosPicker, ArrowsMoveAndEnterPicks) {
  IosPicker picker;
  picker.set_bounds({0, 0, 700, 200});  // no layout: no fonts needed
  std::vector<std::uint8_t> changes;
  picker.on_change([&](std::uint8_t v) { changes.push_back(v); });
  EXPECT_EQ(picker.value(), 0) << "nothing picked until the person picks";
  EXPECT_EQ(picker.cursor(), 4) << "starts in the middle";
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Right)));
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Right)));
  EXPECT_EQ(picker.cursor(), 6);
  EXPECT_EQ(picker.value(), 0) << "moving is not picking";
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Enter)));
  EXPECT_EQ(picker.value(), 6);
  EXPECT_EQ(changes, std::vector<std::uint8_t>{6});
  // The ends stop the cursor; the key is then left for focus to use.
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::End)));
  EXPECT_FALSE(picker.handle_event(key(sf::Keyboard::Right)));
  EXPECT_EQ(picker.cursor(), 7);
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Home)));
  EXPECT_FALSE(picker.handle_event(key(sf::Keyboard::Left)));
  EXPECT_EQ(picker.cursor(), 1);
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Space)));
  EXPECT_EQ(picker.value(), 1);
}

TEST(IosPicker, NumberKeysAndClicksPick) {
  IosPicker picker;
  picker.set_bounds({100, 50, 700, 200});
  EXPECT_TRUE(picker.handle_event(key(sf::Keyboard::Num3)));
  EXPECT_EQ(picker.value(), 3);
  EXPECT_FALSE(picker.handle_event(key(sf::Keyboard::Num9))) << "only 1-7 are answers";
  EXPECT_EQ(picker.value(), 3);
  const sf::FloatRect seventh = picker.picture(7);
  sf::Event click{};
  click.type = sf::Event::MouseButtonPressed;
  click.mouseButton.button = sf::Mouse::Left;
  click.mouseButton.x = static_cast<int>(seventh.left + seventh.width / 2);
  click.mouseButton.y = static_cast<int>(seventh.top + seventh.height / 2);
  EXPECT_TRUE(picker.handle_event(click));
  EXPECT_EQ(picker.value(), 7);
  EXPECT_EQ(picker.cursor(), 7);
}

TEST(IosPicker, PicturesLineUpWithoutOverlapAndCirclesCloseIn) {
  IosPicker picker;
  picker.set_bounds({0, 0, 700, 200});
  for (std::uint8_t ios = kIosMin; ios < kIosMax; ++ios) {
    const sf::FloatRect a = picker.picture(ios);
    const sf::FloatRect b = picker.picture(static_cast<std::uint8_t>(ios + 1));
    EXPECT_LT(a.left + a.width, b.left) << ios;
    EXPECT_GT(ios_centre_distance(ios), ios_centre_distance(static_cast<std::uint8_t>(ios + 1)));
  }
  EXPECT_GT(ios_centre_distance(kIosMin), 2.0F) << "1: the circles do not touch";
  EXPECT_LT(ios_centre_distance(kIosMax), 0.5F) << "7: almost one circle";
}

TEST(GesturePalette, NumberKeysMapToTheTenGestures) {
  EXPECT_EQ(kGesturePalette[static_cast<std::size_t>(gesture_key_index(sf::Keyboard::Num1))], Gesture::Smile);
  EXPECT_EQ(kGesturePalette[static_cast<std::size_t>(gesture_key_index(sf::Keyboard::Num9))], Gesture::Wave);
  EXPECT_EQ(kGesturePalette[static_cast<std::size_t>(gesture_key_index(sf::Keyboard::Num0))], Gesture::Relaxed);
  EXPECT_EQ(kGesturePalette[static_cast<std::size_t>(gesture_key_index(sf::Keyboard::Numpad6))],
            Gesture::ChinOnHandLeft);
  EXPECT_EQ(gesture_key_index(sf::Keyboard::A), -1);
  // Every gesture is on the palette once.
  for (std::uint8_t g = 0; g < static_cast<std::uint8_t>(Gesture::kCount); ++g) {
    EXPECT_EQ(std::count(kGesturePalette.begin(), kGesturePalette.end(), static_cast<Gesture>(g)), 1) << int{g};
  }
}

}  // namespace
}  // namespace rapport::client
