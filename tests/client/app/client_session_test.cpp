// ClientSession against a real rapport-server on an ephemeral port.
#include "app/client_session.hpp"

#include "test_support.hpp"

#include <functional>

namespace rapport::client {
namespace {

using namespace std::chrono_literals;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Pumps the sessions until `done` holds or the time runs out.
bool pump_until(std::initializer_list<ClientSession*> sessions, const std::function<bool()>& done,
                std::chrono::milliseconds timeout = 8000ms) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    for (ClientSession* s : sessions) s->update(now_ms());
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

Profile person(const std::string& name, const std::string& team = "") {
  Profile p;
  p.name = name;
  p.team = team;
  p.avatar.shape = AvatarShape::Hexagon;
  p.avatar.formality = 3;
  return p;
}

class ClientSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::temp_dir("session");
    port_ = test::start_server(server_, dir_);
    ASSERT_NE(port_, 0);
    address_ = "127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    server_.stop();
    std::filesystem::remove_all(dir_);
  }
  // A host with a session, ready for people to join.
  void open_session(ClientSession& host) {
    ASSERT_TRUE(host.host(address_, person("Sam Host"), "quick-icebreaker", now_ms()));
    ASSERT_TRUE(pump_until({&host}, [&] { return host.status() == SessionStatus::InSession; }))
        << host.status_line(now_ms());
  }

  std::filesystem::path dir_;
  test::Child server_;
  std::uint16_t port_ = 0;
  std::string address_;
};

TEST_F(ClientSessionTest, HostGetsJoinCodeHostTokenAndRoster) {
  ClientSession host;
  open_session(host);
  EXPECT_TRUE(host.is_host());
  EXPECT_EQ(host.session_code().size(), kJoinCodeLength);
  EXPECT_FALSE(host.host_token().empty());
  EXPECT_EQ(host.program(), "quick-icebreaker");
  ASSERT_TRUE(pump_until({&host}, [&] { return host.roster().size() == 1; }));
  ASSERT_NE(host.host_entry(), nullptr);
  EXPECT_EQ(host.host_entry()->name, "Sam Host");
  EXPECT_EQ(host.participant_count(), 0U);
}

TEST_F(ClientSessionTest, ParticipantsJoinAndEveryoneSeesTheRoster) {
  ClientSession host;
  open_session(host);
  ClientSession ada;
  ClientSession ben;
  // Lower case and spaces around the code are fine: the code is normalised.
  std::string code = host.session_code();
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ASSERT_TRUE(ada.join(address_, " " + code, person("Ada", "Sales"), now_ms())) << ada.last_error();
  ASSERT_TRUE(ben.join(address_, host.session_code(), person("Ben"), now_ms()));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] {
    return host.participant_count() == 2 && ada.participant_count() == 2 && ben.participant_count() == 2;
  })) << "host sees " << host.participant_count() << ", Ada sees " << ada.participant_count();
  EXPECT_EQ(ada.status(), SessionStatus::InSession);
  EXPECT_FALSE(ada.is_host());
  EXPECT_EQ(ada.session_code(), host.session_code());
  const auto& entries = host.roster().entries();
  ASSERT_TRUE(entries.contains(ada.my_id()));
  EXPECT_EQ(entries.at(ada.my_id()).team, "Sales");
  EXPECT_EQ(entries.at(ada.my_id()).avatar.shape, AvatarShape::Hexagon);

  ben.leave();
  EXPECT_EQ(ben.status(), SessionStatus::Idle);
  EXPECT_TRUE(pump_until({&host, &ada}, [&] { return host.participant_count() == 1 && ada.participant_count() == 1; }));
}

TEST_F(ClientSessionTest, WrongCodeIsShownInPlainWords) {
  ClientSession ada;
  ASSERT_TRUE(ada.join(address_, "ACDEFG", person("Ada"), now_ms()));
  ASSERT_TRUE(pump_until({&ada}, [&] { return ada.status() == SessionStatus::Failed; }));
  EXPECT_NE(ada.last_error().find("No session has the code"), std::string::npos) << ada.last_error();
  ada.acknowledge_error();
  EXPECT_EQ(ada.status(), SessionStatus::Idle);
  EXPECT_TRUE(ada.last_error().empty());
}

TEST_F(ClientSessionTest, MalformedInputFailsBeforeConnecting) {
  ClientSession ada;
  EXPECT_FALSE(ada.join(address_, "12", person("Ada"), now_ms()));
  EXPECT_EQ(ada.status(), SessionStatus::Failed);
  EXPECT_NE(ada.last_error().find("6 letters and digits"), std::string::npos) << ada.last_error();
  EXPECT_FALSE(ada.join(address_, "ACDEFG", person("   "), now_ms()));
  EXPECT_FALSE(ada.last_error().empty());
  EXPECT_FALSE(ada.join("127.0.0.1:notaport", "ACDEFG", person("Ada"), now_ms()));
  EXPECT_NE(ada.last_error().find("server address"), std::string::npos) << ada.last_error();
}

