#pragma once
// The gesture palette avatars perform in pair rooms and scenes. Some are
// momentary (a nod), some are postures held until the next posture (arms
// crossed, chin on hand, lean in). Shared by the protocol, the rapport model
// and the client's avatar renderer.
#include <cstdint>
#include <string_view>

namespace rapport {

enum class Gesture : std::uint8_t {
  Smile,
  Nod,
  Laugh,
  LeanIn,
  Thinking,
  ChinOnHandLeft,
  ChinOnHandRight,
  ArmsCrossed,
  Wave,
  Relaxed,  // back to a neutral posture
  kCount
};

[[nodiscard]] constexpr bool is_posture(Gesture g) {
  return g == Gesture::LeanIn || g == Gesture::ChinOnHandLeft || g == Gesture::ChinOnHandRight ||
         g == Gesture::ArmsCrossed || g == Gesture::Relaxed;
}

// Friendly gestures the rapport model counts as positivity.
[[nodiscard]] constexpr bool is_friendly(Gesture g) {
  return g == Gesture::Smile || g == Gesture::Nod || g == Gesture::Laugh || g == Gesture::Wave ||
         g == Gesture::LeanIn;
}

[[nodiscard]] constexpr std::string_view gesture_name(Gesture g) {
  switch (g) {
    case Gesture::Smile: return "smile";
    case Gesture::Nod: return "nod";
    case Gesture::Laugh: return "laugh";
    case Gesture::LeanIn: return "lean in";
    case Gesture::Thinking: return "thinking";
    case Gesture::ChinOnHandLeft: return "chin on hand (left)";
    case Gesture::ChinOnHandRight: return "chin on hand (right)";
    case Gesture::ArmsCrossed: return "arms crossed";
    case Gesture::Wave: return "wave";
    case Gesture::Relaxed: return "relaxed";
    case Gesture::kCount: break;
  }
  return "unknown";
}

}  // namespace rapport
