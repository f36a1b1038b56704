#include "rapport/rounds/in_step/in_step.hpp"

#include "rapport/util/rng.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::in_step {

namespace {

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kMaxStepMs = 4 * kTickMs;  // a stalled server catches up in small steps
// Waypoints keep clear of the edges and are a walk apart, but not a marathon.
constexpr std::int32_t kCourseMargin = 1500;
constexpr std::int64_t kMinLegLength = 4 * kMilli;
constexpr std::int64_t kMaxLegLength = 12 * kMilli;
constexpr std::int32_t kSpawnSpacing = kMilli;
constexpr int kMaxLegAttempts = 200;
constexpr std::uint64_t kCourseSalt = 0x1575'7E90'0000'0001ULL;

// Score weights (docs/CHALLENGES.md).
constexpr double kCompletionWeight = 0.45;
constexpr double kInStepWeight = 0.30;
constexpr double kTogetherWeight = 0.15;
constexpr double kTimeWeight = 0.10;
constexpr double kMaxScore = 100.0;

std::int64_t isqrt(std::int64_t value) {
  if (value <= 0) return 0;
  auto root = static_cast<std::int64_t>(std::sqrt(static_cast<double>(value)));
  // The double estimate can be off by one either way; settle it exactly.
  while (root * root > value) --root;
  while ((root + 1) * (root + 1) <= value) ++root;
  return root;
}

Vec2 random_point(Rng& rng) {
  const auto span_x = static_cast<std::uint32_t>(kMapWidth - 2 * kCourseMargin);
  const auto span_y = static_cast<std::uint32_t>(kMapHeight - 2 * kCourseMargin);
  return {kCourseMargin + static_cast<std::int32_t>(rng.below(span_x + 1)),
          kCourseMargin + static_cast<std::int32_t>(rng.below(span_y + 1))};
}

std::int32_t clamp_to(std::int64_t value, std::int32_t low, std::int32_t high) {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(value, low, high));
}

bool everyone_within(const InStepState& state, Vec2 point, std::int64_t radius) {
  return std::all_of(state.avatars.begin(), state.avatars.end(),
                     [&](const Avatar& a) { return distance(a.position, point) <= radius; });
}

bool anyone_within(const InStepState& state, Vec2 point, std::int64_t radius) {
  return std::any_of(state.avatars.begin(), state.avatars.end(),
                     [&](const Avatar& a) { return distance(a.position, point) <= radius; });
}

std::int64_t widest_gap(const InStepState& state) {
  std::int64_t widest = 0;
  for (std::size_t i = 0; i < state.avatars.size(); ++i) {
    for (std::size_t j = i + 1; j < state.avatars.size(); ++j) {
      widest = std::max(widest, distance(state.avatars[i].position, state.avatars[j].position));
    }
  }
  return widest;
}

double arrival_closeness(std::int64_t spread_ms) {
  if (spread_ms <= kArrivalTogetherMs) return 1.0;
  if (spread_ms >= kArrivalSpreadZeroMs) return 0.0;
  return static_cast<double>(kArrivalSpreadZeroMs - spread_ms) /
         static_cast<double>(kArrivalSpreadZeroMs - kArrivalTogetherMs);
}

}  // namespace

std::int64_t distance(Vec2 a, Vec2 b) {
  const std::int64_t dx = static_cast<std::int64_t>(a.x) - b.x;
  const std::int64_t dy = static_cast<std::int64_t>(a.y) - b.y;
  return isqrt(dx * dx + dy * dy);
}

std::int8_t quantise_axis(double value) {
  if (!std::isfinite(value)) return 0;
  const double clamped = std::clamp(value, -1.0, 1.0);
  return static_cast<std::int8_t>(std::lround(clamped * kAxisMax));
}

