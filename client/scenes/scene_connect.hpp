#pragma once
// The first screen: server address, name, team and join code, or "host a
// session"; and the avatar builder with a live preview. Errors from the
// session (server unreachable, wrong code, version mismatch, removed by the
// host) are shown here in plain words.
#include "scenes/scene.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_stepper.hpp"
#include "ui/ui_text_field.hpp"

namespace rapport::client {

class ConnectScene : public Scene {
 public:
  explicit ConnectScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Connect; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;

  // The commands the buttons run (public for tests and the headless driver).
  void join(SceneContext& ctx);
  void host(SceneContext& ctx);
  [[nodiscard]] const Avatar& avatar() const { return avatar_; }
  [[nodiscard]] FocusChain& focus() { return focus_; }

 private:
  [[nodiscard]] Profile profile() const;
  void step_avatar(int field, int direction, std::int64_t now_ms);
  void refresh_avatar_texts();
  void draw_message(Canvas& canvas, SceneContext& ctx);

  Label title_{"Rapport", TextRole::Title, true};
  Label subtitle_{"Practise building rapport, one conversation at a time.", TextRole::Body};
  Panel form_panel_;
  Panel avatar_panel_{"Your avatar"};
  TextField server_{"Server address", 64};
  TextField name_{"Your name", kMaxNameChars};
  TextField team_{"Team (optional)", 16};
  TextField code_{"Join code", kJoinCodeLength};
  Button join_button_{"Join session"};
  Label host_hint_{"Running the session for a group?", TextRole::Small};
  Button host_button_{"Host a session", ButtonStyle::Secondary};
  Stepper shape_{"Shape"};
  Stepper skin_{"Skin"};
  Stepper hair_{"Hair"};
  Stepper outfit_{"Outfit colour"};
  Stepper formality_{"Style"};
  Label message_{"", TextRole::Small};
  sf::FloatRect message_box_;
  sf::FloatRect preview_box_;
  FocusChain focus_;
  Avatar avatar_;
  AvatarFigure preview_;
};

}  // namespace rapport::client
