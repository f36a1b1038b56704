#include "rapport/session/debrief.hpp"

#include <gtest/gtest.h>

namespace rapport {
namespace {

GroupRecord group_with(std::uint32_t id, std::uint8_t meter_at_reflection, std::uint8_t meter_after_kudos,
                       std::vector<std::pair<std::uint32_t, std::uint8_t>> answers) {
  GroupRecord g;
  g.id = id;
  g.rotation = 1;
  const std::uint32_t a = id * 10;
  const std::uint32_t b = id * 10 + 1;
  g.members = g.ever_members = {a, b};
  g.meter_at_reflection = MeterValues{meter_at_reflection, 0, 0, 0, 0};
  g.meter = MeterValues{meter_after_kudos, 0, 0, 0, 0};
  for (const auto& [from_a, ios] : answers) {
    const std::uint32_t from = from_a ? a : b;
    g.reflections[from].push_back({from == a ? b : a, ios, 1});
  }
  return g;
}

TEST(IosAgreement, EachAnswerIsHeldAgainstThePairingsMeterBeforeReflection) {
  SessionState state;
  // Meters before reflection rise 20, 40, 60, 80 and the answers rise with
  // them: a perfect per-person agreement. After kudos the meters are
  // reversed; if kudos leaked into the comparison the figure would be -1.
  state.groups.push_back(group_with(1, 20, 90, {{1, 1}, {0, 2}}));
  state.groups.push_back(group_with(2, 40, 70, {{1, 3}, {0, 3}}));
  state.groups.push_back(group_with(3, 60, 50, {{1, 5}, {0, 5}}));
  state.groups.push_back(group_with(4, 80, 30, {{1, 7}, {0, 6}}));
  const auto agreement = ios_meter_agreement(state);
  ASSERT_TRUE(agreement.has_value());
  EXPECT_EQ(agreement->n, 8u);
  EXPECT_GT(agreement->rho, 0.9);
  ASSERT_TRUE(agreement->interval.has_value());
  EXPECT_LE(agreement->interval->low, agreement->rho);
  EXPECT_GE(agreement->interval->high, agreement->rho - 1e-9);
}

TEST(IosAgreement, TooFewAnswersOrNoSpreadHaveNoFigure) {
  SessionState state;
  state.groups.push_back(group_with(1, 20, 20, {{1, 4}}));
  state.groups.push_back(group_with(2, 40, 40, {{1, 4}}));
  EXPECT_FALSE(ios_meter_agreement(state).has_value());  // two answers
  state.groups.push_back(group_with(3, 60, 60, {{1, 4}}));
  EXPECT_FALSE(ios_meter_agreement(state).has_value());  // everyone answered 4
}

TEST(ThinTimeline, KeepsTheWholeSpanWithinTheCap) {
  std::vector<TimelineSample> samples;
  for (std::uint16_t s = 0; s < 720; ++s) samples.push_back({1, static_cast<std::uint16_t>(s * 5), 50});
  const auto thinned = thin_timeline(samples, 240);
  ASSERT_EQ(thinned.size(), 240u);
  EXPECT_EQ(thinned.front().second, 0);
  EXPECT_EQ(thinned.back().second, samples.back().second) << "the chart reaches the end of the session";
  for (std::size_t i = 1; i < thinned.size(); ++i) EXPECT_GT(thinned[i].second, thinned[i - 1].second);
  EXPECT_EQ(thin_timeline(std::vector<TimelineSample>(samples.begin(), samples.begin() + 10), 240).size(), 10u);
}

}  // namespace
}  // namespace rapport
