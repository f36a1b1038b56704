#pragma once
// The round scenes a participant sees while a round module is live for their
// group: common ground, Blueprint (describer or builder), In Step and role
// play (setting, role card, gestures, guess and reveal), plus the lobby's
// profile questions. Each reads its round view from the SessionView, draws it
// and turns clicks and keys into messages (see round_logic.hpp); the header,
// the live meter and the chat are shared by all of them.
#include "ui/meter_widget.hpp"
#include "app/round_logic.hpp"
#include "scenes/scene.hpp"
#include "ui/session_header.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_label.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_text_field.hpp"

#include <array>
#include <deque>

namespace rapport::client {

class RoundScene : public Scene {
 public:
  explicit RoundScene(SceneContext& ctx);
  void layout(SceneContext& ctx) final;
  void handle_event(const sf::Event& event, SceneContext& ctx) final;
  void update(SceneContext& ctx) final;
  void draw(Canvas& canvas, SceneContext& ctx) final;

  [[nodiscard]] TextField& chat_field() { return chat_field_; }
  [[nodiscard]] std::size_t chat_lines_shown() const { return chat_shown_; }
  // For tests: the texts of the last drawn frame (UTF-8, empty ones left out).
  [[nodiscard]] std::vector<std::string> texts_drawn() const;

 protected:
  // The scene's own part, left of the meter and chat (design x 32..812, y 96..704).
  virtual void layout_main(SceneContext& ctx, const DesignFrame& f) = 0;
  // True when the event was used.
  virtual bool handle_main(const sf::Event& event, SceneContext& ctx) = 0;
  virtual void update_main(SceneContext& ctx) = 0;
  virtual void draw_main(Canvas& canvas, SceneContext& ctx) = 0;

  // A text that lives until the frame is drawn. Window pixels; `size` in design px.
  sf::Text& add_text(const Theme& t, const std::string& utf8, sf::Vector2f at, float size, sf::Color colour,
                     bool bold = false, float wrap_width = 0);
  [[nodiscard]] static float text_height(const sf::Text& text);
  // Number keys as gestures, as in the pair room (off while typing unless Ctrl).
  bool handle_gesture_key(const sf::Event& event, SceneContext& ctx);
  [[nodiscard]] bool typing() const { return focus_.focused() == &chat_field_; }
  // Moves the keyboard focus out of the chat field (to the next control, or
  // nowhere), so letter and number keys act on the scene.
  void leave_chat();
  // Replaces the round's title in the header (empty: the round title again).
  void set_title(const std::string& title) { header_.set_title(title); }

  FocusChain focus_;
  DesignFrame frame_;

 private:
  void draw_chat(SceneContext& ctx);

  SessionHeader header_;
  Panel meter_panel_;
  MeterWidget meter_;
  Panel chat_panel_{"Chat"};
  TextField chat_field_{"", kMaxChatBytes};
  sf::FloatRect chat_area_;
  std::uint64_t reason_seq_seen_ = 0;
  std::size_t chat_shown_ = 0;
  bool swallow_text_ = false;
  std::deque<sf::Text> frame_texts_;
};

class CommonGroundScene : public RoundScene {
 public:
  explicit CommonGroundScene(SceneContext& ctx);
  [[nodiscard]] SceneName name() const override { return SceneName::CommonGround; }
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;
  // For tests: select a cell as a click would.
  void select(std::size_t cell, SceneContext& ctx);
  [[nodiscard]] std::optional<std::size_t> selected() const { return selected_; }
  [[nodiscard]] TextField& proposal_field() { return proposal_; }
  [[nodiscard]] Button& propose_button() { return propose_; }

 protected:
  void layout_main(SceneContext& ctx, const DesignFrame& f) override;
  bool handle_main(const sf::Event& event, SceneContext& ctx) override;
  void update_main(SceneContext& ctx) override;
  void draw_main(Canvas& canvas, SceneContext& ctx) override;

 private:
  std::vector<sf::FloatRect> cells_;
  std::optional<std::size_t> selected_;
  bool focus_proposal_ = false;
  sf::FloatRect grid_area_;
  sf::FloatRect hint_box_;
  sf::FloatRect action_caption_;
  TextField proposal_{"", kMaxChatBytes};
  Button propose_{"Propose"};
  Button confirm_{"Yes, we both do"};
  Button decline_{"Not quite", ButtonStyle::Secondary};
};

class BlueprintScene : public RoundScene {
 public:
  explicit BlueprintScene(SceneContext& ctx);
  [[nodiscard]] SceneName name() const override { return SceneName::Blueprint; }
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;
  [[nodiscard]] const BuilderHand& hand() const { return hand_; }

