// The SQLite journal on its own: round trip, reopen, unreadable rows, chat
// retention, organisation history, the saved clock and bad paths.
#include "rapport/server/journal_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rapport::server {
namespace {

std::string temp_db(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-journal-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

Seat seat(std::uint32_t id, const std::string& name, bool host = false) {
  Seat s;
  s.id = id;
  s.name = name;
  s.host = host;
  s.token = "token-" + std::to_string(id);
  return s;
}

SessionOpened opened(const std::string& code, bool keep_chat = false) {
  SessionOpened o;
  o.code = code;
  o.host_token = "host-secret";
  o.program.id = "quick-icebreaker";
  o.keep_chat = keep_chat;
  o.host = seat(1, "Facilitator", true);
  return o;
}

class JournalStoreTest : public ::testing::Test {
 protected:
  Logger log{LogLevel::Off};
  std::string error;
};

TEST_F(JournalStoreTest, EventsComeBackInOrderWithEveryField) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("ABC123", {100, opened("ABC123")}, "acme"));
  ASSERT_TRUE(store->append("ABC123", {200, PlayerJoined{seat(2, "Ada")}}));
  ASSERT_TRUE(store->append("ABC123", {300, ChatSent{2, "hello there"}}));
  ASSERT_TRUE(store->append("ABC123", {400, ReflectionGiven{2, 3, 6, 1}}));

  const auto sessions = store->live_sessions();
  ASSERT_EQ(sessions.size(), 1u);
  const StoredSession& s = sessions[0];
  EXPECT_EQ(s.code, "ABC123");
  EXPECT_EQ(s.org, "acme");
  EXPECT_EQ(s.skipped, 0u);
  ASSERT_EQ(s.events.size(), 4u);
  EXPECT_EQ(s.events[0].t_ms, 100);
  const auto& o = std::get<SessionOpened>(s.events[0].body);
  EXPECT_EQ(o.host_token, "host-secret");
  EXPECT_EQ(o.host.token, "token-1");
  EXPECT_TRUE(o.host.host);
  EXPECT_EQ(std::get<PlayerJoined>(s.events[1].body).seat.name, "Ada");
  EXPECT_EQ(std::get<ChatSent>(s.events[2].body).text, "hello there");
  const auto& r = std::get<ReflectionGiven>(s.events[3].body);
  EXPECT_EQ(r.about, 3u);
  EXPECT_EQ(r.ios, 6);
  EXPECT_EQ(store->event_count("ABC123"), 4u);
}

TEST_F(JournalStoreTest, AReopenedFileKeepsItsSessionsAndContinuesTheSequence) {
  const std::string path = temp_db("reopen");
  {
    auto store = JournalStore::open(path, log, &error);
    ASSERT_TRUE(store) << error;
    ASSERT_TRUE(store->append("ABC123", {100, opened("ABC123")}));
    ASSERT_TRUE(store->append("ABC123", {200, PlayerJoined{seat(2, "Ada")}}));
  }
  auto store = JournalStore::open(path, log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("ABC123", {300, PlayerJoined{seat(3, "Ben")}}));
  const auto sessions = store->live_sessions();
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_EQ(sessions[0].events.size(), 3u);
  EXPECT_EQ(std::get<PlayerJoined>(sessions[0].events[2].body).seat.name, "Ben");
}

TEST_F(JournalStoreTest, UnreadableAndUnknownRowsAreSkippedAndTheRestSurvives) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("ABC123", {100, opened("ABC123")}));
  ASSERT_TRUE(store->append("ABC123", {200, PlayerJoined{seat(2, "Ada")}}));
  // A truncated blob, a variant index no build knows, and text where a blob belongs.
  ASSERT_TRUE(store->exec("INSERT INTO events VALUES ('ABC123', 3, 250, 12, x'0102')"));
  ASSERT_TRUE(store->exec("INSERT INTO events VALUES ('ABC123', 4, 260, 999, x'010000000000000000ff000000')"));
  ASSERT_TRUE(store->exec("INSERT INTO events VALUES ('ABC123', 5, 270, 1, 'not a blob')"));
  ASSERT_TRUE(store->append("ABC123", {300, PlayerJoined{seat(3, "Ben")}}));

  const auto sessions = store->live_sessions();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].skipped, 3u);
  ASSERT_EQ(sessions[0].events.size(), 3u);
  EXPECT_EQ(std::get<PlayerJoined>(sessions[0].events[2].body).seat.name, "Ben");
}

