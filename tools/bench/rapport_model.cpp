// CPU cost of the rapport model as the server uses it: one model per group,
// hundreds of groups, advance() at 20 Hz and a chat or gesture every few
// seconds per group. Prints nanoseconds per call; no network involved.
//
//   ./build/bin/rapport-bench-rapport_model [groups] [minutes] [assets_dir]
#include "rapport/build_info.hpp"
#include "rapport/rapport/rapport_model.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kTickMs = 50;          // the server's 20 Hz tick
constexpr std::int64_t kChatEveryMs = 3'000;  // a lively conversation
constexpr std::int64_t kGestureEveryMs = 5'000;

const std::array<const char*, 6> kLines = {
    "Hi! How has your week been so far?",
    "Busy but good, thanks. I started on the new support team. What do you work on?",
    "Mostly the mobile app screens. Which screens confuse people the most?",
    "The payment screen, by far. People can't find the back button :)",
    "Ha, I know that one. Could we look at it together next week?",
    "Sure, Tuesday works for me. I'll bring the questions people ask."};

double ns_per(Clock::duration d, std::size_t n) {
  return n == 0 ? 0.0
                : static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()) /
                      static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t groups = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 500;
  const std::int64_t minutes = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 5;
  const std::string assets = argc > 3 ? argv[3] : rapport::build::kAssetsDir;
  const auto load = rapport::load_model_config(assets);
  if (!load.ok()) {
    std::fprintf(stderr, "%s\n", load.error.c_str());
    return 1;
  }
  std::vector<rapport::RapportModel> models;
  models.reserve(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    const auto id = static_cast<std::uint32_t>(2 * g + 1);
    models.emplace_back(load.config, std::vector<std::uint32_t>{id, id + 1}, 0);
  }
  Clock::duration chat_time{};
  Clock::duration gesture_time{};
  Clock::duration advance_time{};
  std::size_t chats = 0;
  std::size_t gestures = 0;
  std::size_t advances = 0;
  std::size_t reasons = 0;
  const std::int64_t end_ms = minutes * 60'000;
  for (std::int64_t t = kTickMs; t <= end_ms; t += kTickMs) {
    for (std::size_t g = 0; g < groups; ++g) {
      auto& model = models[g];
      // Stagger groups so events do not all land on the same tick.
      const std::int64_t local = t + static_cast<std::int64_t>(g) * kTickMs;
      const auto first = model.members()[0];
      const auto second = model.members()[1];
      if (local % kChatEveryMs == 0) {
        const auto turn = static_cast<std::size_t>(local / kChatEveryMs);
        const auto begin = Clock::now();
        (void)model.apply(rapport::PairEvent::chat(t, turn % 2 == 0 ? first : second,
                                                   kLines[turn % kLines.size()]));
        chat_time += Clock::now() - begin;
        ++chats;
      } else if (local % kGestureEveryMs == kTickMs) {
        const auto begin = Clock::now();
        (void)model.apply(rapport::PairEvent::gesture_by(t, second, rapport::Gesture::Nod));
        gesture_time += Clock::now() - begin;
        ++gestures;
      }
      const auto begin = Clock::now();
      model.advance(t);
      advance_time += Clock::now() - begin;
      ++advances;
      reasons += model.take_reasons().size();
    }
  }
  std::printf("groups %zu, simulated %lld min at 20 Hz\n", groups, static_cast<long long>(minutes));
  std::printf("apply(chat)    %8.0f ns  (%zu calls)\n", ns_per(chat_time, chats), chats);
  std::printf("apply(gesture) %8.0f ns  (%zu calls)\n", ns_per(gesture_time, gestures), gestures);
  std::printf("advance()      %8.0f ns  (%zu calls)\n", ns_per(advance_time, advances), advances);
  const double tick_ms =
      (ns_per(advance_time, advances) * static_cast<double>(groups) +
       ns_per(chat_time, chats) * static_cast<double>(chats) / static_cast<double>(advances) *
           static_cast<double>(groups)) /
      1e6;
  std::printf("model work per server tick for all groups: %.3f ms of the 50 ms budget\n", tick_ms);
  std::printf("reasons produced: %zu\n", reasons);
  return 0;
}
