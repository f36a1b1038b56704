#include "scenes/scene_lobby.hpp"

#include "rapport/pairing/pairing.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

// Card proportions (width / height) and size bounds in design pixels: big
// enough to recognise a face on a projector, small enough for 40 people.
constexpr float kCardAspect = 0.78F;
constexpr float kMaxCardWidth = 150.0F;
constexpr float kMinCardWidth = 100.0F;  // fits most first names at 18 px
constexpr float kMinAvatar = 40.0F;
constexpr float kCardGap = 12.0F;
constexpr float kCardTextHeight = 48.0F;
constexpr std::size_t kMaxRows = 16;

// Shortens a one-line text with "…" until it fits `width`.
void fit_text(sf::Text& text, const std::string& utf8, float width) {
  sf::String full = to_sf(utf8);
  text.setString(full);
  if (text.getLocalBounds().width <= width) return;
  while (full.getSize() > 1) {
    full.erase(full.getSize() - 1);
    text.setString(full + sf::String(static_cast<sf::Uint32>(0x2026)));  // an ellipsis
    if (text.getLocalBounds().width <= width) return;
  }
}

}  // namespace

std::string spaced_join_code(const std::string& code) {
  if (code.size() != kJoinCodeLength) return code;
  return code.substr(0, 3) + " " + code.substr(3);
}

sf::FloatRect lobby_roster_area(const Theme& theme, bool host_view) {
  const DesignFrame f = design_frame(theme);
  return host_view ? f.rect(68, 344, 820, 340) : f.rect(68, 206, 820, 478);
}

namespace {

struct GridChoice {
  std::size_t rows = 0;
  std::size_t cols = 0;
  sf::Vector2f card;
};

// Tries every row count and keeps the one that gives the biggest faces while
// cards stay wide enough. rows == 0 when nothing fits.
GridChoice choose_grid(sf::FloatRect area, std::size_t count, float scale, float text_h, float min_w) {
  const float gap = kCardGap * scale;
  GridChoice best;
  float best_avatar = -1;
  for (std::size_t rows = 1; rows <= kMaxRows; ++rows) {
    const std::size_t cols = (count + rows - 1) / rows;
    const float w =
        std::min(kMaxCardWidth * scale, (area.width - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols));
    const float h =
        std::min(w / kCardAspect, (area.height - static_cast<float>(rows - 1) * gap) / static_cast<float>(rows));
    const float avatar = std::min(w, h - text_h);
    if (w < min_w || avatar < kMinAvatar * scale) continue;
    if (avatar > best_avatar) {
      best_avatar = avatar;
      best = {rows, cols, {w, h}};
    }
  }
  return best;
}

}  // namespace

LobbyGrid lobby_grid(sf::FloatRect area, std::size_t count, float scale) {
  LobbyGrid grid;
  if (count == 0) return grid;
  const float gap = kCardGap * scale;
  GridChoice choice = choose_grid(area, count, scale, kCardTextHeight * scale, kMinCardWidth * scale);
  if (choice.rows == 0) {
    // A big group: faces with initials only, no name lines.
    grid.compact = true;
    choice = choose_grid(area, count, scale, 0.0F, kMinAvatar * scale);
  }
  std::size_t shown = count;
  if (choice.rows == 0) {
    // Too many to show at a readable size: fill the area with the smallest
    // cards and let the last one say how many more there are.
    const float side = kMinAvatar * scale;
    choice.cols = std::max<std::size_t>(1, static_cast<std::size_t>((area.width + gap) / (side + gap)));
    choice.rows = std::max<std::size_t>(1, static_cast<std::size_t>((area.height + gap) / (side + gap)));
    choice.card = {side, side};
    shown = std::min(count, choice.cols * choice.rows);
    if (shown < count) grid.hidden = count - shown + 1;
  }
  const std::size_t used_cols = std::min(choice.cols, shown);
  const float used_width = static_cast<float>(used_cols) * choice.card.x + static_cast<float>(used_cols - 1) * gap;
  const float left = area.left + (area.width - used_width) / 2.0F;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto col = static_cast<float>(i % choice.cols);
    const auto row = static_cast<float>(i / choice.cols);
    grid.cards.push_back(
        {left + col * (choice.card.x + gap), area.top + row * (choice.card.y + gap), choice.card.x, choice.card.y});
  }
  return grid;
}

