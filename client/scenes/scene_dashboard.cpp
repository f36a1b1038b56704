#include "scenes/scene_dashboard.hpp"

#include "ui/meter_widget.hpp"
#include "scenes/scene_lobby.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

// Tile sizes in design pixels: the preferred one shows names, avatars and a
// readable meter; the smallest still fits a name line and five bars.
constexpr float kTileWidth = 270.0F;
constexpr float kTileHeight = 136.0F;
constexpr float kMinTileWidth = 200.0F;
constexpr float kMinTileHeight = 136.0F;  // five meter rows with 18 px numbers need this height
constexpr float kTileGap = 10.0F;
constexpr float kTileLine = 30.0F;
// Extending adds a minute: long enough to finish a thought, short enough to keep the plan.
constexpr std::uint16_t kExtendSeconds = 60;

std::string_view player_status_word(PlayerStatus status) {
  switch (status) {
    case PlayerStatus::Lobby: return "waiting";
    case PlayerStatus::Paired: return "paired";
    case PlayerStatus::OnBreak: return "on break";
    case PlayerStatus::Away: return "away";
    case PlayerStatus::Host: return "host";
    case PlayerStatus::Muted: return "muted";
    case PlayerStatus::kCount: break;
  }
  return "";
}

void draw_status_icon(ShapeBatch& shapes, GroupStatusKind status, sf::Vector2f c, float s, const Palette& p) {
  switch (status) {
    case GroupStatusKind::Talking:  // a speech bubble
      shapes.rounded_rect({c.x - s * 0.45F, c.y - s * 0.35F, s * 0.9F, s * 0.55F}, s * 0.15F, p.ok);
      shapes.triangle({c.x - s * 0.25F, c.y + s * 0.15F}, {c.x, c.y + s * 0.15F}, {c.x - s * 0.3F, c.y + s * 0.42F}, p.ok);
      break;
    case GroupStatusKind::Quiet:  // three dots
      for (const float dx : {-0.3F, 0.0F, 0.3F}) shapes.circle({c.x + s * dx, c.y}, s * 0.1F, p.text_muted);
      break;
    case GroupStatusKind::Waiting:  // an hourglass
      shapes.triangle({c.x - s * 0.3F, c.y - s * 0.4F}, {c.x + s * 0.3F, c.y - s * 0.4F}, c, p.text_muted);
      shapes.triangle({c.x - s * 0.3F, c.y + s * 0.4F}, {c.x + s * 0.3F, c.y + s * 0.4F}, c, p.text_muted);
      break;
    case GroupStatusKind::Reconnecting:  // a broken circle
      shapes.arc(c, s * 0.32F, s * 0.12F, 0.6F, 5.4F, p.warn);
      break;
    case GroupStatusKind::Solo:  // one person
      shapes.circle({c.x, c.y - s * 0.18F}, s * 0.16F, p.text_muted);
      shapes.ellipse({c.x, c.y + s * 0.24F}, {s * 0.3F, s * 0.16F}, p.text_muted);
      break;
    case GroupStatusKind::Done:
    case GroupStatusKind::kCount:  // a tick
      shapes.capsule({c.x - s * 0.3F, c.y}, {c.x - s * 0.08F, c.y + s * 0.25F}, s * 0.07F, p.primary);
      shapes.capsule({c.x - s * 0.08F, c.y + s * 0.25F}, {c.x + s * 0.35F, c.y - s * 0.3F}, s * 0.07F, p.primary);
      break;
  }
}

}  // namespace

std::string_view group_status_name(GroupStatusKind status) {
  switch (status) {
    case GroupStatusKind::Talking: return "talking";
    case GroupStatusKind::Quiet: return "quiet";
    case GroupStatusKind::Waiting: return "waiting";
    case GroupStatusKind::Reconnecting: return "reconnecting";
    case GroupStatusKind::Solo: return "solo";
    case GroupStatusKind::Done: return "done";
    case GroupStatusKind::kCount: break;
  }
  return "";
}

