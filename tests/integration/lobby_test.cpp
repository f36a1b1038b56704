// Loopback integration: the real server binary on an ephemeral port, bots and
// hand-driven ENet connections against it.
#include "net/connection.hpp"
#include "server_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>

namespace rapport {
namespace {

using test::ServerProcess;

// Polls until `done` or the time runs out; returns every message seen.
template <class Done>
std::vector<Message> pump(net::Connection& connection, Done done, int timeout_ms = 3000) {
  std::vector<Message> seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::vector<net::NetEvent> events;
    connection.poll(events, 10);
    for (auto& e : events) {
      if (e.kind == net::NetEvent::Kind::Message) seen.push_back(*e.message);
      if (e.kind == net::NetEvent::Kind::Connected) seen.push_back(Pong{0xC0});  // marker: connected
      if (e.kind == net::NetEvent::Kind::Disconnected) seen.push_back(Pong{0xD0});  // marker: dropped
    }
    if (done(seen)) break;
  }
  return seen;
}

template <class T>
const T* find(const std::vector<Message>& seen) {
  for (const auto& m : seen) {
    if (const auto* t = std::get_if<T>(&m)) return t;
  }
  return nullptr;
}

bool has_marker(const std::vector<Message>& seen, std::uint64_t marker) {
  for (const auto& m : seen) {
    if (const auto* p = std::get_if<Pong>(&m); p && p->nonce == marker) return true;
  }
  return false;
}

void connect(net::Connection& c, const ServerProcess& server) {
  ASSERT_TRUE(c.connect(*net::parse_endpoint(server.endpoint())));
  const auto seen = pump(c, [](const auto& s) { return has_marker(s, 0xC0); });
  ASSERT_TRUE(has_marker(seen, 0xC0)) << "could not connect to the test server";
}

TEST(Lobby, HostAndTwentyBotsSeeTheFullRoster) {
  ServerProcess server;
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                        " --players 20 --host --json --timeout 30");
  const std::string json = result.last_line();
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(test::json_number(json, "connected"), 20) << json;
  EXPECT_EQ(test::json_number(json, "roster_complete"), 20) << json;
  EXPECT_EQ(test::json_number(json, "errors"), 0) << json;
  EXPECT_GT(test::json_number(json, "rtt_p50_ms"), 0) << json;
  EXPECT_TRUE(server.running());
}

TEST(Lobby, VersionMismatchGetsAReadableRefusal) {
  ServerProcess server;
  net::Connection c;
  connect(c, server);
  Hello hello;
  hello.name = "Old app";
  ASSERT_TRUE(c.send_raw(encode_with_version(hello, kProtocolVersion + 1)));
  const auto seen = pump(c, [](const auto& s) { return find<Refuse>(s) != nullptr; });
  const auto* refuse = find<Refuse>(seen);
  ASSERT_NE(refuse, nullptr);
  EXPECT_EQ(refuse->reason, RefuseReason::VersionMismatch);
  EXPECT_NE(refuse->text.find("update"), std::string::npos) << refuse->text;
}

TEST(Lobby, WrongCodeIsRefusedInPlainWords) {
  ServerProcess server;
  net::Connection c;
  connect(c, server);
  ASSERT_TRUE(c.send(Hello{kProtocolVersion, "Ana", ClientKind::Participant, ""}));
  ASSERT_TRUE(c.send(JoinSession{"ACD349", "Ana", "", "", Avatar{}}));
  const auto seen = pump(c, [](const auto& s) { return find<Refuse>(s) != nullptr; });
  const auto* refuse = find<Refuse>(seen);
  ASSERT_NE(refuse, nullptr);
  EXPECT_EQ(refuse->reason, RefuseReason::UnknownCode);
  EXPECT_NE(refuse->text.find("Check the code"), std::string::npos);
}