sf::FloatRect lobby_card_avatar_box(sf::FloatRect card, float scale, bool compact) {
  if (compact) {
    const float side = std::min(card.width, card.height);
    return {card.left + (card.width - side) / 2.0F, card.top + (card.height - side) / 2.0F, side, side};
  }
  const float side = std::min(card.width, card.height - kCardTextHeight * scale) * 0.92F;
  return {card.left + (card.width - side) / 2.0F, card.top + scale * 4.0F, side, side};
}

std::unique_ptr<Scene> make_lobby_scene(SceneContext& ctx) { return std::make_unique<LobbyScene>(ctx); }

LobbyScene::LobbyScene(SceneContext& ctx) : host_view_(ctx.session.is_host()) {
  leave_.on_activate([&ctx] { ctx.session.leave(); });
  start_.on_activate([&ctx] { (void)ctx.session.host_command(HostAction::Start); });
  start_.set_visible(host_view_);
  start_hint_.set_visible(host_view_);
  start_hint_.set_colour(ctx.theme.colours.text_muted);
  teams_.set_selectable(false);
  if (host_view_) focus_.add(start_);
  // Participants: the deck's optional profile questions, once the server sent them.
  profile_.on_activate([&ctx] { ctx.stack.replace(make_profile_scene(ctx)); });
  profile_.set_visible(false);
  focus_.add(profile_);
  focus_.add(leave_);
  code_.set_letter_spacing(1.4F);
  code_.set_align(Align::Centre);
  code_.set_colour(ctx.theme.colours.text);
  code_caption_.set_wrap(true);
  roster_empty_.set_wrap(true);
  roster_empty_.set_colour(ctx.theme.colours.text_muted);
  subtitle_.set_colour(ctx.theme.colours.text_muted);
}

void LobbyScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  scale_ = t.scale();
  title_.place(f.rect(48, 20, 600, 70), t);
  subtitle_.place(f.rect(50, 90, 900, 34), t);
  status_box_ = f.rect(960, 32, 272, 46);
  status_.place(f.rect(1004, 42, 224, 26), t);
  const float top = host_view_ ? 332.0F : 136.0F;
  if (host_view_) {
    roster_panel_.set_heading("");  // the side panel already counts people; faces get the room
    code_panel_.place(f.rect(48, 136, 1184, 180), t);
    code_caption_.place(f.rect(84, 156, 380, 90), t);
    code_.place(f.rect(470, 142, 740, 160), t);
  }
  roster_panel_.place(f.rect(48, top, 860, 720 - 24 - top), t);
  roster_empty_.place(lobby_roster_area(t, host_view_), t);
  side_panel_.place(f.rect(932, top, 300, 720 - 24 - top), t);
  count_.place(f.rect(956, top + 66, 252, 34), t);
  // The host's Start button sits in the code panel, under the instructions.
  teams_.place(f.rect(956, top + 108, 252, 720 - 24 - top - 108 - (host_view_ ? 84 : 144)), t);
  profile_.place(f.rect(956, 720 - 24 - 132, 252, 52), t);
  start_.place(f.rect(84, 252, 250, 50), t);
  start_hint_.place(f.rect(346, 264, 150, 30), t);
  leave_.place(f.rect(956, 720 - 24 - 72, 252, 52), t);
  roster_revision_seen_ = 0;  // text sizes changed: rebuild the cards
  roster_size_seen_ = static_cast<std::size_t>(-1);
}

void LobbyScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  if (focus_.handle_event(event)) return;
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape) ctx.session.leave();
  if (host_view_ && event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::S) start_.activate();
  if (host_view_ && event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::V) {
    // Mentors are the host's call: V confirms everyone who asked to be a veteran.
    for (const auto& [id, entry] : ctx.session.roster().entries()) {
      if (entry.role == kRequestedVeteranRole) (void)ctx.session.host_command(HostAction::SetRole, id, 0, false, kVeteranRole);
    }
  }
}

