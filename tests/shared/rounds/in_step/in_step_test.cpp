#include "rapport/rounds/in_step/in_step.hpp"
#include "rapport/rounds/in_step/in_step_netcode.hpp"

#include "rapport/util/rng.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rapport::in_step {
namespace {

constexpr std::uint32_t kA = 1;
constexpr std::uint32_t kB = 2;
constexpr std::uint32_t kC = 3;
constexpr std::int64_t kPerTick = kMaxSpeedPerSecond * kTickMs / 1000;  // 200 milli-units

PlayerInput input(std::uint32_t sequence, std::int8_t dx, std::int8_t dy) {
  return {sequence, dx, dy, sequence - 1};
}

InStepState pair_state(std::uint64_t seed = 5) { return start_in_step({kA, kB}, generate_course(seed)); }

TEST(InStep, CourseIsDeterministicInsideTheMapAndSpreadOut) {
  std::set<std::vector<std::int32_t>> distinct;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const Course course = generate_course(seed);
    ASSERT_EQ(course, generate_course(seed));
    ASSERT_EQ(course.waypoints.size(), kDefaultWaypoints);
    ASSERT_EQ(course.spawns.size(), kMaxMembers);
    std::vector<std::int32_t> fingerprint;
    for (const Vec2 w : course.waypoints) {
      ASSERT_GE(w.x, kMilli);
      ASSERT_LE(w.x, kMapWidth - kMilli);
      ASSERT_GE(w.y, kMilli);
      ASSERT_LE(w.y, kMapHeight - kMilli);
      fingerprint.push_back(w.x);
      fingerprint.push_back(w.y);
    }
    for (std::size_t i = 1; i < course.waypoints.size(); ++i) {
      EXPECT_GE(distance(course.waypoints[i - 1], course.waypoints[i]), 4 * kMilli) << "seed " << seed;
    }
    for (const Vec2 s : course.spawns) {
      ASSERT_GT(s.x, kAvatarRadius);
      ASSERT_LT(s.x, kMapWidth - kAvatarRadius);
    }
    distinct.insert(fingerprint);
  }
  EXPECT_EQ(distinct.size(), 200U);
}

TEST(InStep, MovementIsCappedAtMaxSpeedInEveryDirectionAndClampedToTheMap) {
  const Vec2 centre{10 * kMilli, 6 * kMilli};
  EXPECT_EQ(move_avatar(centre, 127, 0, kTickMs), (Vec2{centre.x + static_cast<std::int32_t>(kPerTick), centre.y}));
  EXPECT_EQ(move_avatar(centre, -128, 0, kTickMs), move_avatar(centre, -127, 0, kTickMs));
  EXPECT_EQ(move_avatar(centre, 0, 0, kTickMs), centre);
  Rng rng(3);
  for (int i = 0; i < 10'000; ++i) {
    const auto dx = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
    const auto dy = static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128);
    const Vec2 moved = move_avatar(centre, dx, dy, kTickMs);
    ASSERT_LE(distance(centre, moved), kPerTick) << int{dx} << "," << int{dy};
    ASSERT_EQ(moved, move_avatar(centre, dx, dy, kTickMs)) << "deterministic";
  }
  EXPECT_LE(distance(centre, move_avatar(centre, 127, 127, kTickMs)), kPerTick) << "no faster diagonally";
  EXPECT_GT(distance(centre, move_avatar(centre, 127, 127, kTickMs)), kPerTick - 3);
  // A huge dt is clamped, so a stalled tick cannot fling an avatar.
  EXPECT_LE(distance(centre, move_avatar(centre, 127, 0, 1'000'000)), 4 * kPerTick);
  const Vec2 corner = move_avatar({kAvatarRadius, kAvatarRadius}, -127, -127, kTickMs);
  EXPECT_EQ(corner, (Vec2{kAvatarRadius, kAvatarRadius}));
  EXPECT_EQ(move_avatar({kMapWidth, kMapHeight}, 127, 127, kTickMs),
            (Vec2{kMapWidth - kAvatarRadius, kMapHeight - kAvatarRadius}));
  EXPECT_EQ(quantise_axis(1.0), 127);
  EXPECT_EQ(quantise_axis(-7.0), -127);
  EXPECT_EQ(quantise_axis(0.5), 64);
}