Course generate_course(std::uint64_t seed, std::size_t waypoint_count) {
  Rng rng(seed ^ kCourseSalt);
  Course course;
  course.seed = seed;
  // Spawns side by side around a start point far enough from the side edges.
  Vec2 start = random_point(rng);
  start.x = std::clamp(start.x, kCourseMargin + kSpawnSpacing, kMapWidth - kCourseMargin - kSpawnSpacing);
  for (std::size_t i = 0; i < kMaxMembers; ++i) {
    const auto offset = static_cast<std::int32_t>(i) - static_cast<std::int32_t>(kMaxMembers / 2);
    course.spawns.push_back({start.x + offset * kSpawnSpacing, start.y});
  }
  Vec2 previous = start;
  for (std::size_t i = 0; i < waypoint_count; ++i) {
    Vec2 candidate = random_point(rng);
    for (int attempt = 0; attempt < kMaxLegAttempts; ++attempt) {
      const std::int64_t leg = distance(previous, candidate);
      if (leg >= kMinLegLength && leg <= kMaxLegLength) break;
      candidate = random_point(rng);
    }
    course.waypoints.push_back(candidate);
    previous = candidate;
  }
  return course;
}

Vec2 move_avatar(Vec2 from, std::int8_t dx, std::int8_t dy, std::int64_t dt_ms) {
  const std::int64_t ix = std::clamp<std::int64_t>(dx, -kAxisMax, kAxisMax);
  const std::int64_t iy = std::clamp<std::int64_t>(dy, -kAxisMax, kAxisMax);
  // Diagonals are no faster: the direction's length (rounded up, so the step
  // never exceeds max speed) is capped at kAxisMax.
  const std::int64_t squared = ix * ix + iy * iy;
  std::int64_t length = isqrt(squared);
  if (length * length < squared) ++length;
  length = std::max<std::int64_t>(kAxisMax, length);
  const std::int64_t dt = std::clamp<std::int64_t>(dt_ms, 0, kMaxStepMs);
  const std::int64_t reach = kMaxSpeedPerSecond * dt;  // milli-units * 1000
  const std::int64_t denominator = kMsPerSecond * length;
  return {clamp_to(from.x + reach * ix / denominator, kAvatarRadius, kMapWidth - kAvatarRadius),
          clamp_to(from.y + reach * iy / denominator, kAvatarRadius, kMapHeight - kAvatarRadius)};
}

InStepState start_in_step(const std::vector<std::uint32_t>& members, Course course,
                          std::int64_t duration_ms) {
  InStepState state;
  for (std::size_t i = 0; i < members.size() && i < course.spawns.size(); ++i) {
    Avatar avatar;
    avatar.player_id = members[i];
    avatar.position = course.spawns[i];
    state.avatars.push_back(avatar);
  }
  state.course = std::move(course);
  state.duration_ms = duration_ms;
  if (state.course.waypoints.empty()) state.phase = Phase::Finished;
  return state;
}

const Avatar* find_avatar(const InStepState& state, std::uint32_t player_id) {
  for (const Avatar& avatar : state.avatars) {
    if (avatar.player_id == player_id) return &avatar;
  }
  return nullptr;
}

