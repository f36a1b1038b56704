#pragma once
// Pure decisions about a session: what a request turns into (events, or a
// rejection with a reason a person can read), what the timers make happen,
// and what every client is told about the session's progress. The server
// journals and applies what these return; tests call them with no network.
#include "rapport/session/session_state.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rapport {

struct Rejection {
  ErrorCode code = ErrorCode::OutOfState;
  std::string text;
};

// A decision: events to commit in order, or why nothing changes.
struct Decision {
  std::vector<SessionEventBody> events;
  std::optional<Rejection> rejection;
  [[nodiscard]] bool rejected() const { return rejection.has_value(); }
  static Decision reject(ErrorCode code, std::string text) { return {{}, Rejection{code, std::move(text)}}; }
};

// Words masked in classroom chat (lowercase, one per entry).
struct ChatFilter {
  std::vector<std::string> words;
};

// Pairs everyone who can play now (present, not on break) for the next rotation.
[[nodiscard]] RotationStarted plan_rotation(const SessionState& state, std::uint64_t seed);

// Timer-driven steps due at `now` (round over, reflection over, end).
[[nodiscard]] std::vector<SessionEventBody> due_transitions(const SessionState& state, std::int64_t now_ms,
                                                            std::uint64_t seed);

[[nodiscard]] Decision decide_host_command(const SessionState& state, std::uint32_t sender, const HostCommand& command,
                                           std::int64_t now_ms, std::uint64_t seed);
[[nodiscard]] Decision decide_chat(const SessionState& state, std::uint32_t sender, const std::string& text,
                                   const ChatFilter* filter);
[[nodiscard]] Decision decide_gesture(const SessionState& state, std::uint32_t sender, Gesture gesture);
[[nodiscard]] Decision decide_reflection(const SessionState& state, std::uint32_t sender,
                                         const ReflectionAnswer& answer);
[[nodiscard]] Decision decide_break(const SessionState& state, std::uint32_t sender, bool on, std::uint64_t seed);

// A player arrived (joined, came back from a break or reconnected) while a
// rotation is running: place them now (pair with a waiting person or make a
// trio) so nobody watches an empty screen.
[[nodiscard]] std::vector<SessionEventBody> place_arrival(const SessionState& state, std::uint32_t player,
                                                          std::uint64_t seed);
// A player left the current rotation: patch their group.
[[nodiscard]] std::vector<SessionEventBody> patch_departure(const SessionState& state, std::uint32_t player,
                                                            std::uint64_t seed);

// Masks filtered words (whole words, case-insensitive) with asterisks.
[[nodiscard]] std::string filter_chat(const std::string& text, const ChatFilter& filter);

[[nodiscard]] SessionStatus status_of(const SessionState& state, std::int64_t now_ms);

// Seconds before the end of a round when clients show "ending soon".
inline constexpr std::int64_t kWarningMs = 30'000;
// A solo reflection card for someone whose partner left and who could not be
// placed in another group.
inline constexpr const char* kSoloCard =
    "Your partner had to leave. Take a minute for yourself: what did you learn about them, and what would you "
    "ask them next time? You will get a new partner at the next rotation.";

}  // namespace rapport
