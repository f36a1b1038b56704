#include "rapport/protocol/impairment.hpp"

#include "rapport/rounds/challenge_bots.hpp"
#include "rapport/rounds/in_step/in_step.hpp"
#include "rapport/rounds/in_step/in_step_netcode.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>

namespace rapport::sim {
namespace {

using in_step::InStepState;
using in_step::PlayerInput;
using in_step::Vec2;

// ---- the link itself ----------------------------------------------------------------------
struct Arrival {
  int index = 0;
  std::int64_t at_ms = 0;
};

std::vector<Arrival> pump(ImpairedLink<int>& link, int packets, std::int64_t every_ms) {
  std::vector<Arrival> arrivals;
  const std::int64_t end = packets * every_ms + 2000;
  for (std::int64_t t = 0; t <= end; ++t) {
    if (t % every_ms == 0 && t / every_ms < packets) link.send(static_cast<int>(t / every_ms), t);
    for (const int index : link.receive(t)) arrivals.push_back({index, t});
  }
  return arrivals;
}

TEST(Impairment, APerfectLinkDeliversEverythingInOrderAfterTheDelay) {
  ImpairedLink<int> link(Impairment{.delay_ms = 30}, 1);
  const std::vector<Arrival> arrivals = pump(link, 100, 10);
  ASSERT_EQ(arrivals.size(), 100U);
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    EXPECT_EQ(arrivals[i].index, static_cast<int>(i));
    EXPECT_EQ(arrivals[i].at_ms, static_cast<std::int64_t>(i) * 10 + 30);
  }
  EXPECT_EQ(link.in_flight(), 0U);
}

TEST(Impairment, LossDelayJitterAndDuplicationFollowTheSettingsAndTheSeed) {
  const Impairment settings{.loss = 0.05, .delay_ms = 80, .jitter_ms = 20, .duplicate = 0.02};
  ImpairedLink<int> a(settings, 77);
  ImpairedLink<int> b(settings, 77);
  const std::vector<Arrival> first = pump(a, 10'000, 5);
  const std::vector<Arrival> second = pump(b, 10'000, 5);
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    ASSERT_EQ(first[i].index, second[i].index) << "same seed, same fate";
    ASSERT_EQ(first[i].at_ms, second[i].at_ms);
  }
  const double lost = static_cast<double>(a.stats().lost) / 10'000.0;
  EXPECT_GT(lost, 0.04);
  EXPECT_LT(lost, 0.06);
  EXPECT_GT(a.stats().duplicated, 100U);
  EXPECT_EQ(a.stats().delivered, a.stats().sent - a.stats().lost + a.stats().duplicated);
  bool reordered = false;
  for (std::size_t i = 0; i < first.size(); ++i) {
    const std::int64_t delay = first[i].at_ms - first[i].index * 5;
    ASSERT_GE(delay, 60);
    ASSERT_LE(delay, 100);
    if (i > 0 && first[i].index < first[i - 1].index) reordered = true;
  }
  EXPECT_TRUE(reordered) << "jitter larger than the send interval reorders packets";
}

TEST(Impairment, ASequencedLinkDropsAnythingOlderThanWhatItDelivered) {
  const Impairment settings{.delay_ms = 50, .jitter_ms = 30, .duplicate = 0.1, .reorder = 0.1,
                            .reorder_extra_ms = 60, .sequenced = true};
  ImpairedLink<int> link(settings, 5);
  const std::vector<Arrival> arrivals = pump(link, 2000, 10);
  for (std::size_t i = 1; i < arrivals.size(); ++i) {
    ASSERT_GT(arrivals[i].index, arrivals[i - 1].index) << "strictly newer, no duplicates";
  }
  EXPECT_GT(link.stats().dropped_out_of_order, 0U);
}

// ---- In Step over an impaired network -------------------------------------------------------
constexpr std::array<std::uint32_t, 2> kMembers = {41, 42};
constexpr std::int64_t kPollMs = 10;
constexpr std::int64_t kDrainMs = 2000;

struct Snapshot {
  std::uint32_t processed_ticks = 0;
  std::vector<Vec2> positions;
};

using Trajectory = std::vector<std::vector<Vec2>>;

std::vector<Vec2> positions(const InStepState& state) {
  std::vector<Vec2> out;
  for (const in_step::Avatar& a : state.avatars) out.push_back(a.position);
  return out;
}

// The bots play with perfect information; their inputs become the script
// every networked run replays, so all runs have the same inputs.
struct Script {
  std::array<std::vector<PlayerInput>, 2> inputs;
  InStepState final_state;
  Trajectory trajectory;
};

Script record(std::uint64_t seed) {
  Script script;
  InStepState state = in_step::start_in_step({kMembers.begin(), kMembers.end()}, in_step::generate_course(seed));
  while (state.phase == in_step::Phase::Walking) {
    std::vector<in_step::MemberInput> inputs;
    for (std::size_t i = 0; i < 2; ++i) {
      const std::vector<Vec2> partner = {state.avatars[1 - i].position};
      const bots::Steer steer = bots::steer_in_step(state.avatars[i].position, partner,
                                                    state.course.waypoints[state.next_waypoint]);
      const PlayerInput input{state.tick + 1, steer.dx, steer.dy, state.tick};
      script.inputs[i].push_back(input);
      inputs.push_back({kMembers[i], input});
    }
    (void)in_step::step(state, inputs, in_step::kTickMs);
    script.trajectory.push_back(positions(state));
  }
  script.final_state = state;
  return script;
}

struct NetRun {
  InStepState final_state;
  Trajectory trajectory;
  std::uint32_t missed_inputs = 0;  // ticks the server had no input for
  std::int64_t largest_correction = 0;
  std::int64_t largest_partner_jump = 0;
  std::uint32_t starved_samples = 0;
  std::int64_t final_prediction_error = 0;
  LinkStats up;
};

// Clients stamp inputs for their own tick w; the server simulates tick w once
// `lead_ticks` have passed, so redundant copies have time to arrive.
NetRun run_networked(std::uint64_t seed, const Script& script, const Impairment& net, std::uint32_t lead_ticks,
                     std::int64_t nominal_delay_ms) {
  NetRun run;
  const in_step::Course course = in_step::generate_course(seed);
  InStepState server = in_step::start_in_step({kMembers.begin(), kMembers.end()}, course);
  std::array<in_step::InputBuffer, 2> buffers;
  std::array<in_step::PredictedAvatar, 2> predicted = {in_step::PredictedAvatar(course.spawns[0]),
                                                       in_step::PredictedAvatar(course.spawns[1])};
  std::array<in_step::Interpolator, 2> partner_view;
  std::array<std::uint32_t, 2> newest_seen = {0, 0};
  Impairment channel = net;
  channel.sequenced = true;  // both ways: the unreliable-sequenced channel
  std::array<ImpairedLink<in_step::InputPacket>, 2> up = {ImpairedLink<in_step::InputPacket>(channel, seed * 4 + 0),
                                                          ImpairedLink<in_step::InputPacket>(channel, seed * 4 + 1)};
  std::array<ImpairedLink<Snapshot>, 2> down = {ImpairedLink<Snapshot>(channel, seed * 4 + 2),
                                                ImpairedLink<Snapshot>(channel, seed * 4 + 3)};
  const std::size_t script_ticks = script.inputs[0].size();
  std::int64_t finished_at = -1;

  for (std::int64_t t = 0; finished_at < 0 || t < finished_at + kDrainMs; t += kPollMs) {
    const bool tick_now = t % in_step::kTickMs == 0;
    const auto wall_tick = static_cast<std::uint32_t>(t / in_step::kTickMs);
    for (std::size_t i = 0; i < 2; ++i) {
      for (const in_step::InputPacket& packet : up[i].receive(t)) (void)buffers[i].offer(packet.inputs, server.tick);
    }
    if (tick_now && wall_tick >= lead_ticks) {
      if (server.phase == in_step::Phase::Walking) {
        std::vector<in_step::MemberInput> inputs;
        for (std::size_t i = 0; i < 2; ++i) {
          if (const auto input = buffers[i].take(server.tick)) {
            inputs.push_back({kMembers[i], *input});
          } else if (server.tick < script_ticks) {
            ++run.missed_inputs;
          }
        }
        (void)in_step::step(server, inputs, in_step::kTickMs);
        run.trajectory.push_back(positions(server));
        if (server.phase == in_step::Phase::Finished) finished_at = t;
      }
      for (std::size_t i = 0; i < 2; ++i) down[i].send(Snapshot{server.tick, positions(server)}, t);
    }
    for (std::size_t i = 0; i < 2; ++i) {
      for (const Snapshot& snapshot : down[i].receive(t)) {
        if (snapshot.processed_ticks <= newest_seen[i]) continue;
        newest_seen[i] = snapshot.processed_ticks;
        (void)predicted[i].on_server_state(snapshot.positions[i], snapshot.processed_ticks);
        partner_view[i].push(static_cast<std::int64_t>(snapshot.processed_ticks) * in_step::kTickMs,
                             snapshot.positions[1 - i]);
      }
    }
    if (tick_now) {
      // The client's estimate of the newest server time it could have heard of.
      const std::int64_t server_time_estimate =
          t - static_cast<std::int64_t>(lead_ticks) * in_step::kTickMs + in_step::kTickMs - nominal_delay_ms;
      for (std::size_t i = 0; i < 2; ++i) {
        if (wall_tick < script_ticks) {
          predicted[i].apply_local(script.inputs[i][wall_tick]);
          up[i].send(predicted[i].packet(), t);
        }
        // Animate from the first state until the last one (the end arrives as a reliable message).
        const std::int64_t render_ms = server_time_estimate - in_step::kInterpolationDelayMs;
        const std::int64_t last_state_ms = static_cast<std::int64_t>(server.tick) * in_step::kTickMs;
        if (render_ms > 0 && render_ms <= last_state_ms) (void)partner_view[i].sample(server_time_estimate);
      }
    }
    if (t > static_cast<std::int64_t>(script_ticks + lead_ticks) * in_step::kTickMs * 4 + 60'000) break;  // safety
  }
  run.final_state = server;
  for (std::size_t i = 0; i < 2; ++i) {
    run.largest_correction = std::max(run.largest_correction, predicted[i].largest_correction());
    run.largest_partner_jump = std::max(run.largest_partner_jump, partner_view[i].largest_jump());
    run.starved_samples += partner_view[i].starved_samples();
    run.final_prediction_error =
        std::max(run.final_prediction_error, in_step::distance(predicted[i].position(), server.avatars[i].position));
  }
  run.up = up[0].stats();
  return run;
}

std::uint32_t lead_for(const Impairment& net) {
  // Cover the worst one-way delay, then three more ticks so a packet lost in a
  // row of up to three is covered by the redundant copies that follow it.
  constexpr std::uint32_t kLossCoverTicks = 3;
  return static_cast<std::uint32_t>((net.delay_ms + net.jitter_ms + in_step::kTickMs - 1) / in_step::kTickMs) +
         kLossCoverTicks;
}

TEST(ImpairmentInStep, FivePercentLossAnd80msJitterGiveTheSameServerResultAsLossless) {
  const Impairment lossy{.loss = 0.05, .delay_ms = 80, .jitter_ms = 20};
  const std::uint32_t lead = lead_for(lossy);
  std::int64_t worst_correction = 0;
  std::int64_t worst_jump = 0;
  std::uint32_t starved = 0;
  std::uint64_t lost = 0;
  std::uint64_t sent = 0;
  constexpr std::uint64_t kCourses = 20;
  for (std::uint64_t seed = 0; seed < kCourses; ++seed) {
    const Script script = record(seed);
    ASSERT_TRUE(in_step::score(script.final_state).success);
    const NetRun lossless = run_networked(seed, script, Impairment{}, lead, 0);
    const NetRun impaired = run_networked(seed, script, lossy, lead, lossy.delay_ms);

    EXPECT_EQ(lossless.final_state, script.final_state) << "seed " << seed;
    EXPECT_EQ(lossless.trajectory, script.trajectory) << "seed " << seed;
    EXPECT_EQ(impaired.missed_inputs, 0U) << "seed " << seed;
    EXPECT_EQ(impaired.final_state, lossless.final_state) << "seed " << seed;
    EXPECT_EQ(impaired.trajectory, lossless.trajectory) << "seed " << seed;
    EXPECT_EQ(in_step::score(impaired.final_state).score, in_step::score(lossless.final_state).score);
    EXPECT_EQ(impaired.final_prediction_error, 0);
    EXPECT_EQ(lossless.largest_correction, 0);
    EXPECT_GT(impaired.up.lost, 0U) << "the link really lost packets";

    worst_correction = std::max(worst_correction, impaired.largest_correction);
    worst_jump = std::max(worst_jump, impaired.largest_partner_jump);
    starved += impaired.starved_samples;
    lost += impaired.up.lost;
    sent += impaired.up.sent;
  }
  std::printf("[ in step, 5%% loss, 80+-20 ms, lead %u ticks ] %llu/%llu input packets lost; largest "
              "own-avatar correction %lld milli-units; largest partner snap %lld milli-units; %u starved "
              "partner samples over %llu courses\n",
              lead, static_cast<unsigned long long>(lost), static_cast<unsigned long long>(sent),
              static_cast<long long>(worst_correction), static_cast<long long>(worst_jump), starved,
              static_cast<unsigned long long>(kCourses));
  EXPECT_EQ(worst_correction, 0) << "with every input on time, prediction is never corrected";
}

TEST(ImpairmentInStep, UnderHarshConditionsPredictionIsCorrectedAndConverges) {
  const Impairment harsh{.loss = 0.20, .delay_ms = 150, .jitter_ms = 60, .duplicate = 0.02, .reorder = 0.05,
                         .reorder_extra_ms = 100};
  const std::uint32_t lead = lead_for(Impairment{.delay_ms = 80, .jitter_ms = 20});  // tuned for a better link
  std::int64_t worst_correction = 0;
  std::int64_t worst_jump = 0;
  std::uint32_t missed = 0;
  std::uint32_t finished = 0;
  constexpr std::uint64_t kCourses = 20;
  for (std::uint64_t seed = 0; seed < kCourses; ++seed) {
    const Script script = record(seed);
    const NetRun run = run_networked(seed, script, harsh, lead, harsh.delay_ms);
    EXPECT_EQ(run.final_prediction_error, 0) << "the client ends where the server says, seed " << seed;
    EXPECT_LE(in_step::score(run.final_state).score, 100);
    worst_correction = std::max(worst_correction, run.largest_correction);
    worst_jump = std::max(worst_jump, run.largest_partner_jump);
    missed += run.missed_inputs;
    finished += in_step::score(run.final_state).success ? 1U : 0U;
  }
  std::printf("[ in step, 20%% loss, 150+-60 ms, lead %u ticks ] %u inputs missed; largest own-avatar "
              "correction %lld milli-units; largest partner snap %lld milli-units; %u/%llu replays still "
              "finished\n",
              lead, missed, static_cast<long long>(worst_correction), static_cast<long long>(worst_jump), finished,
              static_cast<unsigned long long>(kCourses));
  EXPECT_GT(missed, 0U) << "the lead is too short for this link, so inputs go missing";
  EXPECT_GT(worst_correction, 0) << "and the prediction gets corrected";
}

}  // namespace
}  // namespace rapport::sim