TileGrid tile_grid(sf::FloatRect area, std::size_t count, float scale) {
  const float gap = kTileGap * scale;
  const auto fit = [&](float w, float h) {
    TileGrid g;
    g.columns = std::max<std::size_t>(1, static_cast<std::size_t>((area.width + gap) / (w * scale + gap)));
    g.rows = std::max<std::size_t>(1, static_cast<std::size_t>((area.height + gap) / (h * scale + gap)));
    g.tile = {(area.width - gap * static_cast<float>(g.columns - 1)) / static_cast<float>(g.columns),
              std::min(h * scale * 1.25F, (area.height - gap * static_cast<float>(g.rows - 1)) / static_cast<float>(g.rows))};
    return g;
  };
  TileGrid grid = fit(kTileWidth, kTileHeight);
  if (grid.per_page() < count) grid = fit(kMinTileWidth, kMinTileHeight);
  return grid;
}

std::unique_ptr<Scene> make_dashboard_scene(SceneContext& ctx) { return std::make_unique<DashboardScene>(ctx); }

DashboardScene::DashboardScene(SceneContext& ctx) {
  ClientSession& s = ctx.session;
  header_.set_title("Session dashboard");
  code_.set_letter_spacing(1.15F);
  pause_.on_activate([&s] { (void)s.host_command(s.view().paused() ? HostAction::Resume : HostAction::Pause); });
  extend_.on_activate([&s] { (void)s.host_command(HostAction::ExtendRound, 0, kExtendSeconds); });
  skip_.on_activate([&s] { (void)s.host_command(HostAction::SkipRound); });
  next_.on_activate([&s] { (void)s.host_command(HostAction::NextRotation); });
  lock_.on_activate(
      [&s] { (void)s.host_command(s.view().status().status.locked ? HostAction::Unlock : HostAction::Lock); });
  end_.on_activate([this, &ctx] { confirm_end(ctx); });
  const auto send_broadcast = [this, &s] {
    if (s.host_command(HostAction::Broadcast, 0, 0, false, broadcast_.text())) broadcast_.set_text("");
  };
  broadcast_.on_submit(send_broadcast);
  broadcast_.set_placeholder("Type, then Enter");
  send_.on_activate(send_broadcast);
  mute_.on_activate([this, &s] {
    const RosterEntry* e = s.entry(selected_player());
    if (e) (void)s.host_command(e->status == PlayerStatus::Muted ? HostAction::Unmute : HostAction::Mute, e->player_id);
  });
  kick_.on_activate([this, &ctx] { confirm_kick(ctx); });
  for (Widget* w : std::initializer_list<Widget*>{&pause_, &extend_, &skip_, &next_, &lock_, &end_, &broadcast_, &send_,
                                                  &people_, &mute_, &kick_}) {
    focus_.add(*w);
  }
  (void)focus_.focus(pause_);
  for (Button* b : {&pause_, &extend_, &skip_, &next_, &lock_, &end_, &send_, &mute_, &kick_}) b->set_small(true);
  for (auto& l : count_labels_) l.set_role(TextRole::Small);
  for (auto& n : count_numbers_) {
    n.set_role(TextRole::Heading);
    n.set_bold(true);
  }
  count_labels_[0].set_text("joined");
  count_labels_[1].set_text("paired");
  count_labels_[2].set_text("waiting");
  count_labels_[3].set_text("on break");
  for (auto& l : count_labels_) l.set_colour(ctx.theme.colours.text_muted);
  code_caption_.set_colour(ctx.theme.colours.text_muted);
  server_caption_.set_colour(ctx.theme.colours.text_muted);
  page_.set_colour(ctx.theme.colours.text_muted);
  page_.set_align(Align::Right);
  empty_.set_wrap(true);
  empty_.set_colour(ctx.theme.colours.text_muted);
}

std::uint32_t DashboardScene::selected_player() const {
  return people_.selected() < people_ids_.size() ? people_ids_[people_.selected()] : 0;
}

void DashboardScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  scale_ = t.scale();
  header_.place(f.rect(32, 12, 860, 76), f.rect(952, 18, 296, 60), t);
  code_panel_.place(f.rect(32, 96, 880, 100), t);
  code_caption_.place(f.rect(56, 104, 300, 26), t);
  code_.place(f.rect(54, 122, 300, 64), t);
  server_caption_.place(f.rect(378, 104, 200, 26), t);
  server_.place(f.rect(376, 134, 200, 30), t);
  for (std::size_t i = 0; i < count_numbers_.size(); ++i) {
    const float x = 580.0F + static_cast<float>(i) * 82.0F;
    count_numbers_[i].set_align(Align::Centre);
    count_labels_[i].set_align(Align::Centre);
    count_numbers_[i].place(f.rect(x, 110, 82, 40), t);
    count_labels_[i].place(f.rect(x, 152, 82, 26), t);
  }
  tiles_panel_.place(f.rect(32, 206, 880, 498), t);
  tiles_area_ = f.rect(48, 222, 848, 438);
  page_.place(f.rect(560, 668, 336, 26), t);
  empty_.place(f.rect(64, 240, 800, 80), t);
  controls_panel_.place(f.rect(928, 96, 320, 608), t);
  // Short captions share a row; the long ones get the full width.
  pause_.place(f.rect(944, 110, 140, 42), t);
  extend_.place(f.rect(1092, 110, 140, 42), t);
  skip_.place(f.rect(944, 158, 288, 42), t);
  next_.place(f.rect(944, 206, 288, 42), t);
  lock_.place(f.rect(944, 254, 140, 42), t);
  end_.place(f.rect(1092, 254, 140, 42), t);
  broadcast_.place(f.rect(944, 334, 204, 52), t);
  send_.place(f.rect(1156, 338, 76, 44), t);
  people_caption_.place(f.rect(946, 396, 280, 26), t);
  people_.place(f.rect(944, 424, 288, 206), t);
  mute_.place(f.rect(944, 644, 140, 44), t);
  kick_.place(f.rect(1092, 644, 140, 44), t);
  names_.set_font(t.bold(), t.char_size(t.type.small));
  small_.set_font(t.font(), t.char_size(t.type.small));
  dialog_.layout(t);
}

void DashboardScene::confirm_end(SceneContext& ctx) {
  dialog_.open({"End the session?", "Everyone moves to their debrief now, and you get the group summary. This cannot "
                                    "be undone.",
                "End for everyone", "Keep going", "", "",
                [&ctx](bool, const std::string&) { (void)ctx.session.host_command(HostAction::End); }},
               ctx.theme);
}

void DashboardScene::confirm_kick(SceneContext& ctx) {
  const std::uint32_t who = selected_player();
  if (who == 0) return;
  const std::string name = ctx.session.name_of(who);
  dialog_.open({"Remove " + name + "?", name + " leaves the session at once; their partner gets a new one or a solo "
                                             "card.",
                "Remove", "Cancel", "Also bar this name from rejoining", "",
                [&ctx, who](bool bar, const std::string&) {
                  (void)ctx.session.host_command(HostAction::Kick, who, 0, bar);
                }},
               ctx.theme);
}

void DashboardScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  if (dialog_.handle_event(event)) return;
  const bool typing = focus_.focused() == &broadcast_;
  if (event.type == sf::Event::KeyPressed && !typing) {
    const auto key = event.key.code;
    Button* hotkey = key == sf::Keyboard::P   ? &pause_
                     : key == sf::Keyboard::E ? &extend_
                     : key == sf::Keyboard::S ? &skip_
                     : key == sf::Keyboard::N ? &next_
                     : key == sf::Keyboard::L ? &lock_
                     : key == sf::Keyboard::M ? &mute_
                                              : nullptr;
    if (hotkey) {
      hotkey->activate();
      return;
    }
    if (key == sf::Keyboard::B) {  // jump to the broadcast field
      (void)focus_.focus(broadcast_);
      swallow_text_ = true;
      return;
    }
    if (key == sf::Keyboard::PageDown || key == sf::Keyboard::PageUp) {
      const std::size_t per_page = std::max<std::size_t>(1, grid_.per_page());
      const std::size_t pages = (ctx.session.view().tiles().size() + per_page - 1) / per_page;
      if (key == sf::Keyboard::PageDown && page_index_ + 1 < pages) ++page_index_;
      if (key == sf::Keyboard::PageUp && page_index_ > 0) --page_index_;
      return;
    }
  }
  if (event.type == sf::Event::TextEntered && swallow_text_) {
    swallow_text_ = false;
    return;
  }
  if (event.type == sf::Event::MouseButtonPressed) {
    // A click on a tile selects its first member in the people list.
    const sf::Vector2f point{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
    const auto& tiles = ctx.session.view().tiles();
    const std::size_t first = page_index_ * grid_.per_page();
    for (std::size_t i = 0; i < grid_.per_page() && first + i < tiles.size(); ++i) {
      const float gap = kTileGap * scale_;
      const sf::FloatRect r{tiles_area_.left + static_cast<float>(i % grid_.columns) * (grid_.tile.x + gap),
                            tiles_area_.top + static_cast<float>(i / grid_.columns) * (grid_.tile.y + gap),
                            grid_.tile.x, grid_.tile.y};
      if (!r.contains(point) || tiles[first + i].members.empty()) continue;
      const auto it = std::find(people_ids_.begin(), people_ids_.end(), tiles[first + i].members.front());
      if (it != people_ids_.end()) people_.select(static_cast<std::size_t>(it - people_ids_.begin()));
      return;
    }
  }
  (void)focus_.handle_event(event);
}

