// The animation half of the avatar renderer: gesture -> pose over time.
#include "render/avatar_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rapport::client {
namespace {

constexpr float kTwoPi = 2.0F * std::numbers::pi_v<float>;
// A gesture eases in over this long, and a momentary one eases out over the last part.
constexpr std::int64_t kEaseInMs = 300;
constexpr std::int64_t kEaseOutMs = 350;
// Periods of the repeating parts: a nod, a wave of the hand, a laugh's bounce.
constexpr float kNodPeriodMs = 620.0F;
constexpr float kWavePeriodMs = 460.0F;
constexpr float kLaughPeriodMs = 260.0F;

float lerp(float a, float b, float t) { return a + (b - a) * t; }

AvatarArm lerp(const AvatarArm& a, const AvatarArm& b, float t) {
  return {lerp(a.elbow_x, b.elbow_x, t), lerp(a.elbow_y, b.elbow_y, t), lerp(a.hand_x, b.hand_x, t),
          lerp(a.hand_y, b.hand_y, t)};
}

AvatarArm mirrored(const AvatarArm& arm) { return {-arm.elbow_x, arm.elbow_y, -arm.hand_x, arm.hand_y}; }

// The gesture's key pose; `wave` is a -1..1 oscillation for the moving parts.
AvatarPose key_pose(Gesture gesture, float wave) {
  AvatarPose p;
  switch (gesture) {
    case Gesture::Smile:
      p.smile = 1.0F;
      break;
    case Gesture::Nod:
      p.smile = 0.55F;
      p.head_dy = 0.035F * std::max(0.0F, wave);
      break;
    case Gesture::Laugh:
      p.smile = 1.0F;
      p.mouth_open = 1.0F;
      p.eyes_closed = 1.0F;
      p.head_dy = 0.012F * wave;
      p.head_tilt = 0.06F;
      break;
    case Gesture::LeanIn:
      p.lean = 1.0F;
      p.smile = 0.6F;
      p.head_dy = 0.015F;
      break;
    case Gesture::Thinking:
      p.smile = 0.1F;
      p.look_up = 1.0F;
      p.head_tilt = -0.08F;
      p.right = {-0.12F, 0.40F, -0.05F, 0.15F};
      break;
    case Gesture::ChinOnHandLeft:
      p.smile = 0.35F;
      p.head_tilt = 0.12F;
      p.head_dx = 0.015F;
      p.left = {0.12F, 0.42F, 0.05F, 0.15F};
      break;
    case Gesture::ChinOnHandRight:
      p.smile = 0.35F;
      p.head_tilt = -0.12F;
      p.head_dx = -0.015F;
      p.right = mirrored(AvatarArm{0.12F, 0.42F, 0.05F, 0.15F});
      break;
    case Gesture::ArmsCrossed:
      p.smile = 0.1F;
      p.left = {0.28F, 0.36F, -0.13F, 0.33F};
      p.right = {-0.28F, 0.33F, 0.13F, 0.30F};
      break;
    case Gesture::Wave:
      p.smile = 0.8F;
      p.left = {0.34F, 0.14F, 0.38F + 0.05F * wave, -0.10F};
      break;
    case Gesture::Relaxed:
    case Gesture::kCount:
      break;
  }
  return p;
}

float period_of(Gesture gesture) {
  switch (gesture) {
    case Gesture::Nod: return kNodPeriodMs;
    case Gesture::Wave: return kWavePeriodMs;
    case Gesture::Laugh: return kLaughPeriodMs;
    default: return 0.0F;
  }
}

}  // namespace

std::int64_t gesture_duration_ms(Gesture gesture) {
  switch (gesture) {
    case Gesture::Smile: return 2000;
    case Gesture::Nod: return 2 * static_cast<std::int64_t>(kNodPeriodMs) + kEaseOutMs;
    case Gesture::Laugh: return 1600;
    case Gesture::Thinking: return 2600;
    case Gesture::Wave: return 1800;
    default: return 0;  // postures are held until the next one
  }
}

AvatarPose blend(const AvatarPose& a, const AvatarPose& b, float t) {
  AvatarPose p;
  p.head_dx = lerp(a.head_dx, b.head_dx, t);
  p.head_dy = lerp(a.head_dy, b.head_dy, t);
  p.head_tilt = lerp(a.head_tilt, b.head_tilt, t);
  p.lean = lerp(a.lean, b.lean, t);
  p.smile = lerp(a.smile, b.smile, t);
  p.mouth_open = lerp(a.mouth_open, b.mouth_open, t);
  p.eyes_closed = lerp(a.eyes_closed, b.eyes_closed, t);
  p.look_up = lerp(a.look_up, b.look_up, t);
  p.left = lerp(a.left, b.left, t);
  p.right = lerp(a.right, b.right, t);
  return p;
}

AvatarPose pose_at(Gesture gesture, std::int64_t elapsed_ms, bool reduced_motion) {
  const AvatarPose rest;
  if (gesture == Gesture::Relaxed || gesture == Gesture::kCount || elapsed_ms < 0) return rest;
  const std::int64_t duration = gesture_duration_ms(gesture);
  const bool momentary = !is_posture(gesture);
  if (momentary && elapsed_ms >= duration) return rest;
  const float period = period_of(gesture);
  if (reduced_motion) {
    // Still key pose: a nod shows the head down, a wave the hand up.
    return key_pose(gesture, period > 0 ? 1.0F : 0.0F);
  }
  const float wave = period > 0 ? std::sin(kTwoPi * static_cast<float>(elapsed_ms) / period) : 0.0F;
  float weight = ease_in_out(static_cast<float>(elapsed_ms) / static_cast<float>(kEaseInMs));
  if (momentary) {
    weight = std::min(weight, ease_in_out(static_cast<float>(duration - elapsed_ms) / static_cast<float>(kEaseOutMs)));
  }
  return blend(rest, key_pose(gesture, wave), weight);
}

}  // namespace rapport::client