TEST_F(ClientSessionTest, VersionMismatchIsExplained) {
  ClientSessionConfig config;
  config.protocol_version = kProtocolVersion + 7;
  ClientSession old_app(config);
  ASSERT_TRUE(old_app.join(address_, "ACDEFG", person("Ada"), now_ms()));
  ASSERT_TRUE(pump_until({&old_app}, [&] { return old_app.status() == SessionStatus::Failed; }));
  EXPECT_NE(old_app.last_error().find("protocol version"), std::string::npos) << old_app.last_error();
  EXPECT_NE(old_app.last_error().find("update"), std::string::npos) << old_app.last_error();
}

TEST_F(ClientSessionTest, ReconnectsToTheSameSeatAfterADrop) {
  ClientSession host;
  open_session(host);
  ClientSession ada;
  ASSERT_TRUE(ada.join(address_, host.session_code(), person("Ada"), now_ms()));
  ASSERT_TRUE(pump_until({&host, &ada}, [&] { return ada.participant_count() == 1; }));
  const std::uint32_t seat = ada.my_id();

  ada.simulate_connection_drop(now_ms());
  EXPECT_EQ(ada.status(), SessionStatus::Reconnecting);
  EXPECT_NE(ada.status_line(now_ms()).find("Reconnecting"), std::string::npos) << ada.status_line(now_ms());
  EXPECT_EQ(ada.participant_count(), 1U) << "the view is kept while reconnecting";

  ASSERT_TRUE(pump_until({&host, &ada}, [&] { return ada.status() == SessionStatus::InSession; }))
      << ada.status_line(now_ms());
  EXPECT_EQ(ada.my_id(), seat);
  EXPECT_EQ(ada.session_code(), host.session_code());
  EXPECT_TRUE(pump_until({&host, &ada}, [&] { return ada.participant_count() == 1 && host.participant_count() == 1; }));
  EXPECT_EQ(ada.retry_attempt(), 0);
}

TEST_F(ClientSessionTest, GivesUpAfterRetriesWhenTheServerIsGone) {
  ClientSession host;
  open_session(host);
  ClientSessionConfig fast;
  fast.first_retry_ms = 20;
  fast.max_retry_ms = 40;
  fast.max_retries = 1;
  ClientSession ada(fast);
  ASSERT_TRUE(ada.join(address_, host.session_code(), person("Ada"), now_ms()));
  ASSERT_TRUE(pump_until({&host, &ada}, [&] { return ada.status() == SessionStatus::InSession; }));
  server_.stop();
  ada.simulate_connection_drop(now_ms());
  // One retry: it cannot reach the stopped server (ENet gives up after its connect timeout).
  ASSERT_TRUE(pump_until({&ada}, [&] { return ada.status() == SessionStatus::Failed; }, 20000ms))
      << ada.status_line(now_ms());
  EXPECT_NE(ada.last_error().find("join again"), std::string::npos) << ada.last_error();
}

