// ServerCore with an in-memory transport and a real journal file: reconnect
// tokens from a second connection, restore after a "crash", the restart hold,
// and organisation history feeding the next session.
#include "rapport/server/journal_store.hpp"
#include "rapport/server/server_core.hpp"
#include "test_key.hpp"

#include "rapport/rapport/rapport_model_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace rapport::server {
namespace {

struct Sent {
  ConnectionId to;
  Message message;
};

class MemoryTransport final : public Transport {
 public:
  void send(ConnectionId connection, const Message& message, Channel) override { sent.push_back({connection, message}); }
  void close(ConnectionId connection) override { closed.insert(connection); }

  template <class T>
  std::vector<T> to(ConnectionId id) const {
    std::vector<T> out;
    for (const auto& s : sent) {
      if (s.to == id) {
        if (const auto* m = std::get_if<T>(&s.message)) out.push_back(*m);
      }
    }
    return out;
  }
  std::vector<Sent> sent;
  std::set<ConnectionId> closed;
};

std::string assets() {
  const char* env = std::getenv("RAPPORT_ASSETS");
  return env ? env : "assets";
}

ServerConfig test_config(const std::string& org = {}) {
  ServerConfig config;
  config.programs = load_program_dir(assets() + "/programs").programs;
  config.model_config = load_model_config(assets()).config;
  config.round_content = std::make_shared<RoundContent>();
  config.report_dir = (std::filesystem::temp_directory_path() / ("rapport-core-reports-" + std::to_string(::getpid()))).string();
  config.org = org;
  config.facilitator_key = test::test_facilitator_key();
  return config;
}

std::string temp_db(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-core-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

// One server "process": its transport, core and journal.
struct Server {
  explicit Server(const std::string& db, const std::string& org = {}) {
    std::string error;
    store = JournalStore::open(db, log, &error);
    EXPECT_TRUE(store) << error;
    core = std::make_unique<ServerCore>(test_config(org), transport, log, random);
    core->attach_store(*store);
  }
  void packet(ConnectionId id, const Message& m, std::int64_t now) {
    const auto bytes = encode(m);
    core->on_packet(id, bytes, now);
  }
  // Connects and says hello; returns the Welcome.
  Welcome hello(ConnectionId id, const std::string& name, ClientKind kind, std::int64_t now,
                const std::string& token = {}) {
    core->on_connect(id, "10.0.0." + std::to_string(id), now);
    Hello h;
    h.name = name;
    h.kind = kind;
    h.reconnect_token = token;
    packet(id, h, now);
    const auto welcomes = transport.to<Welcome>(id);
    return welcomes.empty() ? Welcome{} : welcomes.back();
  }
  Logger log{LogLevel::Off};
  SecureRandom random;
  MemoryTransport transport;
  std::unique_ptr<JournalStore> store;
  std::unique_ptr<ServerCore> core;
};

struct Lobby {
  std::string code, host_token;
  Welcome host, ada, ben;
};

Lobby open_lobby(Server& s, const std::string& ada = "Ada", const std::string& ben = "Ben") {
  Lobby l;
  l.host = s.hello(1, "Fran", ClientKind::Facilitator, 0);
  s.packet(1, test::keyed(CreateSession{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false}, l.host), 0);
  const auto created = s.transport.to<SessionCreated>(1);
  EXPECT_EQ(created.size(), 1u);
  if (created.empty()) return l;
  l.code = created[0].join_code;
  l.host_token = created[0].host_token;
  l.ada = s.hello(2, ada, ClientKind::Participant, 10);
  s.packet(2, JoinSession{l.code, ada, "", "", {}}, 10);
  l.ben = s.hello(3, ben, ClientKind::Participant, 20);
  s.packet(3, JoinSession{l.code, ben, "", "", {}}, 20);
  return l;
}

TEST(ServerCoreReconnect, ATokenFromASecondConnectionIsNotASilentTakeover) {
  Server s(temp_db("takeover"));
  const Lobby l = open_lobby(s);
  ASSERT_FALSE(l.code.empty());
  s.transport.sent.clear();

  const Welcome again = s.hello(9, "Ada", ClientKind::Participant, 100, l.ada.reconnect_token);
  EXPECT_EQ(again.player_id, l.ada.player_id) << "the token proved the seat";
  // The older connection is told why and closed; the host is told; the seat stays connected.
  const auto refused = s.transport.to<Refuse>(2);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(refused[0].text.find("another window or device"), std::string::npos);
  EXPECT_TRUE(s.transport.closed.contains(2));
  bool host_told = false;
  for (const auto& n : s.transport.to<Notice>(1)) host_told |= n.about == l.ada.player_id && n.kind == NoticeKind::Info;
  EXPECT_TRUE(host_told);
  // The old connection going away later does not mark the new one away.
  s.core->on_disconnect(2, 110);
  const Seat* seat = s.core->session(l.code)->state().seat(l.ada.player_id);
  ASSERT_NE(seat, nullptr);
  EXPECT_TRUE(seat->connected);
}

TEST(ServerCoreReconnect, AnUnknownTokenTakesNoSeat) {
  Server s(temp_db("badtoken"));
  const Lobby l = open_lobby(s);
  s.transport.sent.clear();
  const Welcome w = s.hello(9, "Mallory", ClientKind::Participant, 100, "0123456789abcdef0123456789abcdef");
  const auto refused = s.transport.to<Refuse>(9);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].reason, RefuseReason::BadToken);
  EXPECT_NE(w.player_id, l.ada.player_id);
  EXPECT_NE(w.player_id, l.ben.player_id);
  EXPECT_TRUE(s.transport.to<Refuse>(2).empty());
  EXPECT_FALSE(s.transport.closed.contains(2));
}