TEST(InStep, InputsOnlyMoveTheirSenderAndStaleOrDuplicateOnesAreIgnored) {
  InStepState state = pair_state();
  const Vec2 a0 = state.avatars[0].position;
  const Vec2 b0 = state.avatars[1].position;

  // An outsider's input and a second input for A in one tick are ignored.
  std::vector<MemberInput> inputs = {{99, input(1, 127, 0)}, {kA, input(1, 127, 0)}, {kA, input(2, -127, 0)}};
  StepReport report = step(state, inputs, kTickMs);
  EXPECT_EQ(report.ignored_inputs, 2U);
  EXPECT_EQ(state.avatars[0].position, move_avatar(a0, 127, 0, kTickMs));
  EXPECT_EQ(state.avatars[1].position, b0) << "B sent nothing and had no direction to hold";

  // Replays of sequence 1 and older sequences are ignored; the held direction continues.
  const Vec2 a1 = state.avatars[0].position;
  inputs = {{kA, input(1, -127, 0)}};
  report = step(state, inputs, kTickMs);
  EXPECT_EQ(report.ignored_inputs, 1U);
  EXPECT_EQ(state.avatars[0].position, move_avatar(a1, 127, 0, kTickMs)) << "held, not reversed";
  EXPECT_EQ(state.avatars[0].last_sequence, 1U);

  // A fresh sequence is taken, even after a gap.
  const Vec2 a2 = state.avatars[0].position;
  inputs = {{kA, input(7, 0, 127)}};
  report = step(state, inputs, kTickMs);
  EXPECT_EQ(report.ignored_inputs, 0U);
  EXPECT_EQ(state.avatars[0].position, move_avatar(a2, 0, 127, kTickMs));
  EXPECT_EQ(state.avatars[1].position, b0);
}

TEST(InStep, NoSequenceOfInputsCanTeleport) {
  Rng rng(11);
  InStepState state = pair_state(9);
  for (int tick = 0; tick < 2000 && state.phase == Phase::Walking; ++tick) {
    std::vector<MemberInput> inputs;
    const auto count = rng.below(5);
    for (std::uint32_t i = 0; i < count; ++i) {
      inputs.push_back({rng.below(4), {rng.below(3000), static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128),
                                       static_cast<std::int8_t>(static_cast<int>(rng.below(256)) - 128), rng.below(3000)}});
    }
    const InStepState before = state;
    (void)step(state, inputs, static_cast<std::int64_t>(rng.below(500)));
    for (std::size_t i = 0; i < state.avatars.size(); ++i) {
      ASSERT_LE(distance(before.avatars[i].position, state.avatars[i].position), 4 * kPerTick);
      ASSERT_GE(state.avatars[i].position.x, kAvatarRadius);
      ASSERT_LE(state.avatars[i].position.x, kMapWidth - kAvatarRadius);
      ASSERT_GE(state.avatars[i].position.y, kAvatarRadius);
      ASSERT_LE(state.avatars[i].position.y, kMapHeight - kAvatarRadius);
    }
    ASSERT_LE(score(state).score, 100);
  }
}

TEST(InStep, AMissingInputHoldsBrieflyThenStops) {
  InStepState state = pair_state();
  std::vector<MemberInput> inputs = {{kA, input(1, 127, 0)}};
  (void)step(state, inputs, kTickMs);
  Vec2 last = state.avatars[0].position;
  for (std::uint32_t i = 0; i < kHoldTicks; ++i) {
    (void)step(state, {}, kTickMs);
    EXPECT_EQ(distance(last, state.avatars[0].position), kPerTick) << "held on tick " << i;
    last = state.avatars[0].position;
  }
  (void)step(state, {}, kTickMs);
  EXPECT_EQ(state.avatars[0].position, last) << "stopped after the hold";
}

