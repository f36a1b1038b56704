#include "render/avatar_renderer.hpp"

#include "ui/ui_label.hpp"
#include "ui/ui_text_field.hpp"

#include <cmath>
#include <numbers>

namespace rapport::client {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;
// Proportions in units of the box side; chosen by eye for a friendly, chunky look.
constexpr float kBackdropRadius = 0.47F;
constexpr float kHeadRadius = 0.185F;
constexpr float kHeadY = -0.07F;
constexpr float kBodyHalfWidth = 0.27F;
constexpr float kBodyTop = 0.17F;
constexpr float kBodyBottomRadius = 0.40F;  // the bust ends on this arc, inside every backdrop shape
constexpr float kArmRadius = 0.052F;
constexpr float kHandRadius = 0.05F;
constexpr float kBadgeRadius = 0.17F;
const sf::Color kInk{44, 36, 48};
const sf::Color kWhite{252, 251, 248};
const sf::Color kMouthInside{130, 44, 56};
const sf::Color kBlush{236, 128, 128};

sf::Vector2f rotate(sf::Vector2f v, float angle) {
  const float c = std::cos(angle);
  const float s = std::sin(angle);
  return {v.x * c - v.y * s, v.x * s + v.y * c};
}

// Points along a circle from angle `from` to `to`.
void arc_points(std::vector<sf::Vector2f>& out, sf::Vector2f centre, float radius, float from, float to, int n) {
  for (int i = 0; i <= n; ++i) {
    const float a = from + (to - from) * static_cast<float>(i) / static_cast<float>(n);
    out.push_back({centre.x + radius * std::cos(a), centre.y + radius * std::sin(a)});
  }
}

int hair_style(const Avatar& a) { return (a.hair + a.skin) % 3; }

}  // namespace

std::string_view shape_name(AvatarShape shape) {
  switch (shape) {
    case AvatarShape::Circle: return "Circle";
    case AvatarShape::RoundedSquare: return "Square";
    case AvatarShape::Hexagon: return "Hexagon";
    case AvatarShape::Drop: return "Drop";
    case AvatarShape::kCount: break;
  }
  return "Circle";
}

std::string_view formality_name(std::uint8_t formality) {
  static constexpr std::string_view kNames[] = {"T-shirt", "Polo", "Shirt", "Blazer", "Suit and tie"};
  return formality <= Avatar::kMaxFormality ? kNames[formality] : kNames[0];
}

std::string initials_of(std::string_view name) {
  const std::u32string chars = decode_utf8(name);
  std::u32string out;
  bool at_word_start = true;
  for (const char32_t c : chars) {
    if (c == U' ' || c == U'-') {
      at_word_start = true;
      continue;
    }
    if (at_word_start && c != U'(' && c != U')') {
      out.push_back(c >= U'a' && c <= U'z' ? c - (U'a' - U'A') : c);
      if (out.size() == 2) break;
    }
    at_word_start = false;
  }
  return encode_utf8(out);
}

std::vector<sf::Vector2f> shape_outline(AvatarShape shape, sf::Vector2f c, float r) {
  std::vector<sf::Vector2f> points;
  switch (shape) {
    case AvatarShape::Circle:
    case AvatarShape::kCount:
      arc_points(points, c, r, 0, 2 * kPi, segments_for(r));
      points.pop_back();
      break;
    case AvatarShape::RoundedSquare: {
      const float corner = r * 0.32F;
      const float inner = r * 0.9F - corner;
      const sf::Vector2f centres[4] = {{c.x + inner, c.y + inner}, {c.x - inner, c.y + inner},
                                       {c.x - inner, c.y - inner}, {c.x + inner, c.y - inner}};
      for (int k = 0; k < 4; ++k) {
        const float start = static_cast<float>(k) * kPi / 2.0F;
        arc_points(points, centres[k], corner, start, start + kPi / 2.0F, 5);
      }
      break;
    }
    case AvatarShape::Hexagon:
      for (int k = 0; k < 6; ++k) {
        const float a = static_cast<float>(k) * kPi / 3.0F;  // flat top and bottom
        points.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
      }
      break;
    case AvatarShape::Drop: {
      // A circle low in the box with a point at the top: the lower arc plus the apex.
      const sf::Vector2f centre{c.x, c.y + r * 0.17F};
      const float radius = r * 0.8F;
      const float apex_distance = r * 1.17F;
      const float half = std::acos(radius / apex_distance);  // the tangent points from the apex
      arc_points(points, centre, radius, -kPi / 2.0F + half, 1.5F * kPi - half, segments_for(radius));
      points.push_back({centre.x, centre.y - apex_distance});
      break;
    }
  }
  return points;
}

