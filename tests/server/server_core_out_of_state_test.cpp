// Every handler refuses a message that does not fit the state (before hello,
// before join, from the wrong role, for another group, after the round or the
// session ended) with a reason, and nothing changes: no event is journaled and
// the session's report reads the same before and after.
#include "core_harness.hpp"

#include <gtest/gtest.h>

namespace rapport::server {
namespace {

using test::CoreHarness;

// Everything a client could observe about a session, in one string.
std::string fingerprint(const SessionState& s) {
  std::string out = report_json(s);
  out += "|phase " + std::to_string(static_cast<int>(s.phase)) + " rot " + std::to_string(s.rotation) + " round " +
         std::to_string(s.round) + " locked " + std::to_string(s.locked) + " paused " + std::to_string(s.paused) +
         " chat " + std::to_string(s.chat.size()) + " profiles " + std::to_string(s.rounds.profiles.size()) +
         " ends " + std::to_string(s.phase_ends_ms);
  for (const auto& [id, seat] : s.seats) {
    out += "|" + std::to_string(id) + (seat.muted ? "m" : "") + (seat.on_break ? "b" : "") +
           (seat.connected ? "c" : "");
  }
  return out;
}

// Runs `action` and checks it was answered with an Error (or Refuse) of `code`
// on `connection`, and that no event was journaled and the session is unchanged.
class OutOfState : public ::testing::Test {
 protected:
  void SetUp() override {
    std::tie(code, host_token) = h.create(1);
    for (ConnectionId c = 2; c <= 5; ++c) h.join(c, "P" + std::to_string(c), code);
  }
  const SessionState& state() { return h.core.session(code)->state(); }
  void start() {
    h.send(1, HostCommand{host_token, HostAction::Start, 0, 0, false, ""});
    ASSERT_EQ(state().phase, SessionPhase::Round);
  }
  // The connection of a participant outside `player`'s group.
  ConnectionId outsider_of(std::uint32_t player) {
    const GroupRecord* g = state().group_of_player(player);
    for (ConnectionId c = 2; c <= 5; ++c) {
      const auto pid = h.player_id(c);
      if (std::find(g->members.begin(), g->members.end(), pid) == g->members.end()) return c;
    }
    return 0;
  }
  void expect_rejected(ConnectionId connection, const Message& message, ErrorCode code_expected) {
    const std::size_t events_before = h.events;
    const std::string before = fingerprint(state());
    const std::size_t sent_before = h.transport.sent[connection].size();
    h.send(connection, message);
    EXPECT_EQ(h.events, events_before) << name_of(type_of(message)) << " journaled an event";
    EXPECT_TRUE(fingerprint(state()) == before) << name_of(type_of(message)) << " changed the session";
    ASSERT_GT(h.transport.sent[connection].size(), sent_before) << name_of(type_of(message)) << ": no reason given";
    const Error* error = h.last<Error>(connection);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, code_expected) << error->text;
    EXPECT_FALSE(error->text.empty());
  }

