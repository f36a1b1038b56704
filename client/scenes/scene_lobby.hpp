#pragma once
// The lobby: who is here (avatars with names and teams), and for the host
// the join code, large enough to read on a projector from the back row.
#include "scenes/scene.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_list.hpp"
#include "ui/ui_panel.hpp"

#include <SFML/Graphics/Text.hpp>

#include <map>

namespace rapport::client {

// The roster grid's geometry, public so tests can find each avatar in a
// screenshot. All rectangles are in window pixels.
struct LobbyGrid {
  std::vector<sf::FloatRect> cards;  // one per shown participant, in roster order
  std::size_t hidden = 0;            // participants that did not fit ("+N more" in the last card)
  bool compact = false;              // big groups: faces and initials only, no name lines
};
[[nodiscard]] sf::FloatRect lobby_roster_area(const Theme& theme, bool host_view);
[[nodiscard]] LobbyGrid lobby_grid(sf::FloatRect area, std::size_t count, float scale);
// Where the avatar figure sits inside a card (the rest holds name and team).
[[nodiscard]] sf::FloatRect lobby_card_avatar_box(sf::FloatRect card, float scale, bool compact = false);
// "K7MQXR" -> "K7M QXR": two groups of three are easier to read out and copy.
[[nodiscard]] std::string spaced_join_code(const std::string& code);

class LobbyScene : public Scene {
 public:
  explicit LobbyScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Lobby; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

 private:
  struct Card {
    AvatarFigure figure;
    sf::Text name;
    sf::Text team;
    std::uint32_t player_id = 0;
    bool me = false;
  };
  void rebuild_cards(SceneContext& ctx);
  void draw_cards(Canvas& canvas, SceneContext& ctx);
  void draw_status(Canvas& canvas, SceneContext& ctx);

  bool host_view_ = false;
  Label title_{"Lobby", TextRole::Title, true};
  Label subtitle_{"", TextRole::Body};
  Panel code_panel_;
  Label code_caption_{"", TextRole::Body};
  Label code_{"", TextRole::Code, true};
  Panel roster_panel_{"Who is here"};
  Label roster_empty_{"", TextRole::Body};
  Panel side_panel_{"Teams"};
  List teams_;
  Label count_{"", TextRole::Body, true};
  Button start_{"Start the session"};
  Label start_hint_{"", TextRole::Small};
  Button profile_{"A few questions", ButtonStyle::Secondary};
  Button leave_{"Leave session", ButtonStyle::Secondary};
  Label status_{"", TextRole::Small, true};
  sf::FloatRect status_box_;
  FocusChain focus_;
  std::vector<Card> cards_;  // reserved up front so texts keep their addresses
  LobbyGrid grid_;
  std::uint32_t roster_revision_seen_ = 0;
  std::size_t roster_size_seen_ = 0;
  std::map<std::uint32_t, std::int64_t> first_seen_ms_;  // new arrivals wave hello
  float scale_ = 1.0F;
};

}  // namespace rapport::client