void DashboardScene::rebuild_people(SceneContext& ctx) {
  const ClientSession& s = ctx.session;
  roster_revision_seen_ = s.roster().revision();
  const std::uint32_t keep = selected_player();
  people_ids_.clear();
  std::vector<ListRow> rows;
  for (const auto& [id, entry] : s.roster().entries()) {
    if (entry.status == PlayerStatus::Host) continue;
    people_ids_.push_back(id);
    rows.push_back({entry.name, std::string(player_status_word(entry.status))});
  }
  people_.set_rows(std::move(rows));
  const auto it = std::find(people_ids_.begin(), people_ids_.end(), keep);
  if (it != people_ids_.end()) people_.select(static_cast<std::size_t>(it - people_ids_.begin()));
}

void DashboardScene::update(SceneContext& ctx) {
  if (follow_session(ctx, SceneName::Dashboard)) return;
  const ClientSession& s = ctx.session;
  const SessionView& view = s.view();
  const rapport::SessionStatus& st = view.status().status;
  header_.update(s, ctx.now_ms);
  code_.set_text(spaced_join_code(s.session_code()));
  server_.set_text(s.server_address());
  const std::array<std::uint16_t, 4> counts{st.joined, st.paired, st.waiting, st.on_break};
  for (std::size_t i = 0; i < counts.size(); ++i) count_numbers_[i].set_text(std::to_string(counts[i]));
  if (s.roster().revision() != roster_revision_seen_) rebuild_people(ctx);
  pause_.set_caption(view.paused() ? "Resume (P)" : "Pause (P)");
  lock_.set_caption(st.locked ? "Unlock (L)" : "Lock (L)");
  const RosterEntry* selected = s.entry(selected_player());
  mute_.set_caption(selected && selected->status == PlayerStatus::Muted ? "Unmute (M)" : "Mute (M)");
  mute_.set_enabled(selected != nullptr);
  kick_.set_enabled(selected != nullptr);
  const bool running = st.phase == SessionPhase::Round || st.phase == SessionPhase::Reflection;
  for (Button* b : {&pause_, &extend_, &skip_, &next_}) b->set_enabled(running);
  grid_ = tile_grid(tiles_area_, view.tiles().size(), scale_);
  const std::size_t per_page = std::max<std::size_t>(1, grid_.per_page());
  const std::size_t pages = std::max<std::size_t>(1, (view.tiles().size() + per_page - 1) / per_page);
  page_index_ = std::min(page_index_, pages - 1);
  page_.set_text(pages > 1 ? "Page " + std::to_string(page_index_ + 1) + " of " + std::to_string(pages) +
                                 " (Page Up / Page Down)"
                           : std::to_string(view.tiles().size()) + (view.tiles().size() == 1 ? " group" : " groups"));
  empty_.set_text(view.tiles().empty() ? "Groups appear here as soon as the first rotation pairs people." : "");
}

