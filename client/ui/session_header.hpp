#pragma once
// The strip at the top of every in-session scene: the round's title, where
// the session is ("Rotation 2 of 3 · round 1 of 2") and the countdown in a
// pill that gently turns amber with the words "ending soon" near the end, or
// says "paused" while the host has paused.
#include "app/client_session.hpp"
#include "ui/ui_label.hpp"

namespace rapport::client {

class SessionHeader {
 public:
  SessionHeader();
  // `title` holds the title and the line under it; `timer` the countdown pill.
  void place(sf::FloatRect title, sf::FloatRect timer, const Theme& theme);
  void update(const ClientSession& session, std::int64_t now_ms);
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms);
  // Override the title (the dashboard and debrief say their own).
  void set_title(const std::string& text) { custom_title_ = text; }
  [[nodiscard]] const std::string& countdown() const { return countdown_.text(); }
  [[nodiscard]] bool warning() const { return warning_; }

 private:
  Label title_{"", TextRole::Heading, true};
  Label where_{"", TextRole::Small};
  Label countdown_{"", TextRole::Heading, true};
  Label state_{"", TextRole::Small, true};
  sf::FloatRect pill_;
  std::string custom_title_;
  bool warning_ = false;
  bool paused_ = false;
  bool timed_ = false;
};

}  // namespace rapport::client
