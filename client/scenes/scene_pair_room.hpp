#pragma once
// The pair room, where a participant spends the rounds: both (or all three)
// avatars performing gestures as they arrive, speech bubbles for recent
// lines, the conversation prompt, the chat, a gesture palette (buttons and
// keys 1-9, 0), the countdown and the live rapport meter with reason tags.
#include "ui/meter_widget.hpp"
#include "scenes/scene.hpp"
#include "ui/session_header.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_dialog.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_text_field.hpp"

#include <array>

namespace rapport::client {

// The palette in key order: 1..9 then 0 for "relaxed".
inline constexpr std::array<Gesture, 10> kGesturePalette = {
    Gesture::Smile,           Gesture::Nod,         Gesture::Laugh, Gesture::LeanIn,  Gesture::Thinking,
    Gesture::ChinOnHandLeft,  Gesture::ChinOnHandRight, Gesture::ArmsCrossed, Gesture::Wave, Gesture::Relaxed};
// The palette index a number key stands for, or -1.
[[nodiscard]] int gesture_key_index(sf::Keyboard::Key key);

class PairRoomScene : public Scene {
 public:
  explicit PairRoomScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::PairRoom; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

  // For tests.
  [[nodiscard]] const MeterWidget& meter() const { return meter_; }
  [[nodiscard]] std::size_t figures_shown() const { return members_.size(); }
  [[nodiscard]] std::size_t chat_lines_shown() const { return chat_texts_.size(); }
  [[nodiscard]] Dialog& dialog() { return dialog_; }
  [[nodiscard]] TextField& chat_field() { return chat_field_; }

 private:
  struct Member {
    std::uint32_t id = 0;
    AvatarFigure figure;
    sf::Text name;
    sf::Text bubble;
    std::uint64_t bubble_seq = 0;
    std::int64_t bubble_ms = 0;
    sf::FloatRect box;
  };
  void rebuild_members(SceneContext& ctx);
  void rebuild_chat(SceneContext& ctx);
  void send_chat(SceneContext& ctx);
  void open_report(SceneContext& ctx);
  void draw_stage(Canvas& canvas, SceneContext& ctx);
  void draw_chat(Canvas& canvas, SceneContext& ctx);

  SessionHeader header_;
  Panel stage_;
  Panel prompt_panel_;
  Label prompt_caption_{"Talk about", TextRole::Small, true};
  Label prompt_{"", TextRole::Body};
  Label palette_hint_{"", TextRole::Small};
  std::array<Button, kGesturePalette.size()> gestures_;
  Button break_{"Take a break", ButtonStyle::Secondary};
  Button report_{"Report partner", ButtonStyle::Secondary};
  Button leave_{"Leave", ButtonStyle::Secondary};
  Panel meter_panel_;  // no heading: the meter's first line says "Rapport"
  MeterWidget meter_;
  Panel chat_panel_{"Chat"};
  TextField chat_field_{"", kMaxChatBytes};
  Label counter_{"", TextRole::Small};
  Dialog dialog_;
  FocusChain focus_;

  std::vector<Member> members_;  // sized once per group, so texts keep their addresses
  std::uint32_t members_group_ = 0;
  std::size_t members_count_ = 0;
  std::uint64_t gesture_seq_seen_ = 0;
  std::uint64_t reason_seq_seen_ = 0;
  std::uint64_t chat_seq_seen_ = 0;
  std::vector<sf::Text> chat_texts_;
  sf::FloatRect chat_area_;
  bool needs_chat_layout_ = true;
  bool swallow_text_ = false;  // a Ctrl+number gesture: drop the digit it would type
};

}  // namespace rapport::client