sf::Color AvatarRenderer::badge_colour(const Avatar& avatar) const {
  // Darkened outfit colour so white initials stay readable (contrast >= 4.5).
  return mix(palettes_.outfit[avatar.outfit % Avatar::kPaletteSize], kInk, 0.55F);
}

void AvatarRenderer::draw_figure(ShapeBatch& shapes, const Avatar& avatar, sf::FloatRect box,
                                 const AvatarPose& pose) const {
  const float u = std::min(box.width, box.height);
  const sf::Vector2f c{box.left + box.width / 2.0F, box.top + box.height / 2.0F};
  const sf::Color outfit = palettes_.outfit[avatar.outfit % Avatar::kPaletteSize];
  const sf::Color skin = palettes_.skin[avatar.skin % Avatar::kPaletteSize];
  const sf::Color hair = palettes_.hair[avatar.hair % Avatar::kPaletteSize];

  // Backdrop: the chosen shape in a soft tint of the outfit colour.
  const auto backdrop = shape_outline(avatar.shape, c, kBackdropRadius * u);
  shapes.convex(backdrop, mix(outfit, kWhite, 0.72F));

  // Leaning in brings the figure a little closer (bigger, lower).
  const float s = 1.0F + 0.08F * pose.lean;
  const float fu = u * s;
  const sf::Vector2f fc{c.x, c.y + 0.03F * pose.lean * u};
  const auto at = [&](float x, float y) { return sf::Vector2f{fc.x + x * fu, fc.y + y * fu}; };
  const sf::Vector2f head = at(pose.head_dx, kHeadY + pose.head_dy);

  if (hair_style(avatar) == 1) {  // long hair falls behind the shoulders
    const sf::Vector2f top = head + sf::Vector2f{-0.225F * fu, -0.1F * fu};
    shapes.rounded_rect({top.x, top.y, 0.45F * fu, 0.34F * fu}, 0.12F * fu, hair);
  }
  // Neck, then the body over its lower end.
  shapes.rect({fc.x - 0.055F * fu, fc.y + 0.02F * fu, 0.11F * fu, 0.18F * fu}, mix(skin, kInk, 0.12F));
  draw_outfit(shapes, avatar, fc, fu);
  draw_head(shapes, avatar, head, fu, pose);

  // Arms: sleeve from shoulder to elbow to hand, then the hand.
  const sf::Color sleeve = mix(outfit, kInk, 0.15F);
  for (const auto& [arm, side] : {std::pair{pose.left, 1.0F}, std::pair{pose.right, -1.0F}}) {
    const sf::Vector2f shoulder = at(side * 0.215F, 0.25F);
    const sf::Vector2f elbow = at(arm.elbow_x, arm.elbow_y);
    const sf::Vector2f hand = at(arm.hand_x, arm.hand_y);
    shapes.capsule(shoulder, elbow, kArmRadius * fu, sleeve);
    shapes.capsule(elbow, hand, kArmRadius * fu * 0.92F, sleeve);
    shapes.circle(hand, kHandRadius * fu, skin);
  }
}