// A started session as the participants and the host see it: status, group,
// chat, gestures, meter, tiles, host commands, reflection and the end.
TEST_F(ClientSessionTest, SessionFlowReachesEveryoneThroughTheViewModel) {
  ClientSession host;
  open_session(host);
  ClientSession ada;
  ClientSession ben;
  ASSERT_TRUE(ada.join(address_, host.session_code(), person("Ada"), now_ms()));
  ASSERT_TRUE(ben.join(address_, host.session_code(), person("Ben"), now_ms()));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return host.participant_count() == 2; }));
  EXPECT_FALSE(ada.host_command(HostAction::Start)) << "only the host has the token";
  EXPECT_FALSE(ada.send_chat("   ")) << "an empty line is not sent";

  ASSERT_TRUE(host.host_command(HostAction::Start));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] {
    return ada.view().phase() == SessionPhase::Round && ada.view().in_group() && ben.view().in_group();
  }));
  EXPECT_EQ(ada.view().status().status.rotation, 1);
  EXPECT_FALSE(ada.view().status().status.round_title.empty());
  EXPECT_GT(ada.view().remaining_ms(now_ms()), 0);
  EXPECT_EQ(ada.view().partners(ada.my_id()), std::vector<std::uint32_t>{ben.my_id()});
  EXPECT_EQ(ada.view().group().group_id, ben.view().group().group_id);
  EXPECT_FALSE(ada.view().group().prompt.empty());
  EXPECT_EQ(ada.name_of(ben.my_id()), "Ben");

  ASSERT_TRUE(ada.send_chat("  Hi Ben! What made you smile this week?  "));
  ASSERT_TRUE(ben.send_gesture(Gesture::Wave));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] {
    return !ben.view().my_chat().empty() && ada.view().latest_gestures().contains(ben.my_id());
  }));
  EXPECT_EQ(ben.view().my_chat().back().from, ada.my_id());
  EXPECT_EQ(ben.view().my_chat().back().text, "Hi Ben! What made you smile this week?") << "trimmed";
  EXPECT_EQ(ada.view().latest_gestures().at(ben.my_id()).gesture, Gesture::Wave);
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ada.view().meter().known && !host.view().tiles().empty(); }))
      << "the meter and the host's tiles refresh every second";
  EXPECT_EQ(ada.view().meter().group_id, ada.view().group().group_id);
  EXPECT_EQ(host.view().tiles().front().members.size(), 2U);

  // Host controls reach everyone.
  ASSERT_TRUE(host.host_command(HostAction::Pause));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ada.view().paused(); }));
  ASSERT_TRUE(host.host_command(HostAction::Resume));
  ASSERT_TRUE(host.host_command(HostAction::Broadcast, 0, 0, false, "Two minutes left, everyone"));
  ASSERT_TRUE(host.host_command(HostAction::Mute, ben.my_id()));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] {
    return !ada.view().paused() && ben.view().muted() && !ada.view().notices().empty();
  }));
  EXPECT_EQ(ada.view().notices().back().kind, NoticeKind::Broadcast);
  EXPECT_EQ(ada.view().notices().back().text, "Two minutes left, everyone");
  const std::uint64_t seen = ben.view().notices().back().seq;
  ASSERT_TRUE(ben.send_chat("am I muted?"));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return !ben.view().notices_after(seen).empty(); }));
  EXPECT_EQ(ben.view().notices_after(seen).front().kind, NoticeKind::Warning) << "the server's refusal as a toast";

  ASSERT_TRUE(ada.report_partner(ben.my_id(), "just testing"));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return !host.view().reports().empty(); }));
  EXPECT_EQ(host.view().reports().front().about, ben.my_id());

  // To the reflection, answer, then end.
  ASSERT_TRUE(host.host_command(HostAction::NextRotation));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ada.view().phase() == SessionPhase::Reflection; }));
  EXPECT_FALSE(ada.send_reflection(ben.my_id(), 9, 0)) << "IOS is 1..7";
  ASSERT_TRUE(ada.send_reflection(ben.my_id(), 6, 2));
  EXPECT_EQ(ada.view().reflections_sent().at(ben.my_id()).ios, 6);
  ASSERT_TRUE(host.host_command(HostAction::End));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] {
    return ada.view().debrief().has_value() && host.view().summary().has_value();
  }));
  EXPECT_EQ(ada.view().phase(), SessionPhase::Ended);
  ASSERT_FALSE(ada.view().debrief()->partners.empty());
  EXPECT_EQ(ada.view().debrief()->partners.front().player, ben.my_id());
  EXPECT_EQ(ada.view().debrief()->partners.front().ios_given, 6);
  EXPECT_EQ(host.view().summary()->participants, 2);
}

TEST_F(ClientSessionTest, KickedParticipantGoesBackWithTheHostsWords) {
  ClientSession host;
  open_session(host);
  ClientSession ada;
  ClientSession ben;
  ASSERT_TRUE(ada.join(address_, host.session_code(), person("Ada"), now_ms()));
  ASSERT_TRUE(ben.join(address_, host.session_code(), person("Ben"), now_ms()));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return host.participant_count() == 2; }));
  ASSERT_TRUE(host.host_command(HostAction::Start));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ben.view().in_group(); }));
  ASSERT_TRUE(ben.set_break(true));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ben.on_break(); }));
  ASSERT_TRUE(host.host_command(HostAction::Kick, ada.my_id(), 0, true));
  ASSERT_TRUE(pump_until({&host, &ada, &ben}, [&] { return ada.status() == SessionStatus::Failed; }));
  EXPECT_NE(ada.last_error().find("removed"), std::string::npos) << ada.last_error();
  EXPECT_TRUE(ada.view().kicked().has_value());
  EXPECT_FALSE(ada.send_chat("hello?")) << "no longer in the session";
}

TEST(ClientSessionOffline, UnreachableServerSaysSoInPlainWords) {
  ClientSession ada;
  // A port nobody listens on (the test range for servers starts at 20000).
  ASSERT_TRUE(ada.join("127.0.0.1:9", "ACDEFG", person("Ada"), now_ms()));
  EXPECT_EQ(ada.status(), SessionStatus::Connecting);
  EXPECT_NE(ada.status_line(now_ms()).find("Connecting to 127.0.0.1:9"), std::string::npos);
  ASSERT_TRUE(pump_until({&ada}, [&] { return ada.status() == SessionStatus::Failed; }, 20000ms));
  EXPECT_NE(ada.last_error().find("did not answer"), std::string::npos) << ada.last_error();
}

}  // namespace
}  // namespace rapport::client
