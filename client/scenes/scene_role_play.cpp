#include "scenes/scene_pair_room.hpp"
#include "scenes/scene_rounds.hpp"
#include "rapport/rounds/role_play/role_play.hpp"
#include "rapport/content/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

constexpr std::int64_t kBubbleMs = 8000;
constexpr float kAvatarSide = 150.0F;
// Design height of the stage while in character (the card and gestures below).
constexpr float kActingStage = 280.0F;
constexpr std::array<const char*, kGesturePalette.size()> kCaptions = {
    "1 Smile", "2 Nod", "3 Laugh", "4 Lean in", "5 Think", "6 Chin left", "7 Chin right", "8 Arms crossed", "9 Wave",
    "0 Relaxed"};

// The scenario's dress code (0..4) in plain words.
constexpr std::array<const char*, 5> kDressCodes = {"casual", "relaxed", "smart casual", "business", "formal"};

RolePlayPhase phase_of(const RolePlayView& view) {
  return view.phase < static_cast<std::uint8_t>(RolePlayPhase::kCount) ? static_cast<RolePlayPhase>(view.phase)
                                                                       : RolePlayPhase::Acting;
}

// A rectangle in fractions of `box`.
sf::FloatRect part(sf::FloatRect box, float x, float y, float w, float h) {
  return {box.left + box.width * x, box.top + box.height * y, box.width * w, box.height * h};
}
sf::Vector2f at(sf::FloatRect box, float x, float y) { return {box.left + box.width * x, box.top + box.height * y}; }

const WireCard* card_of(const RolePlayView& view, std::uint32_t player) {
  const auto it = std::find_if(view.cards.begin(), view.cards.end(), [&](const WireCard& c) { return c.player == player; });
  return it == view.cards.end() ? nullptr : &*it;
}

}  // namespace

std::unique_ptr<Scene> make_role_play_scene(SceneContext& ctx) { return std::make_unique<RolePlayScene>(ctx); }

RolePlayScene::RolePlayScene(SceneContext& ctx) : RoundScene(ctx) {
  for (std::size_t i = 0; i < gestures_.size(); ++i) {
    gestures_[i].set_caption(kCaptions[i]);
    gestures_[i].set_style(ButtonStyle::Secondary);
    gestures_[i].set_small(true);
    gestures_[i].on_activate([&ctx, i] { (void)ctx.session.send_gesture(kGesturePalette[i]); });
    focus_.add(gestures_[i]);
  }
  send_guess_.on_activate([this, &ctx] {
    if (auto guess = pending_guess(ctx); guess && ctx.session.send(*guess)) {
      guess_sent_ = true;
      goal_ = -1;
      feeling_ = -1;
    }
  });
  focus_.add(send_guess_);
}

std::optional<RolePlayGuessPost> RolePlayScene::pending_guess(const SceneContext& ctx) const {
  const auto& view = ctx.session.view().role_play();
  if (!view || view->guess_targets.empty()) return std::nullopt;
  return make_guess(*view, view->guess_targets.front(), goal_, feeling_);
}

void RolePlayScene::layout_main(SceneContext& ctx, const DesignFrame& f) {
  (void)ctx;
  (void)f;
  members_group_ = static_cast<std::uint32_t>(-1);  // place the figures again
}

void RolePlayScene::turn_card_page(int by) {
  const auto pages = static_cast<int>(std::max<std::size_t>(1, card_pages_));
  card_page_ = static_cast<std::size_t>(((static_cast<int>(card_page_) + by) % pages + pages) % pages);
}