TEST(ServerCoreRestore, ASessionComesBackWithSeatsTokensAndHeldTimers) {
  const std::string db = temp_db("restore");
  Lobby l;
  std::int64_t remaining_before = 0;
  std::uint32_t rotation_before = 0;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(1000);
    const SessionState& state = s.core->session(l.code)->state();
    ASSERT_EQ(state.phase, SessionPhase::Round);
    remaining_before = state.remaining_ms(5000);
    rotation_before = state.rotation;
    s.core->tick(5000);
  }  // the process "dies" here: nothing else is written

  Server s(db);
  const std::int64_t clock = s.store->load_clock();
  EXPECT_GE(clock, 5000) << "the saved clock is where the old process was";
  ASSERT_EQ(s.core->restore(clock), 1u);
  const SessionHost* host = s.core->session(l.code);
  ASSERT_NE(host, nullptr);
  const SessionState& state = host->state();
  EXPECT_EQ(state.host_token, l.host_token);
  EXPECT_EQ(state.rotation, rotation_before);
  EXPECT_TRUE(state.paused) << "timers are held while people reconnect";
  EXPECT_EQ(state.remaining_ms(clock), remaining_before);
  for (const auto& [id, seat] : state.seats) {
    EXPECT_FALSE(seat.connected) << "seat " << id;
    EXPECT_EQ(seat.away_since_ms, clock) << "a fresh grace period for seat " << id;
  }
  // A newcomer gets a new id, not one of the restored seats.
  const Welcome newcomer = s.hello(20, "Cy", ClientKind::Participant, clock);
  EXPECT_GT(newcomer.player_id, l.ben.player_id);

  // Everyone comes back with their token: the hold ends early and the clock runs again.
  EXPECT_EQ(s.hello(11, "Fran", ClientKind::Facilitator, clock + 10, l.host.reconnect_token).player_id, l.host.player_id);
  EXPECT_EQ(s.hello(12, "Ada", ClientKind::Participant, clock + 20, l.ada.reconnect_token).player_id, l.ada.player_id);
  s.core->tick(clock + 30);
  EXPECT_TRUE(state.paused) << "Ben is not back yet";
  EXPECT_EQ(s.hello(13, "Ben", ClientKind::Participant, clock + 40, l.ben.reconnect_token).player_id, l.ben.player_id);
  EXPECT_FALSE(s.transport.to<JoinAccepted>(13).empty());
  s.core->tick(clock + 50);
  EXPECT_FALSE(state.paused);
  EXPECT_EQ(state.remaining_ms(clock + 50), remaining_before);
}