  CoreHarness h;
  std::string code;
  std::string host_token;
};

TEST_F(OutOfState, HostCommandsFromAParticipantAreRefusedEvenWithTheHostToken) {
  for (const auto action : {HostAction::Start, HostAction::Lock, HostAction::End, HostAction::Kick, HostAction::Mute}) {
    expect_rejected(2, HostCommand{host_token, action, h.player_id(3), 0, true, ""}, ErrorCode::NotAuthorised);
    expect_rejected(2, HostCommand{"guess", action, h.player_id(3), 0, true, ""}, ErrorCode::NotAuthorised);
  }
  expect_rejected(1, HostCommand{"wrong-token", HostAction::Start, 0, 0, false, ""}, ErrorCode::NotAuthorised);
}

TEST_F(OutOfState, AHostCannotCommandAnotherSession) {
  const auto [other_code, other_token] = [&] {
    CoreHarness& hh = h;
    hh.hello(9, "Other host", ClientKind::Facilitator);
    hh.send(9, hh.keyed_create(9));
    const auto* created = hh.last<SessionCreated>(9);
    return std::pair{created->join_code, created->host_token};
  }();
  ASSERT_NE(other_code, code);
  // The other session's host uses this session's token: refused, this session unchanged.
  const std::size_t events_before = h.events;
  const std::string before = fingerprint(state());
  h.send(9, HostCommand{host_token, HostAction::End, 0, 0, false, ""});
  EXPECT_EQ(h.events, events_before);
  EXPECT_TRUE(fingerprint(state()) == before);
  ASSERT_NE(h.last<Error>(9), nullptr);
  EXPECT_EQ(h.last<Error>(9)->code, ErrorCode::NotAuthorised);
  (void)other_token;
}

TEST_F(OutOfState, RoundActionsInTheLobbyAreRefused) {
  expect_rejected(2, ChatPost{"hello?"}, ErrorCode::OutOfState);
  expect_rejected(2, GesturePost{Gesture::Nod}, ErrorCode::OutOfState);
  expect_rejected(2, ReflectionAnswer{h.player_id(3), 5, 0}, ErrorCode::OutOfState);
  expect_rejected(2, CommonGroundPropose{0, "we both like tea"}, ErrorCode::OutOfState);
  expect_rejected(2, CommonGroundRespond{0, true}, ErrorCode::OutOfState);
  expect_rejected(2, BlueprintAct{}, ErrorCode::OutOfState);
  expect_rejected(2, RolePlayGuessPost{h.player_id(3), 0, 0}, ErrorCode::OutOfState);
  expect_rejected(1, BreakRequest{true}, ErrorCode::OutOfState);
  expect_rejected(1, HostCommand{host_token, HostAction::Pause, 0, 0, false, ""}, ErrorCode::OutOfState);
}

TEST_F(OutOfState, ActionsInAnotherGroupOrModuleAreRefused) {
  start();
  const std::uint32_t me = h.player_id(2);
  const ConnectionId outsider = outsider_of(me);
  ASSERT_NE(outsider, 0u);
  // Round 1 is a conversation: no module is running for anyone.
  expect_rejected(2, CommonGroundPropose{0, "we both like tea"}, ErrorCode::OutOfState);
  expect_rejected(2, BlueprintAct{}, ErrorCode::OutOfState);
  expect_rejected(2, RolePlayGuessPost{h.player_id(outsider), 0, 0}, ErrorCode::OutOfState);
  // Reflection on someone from another group, and before reflection opens.
  expect_rejected(2, ReflectionAnswer{h.player_id(outsider), 5, 0}, ErrorCode::OutOfState);
  // The common-ground round (round 2): answering a cell in another group's grid.
  h.send(1, HostCommand{host_token, HostAction::SkipRound, 0, 0, false, ""});
  ASSERT_EQ(state().round, 2);
  h.send(outsider, CommonGroundPropose{0, "we both like tea"});
  expect_rejected(2, CommonGroundRespond{0, true}, ErrorCode::OutOfState);
}

TEST_F(OutOfState, AnswersAfterTheRoundEndedAreRefused) {
  start();
  h.send(1, HostCommand{host_token, HostAction::SkipRound, 0, 0, false, ""});
  ASSERT_EQ(state().round, 2);
  h.send(1, HostCommand{host_token, HostAction::SkipRound, 0, 0, false, ""});
  ASSERT_EQ(state().phase, SessionPhase::Reflection);
  // The common-ground round has ended.
  expect_rejected(2, CommonGroundPropose{0, "late"}, ErrorCode::OutOfState);
  // Reflection has ended once the next rotation runs.
  const std::uint32_t me = h.player_id(2);
  const GroupRecord* g = state().group_of_player(me);
  ASSERT_NE(g, nullptr);
  const std::uint32_t partner = g->members[0] == me ? g->members[1] : g->members[0];
  h.send(1, HostCommand{host_token, HostAction::SkipRound, 0, 0, false, ""});
  ASSERT_EQ(state().phase, SessionPhase::Round);
  ASSERT_EQ(state().rotation, 2);
  expect_rejected(2, ReflectionAnswer{partner, 5, 0}, ErrorCode::OutOfState);
}

TEST_F(OutOfState, NothingChangesAfterTheSessionEnded) {
  start();
  h.send(1, HostCommand{host_token, HostAction::End, 0, 0, false, ""});
  ASSERT_TRUE(state().ended());
  expect_rejected(2, ChatPost{"still there?"}, ErrorCode::OutOfState);
  expect_rejected(2, GesturePost{Gesture::Wave}, ErrorCode::OutOfState);
  expect_rejected(2, ReflectionAnswer{h.player_id(3), 5, 0}, ErrorCode::OutOfState);
  expect_rejected(2, BreakRequest{true}, ErrorCode::OutOfState);
  expect_rejected(2, ProfileAnswers{{}, {}}, ErrorCode::BadInput);
  expect_rejected(1, HostCommand{host_token, HostAction::Start, 0, 0, false, ""}, ErrorCode::OutOfState);
  expect_rejected(1, HostCommand{host_token, HostAction::Kick, h.player_id(3), 0, true, ""}, ErrorCode::OutOfState);
}

TEST_F(OutOfState, HostCommandsNeedAParticipantTarget) {
  expect_rejected(1, HostCommand{host_token, HostAction::Kick, 999, 0, false, ""}, ErrorCode::BadInput);
  expect_rejected(1, HostCommand{host_token, HostAction::Mute, 1, 0, false, ""}, ErrorCode::BadInput);
}

TEST_F(OutOfState, ReportsNeedAPersonInTheSession) {
  expect_rejected(2, ReportPartner{999, "who?"}, ErrorCode::BadInput);
  expect_rejected(2, ReportPartner{h.player_id(2), "myself"}, ErrorCode::BadInput);
}

TEST_F(OutOfState, SecondJoinAndCreateAreRefused) {
  expect_rejected(2, JoinSession{code, "Again", "", "", Avatar{}}, ErrorCode::OutOfState);
  expect_rejected(2, CreateSession{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false},
                  ErrorCode::OutOfState);
  expect_rejected(2, Hello{kProtocolVersion, "Again", ClientKind::Facilitator, ""}, ErrorCode::OutOfState);
}

// Messages from connections that are not (yet) in the session.
TEST(OutOfStateConnection, SessionMessagesBeforeJoinAreRefused) {
  CoreHarness h;
  h.hello(1, "Sam");
  for (const Message& m : std::vector<Message>{ChatPost{"hi"}, GesturePost{Gesture::Nod}, ReflectionAnswer{2, 5, 0},
                                               HostCommand{"x", HostAction::Start, 0, 0, false, ""},
                                               BreakRequest{true}, ReportPartner{2, ""}, InStepInput{},
                                               ProfileAnswers{{}, {}}}) {
    h.send(1, m);
    const Error* e = h.last<Error>(1);
    ASSERT_NE(e, nullptr) << name_of(type_of(m));
    EXPECT_EQ(e->code, ErrorCode::OutOfState) << name_of(type_of(m));
  }
  EXPECT_EQ(h.events, 0u);
  EXPECT_EQ(h.core.stats().sessions, 0u);
}

TEST(OutOfStateConnection, AParticipantCannotCreateASession) {
  CoreHarness h;
  h.hello(1, "Sam");
  h.send(1, CreateSession{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false});
  ASSERT_NE(h.last<Error>(1), nullptr);
  EXPECT_EQ(h.last<Error>(1)->code, ErrorCode::NotAuthorised);
  EXPECT_EQ(h.core.stats().sessions, 0u);
  EXPECT_EQ(h.events, 0u);
}

TEST(OutOfStateConnection, AnythingBeforeHelloIsAStrikeAndThreeStrikesClose) {
  CoreHarness h;
  h.connect(1);
  h.send(1, JoinSession{"ABCDEF", "Sam", "", "", Avatar{}});
  ASSERT_NE(h.last<Error>(1), nullptr);
  EXPECT_EQ(h.last<Error>(1)->code, ErrorCode::Malformed);
  h.send(1, ChatPost{"hi"});
  h.send(1, Ping{1});
  ASSERT_NE(h.last<Refuse>(1), nullptr);
  EXPECT_EQ(h.last<Refuse>(1)->reason, RefuseReason::Malformed);
  EXPECT_EQ(h.transport.closed, std::vector<ConnectionId>{1});
  EXPECT_EQ(h.core.stats().kicked_for_garbage, 1u);
  EXPECT_EQ(h.events, 0u);
}

TEST(OutOfStateConnection, ServerOnlyMessagesFromAClientAreStrikes) {
  CoreHarness h;
  h.hello(1, "Sam");
  h.send(1, GroupSummary{});
  ASSERT_NE(h.last<Error>(1), nullptr);
  EXPECT_EQ(h.last<Error>(1)->code, ErrorCode::Malformed);
  EXPECT_NE(h.last<Error>(1)->text.find("server-only"), std::string::npos);
  EXPECT_EQ(h.events, 0u);
}

TEST(OutOfStateConnection, AfterLeavingNothingMoreIsHandled) {
  CoreHarness h;
  const auto [code, token] = h.create(1);
  h.join(2, "Ana", code);
  const std::size_t events = h.events;
  h.send(2, Leave{});
  EXPECT_GT(h.events, events) << "leaving is an event";
  const std::size_t after_leave = h.events;
  const std::size_t sent = h.transport.sent[2].size();
  h.send(2, ChatPost{"still here"});
  h.send(2, JoinSession{code, "Ana", "", "", Avatar{}});
  EXPECT_EQ(h.events, after_leave);
  EXPECT_EQ(h.transport.sent[2].size(), sent) << "a closing connection is ignored";
}

}  // namespace
}  // namespace rapport::server