bool RolePlayScene::handle_main(const sf::Event& event, SceneContext& ctx) {
  if (handle_gesture_key(event, ctx)) return true;
  if (event.type == sf::Event::KeyPressed &&
      (event.key.code == sf::Keyboard::PageDown || event.key.code == sf::Keyboard::PageUp)) {
    turn_card_page(event.key.code == sf::Keyboard::PageDown ? 1 : -1);
    return true;
  }
  if (event.type != sf::Event::MouseButtonPressed || event.mouseButton.button != sf::Mouse::Left) return false;
  const sf::Vector2f p{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
  if (card_pages_ > 1 && std::any_of(card_boxes_.begin(), card_boxes_.end(), [&](const sf::FloatRect& b) { return b.contains(p); })) {
    turn_card_page(1);
    return true;
  }
  for (std::size_t i = 0; i < goal_boxes_.size(); ++i) {
    if (goal_boxes_[i].contains(p)) {
      goal_ = static_cast<int>(i);
      return true;
    }
  }
  for (std::size_t i = 0; i < feeling_boxes_.size(); ++i) {
    if (feeling_boxes_[i].contains(p)) {
      feeling_ = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

void RolePlayScene::update_main(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame& f = frame_;
  const auto& view = ctx.session.view().role_play();
  const RolePlayPhase phase = view ? phase_of(*view) : RolePlayPhase::Acting;
  if (view && !view->title.empty()) set_title("Role play: " + view->title);
  const bool guessing = phase == RolePlayPhase::Guessing;
  const bool reveal = phase == RolePlayPhase::Reveal || phase == RolePlayPhase::Done;
  const float stage_h = reveal ? 210.0F : guessing ? 220.0F : kActingStage;
  const sf::FloatRect stage = f.rect(32, 96, 780, stage_h);
  lower_ = f.rect(32, 96 + stage_h + 10, 780, 608 - stage_h - 10);
  const bool moved = stage != stage_;
  stage_ = stage;
  if (view) {  // a new scene, or a new part of one, starts on page 1
    const std::string key = view->scenario_id + "/" + std::to_string(view->group_id) + "/" +
                            std::to_string(view->scene) + "/" + std::to_string(view->phase) + "/" +
                            std::to_string(ctx.session.view().status().status.rotation) + "/" +
                            std::to_string(ctx.session.view().status().status.round);
    if (key != card_key_) {
      card_key_ = key;
      card_page_ = 0;
    }
  }
  for (std::size_t i = 0; i < gestures_.size(); ++i) {
    gestures_[i].set_visible(!guessing && !reveal);
    const auto col = static_cast<float>(i % 2);
    const auto row = static_cast<float>(i / 2);
    gestures_[i].place(f.rect(514 + col * 152, 522 + row * 37, 146, 32), t);
  }
  send_guess_.set_visible(guessing && !guess_sent_);
  send_guess_.place({lower_.left + lower_.width - t.px(260.0F), lower_.top + lower_.height - t.px(52.0F), t.px(260.0F), t.px(52.0F)}, t);
  send_guess_.set_enabled(pending_guess(ctx).has_value());
  if (!guessing) guess_sent_ = false;
  if (view && !view->guess_targets.empty() && guess_sent_) guess_sent_ = false;  // another partner to guess about
  goal_boxes_.clear();
  feeling_boxes_.clear();
  if (guessing && view && !view->guess_targets.empty()) {
    const float col_w = (lower_.width - t.px(20.0F)) / 2;
    for (std::size_t i = 0; i < view->goal_options.size(); ++i) {
      goal_boxes_.push_back({lower_.left, lower_.top + t.px(40.0F + 40.0F * static_cast<float>(i)), col_w, t.px(34.0F)});
    }
    for (std::size_t i = 0; i < view->feeling_options.size(); ++i) {
      feeling_boxes_.push_back(
          {lower_.left + col_w + t.px(20.0F), lower_.top + t.px(40.0F + 40.0F * static_cast<float>(i)), col_w, t.px(34.0F)});
    }
  }
  // Figures: me on the left, partners after.
  const GroupView& group = ctx.session.view().group();
  if (group.group_id != members_group_ || moved || members_.size() != std::max<std::size_t>(1, group.members.size())) {
    members_group_ = group.group_id;
    std::vector<std::uint32_t> ids = group.members;
    if (ids.empty()) ids.push_back(ctx.session.my_id());
    std::stable_partition(ids.begin(), ids.end(), [&](std::uint32_t id) { return id == ctx.session.my_id(); });
    members_.clear();
    members_.resize(ids.size());
    const bool video = view && view->setting == static_cast<std::uint8_t>(SceneSetting::VideoCall);
    const float side = std::min(t.px(kAvatarSide), stage_.height - t.px(60.0F));
    for (std::size_t i = 0; i < ids.size(); ++i) {
      Member& m = members_[i];
      m.id = ids[i];
      const RosterEntry* entry = ctx.session.entry(m.id);
      m.figure.set(entry ? entry->avatar : Avatar{}, entry ? entry->name : ctx.session.name_of(m.id));
      const float slot = 1.0F / static_cast<float>(ids.size());
      const float cx = video ? stage_.left + stage_.width * (0.03F + slot * 0.94F * (static_cast<float>(i) + 0.5F))
                             : stage_.left + stage_.width * (ids.size() == 2 ? (i == 0 ? 0.3F : 0.7F) : slot * (static_cast<float>(i) + 0.5F));
      m.box = {cx - side / 2, stage_.top + stage_.height - side - t.px(video ? 60.0F : 24.0F), side, side};
      if (const auto it = ctx.session.view().latest_gestures().find(m.id); it != ctx.session.view().latest_gestures().end()) {
        m.figure.play(it->second.gesture, it->second.at_ms);
      }
    }
  }
  for (const GestureEntry& g : ctx.session.view().gestures()) {
    if (g.seq <= gesture_seq_seen_) continue;
    gesture_seq_seen_ = g.seq;
    for (Member& m : members_) {
      if (m.id == g.from) m.figure.play(g.gesture, g.at_ms);
    }
  }
}

void RolePlayScene::draw_setting(Canvas& canvas, SceneContext& ctx, std::uint8_t setting) {
  const Theme& t = ctx.theme;
  ShapeBatch& s = canvas.shapes();
  const sf::FloatRect b = stage_;
  const float u = t.px(1.0F);
  switch (static_cast<SceneSetting>(setting)) {
    case SceneSetting::Cafe: {
      s.rect(b, {238, 214, 186});                                             // warm wall
      s.rect(part(b, 0, 0.78F, 1, 0.22F), {170, 120, 84});                    // wooden floor
      s.rounded_rect(part(b, 0.06F, 0.08F, 0.26F, 0.42F), 6 * u, {120, 86, 60});  // window frame
      s.rect(part(b, 0.075F, 0.11F, 0.23F, 0.36F), {196, 228, 244});              // sky
      s.rect(part(b, 0.185F, 0.11F, 0.01F, 0.36F), {120, 86, 60});
      s.rect(part(b, 0.58F, 0.30F, 0.38F, 0.30F), {140, 96, 66});             // counter at the back
      s.rect(part(b, 0.58F, 0.27F, 0.38F, 0.04F), {96, 64, 44});
      s.rounded_rect(part(b, 0.84F, 0.12F, 0.08F, 0.15F), 4 * u, {90, 90, 96});  // coffee machine
      s.rect(part(b, 0.62F, 0.08F, 0.16F, 0.14F), {52, 44, 40});                 // menu board
      for (int i = 0; i < 3; ++i) s.rect(part(b, 0.635F, 0.11F + 0.035F * static_cast<float>(i), 0.12F, 0.012F), {235, 230, 220});
      for (float x : {0.40F, 0.52F}) {                                        // pendant lamps
        s.rect(part(b, x, 0, 0.003F, 0.14F), {80, 60, 50});
        s.triangle(at(b, x - 0.03F, 0.2F), at(b, x + 0.033F, 0.2F), at(b, x + 0.0015F, 0.13F), okabe_ito::kOrange);
      }
      break;
    }
    case SceneSetting::Office: {
      s.rect(b, {226, 231, 236});
      s.rect(part(b, 0, 0.8F, 1, 0.2F), {160, 168, 178});
      s.rect(part(b, 0.05F, 0.08F, 0.34F, 0.5F), {180, 212, 236});            // window on the city
      const std::array<float, 6> heights = {0.22F, 0.34F, 0.18F, 0.4F, 0.28F, 0.2F};
      for (std::size_t i = 0; i < heights.size(); ++i) {
        s.rect(part(b, 0.06F + 0.055F * static_cast<float>(i), 0.58F - heights[i], 0.045F, heights[i]), {120, 138, 160});
      }
      s.rounded_rect(part(b, 0.55F, 0.08F, 0.3F, 0.34F), 4 * u, sf::Color::White);  // whiteboard
      s.rounded_outline(part(b, 0.55F, 0.08F, 0.3F, 0.34F), 4 * u, 3 * u, {150, 156, 166});
      s.capsule(at(b, 0.58F, 0.18F), at(b, 0.72F, 0.16F), 2 * u, okabe_ito::kBlue);
      s.capsule(at(b, 0.58F, 0.26F), at(b, 0.80F, 0.25F), 2 * u, okabe_ito::kVermillion);
      s.rect(part(b, 0.9F, 0.5F, 0.05F, 0.3F), {150, 110, 80});               // plant
      s.circle(at(b, 0.925F, 0.45F), 22 * u, okabe_ito::kBluishGreen);
      break;
    }
    case SceneSetting::Classroom: {
      s.rect(b, {242, 234, 210});
      s.rect(part(b, 0, 0.8F, 1, 0.2F), {196, 164, 120});
      s.rounded_rect(part(b, 0.2F, 0.07F, 0.6F, 0.4F), 4 * u, {120, 84, 52});   // chalkboard frame
      s.rect(part(b, 0.21F, 0.09F, 0.58F, 0.36F), {46, 84, 64});
      s.capsule(at(b, 0.25F, 0.17F), at(b, 0.45F, 0.17F), 1.5F * u, {230, 230, 220});
      s.capsule(at(b, 0.25F, 0.25F), at(b, 0.52F, 0.25F), 1.5F * u, {230, 230, 220});
      s.capsule(at(b, 0.25F, 0.33F), at(b, 0.38F, 0.33F), 1.5F * u, {230, 230, 220});
      s.circle(at(b, 0.9F, 0.16F), 24 * u, sf::Color::White);                    // clock
      s.arc(at(b, 0.9F, 0.16F), 24 * u, 3 * u, 0, 6.3F, {60, 60, 60});
      s.capsule(at(b, 0.9F, 0.16F), at(b, 0.9F, 0.1F), 1.5F * u, {60, 60, 60});
      s.capsule(at(b, 0.9F, 0.16F), at(b, 0.92F, 0.17F), 1.5F * u, {60, 60, 60});
      break;
    }
    case SceneSetting::VideoCall: {
      s.rect(b, {40, 42, 52});
      for (int i = 0; i < 2; ++i) {
        const sf::FloatRect tile = part(b, 0.03F + 0.47F * static_cast<float>(i), 0.05F, 0.46F, 0.78F);
        s.rounded_rect(tile, 8 * u, i == 0 ? sf::Color{214, 226, 238} : sf::Color{236, 222, 204});
        // A shelf and a picture behind each caller.
        s.rect({tile.left + tile.width * 0.1F, tile.top + tile.height * 0.2F, tile.width * 0.25F, tile.height * 0.2F},
               i == 0 ? okabe_ito::kSkyBlue : okabe_ito::kReddishPurple);
        s.rect({tile.left + tile.width * 0.6F, tile.top + tile.height * 0.35F, tile.width * 0.35F, 4 * u}, {150, 120, 90});
      }
      const sf::FloatRect bar = part(b, 0.35F, 0.86F, 0.3F, 0.11F);
      s.rounded_rect(bar, bar.height / 2, {64, 66, 78});
      s.circle(at(b, 0.42F, 0.915F), 11 * u, {220, 220, 225});
      s.circle(at(b, 0.5F, 0.915F), 11 * u, {220, 220, 225});
      s.circle(at(b, 0.58F, 0.915F), 11 * u, okabe_ito::kVermillion);  // hang up
      break;
    }
    case SceneSetting::ShopCounter: {
      s.rect(b, {232, 236, 228});
      for (int row = 0; row < 3; ++row) {  // shelves with boxes
        const float y = 0.12F + 0.17F * static_cast<float>(row);
        s.rect(part(b, 0.04F, y + 0.12F, 0.92F, 0.02F), {150, 120, 90});
        for (int i = 0; i < 14; ++i) {
          s.rect(part(b, 0.05F + 0.065F * static_cast<float>(i), y + 0.02F, 0.05F, 0.1F),
                 okabe_ito::kAll[static_cast<std::size_t>(i + row) % 7]);
        }
      }
      break;
    }
    case SceneSetting::Park: {
      s.rect(b, {200, 226, 244});
      s.rect(part(b, 0, 0.62F, 1, 0.38F), {150, 196, 120});
      s.convex(std::array<sf::Vector2f, 4>{at(b, 0.42F, 1), at(b, 0.58F, 1), at(b, 0.53F, 0.62F), at(b, 0.47F, 0.62F)},
               {226, 212, 176});  // path
      s.rect(part(b, 0.84F, 0.28F, 0.035F, 0.4F), {120, 84, 52});            // tree
      s.circle(at(b, 0.86F, 0.24F), 56 * u, {70, 140, 80});
      s.circle(at(b, 0.81F, 0.32F), 40 * u, {84, 156, 90});
      s.circle(at(b, 0.08F, 0.14F), 26 * u, {250, 220, 110});                 // sun
      s.rect(part(b, 0.05F, 0.6F, 0.2F, 0.03F), {140, 100, 70});              // bench
      s.rect(part(b, 0.05F, 0.52F, 0.2F, 0.03F), {140, 100, 70});
      for (int i = 0; i < 8; ++i) s.rect(part(b, 0.3F + 0.015F * static_cast<float>(i) * 0, 0.56F, 0.006F, 0.08F), {200, 200, 190});
      break;
    }
    case SceneSetting::ConferenceHall: {
      s.rect(b, {46, 62, 92});
      s.rect(part(b, 0, 0.8F, 1, 0.2F), {70, 52, 60});
      s.rounded_rect(part(b, 0.3F, 0.06F, 0.4F, 0.16F), 6 * u, {240, 228, 66});  // banner
      s.rounded_rect(part(b, 0.05F, 0.1F, 0.1F, 0.7F), 4 * u, okabe_ito::kSkyBlue);   // roll-ups
      s.rounded_rect(part(b, 0.85F, 0.1F, 0.1F, 0.7F), 4 * u, okabe_ito::kOrange);
      for (int i = 0; i < 5; ++i) s.circle(at(b, 0.2F + 0.15F * static_cast<float>(i), 0.3F), 5 * u, {255, 240, 200});  // lights
      break;
    }
    case SceneSetting::kCount: break;
  }
}

std::size_t RolePlayScene::draw_card(SceneContext& ctx, const WireCard& card, sf::FloatRect box, bool mine,
                                     bool suggestions) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  const float pad = t.px(14.0F);
  const float w = box.width - 2 * pad;
  const float gap = t.px(6.0F);
  const float top = box.top + pad;
  const float bottom = box.top + box.height - pad;
  card_boxes_.push_back(box);
  // The parts in reading order; the heading starts every page.
  struct Part {
    std::string text;
    sf::Color colour;
    bool bold;
    int section = 0;  // a section moves to a fresh page whole when that helps
  };
  const std::string owner = mine ? "Your role" : ctx.session.name_of(card.player) + "'s role";
  const Part heading{owner + ": " + card.role_title, p.text, true};
  std::vector<Part> parts;
  if (!card.goal.empty()) parts.push_back({"Goal: " + card.goal + " \u00b7 feeling: " + card.feeling, okabe_ito::kBlue, true});
  parts.push_back({card.who, p.text, false});
  parts.push_back({(mine ? "You want: " : "They wanted: ") + card.want, p.text, false});
  if (!card.facts.empty()) {
    parts.push_back({mine ? "What they may find out about you:" : "What there was to find out:", p.text, true, 1});
    for (const std::string& fact : card.facts) parts.push_back({"\u2022 " + fact, p.text_muted, false, 1});
  }
  if (suggestions && !card.openers.empty()) {
    parts.push_back({"Stuck? Try saying:", p.text, true, 2});
    for (const std::string& line : card.openers) parts.push_back({"\u201c" + line + "\u201d", okabe_ito::kBlue, false, 2});
  }
  // Measure, then fill pages greedily (a part too tall for any page is cut).
  // The heading leaves room at its right for the page marker.
  const float heading_w = w - t.px(80.0F);
  const auto height_of = [&](const Part& part, float width) {
    sf::Text& probe = add_text(t, part.text, {0, 0}, t.type.small, part.colour, part.bold, width);
    const float h = text_height(probe);
    probe.setString("");
    return h;
  };
  const float heading_h = height_of(heading, heading_w) + gap;
  std::vector<std::size_t> page_of(parts.size(), 0);
  std::vector<float> heights(parts.size());
  std::size_t pages = 1;
  for (std::size_t i = 0; i < parts.size(); ++i) heights[i] = height_of(parts[i], w);
  const float page_room = bottom - (top + heading_h);
  float y = top + heading_h;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    // A section starts a new page when it does not fit here but would fit
    // whole on a page of its own; within a section, a heading stays with the
    // line after it.
    float need = heights[i] + (parts[i].bold && i + 1 < parts.size() ? heights[i + 1] + gap : 0);
    if (i > 0 && parts[i].section != parts[i - 1].section) {
      float section_h = 0;
      for (std::size_t j = i; j < parts.size() && parts[j].section == parts[i].section; ++j) section_h += heights[j] + gap;
      if (section_h <= page_room) need = std::max(need, section_h);
    }
    if (y + need > bottom && y > top + heading_h) {
      ++pages;
      y = top + heading_h;
    }
    page_of[i] = pages - 1;
    y += heights[i] + gap;
  }
  const std::size_t page = std::min(card_page_, pages - 1);
  y = top;
  add_text(t, heading.text, {box.left + pad, y}, t.type.small, heading.colour, heading.bold, heading_w);
  y += heading_h;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (page_of[i] != page) continue;
    if (y + heights[i] > bottom) break;
    add_text(t, parts[i].text, {box.left + pad, y}, t.type.small, parts[i].colour, parts[i].bold, w);
    y += heights[i] + gap;
  }
  if (pages > 1) {  // on the heading's line, at the right
    sf::Text& more = add_text(t, "page " + std::to_string(page + 1) + "/" + std::to_string(pages) + " \u25b8",
                              {0, top}, t.type.small, okabe_ito::kBlue, true);
    more.setPosition(std::round(box.left + box.width - pad - more.getLocalBounds().width), more.getPosition().y);
  }
  return pages;
}

void RolePlayScene::draw_guessing(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& s = canvas.shapes();
  const auto& view = ctx.session.view().role_play();
  if (view->guess_targets.empty() || guess_sent_) {
    add_text(t, "Thanks! Your guess is in. The answers come at the reveal.", {lower_.left, lower_.top + t.px(10.0F)},
             t.type.body, p.text, true);
    return;
  }
  const std::string who = ctx.session.name_of(view->guess_targets.front());
  const float col_w = (lower_.width - t.px(20.0F)) / 2;
  add_text(t, "What did " + who + " want most?", {lower_.left, lower_.top}, t.type.small, p.text, true);
  add_text(t, "How was " + who + " feeling?", {lower_.left + col_w + t.px(20.0F), lower_.top}, t.type.small, p.text, true);
  const auto options = [&](const std::vector<sf::FloatRect>& boxes, const std::vector<std::string>& texts, int chosen) {
    for (std::size_t i = 0; i < boxes.size() && i < texts.size(); ++i) {
      const bool on = static_cast<int>(i) == chosen;
      s.rounded_rect(boxes[i], t.px(8.0F), on ? p.selection : p.panel);
      s.rounded_outline(boxes[i], t.px(8.0F), t.px(on ? 3.0F : 1.0F), on ? p.primary : p.panel_border);
      add_text(t, texts[i], {boxes[i].left + t.px(12.0F), boxes[i].top + t.px(6.0F)}, t.type.small, p.text, on);
    }
  };
  options(goal_boxes_, view->goal_options, goal_);
  options(feeling_boxes_, view->feeling_options, feeling_);
  send_guess_.draw(canvas, t, ctx.now_ms);
}

void RolePlayScene::draw_reveal(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& s = canvas.shapes();
  const auto& view = ctx.session.view().role_play();
  const std::uint32_t me = ctx.session.my_id();
  std::vector<const WireCard*> cards;
  if (const WireCard* mine = card_of(*view, me)) cards.push_back(mine);
  for (const WireCard& c : view->cards) {
    if (c.player != me) cards.push_back(&c);
  }
  const float gap = t.px(12.0F);
  const float w = cards.empty() ? 0 : (lower_.width - gap * static_cast<float>(cards.size() - 1)) / static_cast<float>(cards.size());
  const float card_h = lower_.height - t.px(64.0F);
  card_pages_ = 1;
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const sf::FloatRect box{lower_.left + (w + gap) * static_cast<float>(i), lower_.top, w, card_h};
    s.rounded_rect(box, t.px(12.0F), p.panel);
    s.rounded_outline(box, t.px(12.0F), t.px(1.0F), p.panel_border);
    card_pages_ = std::max(card_pages_, draw_card(ctx, *cards[i], box, cards[i]->player == me, false));
  }
  // How the guesses went, both ways.
  std::string lines;
  const auto option = [](const std::vector<std::string>& options, std::uint8_t i) {
    return i < options.size() ? options[i] : std::string("?");
  };
  for (const WireGuessResult& r : view->results) {
    if (r.guesser != me && r.target != me) continue;
    const std::string who = r.guesser == me ? "You read " + ctx.session.name_of(r.target) + ": "
                                            : ctx.session.name_of(r.guesser) + " read you: ";
    std::string line = who + "goal " + (r.goal_right ? "\u2713" : "\u2717") + " \u00b7 feeling " +
                       (r.feeling_right ? "\u2713" : "\u2717");
    if (!r.goal_right) line += " (guessed \u201c" + option(view->goal_options, r.goal_option) + "\u201d)";
    if (!r.feeling_right) line += " (guessed \u201c" + option(view->feeling_options, r.feeling_option) + "\u201d)";
    lines += (lines.empty() ? "" : "\n") + line;
  }
  if (lines.empty()) lines = "No guesses this time.";
  add_text(t, lines, {lower_.left, lower_.top + card_h + t.px(8.0F)}, t.type.small, p.text, false, lower_.width);
}

