// ServerCore's abuse limits over an in-memory transport: the facilitator key,
// session caps, lobbies whose host has gone, silent connections, per-action
// limits, the classroom filter on names, and mentors confirmed by the host.
#include "core_harness.hpp"

#include "rapport/text/names.hpp"
#include "rapport/pairing/pairing.hpp"

#include <gtest/gtest.h>

namespace rapport {
namespace {

using test::CoreHarness;

const RosterEntry* roster_entry_of(CoreHarness& h, server::ConnectionId id, std::uint32_t player) {
  const RosterEntry* found = nullptr;
  for (const auto& m : h.transport.sent[id]) {
    if (const auto* r = std::get_if<RosterUpdate>(&m)) {
      for (const auto& e : r->upserts) {
        if (e.player_id == player) found = &e;
      }
    }
  }
  return found;
}

std::size_t count_of_refusals(CoreHarness& h, server::ConnectionId id, RefuseReason reason) {
  std::size_t n = 0;
  for (const auto& m : h.transport.sent[id]) {
    if (const auto* r = std::get_if<Refuse>(&m); r && r->reason == reason) ++n;
  }
  return n;
}

TEST(FacilitatorKeyCore, MissingOrWrongKeysAreRefusedAndNeverLockOutTheRightOne) {
  CoreHarness h;
  h.hello(1, "Prankster", ClientKind::Facilitator);
  h.send(1, CreateSession{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false});
  ASSERT_NE(h.last<Refuse>(1), nullptr);
  EXPECT_EQ(h.last<Refuse>(1)->reason, RefuseReason::BadKey);
  EXPECT_NE(h.last<Refuse>(1)->text.find("needs its facilitator key"), std::string::npos);
  // A proof made for another connection's challenge is wrong here.
  h.hello(2, "Replayer", ClientKind::Facilitator);
  h.send(1, h.keyed_create(2));
  EXPECT_NE(h.last<Refuse>(1)->text.find("not this server's key"), std::string::npos);
  EXPECT_EQ(h.core.stats().sessions, 0u);
  EXPECT_EQ(h.events, 0u);
  // Ten a minute from one address, then the connection is closed with the reason.
  for (int i = 0; i < 10; ++i) h.send(1, CreateSession{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false});
  EXPECT_EQ(h.last<Refuse>(1)->reason, RefuseReason::RateLimited);
  EXPECT_FALSE(h.transport.closed.empty());
  EXPECT_GE(h.core.stats().bad_keys, 10u);
  // The teacher on the same address, with the key: hosts at once.
  const auto [code, token] = h.create(3);
  EXPECT_FALSE(code.empty());
  EXPECT_EQ(h.core.stats().sessions, 1u);
}

TEST(SessionLimits, HostSeatsDoNotCountTowardParticipantCapacity) {
  auto config = test::load_config();
  config.max_players = 2;
  CoreHarness h(std::move(config));
  const auto [code, token] = h.create(1);
  const auto [code2, token2] = h.create(2);
  h.join(3, "Ada", code);
  h.join(4, "Ben", code2);
  ASSERT_NE(h.last<JoinAccepted>(3), nullptr);
  ASSERT_NE(h.last<JoinAccepted>(4), nullptr) << "two hosts and two participants fit --max-players 2";
  h.join(5, "Cleo", code);
  ASSERT_NE(h.last<Refuse>(5), nullptr);
  EXPECT_EQ(h.last<Refuse>(5)->reason, RefuseReason::ServerFull);
}

TEST(SessionLimits, SessionsPerAddressAreCappedAndAbandonedLobbiesMakeRoom) {
  auto config = test::load_config();
  config.max_sessions_per_address = 2;
  CoreHarness h(std::move(config));
  const auto [first, t1] = h.create(1);
  const auto [second, t2] = h.create(2);
  h.hello(3, "Host", ClientKind::Facilitator);
  h.send(3, h.keyed_create(3));
  ASSERT_NE(h.last<Refuse>(3), nullptr);
  EXPECT_EQ(h.last<Refuse>(3)->reason, RefuseReason::ServerFull);
  EXPECT_NE(h.last<Refuse>(3)->text.find("End one of them"), std::string::npos) << h.last<Refuse>(3)->text;
  EXPECT_EQ(h.core.stats().sessions, 2u);
  // The first host leaves its lobby: it is the one that makes room.
  h.send(1, Leave{});
  h.send(3, h.keyed_create(3));
  ASSERT_NE(h.last<SessionCreated>(3), nullptr);
  EXPECT_EQ(h.core.session(first), nullptr);
  EXPECT_NE(h.core.session(second), nullptr);
  // Another address is not affected by this one's cap.
  h.connect(4, "10.0.0.2");
  h.send(4, Hello{kProtocolVersion, "Other host", ClientKind::Facilitator, ""});
  h.send(4, h.keyed_create(4));
  EXPECT_NE(h.last<SessionCreated>(4), nullptr);
}

TEST(SessionLimits, ALobbyWhoseHostHasGoneExpires) {
  auto config = test::load_config();
  config.lobby_expiry_ms = 60'000;
  CoreHarness h(std::move(config));
  const auto [code, token] = h.create(1);
  h.join(2, "Ada", code);
  h.send(1, Leave{});
  h.advance(59'000, 1000);
  EXPECT_NE(h.core.session(code), nullptr) << "a host who comes back within the expiry keeps the lobby";
  h.advance(2'000, 1000);
  EXPECT_EQ(h.core.session(code), nullptr);
  ASSERT_NE(h.last<Refuse>(2), nullptr);
  EXPECT_NE(h.last<Refuse>(2)->text.find("lobby has closed"), std::string::npos);
  EXPECT_EQ(h.core.stats().lobbies_expired, 1u);
}

TEST(ConnectionLimits, SilentConnectionsHaveTheirOwnSmallPool) {
  auto config = test::load_config();
  config.max_conns_per_address = 3;
  config.max_silent_per_address = 4;
  config.hello_timeout_ms = 3'000;
  CoreHarness h(std::move(config));
  for (server::ConnectionId id = 100; id < 110; ++id) h.connect(id);
  h.advance(50);
  // The oldest six silent ones are closed; four (the newest) may wait a moment.
  EXPECT_EQ(h.transport.closed.size(), 6u);
  EXPECT_EQ(h.transport.closed.front(), 100u);
  // People who say hello are not counted against the silent ones.
  for (server::ConnectionId id = 1; id <= 3; ++id) h.hello(id, "Student " + std::to_string(id));
  for (server::ConnectionId id = 1; id <= 3; ++id) EXPECT_NE(h.last<Welcome>(id), nullptr) << id;
  h.hello(4, "Student 4");
  EXPECT_EQ(h.last<Welcome>(4), nullptr) << "the greeted cap is --max-conns-per-address";
  EXPECT_EQ(count_of_refusals(h, 4, RefuseReason::ServerFull), 1u);
  // 3 s without hello: the rest are closed too.
  h.advance(3'000);
  for (server::ConnectionId id = 106; id < 110; ++id) {
    EXPECT_NE(std::find(h.transport.closed.begin(), h.transport.closed.end(), id), h.transport.closed.end()) << id;
  }
  EXPECT_EQ(h.core.stats().silent_closed, 10u);
}

// A session with a pair in its first round: host on 1, Ada on 2, Ben on 3.
struct Pair {
  CoreHarness h;
  std::string code, token;
  Pair() {
    std::tie(code, token) = h.create(1);
    h.join(2, "Ada", code);
    h.join(3, "Ben", code);
    h.send(1, HostCommand{token, HostAction::Start, 0, 0, false, ""});
  }
};

TEST(ActionLimits, AGestureSpamIsCutToAFewAndDoesNotReachThePartner) {
  Pair p;
  ASSERT_NE(p.h.last<GroupAssigned>(2), nullptr);
  const std::size_t events_before = p.h.events;
  for (int i = 0; i < 50; ++i) p.h.send(2, GesturePost{Gesture::Smile});
  std::size_t shown = 0;
  for (const auto& m : p.h.transport.sent[3]) shown += std::holds_alternative<GestureShown>(m) ? 1u : 0u;
  EXPECT_EQ(shown, 5u) << "a burst of five, then one a second";
  EXPECT_EQ(p.h.events - events_before, 5u);
  ASSERT_NE(p.h.last<Error>(2), nullptr);
  EXPECT_EQ(p.h.last<Error>(2)->code, ErrorCode::RateLimited);
}

TEST(ActionLimits, ReportsAreLimitedAndCutOnACharacterBoundary) {
  Pair p;
  const std::uint32_t ben = p.h.player_id(3);
  std::string long_text = "x";  // then two-byte characters, so the cut falls inside one
  while (long_text.size() < 390) long_text += "é";
  for (int i = 0; i < 5; ++i) p.h.send(2, ReportPartner{ben, long_text});
  std::vector<std::string> notices;
  for (const auto& m : p.h.transport.sent[1]) {
    if (const auto* n = std::get_if<Notice>(&m); n && n->kind == NoticeKind::Report) notices.push_back(n->text);
  }
  ASSERT_EQ(notices.size(), 3u) << "three at once, then one every 30 s";
  EXPECT_TRUE(is_valid_utf8(notices[0])) << "never cut inside a character";
  EXPECT_LE(notices[0].size(), kMaxTextBytes);
  EXPECT_NE(notices[0].find("Ada reported Ben: xé"), std::string::npos);
  EXPECT_EQ(p.h.last<Error>(2)->code, ErrorCode::RateLimited);
  // Text that is not UTF-8 is refused, not passed on.
  p.h.send(3, ReportPartner{p.h.player_id(2), std::string("bad \xC3 byte")});
  EXPECT_EQ(p.h.last<Error>(3)->code, ErrorCode::BadInput);
}

TEST(ActionLimits, WrongHostTokensAreRefused) {
  Pair p;
  std::string almost = p.token;
  almost.back() = almost.back() == 'a' ? 'b' : 'a';
  const std::size_t events_before = p.h.events;
  for (const std::string& guess : {almost, p.token.substr(0, 31), std::string{}, p.token + "0"}) {
    p.h.send(1, HostCommand{guess, HostAction::Pause, 0, 0, false, ""});
    ASSERT_NE(p.h.last<Error>(1), nullptr);
    EXPECT_EQ(p.h.last<Error>(1)->code, ErrorCode::NotAuthorised);
  }
  EXPECT_EQ(p.h.events, events_before);
}

TEST(ClassroomFilter, NamesAndTeamTagsWithBlockedWordsAreRefused) {
  auto config = test::load_config();
  config.chat_filter.words = {"rude"};
  CoreHarness h(std::move(config));
  h.hello(1, "Teacher", ClientKind::Facilitator);
  h.send(1, test::keyed(CreateSession{"quick-icebreaker", Audience::Classroom, PairingMode::Any, false, false},
                        *h.last<Welcome>(1)));
  const std::string code = h.last<SessionCreated>(1)->join_code;
  h.hello(2, "Kim");
  h.send(2, JoinSession{code, "Rude Kim", "", "", Avatar{}});
  ASSERT_NE(h.last<Refuse>(2), nullptr);
  EXPECT_EQ(h.last<Refuse>(2)->reason, RefuseReason::BadName);
  EXPECT_NE(h.last<Refuse>(2)->text.find("That name"), std::string::npos);
  h.send(2, JoinSession{code, "Kim", "rude crew", "", Avatar{}});
  EXPECT_NE(h.last<Refuse>(2)->text.find("team"), std::string::npos);
  EXPECT_EQ(h.last<JoinAccepted>(2), nullptr);
  h.send(2, JoinSession{code, "Kim", "Blue", "", Avatar{}});
  EXPECT_NE(h.last<JoinAccepted>(2), nullptr);
}

TEST(MentorRole, ASelfDeclaredVeteranWaitsForTheHost) {
  CoreHarness h;
  const auto [code, token] = h.create(1, "onboarding-buddies");
  h.hello(2, "Vera");
  h.send(2, JoinSession{code, "Vera", "", "Veteran", Avatar{}});
  const std::uint32_t vera = h.player_id(2);
  ASSERT_NE(roster_entry_of(h, 1, vera), nullptr);
  EXPECT_EQ(roster_entry_of(h, 1, vera)->role, kRequestedVeteranRole);
  EXPECT_FALSE(is_veteran_role(h.core.session(code)->state().seat(vera)->role));
  ASSERT_NE(h.last<Notice>(1), nullptr);
  EXPECT_NE(h.last<Notice>(1)->text.find("says they are a veteran"), std::string::npos);
  // Only the host can confirm it.
  h.join(3, "Nik", code);
  h.send(3, HostCommand{token, HostAction::SetRole, vera, 0, false, kVeteranRole});
  EXPECT_EQ(h.last<Error>(3)->code, ErrorCode::NotAuthorised);
  h.send(1, HostCommand{token, HostAction::SetRole, vera, 0, false, kVeteranRole});
  EXPECT_EQ(h.core.session(code)->state().seat(vera)->role, kVeteranRole);
  EXPECT_EQ(roster_entry_of(h, 3, vera)->role, kVeteranRole) << "everyone sees the confirmed role";
}

}  // namespace
}  // namespace rapport
