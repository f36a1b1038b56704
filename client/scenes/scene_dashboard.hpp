#pragma once
// The host's dashboard once the session runs: the join code and server
// address, large; counts (joined, paired, waiting, on break); every group as
// a tile with small avatars, names, status and a compact meter; the timer;
// and every host control by keyboard and mouse. Tiles are drawn in batches:
// one shape batch for panels, meters and avatars, two glyph batches for text.
#include "render/glyph_batch.hpp"
#include "scenes/scene.hpp"
#include "ui/session_header.hpp"
#include "ui/ui_button.hpp"
#include "ui/ui_dialog.hpp"
#include "ui/ui_list.hpp"
#include "ui/ui_panel.hpp"
#include "ui/ui_text_field.hpp"

#include <array>

namespace rapport::client {

// How the tiles fill an area: columns, rows and how many fit on one page.
struct TileGrid {
  std::size_t columns = 0;
  std::size_t rows = 0;
  sf::Vector2f tile;
  [[nodiscard]] std::size_t per_page() const { return columns * rows; }
};
[[nodiscard]] TileGrid tile_grid(sf::FloatRect area, std::size_t count, float scale);
[[nodiscard]] std::string_view group_status_name(GroupStatusKind status);

class DashboardScene : public Scene {
 public:
  explicit DashboardScene(SceneContext& ctx);

  [[nodiscard]] SceneName name() const override { return SceneName::Dashboard; }
  void layout(SceneContext& ctx) override;
  void handle_event(const sf::Event& event, SceneContext& ctx) override;
  void update(SceneContext& ctx) override;
  void draw(Canvas& canvas, SceneContext& ctx) override;
  [[nodiscard]] bool ready(const SceneContext& ctx) const override;

  // For tests.
  [[nodiscard]] std::size_t tiles_drawn() const { return tiles_drawn_; }
  [[nodiscard]] std::size_t glyphs_drawn() const { return names_.glyph_count() + small_.glyph_count(); }
  [[nodiscard]] std::uint32_t selected_player() const;
  [[nodiscard]] Dialog& dialog() { return dialog_; }

 private:
  void rebuild_people(SceneContext& ctx);
  void draw_tiles(Canvas& canvas, SceneContext& ctx);
  void confirm_end(SceneContext& ctx);
  void confirm_kick(SceneContext& ctx);

  SessionHeader header_;
  Panel code_panel_;
  Label code_caption_{"Join code", TextRole::Small, true};
  Label code_{"", TextRole::Title, true};
  Label server_caption_{"Server address", TextRole::Small, true};
  Label server_{"", TextRole::Body, true};
  std::array<Label, 4> count_numbers_;
  std::array<Label, 4> count_labels_;
  Panel tiles_panel_;
  sf::FloatRect tiles_area_;
  Label page_{"", TextRole::Small};
  Label empty_{"", TextRole::Body};
  Panel controls_panel_;
  Button pause_{"Pause (P)"};
  Button extend_{"+1 min (E)", ButtonStyle::Secondary};
  Button skip_{"Skip round (S)", ButtonStyle::Secondary};
  Button next_{"Next rotation (N)", ButtonStyle::Secondary};
  Button lock_{"Lock (L)", ButtonStyle::Secondary};
  Button end_{"End\u2026", ButtonStyle::Secondary};
  TextField broadcast_{"Message to everyone", kMaxTextBytes};
  Button send_{"Send", ButtonStyle::Primary};
  Label people_caption_{"People", TextRole::Small, true};
  List people_;
  Button mute_{"Mute", ButtonStyle::Secondary};
  Button kick_{"Remove\u2026", ButtonStyle::Secondary};
  Dialog dialog_;
  FocusChain focus_;

  std::vector<std::uint32_t> people_ids_;  // the list's rows, in order
  std::uint32_t roster_revision_seen_ = static_cast<std::uint32_t>(-1);
  TileGrid grid_;
  std::size_t page_index_ = 0;
  GlyphBatch names_;  // bold: names on tiles
  GlyphBatch small_;  // regular: status words and meter numbers
  std::size_t tiles_drawn_ = 0;
  float scale_ = 1.0F;
  bool swallow_text_ = false;  // "B" jumps to the field; its letter must not be typed
};

}  // namespace rapport::client
