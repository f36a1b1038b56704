#include "scenes/scene_rounds.hpp"

#include <cmath>

namespace rapport::client {
namespace {
constexpr float kTwoPi = 6.2831853F;
const sf::Color kGrass{214, 232, 200};
const sf::Color kPath{236, 224, 198};

// Milli-units as map units with two decimals: 120 -> "0.12".
std::string map_units(std::int64_t milli) {
  const std::int64_t hundredths = (milli + 5) / 10;
  const std::int64_t frac = hundredths % 100;
  return std::to_string(hundredths / 100) + (frac < 10 ? ".0" : ".") + std::to_string(frac);
}
}  // namespace

std::unique_ptr<Scene> make_in_step_scene(SceneContext& ctx) { return std::make_unique<InStepScene>(ctx); }

InStepScene::InStepScene(SceneContext& ctx) : RoundScene(ctx), client_(ctx.session.my_id()) {
  leave_chat();  // walking first: WASD steers until the chat field is clicked
}

void InStepScene::layout_main(SceneContext& ctx, const DesignFrame& f) {
  (void)ctx;
  map_ = f.rect(32, 150, 780, 468);  // 20 x 12 map units at 39 px each
}

sf::Vector2f InStepScene::to_screen(std::int32_t x, std::int32_t y) const {
  return {map_.left + map_.width * static_cast<float>(x) / static_cast<float>(in_step::kMapWidth),
          map_.top + map_.height * static_cast<float>(y) / static_cast<float>(in_step::kMapHeight)};
}

Steer InStepScene::steer() const { return steer_from_keys(held_[0], held_[1], held_[2], held_[3]); }

bool InStepScene::handle_main(const sf::Event& event, SceneContext& ctx) {
  if (event.type != sf::Event::KeyPressed && event.type != sf::Event::KeyReleased) return false;
  const bool down = event.type == sf::Event::KeyPressed;
  const bool letters = !typing();
  int index = -1;
  switch (event.key.code) {
    case sf::Keyboard::Up: index = 0; break;
    case sf::Keyboard::Down: index = 1; break;
    case sf::Keyboard::Left: index = 2; break;
    case sf::Keyboard::Right: index = 3; break;
    case sf::Keyboard::W: index = letters ? 0 : -1; break;
    case sf::Keyboard::S: index = letters ? 1 : -1; break;
    case sf::Keyboard::A: index = letters ? 2 : -1; break;
    case sf::Keyboard::D: index = letters ? 3 : -1; break;
    default: break;
  }
  if (index >= 0) {
    held_[static_cast<std::size_t>(index)] = down;
    return true;
  }
  return down && handle_gesture_key(event, ctx);
}

void InStepScene::update_main(SceneContext& ctx) {
  const auto& snap = ctx.session.view().in_step();
  // The link first, so the very first input is already addressed with the right lead.
  if (const auto link = ctx.session.link_timing()) client_.set_link(link->rtt_ms, link->variance_ms);
  if (snap && (!have_tick_ || snap->tick != last_tick_)) {
    client_.on_snapshot(*snap, ctx.now_ms);
    last_tick_ = snap->tick;
    have_tick_ = true;
  }
  if (snap && !snap->finished) {
    if (auto packet = client_.update(steer(), ctx.now_ms)) (void)ctx.session.send(*packet);
  }
}

void InStepScene::draw_main(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& shapes = canvas.shapes();
  const auto& snap = ctx.session.view().in_step();
  if (!snap) return;
  const auto partners = ctx.session.view().partners(ctx.session.my_id());
  const std::string partner = partners.empty() ? std::string("your partner") : ctx.session.name_of(partners.front());
  const std::size_t total = snap->waypoints.size();
  const std::size_t next = snap->next_waypoint;
  add_text(t, snap->finished ? "Finished \u00b7 score " + std::to_string(snap->score) + " / 100"
                             : "Walk with " + partner + " to waypoint " + std::to_string(std::min(next + 1, total)) +
                                   " of " + std::to_string(total),
           {map_.left, frame_.rect(0, 100, 0, 0).top}, t.type.body, p.text, true);
  add_text(t, std::string(snap->in_step ? "In step \u2713" : "Apart: close the gap") + " \u00b7 score " +
                  std::to_string(snap->score),
           {map_.left, frame_.rect(0, 124, 0, 0).top}, t.type.small, snap->in_step ? p.ok : p.error_text, true);
  // The ground: grass, a path joining the waypoints.
  shapes.rounded_rect({map_.left - t.px(6.0F), map_.top - t.px(6.0F), map_.width + t.px(12.0F), map_.height + t.px(12.0F)},
                      t.px(12.0F), p.panel_border);
  shapes.rect(map_, kGrass);
  for (std::size_t i = 0; i + 1 < total; ++i) {
    shapes.capsule(to_screen(snap->waypoints[i].x, snap->waypoints[i].y),
                   to_screen(snap->waypoints[i + 1].x, snap->waypoints[i + 1].y), t.px(9.0F), kPath);
  }
  const float unit = map_.width / static_cast<float>(in_step::kMapWidth);
  const float pulse = t.reduced_motion() ? 0.0F : 0.5F + 0.5F * std::sin(kTwoPi * static_cast<float>(ctx.now_ms % 1200) / 1200.0F);
  for (std::size_t i = 0; i < total; ++i) {
    const sf::Vector2f c = to_screen(snap->waypoints[i].x, snap->waypoints[i].y);
    const float r = unit * static_cast<float>(in_step::kWaypointRadius);
    if (i < next) {
      shapes.circle(c, r * 0.6F, sf::Color{170, 200, 160});
      add_text(t, "\u2713", {c.x - t.px(7.0F), c.y - t.px(14.0F)}, t.type.small, p.text_muted, true);
    } else if (i == next && !snap->finished) {
      shapes.circle(c, r * (1.15F + 0.1F * pulse), sf::Color{240, 228, 66, 120});
      shapes.circle(c, r, okabe_ito::kYellow);
      shapes.arc(c, r, t.px(3.0F), 0, kTwoPi, okabe_ito::kOrange);
      add_text(t, std::to_string(i + 1), {c.x - t.px(7.0F), c.y - t.px(15.0F)}, t.type.small, p.text, true);
    } else {
      shapes.circle(c, r * 0.75F, sf::Color{255, 255, 255, 170});
      add_text(t, std::to_string(i + 1), {c.x - t.px(7.0F), c.y - t.px(15.0F)}, t.type.small, p.text_muted, true);
    }
  }
  // Avatars: me predicted, partners interpolated; the together-ring around me.
  const float side = t.px(58.0F);
  std::vector<std::pair<std::uint32_t, sf::Vector2f>> placed;
  if (client_.started()) {
    const in_step::Vec2 me = client_.own();
    const sf::Vector2f c = to_screen(me.x, me.y);
    shapes.arc(c, unit * static_cast<float>(in_step::kInStepDistance), t.px(2.0F), 0, kTwoPi,
               snap->in_step ? p.ok : sf::Color{150, 140, 130});
    placed.emplace_back(ctx.session.my_id(), c);
    for (std::uint32_t id : client_.partner_ids()) {
      const in_step::Vec2 pos = client_.partner(id, ctx.now_ms);
      placed.emplace_back(id, to_screen(pos.x, pos.y));
    }
  }
  for (const auto& [id, c] : placed) {
    const RosterEntry* entry = ctx.session.entry(id);
    shapes.ellipse({c.x, c.y + side * 0.42F}, {side * 0.4F, side * 0.12F}, sf::Color{0, 0, 0, 40});
    ctx.avatars.draw_figure(shapes, entry ? entry->avatar : Avatar{}, {c.x - side / 2, c.y - side * 0.6F, side, side},
                            AvatarPose{});
    const std::string name = id == ctx.session.my_id() ? std::string("You") : ctx.session.name_of(id);
    // My name below me, partners' above them, so close avatars keep readable names.
    const bool mine = id == ctx.session.my_id();
    sf::Text& label = add_text(t, name, {0, mine ? c.y + side * 0.45F : c.y - side * 0.6F - t.px(24.0F)}, t.type.small,
                               p.text, true);
    label.setPosition(std::round(c.x - label.getLocalBounds().width / 2), label.getPosition().y);
  }
  add_text(t, "Arrow keys (or WASD) to walk. A waypoint counts when you both stand on it.",
           {map_.left, map_.top + map_.height + t.px(14.0F)}, t.type.small, p.text_muted);
  add_text(t, "Smoothness: largest correction " + map_units(client_.largest_correction()) + ", partner jump " +
                  map_units(client_.largest_partner_jump()) + " (map units)",
           {map_.left, map_.top + map_.height + t.px(44.0F)}, t.type.small, p.text_muted);
}

bool InStepScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().in_step().has_value() && client_.started() && ctx.session.view().meter().known;
}

}  // namespace rapport::client