void DashboardScene::draw_tiles(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  const ClientSession& s = ctx.session;
  const auto& tiles = s.view().tiles();
  ShapeBatch& shapes = canvas.shapes();
  names_.clear();
  small_.clear();
  tiles_drawn_ = 0;
  const float gap = kTileGap * scale_;
  const float pad = t.px(10.0F);
  const float line = t.px(kTileLine);
  const std::uint32_t selected = selected_player();
  const std::size_t first = page_index_ * grid_.per_page();
  for (std::size_t i = 0; i < grid_.per_page() && first + i < tiles.size(); ++i) {
    const GroupTile& tile = tiles[first + i];
    const sf::FloatRect r{tiles_area_.left + static_cast<float>(i % grid_.columns) * (grid_.tile.x + gap),
                          tiles_area_.top + static_cast<float>(i / grid_.columns) * (grid_.tile.y + gap), grid_.tile.x,
                          grid_.tile.y};
    const bool has_selected = std::find(tile.members.begin(), tile.members.end(), selected) != tile.members.end();
    shapes.rounded_rect(r, t.px(10.0F), mix(p.panel, p.background_accent, 0.55F));
    if (has_selected) shapes.rounded_outline(r, t.px(10.0F), t.px(3.0F), p.focus);
    // Names, then the status as an icon and a word.
    std::string names;
    for (std::size_t m = 0; m < tile.members.size(); ++m) {
      names += (m == 0 ? "" : m + 1 == tile.members.size() ? " & " : ", ") + s.name_of(tile.members[m]);
    }
    const std::string status(group_status_name(tile.status));
    const float status_w = small_.measure(to_sf(status)) + t.px(26.0F);
    const float text_y = r.top + pad + line / 2 - names_.cap_middle();
    names_.add_fitted(to_sf(names), {r.left + pad, text_y}, r.width - 3 * pad - status_w, p.text);
    draw_status_icon(shapes, tile.status, {r.left + r.width - pad - status_w + t.px(9.0F), r.top + pad + line / 2},
                     t.px(20.0F), p);
    small_.add(to_sf(status), {r.left + r.width - pad - status_w + t.px(24.0F), text_y}, p.text_muted);
    // Small avatars on the left, the compact meter on the right.
    const sf::FloatRect body{r.left + pad, r.top + pad + line + t.px(4.0F), r.width - 2 * pad,
                             r.height - 2 * pad - line - t.px(4.0F)};
    const float avatar_area = body.width * 0.36F;
    const std::size_t n = std::max<std::size_t>(1, tile.members.size());
    const float side = std::min(body.height, avatar_area / (0.55F * static_cast<float>(n) + 0.45F));
    for (std::size_t m = 0; m < tile.members.size(); ++m) {
      const RosterEntry* e = s.entry(tile.members[m]);
      const sf::FloatRect box{body.left + static_cast<float>(m) * side * 0.55F, body.top + (body.height - side) / 2,
                              side, side};
      ctx.avatars.draw_figure(shapes, e ? e->avatar : Avatar{}, box, AvatarPose{});
    }
    draw_compact_meter(shapes, small_, t, {body.left + avatar_area + pad, body.top, body.width - avatar_area - pad, body.height},
                       tile.meter);
    ++tiles_drawn_;
  }
  canvas.text(names_);
  canvas.text(small_);
}

void DashboardScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  code_panel_.draw(canvas, t, now);
  code_caption_.draw(canvas, t, now);
  code_.draw(canvas, t, now);
  server_.draw(canvas, t, now);
  server_caption_.draw(canvas, t, now);
  for (auto& l : count_numbers_) l.draw(canvas, t, now);
  for (auto& l : count_labels_) l.draw(canvas, t, now);
  tiles_panel_.draw(canvas, t, now);
  draw_tiles(canvas, ctx);
  page_.draw(canvas, t, now);
  empty_.draw(canvas, t, now);
  controls_panel_.draw(canvas, t, now);
  for (Widget* w : std::initializer_list<Widget*>{&pause_, &extend_, &skip_, &next_, &lock_, &end_, &broadcast_, &send_,
                                                  &people_caption_, &people_, &mute_, &kick_}) {
    w->draw(canvas, t, now);
  }
  dialog_.draw(canvas, t, now);
}

bool DashboardScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().started() && !ctx.session.view().tiles().empty() && tiles_drawn_ > 0;
}

}  // namespace rapport::client
