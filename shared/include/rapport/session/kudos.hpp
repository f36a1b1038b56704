#pragma once
// The short positive list a participant may give one of after a rotation.
// Positive only, on purpose: kudos are appreciation, never a rating.
#include <array>
#include <cstdint>
#include <string_view>

namespace rapport {

inline constexpr std::array<std::string_view, 6> kKudos = {
    "Great listener", "Asked great questions", "Made me laugh",
    "Easy to talk to", "Kind and encouraging", "Great teammate",
};
inline constexpr std::uint8_t kKudosCount = static_cast<std::uint8_t>(kKudos.size());

// 1-based on the wire (0 means none).
[[nodiscard]] constexpr std::string_view kudos_text(std::uint8_t kudos) {
  return kudos >= 1 && kudos <= kKudosCount ? kKudos[kudos - 1u] : std::string_view{};
}

}  // namespace rapport