// After a restart the roster counter starts again, so a returning player
// must get a whole snapshot before any delta, and the deltas after it must
// follow its revision (bots count a step backwards as an order violation).
TEST(ServerCoreRestore, ReturningPlayersGetASnapshotBeforeAnyRosterDelta) {
  const std::string db = temp_db("roster-after-restart");
  Lobby l;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(2000);
  }
  Server s(db);
  const std::int64_t clock = s.store->load_clock();
  ASSERT_EQ(s.core->restore(clock), 1u);
  (void)s.hello(11, "Fran", ClientKind::Facilitator, clock + 10, l.host.reconnect_token);
  (void)s.hello(12, "Ada", ClientKind::Participant, clock + 20, l.ada.reconnect_token);
  (void)s.hello(13, "Ben", ClientKind::Participant, clock + 30, l.ben.reconnect_token);
  s.core->tick(clock + 40);
  for (ConnectionId id : {ConnectionId{11}, ConnectionId{12}, ConnectionId{13}}) {
    const auto updates = s.transport.to<RosterUpdate>(id);
    ASSERT_FALSE(updates.empty()) << "connection " << id;
    EXPECT_TRUE(updates.front().reset) << "connection " << id << ": the first roster message is a snapshot";
    std::uint32_t revision = updates.front().revision;
    bool more = updates.front().more;
    for (std::size_t i = 1; i < updates.size(); ++i) {
      if (updates[i].reset) {
        revision = updates[i].revision;
      } else {
        EXPECT_EQ(updates[i].revision, more ? revision : revision + 1) << "connection " << id << ", update " << i;
        revision = updates[i].revision;
      }
      more = updates[i].more;
    }
  }
}