StepReport step(InStepState& state, std::span<const MemberInput> inputs, std::int64_t dt_ms) {
  StepReport report;
  if (state.phase == Phase::Finished) {
    report.ignored_inputs = static_cast<std::uint32_t>(inputs.size());
    report.finished = true;
    return report;
  }
  const std::int64_t dt = std::clamp<std::int64_t>(dt_ms, 0, kMaxStepMs);

  // Pick at most one fresh input per member; everything else is ignored.
  std::vector<bool> has_input(state.avatars.size(), false);
  for (const MemberInput& received : inputs) {
    std::size_t index = state.avatars.size();
    for (std::size_t i = 0; i < state.avatars.size(); ++i) {
      if (state.avatars[i].player_id == received.player_id) index = i;
    }
    if (index == state.avatars.size() || has_input[index] ||
        received.input.sequence <= state.avatars[index].last_sequence) {
      ++report.ignored_inputs;
      continue;
    }
    Avatar& avatar = state.avatars[index];
    has_input[index] = true;
    avatar.dx = received.input.dx;
    avatar.dy = received.input.dy;
    avatar.last_sequence = received.input.sequence;
    avatar.ticks_without_input = 0;
  }
  for (std::size_t i = 0; i < state.avatars.size(); ++i) {
    Avatar& avatar = state.avatars[i];
    if (!has_input[i] && ++avatar.ticks_without_input > kHoldTicks) {
      avatar.dx = 0;
      avatar.dy = 0;
    }
    avatar.position = move_avatar(avatar.position, avatar.dx, avatar.dy, dt);
  }
  ++state.tick;
  state.elapsed_ms += dt;
  if (widest_gap(state) <= kInStepDistance) state.in_step_ms += dt;

  const Vec2 waypoint = state.course.waypoints[state.next_waypoint];
  if (state.first_arrival_ms < 0 && anyone_within(state, waypoint, kWaypointRadius)) {
    state.first_arrival_ms = state.elapsed_ms;
  }
  if (everyone_within(state, waypoint, kWaypointRadius)) {
    report.waypoint_reached = true;
    state.arrival_spreads_ms.push_back(state.elapsed_ms - state.first_arrival_ms);
    state.first_arrival_ms = -1;
    ++state.next_waypoint;
  }
  if (state.next_waypoint >= state.course.waypoints.size() || state.elapsed_ms >= state.duration_ms) {
    state.phase = Phase::Finished;
  }
  report.finished = state.phase == Phase::Finished;
  return report;
}

InStepScore score(const InStepState& state) {
  InStepScore result;
  result.waypoints = state.course.waypoints.size();
  result.reached = std::min(state.next_waypoint, result.waypoints);
  result.elapsed_ms = state.elapsed_ms;
  result.time_left_ms = std::max<std::int64_t>(0, state.duration_ms - state.elapsed_ms);
  result.success = result.waypoints > 0 && result.reached == result.waypoints;
  if (state.elapsed_ms > 0) {
    result.in_step_fraction =
        static_cast<double>(state.in_step_ms) / static_cast<double>(state.elapsed_ms);
  }
  std::int64_t spread_total = 0;
  for (const std::int64_t spread : state.arrival_spreads_ms) {
    result.together += arrival_closeness(spread);
    spread_total += spread;
  }
  if (!state.arrival_spreads_ms.empty()) {
    result.mean_arrival_spread_ms =
        spread_total / static_cast<std::int64_t>(state.arrival_spreads_ms.size());
  }
  if (result.waypoints == 0) return result;
  const auto total = static_cast<double>(result.waypoints);
  result.together /= total;
  const double completion = static_cast<double>(result.reached) / total;
  const double time_bonus =
      result.success && state.duration_ms > 0
          ? static_cast<double>(result.time_left_ms) / static_cast<double>(state.duration_ms)
          : 0.0;
  const double value = kMaxScore * (kCompletionWeight * completion +
                                    kInStepWeight * result.in_step_fraction * completion +
                                    kTogetherWeight * result.together + kTimeWeight * time_bonus);
  result.score = static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 100L));
  return result;
}

ChallengeResult to_result(const InStepScore& s) {
  ChallengeResult result;
  result.challenge = "in_step";
  result.success = s.success;
  result.score = s.score;
  result.elapsed_ms = s.elapsed_ms;
  result.figures = {{"waypoints", static_cast<double>(s.waypoints)},
                    {"reached", static_cast<double>(s.reached)},
                    {"in_step_fraction", s.in_step_fraction},
                    {"together", s.together},
                    {"mean_arrival_spread_ms", static_cast<double>(s.mean_arrival_spread_ms)}};
  return result;
}

}  // namespace rapport::in_step