void AvatarRenderer::draw_outfit(ShapeBatch& shapes, const Avatar& avatar, sf::Vector2f c, float u) const {
  const sf::Color outfit = palettes_.outfit[avatar.outfit % Avatar::kPaletteSize];
  const sf::Color skin = palettes_.skin[avatar.skin % Avatar::kPaletteSize];
  const sf::Color shade = mix(outfit, kInk, 0.3F);
  const sf::Color light = mix(outfit, kWhite, 0.45F);
  const auto at = [&](float x, float y) { return sf::Vector2f{c.x + x * u, c.y + y * u}; };

  // Shoulders: rounded top corners, the bottom following an arc.
  std::vector<sf::Vector2f> body;
  const float corner = 0.11F;
  arc_points(body, at(-kBodyHalfWidth + corner, kBodyTop + corner), corner * u, kPi, 1.5F * kPi, 6);
  arc_points(body, at(kBodyHalfWidth - corner, kBodyTop + corner), corner * u, 1.5F * kPi, 2.0F * kPi, 6);
  const float side_y = std::sqrt(kBodyBottomRadius * kBodyBottomRadius - kBodyHalfWidth * kBodyHalfWidth);
  const float side_angle = std::atan2(side_y, kBodyHalfWidth);
  arc_points(body, c, kBodyBottomRadius * u, side_angle, kPi - side_angle, 10);
  shapes.convex(body, outfit);

  const std::uint8_t formality = std::min(avatar.formality, Avatar::kMaxFormality);
  switch (formality) {
    case 0: {  // t-shirt: a round neckline
      std::vector<sf::Vector2f> neck;
      arc_points(neck, at(0, kBodyTop), 0.075F * u, 0, kPi, 10);
      shapes.convex(neck, mix(skin, kInk, 0.12F));
      break;
    }
    case 1:  // polo: a small V, a soft collar and two buttons
      shapes.triangle(at(-0.05F, kBodyTop), at(0.05F, kBodyTop), at(0, 0.26F), mix(skin, kInk, 0.12F));
      shapes.triangle(at(-0.11F, 0.16F), at(-0.005F, 0.18F), at(-0.07F, 0.245F), light);
      shapes.triangle(at(0.11F, 0.16F), at(0.005F, 0.18F), at(0.07F, 0.245F), light);
      shapes.circle(at(0, 0.29F), 0.011F * u, light);
      shapes.circle(at(0, 0.33F), 0.011F * u, light);
      break;
    case 2:  // shirt: a crisp white collar and a button placket
      shapes.triangle(at(-0.05F, kBodyTop), at(0.05F, kBodyTop), at(0, 0.23F), mix(skin, kInk, 0.12F));
      shapes.triangle(at(-0.12F, 0.155F), at(-0.0F, 0.19F), at(-0.075F, 0.26F), kWhite);
      shapes.triangle(at(0.12F, 0.155F), at(0.0F, 0.19F), at(0.075F, 0.26F), kWhite);
      shapes.rect({c.x - 0.007F * u, c.y + 0.23F * u, 0.014F * u, 0.16F * u}, shade);
      for (const float y : {0.28F, 0.33F, 0.38F}) shapes.circle(at(0, y), 0.01F * u, light);
      break;
    default: {  // blazer (3), blazer and tie (4): shirt V, lapels, a button
      shapes.triangle(at(-0.1F, kBodyTop), at(0.1F, kBodyTop), at(0, 0.37F), kWhite);
      shapes.triangle(at(-0.115F, 0.165F), at(-0.005F, 0.36F), at(-0.15F, 0.27F), shade);
      shapes.triangle(at(0.115F, 0.165F), at(0.005F, 0.36F), at(0.15F, 0.27F), shade);
      shapes.triangle(at(-0.06F, 0.16F), at(-0.0F, 0.19F), at(-0.055F, 0.215F), mix(kWhite, kInk, 0.08F));
      shapes.triangle(at(0.06F, 0.16F), at(0.0F, 0.19F), at(0.055F, 0.215F), mix(kWhite, kInk, 0.08F));
      shapes.circle(at(0, 0.395F), 0.013F * u, shade);
      if (formality == 4) {
        // A tie in a colour that stands apart from the jacket.
        const sf::Color tie = mix(palettes_.outfit[(avatar.outfit + 4U) % Avatar::kPaletteSize], kInk, 0.15F);
        const sf::Vector2f knot[] = {at(-0.022F, 0.19F), at(0.022F, 0.19F), at(0.016F, 0.22F), at(-0.016F, 0.22F)};
        shapes.convex(knot, tie);
        const sf::Vector2f blade[] = {at(-0.016F, 0.22F), at(0.016F, 0.22F), at(0.03F, 0.33F), at(0, 0.36F),
                                      at(-0.03F, 0.33F)};
        shapes.convex(blade, tie);
      }
      break;
    }
  }
}