TEST(Lobby, GarbageAndOversizedDatagramsDoNotDisturbOthers) {
  ServerProcess server;
  // A raw UDP socket throws junk and a 5,000-byte datagram at the port.
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<std::uint8_t> junk(5000, 0xAB);
  for (int i = 0; i < 50; ++i) {
    const std::size_t len = i == 0 ? 5000 : static_cast<std::size_t>(1 + (i * 37) % 1400);
    (void)sendto(fd, junk.data(), len, 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  close(fd);

  // A real ENet peer that sends undecodable packets is told why and dropped.
  net::Connection rogue;
  connect(rogue, server);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(rogue.send_raw({1, 2, 3, 4, 5, 6, 7, 8, 9}));
  const auto seen = pump(rogue, [](const auto& s) { return has_marker(s, 0xD0); }, 5000);
  const auto* refuse = find<Refuse>(seen);
  ASSERT_NE(refuse, nullptr);
  EXPECT_EQ(refuse->reason, RefuseReason::Malformed);
  EXPECT_TRUE(has_marker(seen, 0xD0)) << "the rogue peer should have been disconnected";

  // Everyone else still gets served.
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                        " --players 8 --host --json --timeout 20");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(test::json_number(result.last_line(), "roster_complete"), 8);
  EXPECT_TRUE(server.running());
}

TEST(Lobby, ServerFlagsHelpVersionAndBadInput) {
  const auto help = test::run_command(test::bin_dir() + "/rapport-server --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--port"), std::string::npos);
  const auto version = test::run_command(test::bin_dir() + "/rapport-server --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("rapport-server"), std::string::npos);
  EXPECT_EQ(test::run_command(test::bin_dir() + "/rapport-server --port 99999 2>/dev/null").exit_code, 2);
  EXPECT_EQ(test::run_command(test::bin_dir() + "/rapport-server --frobnicate 2>/dev/null").exit_code, 2);
  const auto org = test::run_command(test::bin_dir() + "/rapport-server --org --bind 127.0.0.1 2>&1");
  EXPECT_EQ(org.exit_code, 2);
  EXPECT_NE(org.output.find("--org needs a value"), std::string::npos) << org.output;
  // A report folder that cannot be written is found at start, not at the end of a session.
  const auto reports = test::run_command(test::bin_dir() + "/rapport-server --port 0 --bind 127.0.0.1 --report-dir " +
                                         test::bin_dir() + "/rapport-server/reports 2>&1");
  EXPECT_EQ(reports.exit_code, 3) << reports.output;
  EXPECT_NE(reports.output.find("cannot write reports"), std::string::npos) << reports.output;
}

// The bots say why they stopped: a refused session, a refused start, a
// server that does not answer, bad flags.
TEST(Lobby, BotsSayWhyTheyStopped) {
  ServerProcess server;
  const auto bots = test::bin_dir() + "/rapport-bots --server " + server.endpoint() + " ";
  const auto no_program = test::run_command(bots + "--host --program nosuch --players 2 --json --timeout 30");
  EXPECT_EQ(no_program.exit_code, 1);
  EXPECT_NE(no_program.last_line().find("There is no program called"), std::string::npos) << no_program.output;
  const auto parsed = nlohmann::json::parse(no_program.last_line(), nullptr, false);
  ASSERT_TRUE(parsed.is_object()) << no_program.output;
  EXPECT_LT(parsed.value("elapsed_s", 99.0), 10.0) << "fails fast, not at --timeout";
  const auto alone = test::run_command(bots + "--host --program quick-icebreaker --players 1 --json --timeout 30");
  EXPECT_EQ(alone.exit_code, 1);
  EXPECT_NE(alone.last_line().find("would not start the session"), std::string::npos) << alone.output;
  const auto nobody = test::run_command(test::bin_dir() + "/rapport-bots --server 127.0.0.1:9 --host --players 1 "
                                        "--json --timeout 2");
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.last_line().find("did not answer"), std::string::npos) << nobody.output;
  for (const char* flags : {"--host --code ABCDEF --players 1", "--host --players 1 --timeout 0"}) {
    EXPECT_EQ(test::run_command(bots + flags + " 2>/dev/null").exit_code, 2) << flags;
  }
  const auto version = test::run_command(test::bin_dir() + "/rapport-bots --version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("rapport-bots"), std::string::npos);
}

}  // namespace
}  // namespace rapport
