// Keyboard focus: Tab order, skipping, arrows, clicks; buttons, lists, steppers.
#include "ui/ui_button.hpp"
#include "ui/ui_list.hpp"
#include "ui/ui_stepper.hpp"
#include "ui/ui_text_field.hpp"

#include <gtest/gtest.h>

namespace rapport::client {
namespace {

sf::Event key(sf::Keyboard::Key code, bool shift = false) {
  sf::Event e{};
  e.type = sf::Event::KeyPressed;
  e.key.code = code;
  e.key.shift = shift;
  return e;
}

sf::Event click(float x, float y, sf::Event::EventType type = sf::Event::MouseButtonPressed) {
  sf::Event e{};
  e.type = type;
  e.mouseButton.button = sf::Mouse::Left;
  e.mouseButton.x = static_cast<int>(x);
  e.mouseButton.y = static_cast<int>(y);
  return e;
}

struct Form {
  Label title{"Title"};
  TextField name{"Name"};
  TextField team{"Team"};
  Button join{"Join"};
  Button host{"Host"};
  Stepper shape{"Shape"};
  FocusChain chain;
  Form() {
    // Placed without layout: these tests need no fonts and no display.
    float y = 0;
    for (Widget* w : std::initializer_list<Widget*>{&title, &name, &team, &join, &host, &shape}) {
      w->set_bounds({0, y, 100, 40});
      y += 50;
      chain.add(*w);
    }
  }
};

TEST(FocusChain, TabVisitsFocusableWidgetsInOrderAndWraps) {
  Form f;
  EXPECT_EQ(f.chain.focused(), &f.name) << "the first focusable widget gets focus; labels are skipped";
  EXPECT_TRUE(f.name.focused());
  const std::vector<Widget*> expected{&f.team, &f.join, &f.host, &f.shape, &f.name};
  for (Widget* w : expected) {
    EXPECT_TRUE(f.chain.handle_event(key(sf::Keyboard::Tab)));
    EXPECT_EQ(f.chain.focused(), w);
    EXPECT_TRUE(w->focused());
  }
  EXPECT_FALSE(f.team.focused()) << "only one widget holds focus";
}

TEST(FocusChain, ShiftTabGoesBackAndSkipsDisabledOrHidden) {
  Form f;
  f.join.set_enabled(false);
  f.team.set_visible(false);
  f.chain.handle_event(key(sf::Keyboard::Tab));
  EXPECT_EQ(f.chain.focused(), &f.host);
  f.chain.handle_event(key(sf::Keyboard::Tab, true));
  EXPECT_EQ(f.chain.focused(), &f.name);
  f.chain.handle_event(key(sf::Keyboard::Tab, true));
  EXPECT_EQ(f.chain.focused(), &f.shape) << "Shift+Tab wraps to the end";
}

TEST(FocusChain, ArrowsMoveFocusUnlessTheWidgetUsesThem) {
  Form f;
  f.chain.handle_event(key(sf::Keyboard::Down));
  EXPECT_EQ(f.chain.focused(), &f.team);
  f.chain.handle_event(key(sf::Keyboard::Up));
  EXPECT_EQ(f.chain.focused(), &f.name);
  // Left/Right edit text in a field and step a stepper: focus stays.
  f.name.set_text("ab");
  f.chain.handle_event(key(sf::Keyboard::Left));
  EXPECT_EQ(f.chain.focused(), &f.name);
  EXPECT_EQ(f.name.buffer().cursor(), 1U);
  int steps = 0;
  f.shape.on_step([&](int d) { steps += d; });
  f.chain.focus(f.shape);
  f.chain.handle_event(key(sf::Keyboard::Right));
  f.chain.handle_event(key(sf::Keyboard::Right));
  f.chain.handle_event(key(sf::Keyboard::Left));
  EXPECT_EQ(steps, 1);
  EXPECT_EQ(f.chain.focused(), &f.shape);
}

TEST(FocusChain, EnterActivatesTheFocusedButtonAndClicksFocus) {
  Form f;
  int joined = 0;
  int hosted = 0;
  f.join.on_activate([&] { ++joined; });
  f.host.on_activate([&] { ++hosted; });
  f.chain.focus(f.join);
  EXPECT_TRUE(f.chain.handle_event(key(sf::Keyboard::Enter)));
  EXPECT_EQ(joined, 1);
  // A click on the host button (at y 200..240) focuses and, on release, activates it.
  f.chain.handle_event(click(50, 210));
  EXPECT_EQ(f.chain.focused(), &f.host);
  f.chain.handle_event(click(50, 210, sf::Event::MouseButtonReleased));
  EXPECT_EQ(hosted, 1);
  f.host.set_enabled(false);
  f.host.activate();
  EXPECT_EQ(hosted, 1) << "a disabled button does nothing";
}

TEST(List, UpDownSelectThenHandFocusOnAtTheEnds) {
  TextField above("Above");
  List list;
  Button below("Below");
  list.set_rows({{"Team A", "3"}, {"Team B", "4"}, {"Team C", "2"}});
  FocusChain chain;
  above.set_bounds({0, 0, 100, 40});
  list.set_bounds({0, 50, 100, 200});
  below.set_bounds({0, 260, 100, 40});
  chain.add(above);
  chain.add(list);
  chain.add(below);
  std::size_t activated = 99;
  list.on_activate([&](std::size_t i) { activated = i; });
  chain.handle_event(key(sf::Keyboard::Down));
  ASSERT_EQ(chain.focused(), &list);
  chain.handle_event(key(sf::Keyboard::Down));
  chain.handle_event(key(sf::Keyboard::Down));
  EXPECT_EQ(list.selected(), 2U);
  chain.handle_event(key(sf::Keyboard::Enter));
  EXPECT_EQ(activated, 2U);
  chain.handle_event(key(sf::Keyboard::Down));
  EXPECT_EQ(chain.focused(), &below) << "past the last row, Down moves on";
  list.set_rows({{"Only", ""}});
  EXPECT_EQ(list.selected(), 0U) << "the selection stays inside the rows";
  list.set_selectable(false);
  EXPECT_FALSE(list.focusable());
}

}  // namespace
}  // namespace rapport::client
