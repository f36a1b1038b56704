#pragma once
// Friendly avatars from simple shapes: a backdrop in the person's chosen
// shape, shoulders in an outfit whose cut shows formality (t-shirt, polo,
// shirt, blazer, blazer and tie), a head, hair, a face, and a small badge of
// the same shape with the initials. Gestures move the figure with eased
// animations computed from the time passed in (nothing reads a clock).
#include "render/canvas.hpp"
#include "ui/theme.hpp"
#include "rapport/protocol/gestures.hpp"
#include "rapport/protocol/messages.hpp"

#include <SFML/Graphics/Text.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::client {

// Where the body parts are, in units of the avatar's box side, relative to
// its centre (y down). Pure values, so tests can check the animation.
struct AvatarArm {
  float elbow_x = 0;
  float elbow_y = 0;
  float hand_x = 0;
  float hand_y = 0;
};

struct AvatarPose {
  float head_dx = 0;
  float head_dy = 0;
  float head_tilt = 0;  // radians, positive leans to the avatar's left (screen right)
  float lean = 0;       // 0 upright .. 1 leaning towards the viewer
  float smile = 0.4F;   // 0 flat .. 1 big smile
  float mouth_open = 0;   // 0 closed .. 1 laughing
  float eyes_closed = 0;  // 0 open .. 1 happy closed arcs
  float look_up = 0;      // thinking
  // "Left" is the avatar's own left, which is on the viewer's right (+x).
  AvatarArm left{0.26F, 0.31F, 0.235F, 0.385F};
  AvatarArm right{-0.26F, 0.31F, -0.235F, 0.385F};
};

// How long a momentary gesture plays before the figure returns to rest.
[[nodiscard]] std::int64_t gesture_duration_ms(Gesture gesture);
// The pose `elapsed_ms` after a gesture started. Postures ease in and hold;
// momentary gestures ease in, play and ease out. With reduced motion the key
// pose is shown at once and held still.
[[nodiscard]] AvatarPose pose_at(Gesture gesture, std::int64_t elapsed_ms, bool reduced_motion);
// Blend of two poses (t in 0..1).
[[nodiscard]] AvatarPose blend(const AvatarPose& a, const AvatarPose& b, float t);

// "Ada Lovelace" -> "AL", "ümit" -> "Ü"-ish (first code point of up to two words, ASCII upper-cased).
[[nodiscard]] std::string initials_of(std::string_view name);
// The outline of an avatar shape of this radius around `centre`.
[[nodiscard]] std::vector<sf::Vector2f> shape_outline(AvatarShape shape, sf::Vector2f centre, float radius);
[[nodiscard]] std::string_view shape_name(AvatarShape shape);
[[nodiscard]] std::string_view formality_name(std::uint8_t formality);

class AvatarRenderer {
 public:
  explicit AvatarRenderer(const AvatarPalettes& palettes) : palettes_(palettes) {}

  // Appends the figure (backdrop, body, head) fitted in the square `box`.
  void draw_figure(ShapeBatch& shapes, const Avatar& avatar, sf::FloatRect box, const AvatarPose& pose) const;
  // Appends the initials badge; returns the circle the initials go in.
  sf::FloatRect draw_badge(ShapeBatch& shapes, const Avatar& avatar, sf::FloatRect box) const;
  [[nodiscard]] sf::Color badge_colour(const Avatar& avatar) const;

 private:
  void draw_outfit(ShapeBatch& shapes, const Avatar& avatar, sf::Vector2f c, float u) const;
  void draw_head(ShapeBatch& shapes, const Avatar& avatar, sf::Vector2f head, float u, const AvatarPose& pose) const;
  const AvatarPalettes& palettes_;
};

// One person's avatar as scenes show it: figure, badge and initials text
// (kept between frames), plus the gesture it is playing.
class AvatarFigure {
 public:
  void set(const Avatar& avatar, const std::string& name);
  void play(Gesture gesture, std::int64_t started_ms);
  [[nodiscard]] const Avatar& avatar() const { return avatar_; }
  void draw(Canvas& canvas, const Theme& theme, const AvatarRenderer& renderer, sf::FloatRect box,
            std::int64_t now_ms, bool with_badge = true);

 private:
  Avatar avatar_;
  std::string initials_;
  Gesture gesture_ = Gesture::Relaxed;
  std::int64_t started_ms_ = 0;
  sf::Text text_;
};

}  // namespace rapport::client
