#pragma once
// In Step: a real-time coordination challenge. Partners steer avatars on a
// small open map through a sequence of waypoints; a waypoint counts only when
// every member stands on it at the same tick, and the score rewards moving in
// step. The step function is pure and uses integer milli-units, so the client
// can run exactly the same code to predict its own avatar (see
// in_step_netcode.hpp) and get bit-identical positions.
#include "rapport/rounds/challenge_result.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace rapport::in_step {

// 1 map unit = 1000 milli-units; positions are integers so prediction and the
// server agree to the last bit on every platform.
inline constexpr std::int32_t kMilli = 1000;
inline constexpr std::int32_t kMapWidth = 20 * kMilli;
inline constexpr std::int32_t kMapHeight = 12 * kMilli;
inline constexpr std::int64_t kTickMs = 50;                  // 20 Hz: the server's tick
inline constexpr std::int32_t kMaxSpeedPerSecond = 4 * kMilli;  // crosses the map in 5 s
inline constexpr std::int32_t kAxisMax = 127;                // input axes are int8
inline constexpr std::int32_t kAvatarRadius = 300;           // keeps avatars drawn inside the map
inline constexpr std::int32_t kWaypointRadius = kMilli;      // "standing on it"
inline constexpr std::int32_t kInStepDistance = 2 * kMilli;  // close enough to count as together
// An arrival spread up to this counts as fully together; it fades to nothing
// at kArrivalSpreadZeroMs.
inline constexpr std::int64_t kArrivalTogetherMs = 500;
inline constexpr std::int64_t kArrivalSpreadZeroMs = 3000;
// A missing input repeats the last direction for this many ticks (covers a
// late packet without a visible stop), then the avatar stops.
inline constexpr std::uint32_t kHoldTicks = 3;
inline constexpr std::size_t kDefaultWaypoints = 6;
inline constexpr std::size_t kMaxMembers = 3;  // pairs, and a trio when the group is odd
inline constexpr std::int64_t kDefaultDurationMs = 90'000;

struct Vec2 {
  std::int32_t x = 0;
  std::int32_t y = 0;
  friend bool operator==(const Vec2&, const Vec2&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(x, y);
  }
};
[[nodiscard]] std::int64_t distance(Vec2 a, Vec2 b);  // milli-units, rounded down

// One client tick of steering. Sequences start at 1 and grow by one per input;
// `tick` is the server tick the input is meant for.
struct PlayerInput {
  std::uint32_t sequence = 0;
  std::int8_t dx = 0;  // -127..127 (-128 is treated as -127)
  std::int8_t dy = 0;  // positive is down the screen
  std::uint32_t tick = 0;
  friend bool operator==(const PlayerInput&, const PlayerInput&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(sequence, dx, dy, tick);
  }
};
// Maps a stick/keys value in -1..1 to an input axis.
[[nodiscard]] std::int8_t quantise_axis(double value);

struct Course {
  std::uint64_t seed = 0;
  std::vector<Vec2> waypoints;
  std::vector<Vec2> spawns;  // kMaxMembers start points, side by side
  friend bool operator==(const Course&, const Course&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(seed, waypoints, spawns);
  }
};
// Deterministic for a seed; waypoints stay inside the map and are spread out.
[[nodiscard]] Course generate_course(std::uint64_t seed, std::size_t waypoint_count = kDefaultWaypoints);

// The one movement rule, shared by the server and client prediction: moves at
// most max speed for dt in the input's direction and clamps to the map.
[[nodiscard]] Vec2 move_avatar(Vec2 from, std::int8_t dx, std::int8_t dy, std::int64_t dt_ms);

struct Avatar {
  std::uint32_t player_id = 0;
  Vec2 position;
  std::int8_t dx = 0;  // direction in effect (held while inputs are missing)
  std::int8_t dy = 0;
  std::uint32_t last_sequence = 0;  // highest input applied
  std::uint32_t ticks_without_input = 0;
  friend bool operator==(const Avatar&, const Avatar&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player_id, position, dx, dy, last_sequence, ticks_without_input);
  }
};

enum class Phase : std::uint8_t { Walking, Finished };

struct InStepState {
  Course course;
  std::vector<Avatar> avatars;
  std::uint32_t tick = 0;  // ticks simulated so far
  std::size_t next_waypoint = 0;
  std::int64_t elapsed_ms = 0;
  std::int64_t duration_ms = kDefaultDurationMs;
  std::int64_t in_step_ms = 0;            // time with every member within kInStepDistance
  std::int64_t first_arrival_ms = -1;     // when someone first reached the current waypoint
  std::vector<std::int64_t> arrival_spreads_ms;  // one per waypoint reached
  Phase phase = Phase::Walking;
  friend bool operator==(const InStepState&, const InStepState&) = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(course, avatars, tick, next_waypoint, elapsed_ms, duration_ms, in_step_ms, first_arrival_ms,
       arrival_spreads_ms, phase);
  }
};

// Members beyond kMaxMembers are not placed (the caller forms groups of 2-3).
[[nodiscard]] InStepState start_in_step(const std::vector<std::uint32_t>& members, Course course,
                                        std::int64_t duration_ms = kDefaultDurationMs);
[[nodiscard]] const Avatar* find_avatar(const InStepState& state, std::uint32_t player_id);

// An input as the server received it: `player_id` comes from the connection it
// arrived on, never from the payload, so an input can only move its sender.
struct MemberInput {
  std::uint32_t player_id = 0;
  PlayerInput input;
};

struct StepReport {
  bool waypoint_reached = false;
  bool finished = false;
  std::uint32_t ignored_inputs = 0;  // not a member, second input this tick, stale or duplicate
};

// Advances one tick (dt_ms is kTickMs in play; other values are clamped to
// 0..4 ticks). Inputs only set their sender's direction; avatars move only
// through move_avatar, so nobody can teleport or move anybody else.
StepReport step(InStepState& state, std::span<const MemberInput> inputs, std::int64_t dt_ms);

struct InStepScore {
  std::size_t waypoints = 0;
  std::size_t reached = 0;
  double in_step_fraction = 0.0;  // of elapsed time
  double together = 0.0;          // 0..1, arrival closeness summed over all waypoints
  std::int64_t elapsed_ms = 0;
  std::int64_t time_left_ms = 0;
  std::int64_t mean_arrival_spread_ms = 0;
  bool success = false;
  std::uint8_t score = 0;  // 0..100
};
[[nodiscard]] InStepScore score(const InStepState& state);
[[nodiscard]] ChallengeResult to_result(const InStepScore& score);

}  // namespace rapport::in_step