void AvatarRenderer::draw_head(ShapeBatch& shapes, const Avatar& avatar, sf::Vector2f head, float u,
                               const AvatarPose& pose) const {
  const sf::Color skin = palettes_.skin[avatar.skin % Avatar::kPaletteSize];
  const sf::Color hair = palettes_.hair[avatar.hair % Avatar::kPaletteSize];
  const float r = kHeadRadius * u;
  // Head-space point (units) -> window, following the tilt.
  const auto hp = [&](float x, float y) { return head + rotate({x * u, y * u}, pose.head_tilt); };

  shapes.circle(hp(-0.185F, 0.01F), 0.036F * u, mix(skin, kInk, 0.08F));
  shapes.circle(hp(0.185F, 0.01F), 0.036F * u, mix(skin, kInk, 0.08F));
  shapes.circle(head, r, skin);
  shapes.circle(hp(-0.105F, 0.055F), 0.03F * u, mix(skin, kBlush, 0.3F));
  shapes.circle(hp(0.105F, 0.055F), 0.03F * u, mix(skin, kBlush, 0.3F));

  // Eyes: dots, or happy arcs when laughing.
  const float eye_y = 0.0F - 0.02F * pose.look_up;
  for (const float x : {-0.068F, 0.068F}) {
    if (pose.eyes_closed > 0.5F) {
      shapes.arc(hp(x, eye_y + 0.015F), 0.03F * u, 0.013F * u, kPi + 0.5F + pose.head_tilt,
                 2.0F * kPi - 0.5F + pose.head_tilt, kInk);
    } else {
      shapes.circle(hp(x, eye_y), 0.023F * u, kInk);
      shapes.circle(hp(x + 0.008F, eye_y - 0.008F), 0.007F * u, kWhite);  // a glint makes the face warmer
    }
  }
  // Mouth: an arc that widens with the smile; open when laughing.
  if (pose.mouth_open > 0.05F) {
    std::vector<sf::Vector2f> mouth;
    for (int i = 0; i <= 10; ++i) {
      const float a = kPi * static_cast<float>(i) / 10.0F;
      mouth.push_back(hp(0.065F * std::cos(a), 0.055F + 0.05F * pose.mouth_open * std::sin(a)));
    }
    shapes.convex(mouth, kMouthInside);
  } else {
    const float span = 0.35F + 0.55F * pose.smile;
    shapes.arc(hp(0, 0.02F), (0.06F + 0.015F * pose.smile) * u, 0.014F * u, kPi / 2.0F - span + pose.head_tilt,
               kPi / 2.0F + span + pose.head_tilt, kInk);
  }

  // Hair on top: a cap cut straight across the forehead, with short sides;
  // the curly style adds round tufts along the top.
  std::vector<sf::Vector2f> cap;
  for (int i = 0; i <= 16; ++i) {
    const float a = kPi + 0.42F + (kPi - 0.84F) * static_cast<float>(i) / 16.0F;
    cap.push_back(hp(0.2F * std::cos(a), 0.2F * std::sin(a) - 0.01F));
  }
  shapes.convex(cap, hair);
  shapes.capsule(hp(-0.17F, -0.08F), hp(-0.18F, 0.0F), 0.028F * u, hair);
  shapes.capsule(hp(0.17F, -0.08F), hp(0.18F, 0.0F), 0.028F * u, hair);
  if (hair_style(avatar) == 2) {
    for (int i = 0; i < 7; ++i) {
      const float a = kPi + 0.35F + (kPi - 0.7F) * static_cast<float>(i) / 6.0F;
      shapes.circle(hp(0.19F * std::cos(a), 0.19F * std::sin(a) - 0.02F), 0.062F * u, hair);
    }
  }
}

sf::FloatRect AvatarRenderer::draw_badge(ShapeBatch& shapes, const Avatar& avatar, sf::FloatRect box) const {
  const float u = std::min(box.width, box.height);
  const float r = kBadgeRadius * u;
  const sf::Vector2f c{box.left + box.width - r * 0.85F, box.top + box.height - r * 0.85F};
  // A white rim keeps the badge apart from the figure behind it.
  shapes.convex(shape_outline(avatar.shape, c, r * 1.14F), kWhite);
  shapes.convex(shape_outline(avatar.shape, c, r), badge_colour(avatar));
  return {c.x - r, c.y - r, 2 * r, 2 * r};
}

void AvatarFigure::set(const Avatar& avatar, const std::string& name) {
  avatar_ = avatar;
  const std::string initials = initials_of(name);
  if (initials != initials_) {
    initials_ = initials;
    text_.setString(to_sf(initials_));
  }
}

void AvatarFigure::play(Gesture gesture, std::int64_t started_ms) {
  gesture_ = gesture;
  started_ms_ = started_ms;
}

void AvatarFigure::draw(Canvas& canvas, const Theme& theme, const AvatarRenderer& renderer, sf::FloatRect box,
                        std::int64_t now_ms, bool with_badge) {
  const AvatarPose pose = pose_at(gesture_, now_ms - started_ms_, theme.reduced_motion());
  renderer.draw_figure(canvas.shapes(), avatar_, box, pose);
  if (!with_badge || initials_.empty()) return;
  const sf::FloatRect badge = renderer.draw_badge(canvas.shapes(), avatar_, box);
  // Initials fill about half the badge; never below the 18 px floor at 720p
  // unless the whole avatar is tiny.
  const float share = avatar_.shape == AvatarShape::Drop ? 0.4F : 0.46F;  // the drop's round part is smaller
  const auto size = static_cast<unsigned>(std::max(10.0F, badge.height * share));
  text_.setFont(theme.bold());
  text_.setCharacterSize(size);
  text_.setFillColor(sf::Color::White);
  // The drop's round part is low; nudge the initials down into it.
  sf::FloatRect area = badge;
  if (avatar_.shape == AvatarShape::Drop) area.top += badge.height * 0.05F;
  place_line(text_, area, area.left, true);
  canvas.text(text_);
}

}  // namespace rapport::client
