#pragma once
// Reflection after each rotation: for each partner, "how close do you feel?"
// on the seven-picture IOS scale, plus an optional kudos; then "thanks".
#include "scenes/scene.hpp"
#include "ui/session_header.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_ios_picker.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_stepper.hpp"

#include <array>

namespace rapport::client {

class ReflectionScene : public Scene {
 public:
  explicit ReflectionScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Reflection; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

  // For tests.
  [[nodiscard]] IosPicker& picker(std::size_t partner) { return blocks_[partner].picker; }
  [[nodiscard]] std::size_t partners_shown() const { return partner_count_; }
  [[nodiscard]] bool thanked() const { return sent_; }
  [[nodiscard]] std::uint8_t kudos_of(std::size_t partner) const { return blocks_[partner].kudos; }
  void send(SceneContext& ctx);

 private:
  struct Block {
    std::uint32_t partner = 0;
    Label question{"", TextRole::Body, true};
    AvatarFigure figure;
    sf::FloatRect figure_box;
    IosPicker picker;
    Stepper kudos_stepper{"Kudos (optional)"};
    std::uint8_t kudos = 0;
  };
  void rebuild(SceneContext& ctx);

  SessionHeader header_;
  Panel panel_;
  Label intro_{"", TextRole::Body};
  std::array<Block, kMaxGroupMembers - 1> blocks_;
  std::size_t partner_count_ = 0;
  std::uint32_t group_seen_ = static_cast<std::uint32_t>(-1);
  Button send_{"Send"};
  Label thanks_{"", TextRole::Heading, true};
  Label thanks_detail_{"", TextRole::Body};
  FocusChain focus_;
  bool sent_ = false;
};

}  // namespace rapport::client