TEST(InStep, AWaypointCountsOnlyWhenEveryoneIsOnItAtTheSameTick) {
  InStepState state = pair_state();
  const Vec2 waypoint = state.course.waypoints[0];
  const Vec2 far{waypoint.x > kMapWidth / 2 ? 2 * kMilli : kMapWidth - 2 * kMilli, waypoint.y};
  state.avatars[0].position = waypoint;
  state.avatars[1].position = far;
  StepReport report = step(state, {}, kTickMs);
  EXPECT_FALSE(report.waypoint_reached);
  EXPECT_EQ(state.first_arrival_ms, kTickMs);

  // A leaves as B arrives: still not together.
  state.avatars[0].position = far;
  state.avatars[1].position = waypoint;
  report = step(state, {}, kTickMs);
  EXPECT_FALSE(report.waypoint_reached);
  EXPECT_EQ(state.next_waypoint, 0U);

  // Both on it: counts, with the spread since the first arrival.
  state.avatars[0].position = {waypoint.x + kWaypointRadius / 2, waypoint.y};
  report = step(state, {}, kTickMs);
  EXPECT_TRUE(report.waypoint_reached);
  EXPECT_EQ(state.next_waypoint, 1U);
  ASSERT_EQ(state.arrival_spreads_ms.size(), 1U);
  EXPECT_EQ(state.arrival_spreads_ms[0], 2 * kTickMs);
}

TEST(InStep, TriosNeedAllThreeAndInStepTimeNeedsEveryoneClose) {
  InStepState state = start_in_step({kA, kB, kC}, generate_course(2));
  ASSERT_EQ(state.avatars.size(), 3U);
  const Vec2 waypoint = state.course.waypoints[0];
  state.avatars[0].position = waypoint;
  state.avatars[1].position = waypoint;
  state.avatars[2].position = {waypoint.x, waypoint.y > kMapHeight / 2 ? kMilli : kMapHeight - kMilli};
  (void)step(state, {}, kTickMs);
  EXPECT_EQ(state.next_waypoint, 0U);
  EXPECT_EQ(state.in_step_ms, 0) << "the third is far away";
  state.avatars[2].position = waypoint;
  (void)step(state, {}, kTickMs);
  EXPECT_EQ(state.next_waypoint, 1U);
  EXPECT_EQ(state.in_step_ms, kTickMs);
}

TEST(InStep, ScoreRewardsFinishingTogetherAndTimeRunsOut) {
  // Walk both avatars along the course in lock step by placing them (rules test).
  InStepState together = pair_state(4);
  for (const Vec2 w : together.course.waypoints) {
    together.avatars[0].position = w;
    together.avatars[1].position = {w.x + 200, w.y};
    (void)step(together, {}, kTickMs);
  }
  InStepScore s = score(together);
  EXPECT_TRUE(s.success);
  EXPECT_EQ(together.phase, Phase::Finished);
  EXPECT_DOUBLE_EQ(s.in_step_fraction, 1.0);
  EXPECT_DOUBLE_EQ(s.together, 1.0);
  EXPECT_GE(s.score, 99);
  EXPECT_LE(s.score, 100);

  // Nobody moves: time runs out, no success, a low score.
  InStepState idle = pair_state(4);
  while (idle.phase == Phase::Walking) (void)step(idle, {}, kTickMs);
  s = score(idle);
  EXPECT_FALSE(s.success);
  EXPECT_EQ(s.elapsed_ms, kDefaultDurationMs);
  EXPECT_EQ(s.reached, 0U);
  EXPECT_EQ(s.score, 0);
  const ChallengeResult result = to_result(s);
  EXPECT_EQ(result.challenge, "in_step");
  EXPECT_FALSE(result.success);

  // After the end nothing moves.
  const InStepState before = idle;
  std::vector<MemberInput> inputs = {{kA, input(50, 127, 127)}};
  EXPECT_EQ(step(idle, inputs, kTickMs).ignored_inputs, 1U);
  EXPECT_EQ(idle, before);
}

TEST(InStepNetcode, InputBufferKeepsEachTickOnceWithinTheWindow) {
  InputBuffer buffer;
  const std::vector<PlayerInput> inputs = {{1, 1, 0, 10}, {2, 2, 0, 11}, {3, 3, 0, 12},
                                           {4, 4, 0, 9},  {0, 5, 0, 13}, {9, 9, 0, 10 + kMaxInputLeadTicks + 1}};
  EXPECT_EQ(buffer.offer(inputs, 10), 3U) << "stale tick 9, sequence 0 and far future are dropped";
  EXPECT_EQ(buffer.offer(inputs, 10), 0U) << "repeats are dropped";
  EXPECT_FALSE(buffer.take(9).has_value());
  ASSERT_TRUE(buffer.take(10).has_value());
  EXPECT_FALSE(buffer.take(10).has_value());
  const auto twelve = buffer.take(12);
  ASSERT_TRUE(twelve.has_value());
  EXPECT_EQ(twelve->dx, 3);
  EXPECT_EQ(buffer.size(), 0U) << "taking tick 12 dropped tick 11";
}

