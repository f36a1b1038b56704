#pragma once
// A modal question over a scene: "Report Ben to the host?", "End the session
// for everyone?". Keyboard first: focus starts on the safe choice, Tab moves,
// Enter chooses, Escape cancels. It may carry a check box ("also bar this
// name") and a one-line text field ("what happened?").
#include "ui/ui_button.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_text_field.hpp"

#include <functional>

namespace rapport::client {

struct DialogSpec {
  std::string title;
  std::string body;
  std::string confirm = "Yes";
  std::string cancel = "Cancel";
  std::string toggle;       // empty: no check box
  std::string text_prompt;  // empty: no text field
  std::function<void(bool toggle_on, const std::string& text)> on_confirm;
};

class Dialog {
 public:
  Dialog();
  Dialog(const Dialog&) = delete;
  Dialog& operator=(const Dialog&) = delete;

  void open(DialogSpec spec, const Theme& theme);
  void close() { open_ = false; }
  [[nodiscard]] bool is_open() const { return open_; }
  [[nodiscard]] bool toggle_on() const { return toggle_on_; }
  [[nodiscard]] const std::string& title() const { return title_.text(); }

  void layout(const Theme& theme);
  // While open every event is the dialog's; returns false when closed.
  bool handle_event(const sf::Event& event);
  // Draws on a new layer over the scene, dimming it.
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms);
  // Chooses as the confirm button would (tests).
  void confirm();

 private:
  void refresh_toggle();
  DialogSpec spec_;
  bool open_ = false;
  bool toggle_on_ = false;
  Panel panel_;
  Label title_{"", TextRole::Heading, true};
  Label body_{"", TextRole::Body};
  TextField text_{"", kMaxTextChars};
  Button toggle_{"", ButtonStyle::Secondary};
  Button confirm_{"Yes"};
  Button cancel_{"Cancel", ButtonStyle::Secondary};
  FocusChain focus_;
  // A report's few words; the server keeps at most 200 bytes of them.
  static constexpr std::size_t kMaxTextChars = 120;
};

}  // namespace rapport::client
