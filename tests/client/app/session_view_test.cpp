// SessionView: the session's view-model, fed synthetic server messages.
#include "app/session_view.hpp"

#include <gtest/gtest.h>

namespace rapport::client {
namespace {

rapport::SessionStatus round_status(std::uint32_t remaining_ms, std::uint16_t rotation = 1, std::uint16_t round = 1) {
  rapport::SessionStatus s;
  s.phase = SessionPhase::Round;
  s.rotation = rotation;
  s.rotations_total = 3;
  s.round = round;
  s.rounds_total = 2;
  s.round_kind = RoundKind::Conversation;
  s.round_title = "Say hello";
  s.remaining_ms = remaining_ms;
  s.duration_ms = 120'000;
  s.warning_ms = 30'000;
  return s;
}

GroupAssigned pair(std::uint32_t group, std::uint16_t rotation = 1) {
  return GroupAssigned{group, rotation, {7, 9}, false, "What made you smile this week?"};
}

TEST(SessionView, CountsDownLocallyAndWarnsNearTheEnd) {
  SessionView view;
  EXPECT_FALSE(view.started());
  ASSERT_TRUE(view.apply(round_status(40'000), 1000));
  EXPECT_TRUE(view.started());
  EXPECT_EQ(view.remaining_ms(1000), 40'000);
  EXPECT_EQ(view.remaining_ms(6000), 35'000);
  EXPECT_FALSE(view.ending_soon(6000));
  EXPECT_TRUE(view.ending_soon(11'001)) << "below warning_ms (30 s)";
  EXPECT_EQ(view.remaining_ms(100'000), 0) << "never below zero";
  EXPECT_EQ(format_countdown(view.remaining_ms(1000)), "0:40");
  EXPECT_EQ(format_countdown(125'000), "2:05");
  EXPECT_EQ(format_countdown(999), "0:01") << "rounded up: 0:00 means time is up";
}

// A server running --time-scale 10 sends statuses whose remaining time falls
// ten times faster than the client's clock: the countdown follows that rate
// between statuses instead of lagging and jumping. A pause, an extension or a
// new round measures again.
TEST(SessionView, CountdownFollowsTheServersClockRate) {
  SessionView view;
  ASSERT_TRUE(view.apply(round_status(100'000), 0));
  EXPECT_EQ(view.remaining_ms(500), 99'500) << "one to one until measured";
  ASSERT_TRUE(view.apply(round_status(80'000), 2000));  // 20 s of game time in 2 s
  EXPECT_EQ(view.remaining_ms(3000), 70'000);
  EXPECT_EQ(view.remaining_ms(10'000), 0);
  // An extension (+60 s) is not read as time running backwards.
  auto extended = round_status(130'000);
  ASSERT_TRUE(view.apply(extended, 3000));
  EXPECT_EQ(view.remaining_ms(4000), 120'000) << "the measured rate stays";
  // A new round keeps the rate and measures again.
  ASSERT_TRUE(view.apply(round_status(50'000, 1, 2), 5000));
  EXPECT_EQ(view.remaining_ms(5500), 45'000);
  // Short gaps are too noisy to measure from.
  ASSERT_TRUE(view.apply(round_status(49'990, 1, 2), 5100));
  EXPECT_EQ(view.remaining_ms(5200), 48'990);
}

// An extension late in a long round at normal speed: the remaining time goes
// up, which starts a new baseline rather than reading as a slow clock.
TEST(SessionView, ALateExtensionDoesNotSlowTheCountdown) {
  SessionView view;
  auto s = round_status(300'000);
  s.duration_ms = 300'000;
  ASSERT_TRUE(view.apply(s, 0));
  s.remaining_ms = 100'000;
  ASSERT_TRUE(view.apply(s, 200'000));
  s.remaining_ms = 160'000;  // +60 s
  ASSERT_TRUE(view.apply(s, 200'050));
  s.remaining_ms = 155'000;
  ASSERT_TRUE(view.apply(s, 205'050));
  EXPECT_EQ(view.remaining_ms(215'050), 145'000) << "still one to one";
}

TEST(SessionView, PausedStatusFreezesTheClock) {
  SessionView view;
  auto s = round_status(20'000);
  s.paused = true;
  ASSERT_TRUE(view.apply(s, 0));
  EXPECT_TRUE(view.paused());
  EXPECT_EQ(view.remaining_ms(50'000), 20'000);
  EXPECT_FALSE(view.ending_soon(50'000)) << "no warning while paused";
}

TEST(SessionView, GroupChatAndGesturesAreKeptPerGroupAndBounded) {
  SessionView view;
  ASSERT_TRUE(view.apply(pair(3), 0));
  EXPECT_TRUE(view.in_group());
  EXPECT_EQ(view.partners(7), std::vector<std::uint32_t>{9});
  EXPECT_EQ(view.group().prompt, "What made you smile this week?");
  for (std::size_t i = 0; i < SessionView::kMaxChatLinesPerGroup + 5; ++i) {
    ASSERT_TRUE(view.apply(ChatLine{3, 9, "line " + std::to_string(i)}, static_cast<std::int64_t>(i)));
  }
  ASSERT_TRUE(view.apply(ChatLine{4, 9, "another room"}, 0));
  EXPECT_EQ(view.my_chat().size(), SessionView::kMaxChatLinesPerGroup);
  EXPECT_EQ(view.my_chat().front().text, "line 5") << "the oldest lines scroll away";
  EXPECT_EQ(view.my_chat().back().text, "line 204");
  EXPECT_EQ(view.chat(4).size(), 1U);
  EXPECT_LT(view.my_chat().front().seq, view.my_chat().back().seq);

  ASSERT_TRUE(view.apply(GestureShown{3, 9, Gesture::Wave}, 500));
  ASSERT_TRUE(view.apply(GestureShown{3, 9, Gesture::LeanIn}, 900));
  ASSERT_EQ(view.gestures().size(), 2U);
  EXPECT_EQ(view.latest_gestures().at(9).gesture, Gesture::LeanIn);
  EXPECT_EQ(view.latest_gestures().at(9).at_ms, 900);
}

TEST(SessionView, MeterFollowsMyGroupWithTimedReasons) {
  SessionView view;
  ASSERT_TRUE(view.apply(pair(3), 0));
  RapportUpdate update{3, MeterValues{61, 70, 55, 40, 80}, {{MeterComponent::Attentiveness, 4, "asked an open question"}}};
  ASSERT_TRUE(view.apply(update, 2000));
  EXPECT_TRUE(view.meter().known);
  EXPECT_EQ(view.meter().values.overall, 61);
  ASSERT_EQ(view.meter().recent.size(), 1U);
  EXPECT_EQ(view.meter().recent.back().at_ms, 2000);
  EXPECT_EQ(view.meter().recent.back().reason.text, "asked an open question");
  // Another group's meter is not mine.
  ASSERT_TRUE(view.apply(RapportUpdate{8, MeterValues{10, 10, 10, 10, 10}, {}}, 2100));
  EXPECT_EQ(view.meter().values.overall, 61);
  // A new rotation's group starts a fresh meter and drops the old round views.
  ASSERT_TRUE(view.apply(CommonGroundView{}, 2200));
  ASSERT_TRUE(view.apply(pair(12, 2), 3000));
  EXPECT_FALSE(view.meter().known);
  EXPECT_FALSE(view.common_ground().has_value());
  EXPECT_EQ(meter_value(update.meter, MeterComponent::Balance), 80);
  EXPECT_EQ(meter_component_name(MeterComponent::Overall), "Rapport");
}

TEST(SessionView, NoticesQueueWithSequenceNumbersAndTrackMuteAndKick) {
  SessionView view;
  ASSERT_TRUE(view.apply(Notice{NoticeKind::Broadcast, 1, "Two minutes left"}, 10));
  const std::uint64_t seen = view.notices().back().seq;
  ASSERT_TRUE(view.apply(Notice{NoticeKind::Muted, 7, "muted"}, 20));
  EXPECT_TRUE(view.muted());
  ASSERT_TRUE(view.apply(Notice{NoticeKind::Unmuted, 7, "ok"}, 30));
  EXPECT_FALSE(view.muted());
  view.add_error("That request came too late.", 35);
  const auto fresh = view.notices_after(seen);
  ASSERT_EQ(fresh.size(), 3U);
  EXPECT_EQ(fresh.back().kind, NoticeKind::Warning);
  EXPECT_FALSE(view.kicked().has_value());
  ASSERT_TRUE(view.apply(Notice{NoticeKind::Kicked, 7, "The host removed you."}, 40));
  EXPECT_EQ(view.kicked().value_or(""), "The host removed you.");
  for (int i = 0; i < 100; ++i) view.add_error("x", 50);
  EXPECT_EQ(view.notices().size(), SessionView::kMaxNotices);
}

TEST(SessionView, HostTilesResetAndUpdateInPlace) {
  SessionView view;
  GroupTiles first{true, {GroupTile{1, {2, 3}, GroupStatusKind::Talking, {}}, GroupTile{2, {4, 5}, GroupStatusKind::Quiet, {}}}};
  ASSERT_TRUE(view.apply(first, 0));
  const auto revision = view.tiles_revision();
  GroupTiles more{false, {GroupTile{2, {4, 5}, GroupStatusKind::Talking, MeterValues{50, 1, 2, 3, 4}}}};
  ASSERT_TRUE(view.apply(more, 10));
  ASSERT_EQ(view.tiles().size(), 2U);
  EXPECT_EQ(view.tiles()[1].meter.overall, 50);
  EXPECT_GT(view.tiles_revision(), revision);
  ASSERT_TRUE(view.apply(GroupTiles{true, {GroupTile{9, {6, 7}, GroupStatusKind::Solo, {}}}}, 20));
  ASSERT_EQ(view.tiles().size(), 1U);
  EXPECT_EQ(view.tiles()[0].group_id, 9U);
}

TEST(SessionView, KeepsTheEndAndTheNewestRoundViews) {
  SessionView view;
  Debrief debrief;
  debrief.tip = "Ask one more follow-up question.";
  ASSERT_TRUE(view.apply(debrief, 0));
  ASSERT_TRUE(view.apply(GroupSummary{12, 3, 18, {}, 4.5F, 0.4F, 9, "/tmp/r.html"}, 0));
  EXPECT_EQ(view.debrief()->tip, debrief.tip);
  EXPECT_EQ(view.summary()->participants, 12);
  InStepSnapshot newer;
  newer.group_id = 3;
  newer.tick = 40;
  InStepSnapshot older = newer;
  older.tick = 39;
  ASSERT_TRUE(view.apply(newer, 0));
  ASSERT_TRUE(view.apply(older, 1));
  EXPECT_EQ(view.in_step()->tick, 40U) << "a late snapshot does not move time backwards";
  ASSERT_TRUE(view.apply(BlueprintView{}, 0));
  ASSERT_TRUE(view.apply(RolePlayView{}, 0));
  EXPECT_TRUE(view.blueprint().has_value());
  EXPECT_TRUE(view.role_play().has_value());
  EXPECT_FALSE(view.apply(Pong{}, 0)) << "lobby messages are the session's";
  view.reset();
  EXPECT_FALSE(view.debrief().has_value());
}

TEST(SessionView, ReflectionAnswersAreForgottenAtTheNextReflection) {
  SessionView view;
  ASSERT_TRUE(view.apply(pair(3), 0));
  view.note_reflection(ReflectionAnswer{9, 5, 2});
  EXPECT_EQ(view.reflections_sent().at(9).ios, 5);
  auto s = round_status(30'000, 2);
  s.phase = SessionPhase::Reflection;
  ASSERT_TRUE(view.apply(s, 10));
  EXPECT_TRUE(view.reflections_sent().empty());
}

}  // namespace
}  // namespace rapport::client