TEST(InStepNetcode, PredictionMatchesTheServerAndReconcilesWhenItMissedAnInput) {
  InStepState server = pair_state();
  PredictedAvatar predicted(server.avatars[0].position);
  std::vector<PlayerInput> sent;
  for (std::uint32_t tick = 0; tick < 30; ++tick) {
    const PlayerInput in{tick + 1, static_cast<std::int8_t>(tick < 15 ? 127 : 0), 90, tick};
    predicted.apply_local(in);
    sent.push_back(in);
  }
  EXPECT_EQ(predicted.packet().inputs.size(), kInputsPerPacket);
  EXPECT_EQ(predicted.packet().inputs.back(), sent.back());

  // The server has processed 20 ticks, all inputs received: no correction.
  for (std::uint32_t tick = 0; tick < 20; ++tick) {
    std::vector<MemberInput> one = {{kA, sent[tick]}};
    (void)step(server, one, kTickMs);
  }
  const Vec2 before = predicted.position();
  EXPECT_EQ(predicted.on_server_state(server.avatars[0].position, server.tick), 0);
  EXPECT_EQ(predicted.position(), before);
  EXPECT_EQ(predicted.pending(), 10U);
  EXPECT_EQ(predict(server.avatars[0].position, std::span(sent).subspan(20)), before);

  // The server missed tick 20's input (held the old direction instead).
  (void)step(server, {}, kTickMs);
  const std::int64_t correction = predicted.on_server_state(server.avatars[0].position, server.tick);
  EXPECT_EQ(correction, 0) << "held direction equals the input at tick 20 here";
  InStepState other = server;
  other.avatars[0].dx = -127;  // pretend the server held something else
  (void)step(other, {}, kTickMs);
  const std::int64_t big = predicted.on_server_state(other.avatars[0].position, other.tick);
  EXPECT_GT(big, 0);
  EXPECT_EQ(predicted.largest_correction(), big);
  EXPECT_EQ(predicted.on_server_state(server.avatars[0].position, 3), 0) << "older snapshots are ignored";

  const Reconciled r = reconcile(server.avatars[0].position, server.tick, sent, before);
  EXPECT_EQ(r.position, predict(server.avatars[0].position, std::span(sent).subspan(server.tick)));
}

TEST(InStepNetcode, InterpolatorIsSmoothAndReportsSnapsWhenStarved) {
  // A partner walking at full speed; snapshots every tick, sampled every 10 ms.
  Interpolator smooth;
  std::int64_t next_snapshot = 0;
  for (std::int64_t now = 0; now <= 2100; now += 10) {
    for (; next_snapshot <= now; next_snapshot += kTickMs) {
      smooth.push(next_snapshot, {static_cast<std::int32_t>(next_snapshot * 4), 0});
    }
    smooth.push(next_snapshot - kTickMs - 1, {0, 0});  // older than the newest: ignored
    const Vec2 p = smooth.sample(now);
    if (now >= kInterpolationDelayMs) {
      EXPECT_EQ(p.x, static_cast<std::int32_t>((now - kInterpolationDelayMs) * 4)) << now;
    }
  }
  EXPECT_LE(smooth.largest_jump(), 0);
  EXPECT_EQ(smooth.starved_samples(), 0U);

  // Snapshots stop for 300 ms, then resume: the partner is held, then snaps.
  Interpolator starved;
  std::int64_t t = 0;
  for (; t <= 1000; t += kTickMs) starved.push(t, {static_cast<std::int32_t>(t * 4), 0});
  std::int64_t now = 1100;
  for (; now <= 1400; now += kTickMs) (void)starved.sample(now);
  for (t = 1300; t <= 1600; t += kTickMs) starved.push(t, {static_cast<std::int32_t>(t * 4), 0});
  (void)starved.sample(now);
  EXPECT_GT(starved.starved_samples(), 0U);
  EXPECT_GT(starved.largest_jump(), 0);
}

}  // namespace
}  // namespace rapport::in_step