TEST(ServerCoreRestore, TheHoldEndsEvenIfSomeoneNeverComesBack) {
  const std::string db = temp_db("hold");
  std::string code;
  {
    Server s(db);
    const Lobby l = open_lobby(s);
    code = l.code;
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(1000);
  }
  Server s(db);
  ASSERT_EQ(s.core->restore(2000), 1u);
  const SessionState& state = s.core->session(code)->state();
  EXPECT_EQ(s.hello(11, "Ada", ClientKind::Participant, 2100, s.core->session(code)->state().seats.rbegin()->second.token).player_id,
            state.seats.rbegin()->first);
  s.core->tick(2000 + 29'000);
  EXPECT_TRUE(state.paused);
  s.core->tick(2000 + 30'000);
  EXPECT_FALSE(state.paused) << "the default hold is 30 s of game time";
}

// Issue 14: a second kill during the restart hold left the journal paused
// with nobody to resume it, so the session never moved again.
TEST(ServerCoreRestore, ACrashDuringTheHoldHoldsAgainAndTheProgramFinishes) {
  const std::string db = temp_db("double-kill");
  Lobby l;
  std::int64_t remaining_before = 0;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(5000);
    remaining_before = s.core->session(l.code)->state().remaining_ms(5000);
  }
  std::int64_t clock = 0;
  {
    Server s(db);
    clock = s.store->load_clock();
    ASSERT_EQ(s.core->restore(clock), 1u);
    ASSERT_TRUE(s.core->session(l.code)->state().held);
    // Ada is back, the others are not yet: the second crash comes mid-hold.
    (void)s.hello(12, "Ada", ClientKind::Participant, clock + 10, l.ada.reconnect_token);
    s.core->tick(clock + 8000);
    ASSERT_TRUE(s.core->session(l.code)->state().paused);
    clock += 8000;
  }
  Server s(db);
  clock = std::max(clock, s.store->load_clock());
  ASSERT_EQ(s.core->restore(clock), 1u);
  const SessionState& state = s.core->session(l.code)->state();
  EXPECT_TRUE(state.paused);
  EXPECT_TRUE(state.held) << "the second restart holds again";
  EXPECT_EQ(state.remaining_ms(clock), remaining_before) << "neither crash nor hold cost any round time";
  // Everyone comes back: the hold ends and the clock runs.
  (void)s.hello(11, "Fran", ClientKind::Facilitator, clock + 10, l.host.reconnect_token);
  (void)s.hello(12, "Ada", ClientKind::Participant, clock + 20, l.ada.reconnect_token);
  (void)s.hello(13, "Ben", ClientKind::Participant, clock + 30, l.ben.reconnect_token);
  s.core->tick(clock + 40);
  EXPECT_FALSE(state.paused);
  EXPECT_FALSE(state.held);
  // And the program runs to its end (quick-icebreaker: 15 minutes of game time).
  for (std::int64_t t = clock + 50; t < clock + 20 * 60'000 && !state.ended(); t += 250) s.core->tick(t);
  EXPECT_TRUE(state.ended());
  EXPECT_EQ(state.rotation, 3u);
}

TEST(ServerCoreRestore, ACrashDuringTheHoldWithNobodyBackStillEndsTheHold) {
  const std::string db = temp_db("double-kill-away");
  Lobby l;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(2000);
  }
  for (int restart = 0; restart < 3; ++restart) {
    Server s(db);
    ASSERT_EQ(s.core->restore(2000 + restart * 1000), 1u) << "restart " << restart;
    EXPECT_TRUE(s.core->session(l.code)->state().held) << "restart " << restart;
    s.core->tick(2000 + restart * 1000 + 500);
  }
  Server s(db);
  ASSERT_EQ(s.core->restore(10'000), 1u);
  const SessionState& state = s.core->session(l.code)->state();
  s.core->tick(10'000 + 29'000);
  EXPECT_TRUE(state.paused);
  s.core->tick(10'000 + 30'000);
  EXPECT_FALSE(state.paused) << "the hold ends by itself even when nobody came back";
}

TEST(ServerCoreRestore, AHostsPauseSurvivesARestartAndOnlyTheHostEndsIt) {
  const std::string db = temp_db("host-pause");
  Lobby l;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.packet(1, HostCommand{l.host_token, HostAction::Pause, 0, 0, false, ""}, 2000);
    s.core->tick(2100);
  }
  Server s(db);
  ASSERT_EQ(s.core->restore(3000), 1u);
  const SessionState& state = s.core->session(l.code)->state();
  EXPECT_TRUE(state.paused);
  EXPECT_FALSE(state.held);
  s.core->tick(3000 + 60'000);
  EXPECT_TRUE(state.paused) << "a host's pause is not a hold: it does not end by itself";
  (void)s.hello(11, "Fran", ClientKind::Facilitator, 63'100, l.host.reconnect_token);
  s.packet(11, HostCommand{l.host_token, HostAction::Resume, 0, 0, false, ""}, 63'200);
  EXPECT_FALSE(state.paused);
}

TEST(ServerCoreRestore, AHostPausingDuringTheHoldKeepsItPaused) {
  const std::string db = temp_db("pause-in-hold");
  Lobby l;
  {
    Server s(db);
    l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.core->tick(2000);
  }
  Server s(db);
  ASSERT_EQ(s.core->restore(3000), 1u);
  const SessionState& state = s.core->session(l.code)->state();
  (void)s.hello(11, "Fran", ClientKind::Facilitator, 3100, l.host.reconnect_token);
  s.packet(11, HostCommand{l.host_token, HostAction::Pause, 0, 0, false, ""}, 3200);
  EXPECT_TRUE(s.transport.to<Error>(11).empty()) << "pausing during the hold is accepted";
  EXPECT_FALSE(state.held);
  s.core->tick(3000 + 31'000);
  EXPECT_TRUE(state.paused) << "the hold's end does not undo the host's pause";
}

TEST(ServerCoreRestore, AnEndedSessionIsNotRestoredAndItsChatIsPurged) {
  const std::string db = temp_db("ended");
  std::string code;
  {
    Server s(db);
    const Lobby l = open_lobby(s);
    code = l.code;
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.packet(2, ChatPost{"a private thought"}, 1100);
    s.packet(1, HostCommand{l.host_token, HostAction::End, 0, 0, false, ""}, 1200);
    s.core->tick(1300);
  }
  Server s(db);
  EXPECT_EQ(s.core->restore(2000), 0u);
  EXPECT_EQ(s.core->session(code), nullptr);
  std::size_t chats = 0;
  for (const auto& e : s.store->events_of(code)) {
    if (const auto* chat = std::get_if<ChatSent>(&e.body)) {
      ++chats;
      EXPECT_TRUE(chat->text.empty());
    }
  }
  EXPECT_EQ(chats, 1u) << "the line is still counted, its text is gone";
}

TEST(ServerCoreOrg, PeopleWhoMetInAnEarlierSessionOfTheOrgAreRemembered) {
  const std::string db = temp_db("org");
  {
    Server s(db, "acme");
    const Lobby l = open_lobby(s);
    s.packet(1, HostCommand{l.host_token, HostAction::Start, 0, 0, false, ""}, 1000);
    s.packet(1, HostCommand{l.host_token, HostAction::End, 0, 0, false, ""}, 2000);
    s.core->tick(2100);
    ASSERT_EQ(s.store->org_history("acme").size(), 1u);
    EXPECT_EQ(s.store->org_history("acme")[0], (OrgPair{"ada", "ben", 1}));
  }
  Server s(db, "acme");
  const Lobby l = open_lobby(s);  // new ids, same people
  const SessionState& state = s.core->session(l.code)->state();
  EXPECT_EQ(state.history.times_met(l.ada.player_id, l.ben.player_id), 1);

  Server other(temp_db("org-other"), "globex");
  const Lobby g = open_lobby(other);
  EXPECT_EQ(other.core->session(g.code)->state().history.pair_count(), 0u);
}

}  // namespace
}  // namespace rapport::server