void RolePlayScene::draw_main(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& s = canvas.shapes();
  const auto& view = ctx.session.view().role_play();
  card_boxes_.clear();
  if (!view) return;
  const RolePlayPhase phase = phase_of(*view);
  const auto setting = static_cast<SceneSetting>(std::min<std::uint8_t>(view->setting, static_cast<std::uint8_t>(SceneSetting::kCount) - 1));
  // The stage: setting, figures, speech bubbles, then what stands in front.
  s.rounded_rect({stage_.left - t.px(4.0F), stage_.top - t.px(4.0F), stage_.width + t.px(8.0F), stage_.height + t.px(8.0F)},
                 t.px(12.0F), p.panel_border);
  draw_setting(canvas, ctx, view->setting);
  for (Member& m : members_) m.figure.draw(canvas, t, ctx.avatars, m.box, ctx.now_ms);
  if (setting == SceneSetting::Cafe || setting == SceneSetting::ConferenceHall) {
    const sf::FloatRect table = part(stage_, 0.42F, 0.72F, 0.16F, 0.05F);
    s.rounded_rect(table, t.px(6.0F), setting == SceneSetting::Cafe ? sf::Color{120, 80, 56} : sf::Color{230, 230, 236});
    s.rect(part(stage_, 0.495F, 0.77F, 0.01F, 0.23F), {90, 70, 60});
    s.rounded_rect(part(stage_, 0.45F, 0.66F, 0.025F, 0.06F), t.px(3.0F), sf::Color::White);
    s.rounded_rect(part(stage_, 0.525F, 0.66F, 0.025F, 0.06F), t.px(3.0F), sf::Color::White);
  } else if (setting == SceneSetting::ShopCounter) {
    s.rect(part(stage_, 0.0F, 0.84F, 1.0F, 0.16F), {176, 132, 92});
    s.rect(part(stage_, 0.0F, 0.82F, 1.0F, 0.03F), {120, 86, 60});
    s.rounded_rect(part(stage_, 0.46F, 0.70F, 0.08F, 0.12F), t.px(4.0F), {90, 90, 100});  // the till
  } else if (setting == SceneSetting::Office || setting == SceneSetting::Classroom) {
    s.rect(part(stage_, 0.38F, 0.74F, 0.24F, 0.05F), setting == SceneSetting::Office ? sf::Color{210, 214, 220} : sf::Color{200, 160, 110});
    s.rect(part(stage_, 0.39F, 0.79F, 0.015F, 0.21F), {120, 120, 130});
    s.rect(part(stage_, 0.595F, 0.79F, 0.015F, 0.21F), {120, 120, 130});
  } else if (setting == SceneSetting::Park) {
    s.rect(part(stage_, 0.0F, 0.92F, 1.0F, 0.025F), {250, 250, 245});  // a low fence in front
  }
  // Names and speech bubbles (while in character).
  const bool acting = phase == RolePlayPhase::Briefing || phase == RolePlayPhase::Acting;
  const auto& chat = ctx.session.view().my_chat();
  for (Member& m : members_) {
    const std::string name = m.id == ctx.session.my_id() ? "You" : ctx.session.name_of(m.id);
    sf::Text& label = add_text(t, name, {0, m.box.top + m.box.height + t.px(2.0F)}, t.type.small,
                               setting == SceneSetting::VideoCall || setting == SceneSetting::ConferenceHall ? sf::Color::White : p.text, true);
    label.setPosition(std::round(m.box.left + m.box.width / 2 - label.getLocalBounds().width / 2), label.getPosition().y);
    const auto it = std::find_if(chat.rbegin(), chat.rend(), [&](const ChatEntry& e) { return e.from == m.id; });
    if (!acting || it == chat.rend() || ctx.now_ms - it->at_ms > kBubbleMs) continue;
    const float bw = std::min(t.px(300.0F), stage_.width / static_cast<float>(members_.size()) - t.px(20.0F));
    sf::Text& bubble = add_text(t, it->text, {0, 0}, t.type.small, p.text, false, bw - t.px(20.0F));
    const float h = text_height(bubble) + t.px(16.0F);
    const float left = std::clamp(m.box.left + m.box.width / 2 - bw / 2, stage_.left + t.px(6.0F), stage_.left + stage_.width - bw - t.px(6.0F));
    const float top = std::max(stage_.top + t.px(8.0F), m.box.top - h - t.px(4.0F));
    s.rounded_rect({left, top, bw, h}, t.px(10.0F), sf::Color::White);
    s.rounded_outline({left, top, bw, h}, t.px(10.0F), t.px(1.0F), p.panel_border);
    const float tail = m.box.left + m.box.width / 2;
    s.triangle({tail - t.px(8.0F), top + h - 1}, {tail + t.px(8.0F), top + h - 1}, {tail, top + h + t.px(10.0F)}, sf::Color::White);
    bubble.setPosition(std::round(left + t.px(10.0F)), std::round(top + t.px(6.0F)));
  }
  if (phase == RolePlayPhase::Guessing) {
    draw_guessing(canvas, ctx);
  } else if (phase == RolePlayPhase::Reveal || phase == RolePlayPhase::Done) {
    draw_reveal(canvas, ctx);
  } else {
    const sf::FloatRect card_box{lower_.left, lower_.top, frame_.rect(0, 0, 470, 0).width, lower_.height};
    s.rounded_rect(card_box, t.px(12.0F), sf::Color{255, 249, 232});
    s.rounded_outline(card_box, t.px(12.0F), t.px(2.0F), okabe_ito::kOrange);
    if (const WireCard* mine = card_of(*view, ctx.session.my_id())) card_pages_ = draw_card(ctx, *mine, card_box, true, true);
    // Right of the card: the setting, its dress code and my first impression.
    const sf::FloatRect info = frame_.rect(514, 96 + kActingStage + 10, 298, 522 - 96 - kActingStage - 10);
    const std::string dress = kDressCodes[std::min<std::size_t>(view->dress_code, kDressCodes.size() - 1)];
    float y = info.top;
    y += text_height(add_text(t, std::string(setting_label(setting)) + " \u00b7 dress code: " + dress, {info.left, y},
                              t.type.small, p.text, true, info.width)) + t.px(4.0F);
    if (!view->first_impression.empty()) {
      add_text(t, "First impression: " + view->first_impression, {info.left, y}, t.type.small, p.text_muted, false,
               info.width);
    }
    for (Button& g : gestures_) g.draw(canvas, t, ctx.now_ms);
  }
}

bool RolePlayScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().role_play().has_value() && !members_.empty() && ctx.session.view().meter().known;
}

}  // namespace rapport::client