void LobbyScene::update(SceneContext& ctx) {
  const ClientSession& session = ctx.session;
  if (follow_session(ctx, SceneName::Lobby)) return;
  profile_.set_visible(!host_view_ && session.view().profile_questions().has_value() &&
                       !session.view().profile_questions()->questions.empty());
  const std::string code = spaced_join_code(session.session_code());
  if (host_view_) {
    title_.set_text("Your session is open");
    subtitle_.set_text("Program: " + session.program() + ". Start when everyone is in.");
    code_caption_.set_text("To join, open Rapport, use the server address " + session.server_address() +
                           " and type this code:");
    code_.set_text(code);
  } else {
    const RosterEntry* host = session.host_entry();
    title_.set_text("You're in, " + session.my_name() + "!");
    subtitle_.set_text((host ? host->name + " is hosting. " : std::string()) +
                       "The first round starts soon. Say hello to the people around you.");
  }
  if (session.status() == SessionStatus::Reconnecting) {
    subtitle_.set_text(session.status_line(ctx.now_ms));  // the retry countdown in words
  }
  const std::size_t people = session.participant_count();
  // The server needs two people to pair; say so rather than refuse silently.
  constexpr std::size_t kPeopleToStart = 2;
  start_.set_enabled(people >= kPeopleToStart);
  const auto asking = static_cast<std::size_t>(
      std::count_if(session.roster().entries().begin(), session.roster().entries().end(),
                    [](const auto& kv) { return kv.second.role == kRequestedVeteranRole; }));
  start_hint_.set_text(std::string(people >= kPeopleToStart ? "or press S" : "needs two people") +
                       (asking > 0 ? " · V: confirm " + std::to_string(asking) + (asking == 1 ? " mentor" : " mentors")
                                   : std::string()));
  count_.set_text(std::to_string(people) + (people == 1 ? " person is here" : " people are here"));
  roster_empty_.set_text(host_view_ ? "Nobody has joined yet. Share the code above; people appear here as they join."
                                    : "Waiting for the roster…");
  if (session.roster().revision() != roster_revision_seen_ || session.roster().size() != roster_size_seen_) {
    rebuild_cards(ctx);
  }
}

void LobbyScene::rebuild_cards(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const bool first_roster = roster_size_seen_ == static_cast<std::size_t>(-1) || first_seen_ms_.empty();
  roster_revision_seen_ = session.roster().revision();
  roster_size_seen_ = session.roster().size();

  std::vector<const RosterEntry*> people;
  std::map<std::string, std::size_t> teams;
  for (const auto& [id, entry] : session.roster().entries()) {
    if (entry.status == PlayerStatus::Host) continue;
    people.push_back(&entry);
    ++teams[entry.team];
  }
  // Me first, then everyone in the order they arrived (player ids grow).
  std::stable_partition(people.begin(), people.end(),
                        [&](const RosterEntry* e) { return e->player_id == session.my_id(); });
  grid_ = lobby_grid(lobby_roster_area(t, host_view_), people.size(), scale_);
  cards_.resize(grid_.cards.size());
  for (std::size_t i = 0; i < cards_.size(); ++i) {
    const RosterEntry& entry = *people[i];
    Card& card = cards_[i];
    card.player_id = entry.player_id;
    card.me = entry.player_id == session.my_id();
    card.figure.set(entry.avatar, entry.name);
    const auto [seen, inserted] = first_seen_ms_.try_emplace(entry.player_id, ctx.now_ms);
    if (inserted && !first_roster) card.figure.play(Gesture::Wave, seen->second);  // a newcomer says hello
    const float width = grid_.cards[i].width;
    card.name.setFont(t.bold());
    card.name.setCharacterSize(t.char_size(t.type.small));
    card.name.setFillColor(t.colours.text);
    card.team.setFont(t.font());
    card.team.setCharacterSize(t.char_size(t.type.small));
    card.team.setFillColor(t.colours.text_muted);
    const bool last_is_more = grid_.hidden > 0 && i + 1 == cards_.size();
    fit_text(card.name, last_is_more ? "+" + std::to_string(grid_.hidden) + " more" : entry.name, width);
    fit_text(card.team, last_is_more ? "" : (card.me ? "you" : entry.team), width);
    if (entry.status == PlayerStatus::Away && !last_is_more) fit_text(card.team, "away", width);
  }
  std::vector<ListRow> rows;
  for (const auto& [team, n] : teams) rows.push_back({team.empty() ? "No team" : team, std::to_string(n)});
  teams_.set_rows(std::move(rows));
}