 protected:
  void layout_main(SceneContext& ctx, const DesignFrame& f) override;
  bool handle_main(const sf::Event& event, SceneContext& ctx) override;
  void update_main(SceneContext& ctx) override;
  void draw_main(Canvas& canvas, SceneContext& ctx) override;

 private:
  sf::FloatRect grid_box_;   // the main grid (target or my build)
  sf::FloatRect side_box_;   // describer: last check; builder: the tray
  std::vector<sf::FloatRect> tray_cells_;
  BuilderHand hand_;
  Button check_{"Ask for a check", ButtonStyle::Secondary};
  Button done_{"We're done"};
};

class InStepScene : public RoundScene {
 public:
  explicit InStepScene(SceneContext& ctx);
  [[nodiscard]] SceneName name() const override { return SceneName::InStep; }
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;
  [[nodiscard]] const InStepClient& netcode() const { return client_; }
  [[nodiscard]] Steer steer() const;

 protected:
  void layout_main(SceneContext& ctx, const DesignFrame& f) override;
  bool handle_main(const sf::Event& event, SceneContext& ctx) override;
  void update_main(SceneContext& ctx) override;
  void draw_main(Canvas& canvas, SceneContext& ctx) override;

 private:
  [[nodiscard]] sf::Vector2f to_screen(std::int32_t x, std::int32_t y) const;
  sf::FloatRect map_;
  InStepClient client_;
  std::uint32_t last_tick_ = 0;
  bool have_tick_ = false;
  // Held keys: up, down, left, right.
  std::array<bool, 4> held_{};
};

class RolePlayScene : public RoundScene {
 public:
  explicit RolePlayScene(SceneContext& ctx);
  [[nodiscard]] SceneName name() const override { return SceneName::RolePlay; }
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;
  // For tests: choose options as clicks would; returns whether a guess was sent.
  void choose(int goal, int feeling) {
    goal_ = goal;
    feeling_ = feeling;
  }
  [[nodiscard]] std::optional<RolePlayGuessPost> pending_guess(const SceneContext& ctx) const;

 protected:
  void layout_main(SceneContext& ctx, const DesignFrame& f) override;
  bool handle_main(const sf::Event& event, SceneContext& ctx) override;
  void update_main(SceneContext& ctx) override;
  void draw_main(Canvas& canvas, SceneContext& ctx) override;

 private:
  struct Member {
    std::uint32_t id = 0;
    AvatarFigure figure;
    sf::FloatRect box;
  };
  void draw_setting(Canvas& canvas, SceneContext& ctx, std::uint8_t setting);
  // Draws page `card_page_` of a card; what does not fit one page goes on
  // the next (who and want first, then the facts and, with `suggestions`,
  // the "try saying" lines). Returns the number of pages.
  std::size_t draw_card(SceneContext& ctx, const WireCard& card, sf::FloatRect box, bool mine, bool suggestions);
  void turn_card_page(int by);
  void draw_guessing(Canvas& canvas, SceneContext& ctx);
  void draw_reveal(Canvas& canvas, SceneContext& ctx);

  sf::FloatRect stage_;
  sf::FloatRect lower_;
  std::vector<Member> members_;
  std::uint32_t members_group_ = 0;
  std::uint64_t gesture_seq_seen_ = 0;
  std::array<Button, 10> gestures_;
  std::vector<sf::FloatRect> goal_boxes_, feeling_boxes_;
  int goal_ = -1;
  int feeling_ = -1;
  bool guess_sent_ = false;
  Button send_guess_{"Send my guess"};
  // Role cards longer than their panel: PageDown/PageUp or a click turns.
  std::size_t card_page_ = 0;
  std::size_t card_pages_ = 1;
  std::string card_key_;  // scenario, group, scene, phase, rotation, round
  std::vector<sf::FloatRect> card_boxes_;
};

// The lobby's profile questions (optional): one field each, then back to the
// lobby (or on to whatever the session calls for).
class ProfileScene : public Scene {
 public:
  explicit ProfileScene(SceneContext& ctx);
  [[nodiscard]] SceneName name() const override { return SceneName::Profile; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;
  // The answers message the Save button sends (for tests).
  [[nodiscard]] ProfileAnswers answers() const;
  [[nodiscard]] std::deque<TextField>& fields() { return fields_; }

 private:
  std::vector<std::string> categories_;
  std::vector<std::string> questions_;
  std::deque<TextField> fields_;
  std::deque<sf::Text> labels_;
  Panel panel_{"A few questions (optional)"};
  Label intro_{"", TextRole::Small};
  Button save_{"Save answers"};
  Button skip_{"Skip", ButtonStyle::Secondary};
  FocusChain focus_;
  bool built_ = false;
};

[[nodiscard]] std::unique_ptr<Scene> make_profile_scene(SceneContext& ctx);

}  // namespace rapport::client
