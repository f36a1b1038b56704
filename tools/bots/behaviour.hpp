#pragma once
// How a bot behaves in a pair room: what it says, when it replies, which
// gestures it makes and mirrors, and how it reflects. Times are game
// milliseconds (the driver converts with --time-scale); randomness is seeded.
#include "rapport/protocol/gestures.hpp"
#include "rapport/util/rng.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::bots {

enum class Style : std::uint8_t { Warm, Neutral, Cold };
[[nodiscard]] const char* style_name(Style style);

// One thing the bot will do at `at_ms` (game time).
struct Planned {
  std::int64_t at_ms = 0;
  enum class Kind : std::uint8_t { Chat, Gesture } kind = Kind::Chat;
  std::string text;
  Gesture gesture = Gesture::Smile;
};

class Behaviour {
 public:
  Behaviour(Style style, std::uint64_t seed) : style_(style), rng_(seed) {}

  [[nodiscard]] Style style() const { return style_; }
  // In a role-play round the bot stays in character: its own lines come from
  // the role card (RoundPlayer); here it only answers briefly in character,
  // never with small talk about its weekend.
  void set_in_character(bool on) {
    if (on && !in_character_) turns_ = 0;  // a new scene: nobody has spoken in it yet
    in_character_ = on;
  }
  [[nodiscard]] bool in_character() const { return in_character_; }
  // A new partner: the bot with the lower id opens the conversation.
  std::vector<Planned> on_new_group(std::int64_t now_ms, bool opener, const std::string& prompt);
  std::vector<Planned> on_partner_chat(std::int64_t now_ms, const std::string& text);
  std::vector<Planned> on_partner_gesture(std::int64_t now_ms, Gesture gesture);
  // Called now and then: keeps a quiet room going (warm) or not (cold).
  std::vector<Planned> on_idle(std::int64_t now_ms, std::int64_t quiet_for_ms);
  // IOS 1..7 and a kudos index (0: none) about a partner.
  [[nodiscard]] std::uint8_t ios_answer();
  [[nodiscard]] std::uint8_t kudos_answer();

 private:
  [[nodiscard]] std::int64_t delay(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng_.below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  [[nodiscard]] const std::string& pick(const std::vector<std::string>& list) {
    return list[rng_.below(static_cast<std::uint32_t>(list.size()))];
  }

  Style style_;
  Rng rng_;
  int turns_ = 0;
  bool in_character_ = false;
};

}  // namespace rapport::bots