void LobbyScene::draw_cards(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  ShapeBatch& shapes = canvas.shapes();
  for (std::size_t i = 0; i < cards_.size() && i < grid_.cards.size(); ++i) {
    Card& card = cards_[i];
    const sf::FloatRect r = grid_.cards[i];
    if (card.me) {
      // "You" is marked by a tinted card and the word "you", not colour alone.
      shapes.rounded_rect(r, t.px(12.0F), t.colours.selection);
    }
    const bool last_is_more = grid_.hidden > 0 && i + 1 == cards_.size();
    const sf::FloatRect box = lobby_card_avatar_box(r, scale_, grid_.compact);
    if (last_is_more) {
      shapes.circle({box.left + box.width / 2, box.top + box.height / 2}, box.width * 0.4F, t.colours.secondary);
    } else {
      card.figure.draw(canvas, t, ctx.avatars, box, ctx.now_ms);
    }
    if (grid_.compact) continue;  // faces and initials only
    const float text_top = box.top + box.height + t.px(2.0F);
    place_line(card.name, {r.left, text_top, r.width, t.px(22.0F)}, r.left, true);
    place_line(card.team, {r.left, text_top + t.px(21.0F), r.width, t.px(22.0F)}, r.left, true);
    canvas.text(card.name);
    canvas.text(card.team);
  }
}

void LobbyScene::draw_status(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const bool ok = session.status() == SessionStatus::InSession;
  status_.set_text(ok ? "Connected" : "Reconnecting…");
  ShapeBatch& shapes = canvas.shapes();
  shapes.rounded_rect(status_box_, status_box_.height / 2.0F, t.colours.panel);
  const sf::Vector2f dot{status_box_.left + t.px(24.0F), status_box_.top + status_box_.height / 2.0F};
  shapes.circle(dot, t.px(11.0F), ok ? t.colours.ok : t.colours.warn);
  if (ok) {  // a tick inside the dot, so the state does not rely on green alone
    shapes.capsule({dot.x - t.px(5.0F), dot.y}, {dot.x - t.px(1.5F), dot.y + t.px(4.0F)}, t.px(1.6F), sf::Color::White);
    shapes.capsule({dot.x - t.px(1.5F), dot.y + t.px(4.0F)}, {dot.x + t.px(5.5F), dot.y - t.px(4.5F)}, t.px(1.6F),
                   sf::Color::White);
  } else {
    for (const float dx : {-5.0F, 0.0F, 5.0F}) shapes.circle({dot.x + t.px(dx), dot.y}, t.px(1.8F), sf::Color::White);
  }
  status_.draw(canvas, t, ctx.now_ms);
}

void LobbyScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  title_.draw(canvas, t, now);
  subtitle_.draw(canvas, t, now);
  if (host_view_) {
    code_panel_.draw(canvas, t, now);
    code_caption_.draw(canvas, t, now);
    code_.draw(canvas, t, now);
  }
  roster_panel_.draw(canvas, t, now);
  side_panel_.draw(canvas, t, now);
  count_.draw(canvas, t, now);
  teams_.draw(canvas, t, now);
  profile_.draw(canvas, t, now);
  leave_.draw(canvas, t, now);
  start_.draw(canvas, t, now);
  start_hint_.draw(canvas, t, now);
  if (cards_.empty()) roster_empty_.draw(canvas, t, now);
  draw_cards(canvas, ctx);
  draw_status(canvas, ctx);
}

bool LobbyScene::ready(const SceneContext& ctx) const {
  return ctx.session.status() == SessionStatus::InSession && ctx.session.roster().size() > 0 &&
         cards_.size() == grid_.cards.size() && !ctx.session.session_code().empty();
}

}  // namespace rapport::client