TEST_F(JournalStoreTest, EndingASessionPurgesChatTextButKeepsTheCounts) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("ABC123", {100, opened("ABC123")}));
  ASSERT_TRUE(store->append("ABC123", {200, ChatSent{2, "my secret"}}));
  ASSERT_TRUE(store->append("ABC123", {300, CommonGroundProposed{2, 4, "we both sail"}}));
  RoundScored scored;
  scored.group_id = 1;
  scored.shared_items = {"both sail"};
  ASSERT_TRUE(store->append("ABC123", {400, scored}));
  ASSERT_TRUE(store->append("ABC123", {500, SessionEnded{}}));
  ASSERT_TRUE(store->finish_session("ABC123", {}, false));

  EXPECT_TRUE(store->live_sessions().empty()) << "an ended session is not restored";
  const auto events = store->events_of("ABC123");
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(std::get<ChatSent>(events[1].body).player, 2u);
  EXPECT_TRUE(std::get<ChatSent>(events[1].body).text.empty());
  EXPECT_TRUE(std::get<CommonGroundProposed>(events[2].body).text.empty());
  ASSERT_EQ(std::get<RoundScored>(events[3].body).shared_items.size(), 1u);
  EXPECT_TRUE(std::get<RoundScored>(events[3].body).shared_items[0].empty());
}

TEST_F(JournalStoreTest, ChatTextStaysWhenTheFacilitatorOptedIn) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("ABC123", {100, opened("ABC123", true)}));
  ASSERT_TRUE(store->append("ABC123", {200, ChatSent{2, "keep me"}}));
  ASSERT_TRUE(store->finish_session("ABC123", {}, true));
  const auto events = store->events_of("ABC123");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<ChatSent>(events[1].body).text, "keep me");
}

TEST_F(JournalStoreTest, OrganisationHistoryAddsUpAcrossSessionsAndStaysWithinTheOrg) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  ASSERT_TRUE(store->append("AAA111", {0, opened("AAA111")}, "acme"));
  ASSERT_TRUE(store->append("BBB222", {0, opened("BBB222")}, "acme"));
  ASSERT_TRUE(store->append("CCC333", {0, opened("CCC333")}, "globex"));
  ASSERT_TRUE(store->append("DDD444", {0, opened("DDD444")}));
  ASSERT_TRUE(store->finish_session("AAA111", {{"ada", "ben", 1}, {"ada", "cy", 1}}, false));
  ASSERT_TRUE(store->finish_session("BBB222", {{"ben", "ada", 2}}, false));  // order does not matter
  ASSERT_TRUE(store->finish_session("CCC333", {{"ada", "ben", 5}}, false));
  ASSERT_TRUE(store->finish_session("DDD444", {{"x", "y", 1}}, false));      // no org: nothing kept

  const auto acme = store->org_history("acme");
  ASSERT_EQ(acme.size(), 2u);
  EXPECT_EQ(acme[0], (OrgPair{"ada", "ben", 3}));
  EXPECT_EQ(acme[1], (OrgPair{"ada", "cy", 1}));
  ASSERT_EQ(store->org_history("globex").size(), 1u);
  EXPECT_EQ(store->org_history("globex")[0].times, 5);
  EXPECT_TRUE(store->org_history("").empty());
}

TEST_F(JournalStoreTest, TheClockIsAtLeastTheLastEventTime) {
  auto store = JournalStore::open(":memory:", log, &error);
  ASSERT_TRUE(store) << error;
  EXPECT_EQ(store->load_clock(), 0);
  ASSERT_TRUE(store->append("ABC123", {5000, opened("ABC123")}));
  EXPECT_EQ(store->load_clock(), 5000);
  store->save_clock(9000);
  store->save_clock(8000);  // never goes back
  EXPECT_EQ(store->load_clock(), 9000);
}

TEST_F(JournalStoreTest, AnUnusablePathGivesAReadableError) {
  EXPECT_FALSE(JournalStore::open("/nonexistent-folder/sub/rapport.db", log, &error));
  EXPECT_NE(error.find("/nonexistent-folder/sub/rapport.db"), std::string::npos) << error;

  const std::string garbage = temp_db("garbage");
  std::ofstream(garbage) << std::string(4096, 'x');
  error.clear();
  EXPECT_FALSE(JournalStore::open(garbage, log, &error));
  EXPECT_NE(error.find("Rapport journal"), std::string::npos) << error;
}

}  // namespace
}  // namespace rapport::server
