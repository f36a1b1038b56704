// Abuse limits on a real server (127.0.0.1): connections that never say hello,
// lobbies whose host has gone.
#include "net/connection.hpp"
#include "net/host_key.hpp"
#include "server_process.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace rapport {
namespace {

using test::ServerProcess;
using Clock = std::chrono::steady_clock;

template <class Done>
std::vector<Message> pump(net::Connection& connection, Done done, int timeout_ms = 3000) {
  std::vector<Message> seen;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    std::vector<net::NetEvent> events;
    connection.poll(events, 10);
    for (auto& e : events) {
      if (e.kind == net::NetEvent::Kind::Message) seen.push_back(*e.message);
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

bool connect(net::Connection& c, const ServerProcess& server) {
  if (!c.connect(*net::parse_endpoint(server.endpoint()))) return false;
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() < deadline && !c.connected()) {
    std::vector<net::NetEvent> events;
    c.poll(events, 10);
  }
  return c.connected();
}

// A host on a raw connection: hello, then a keyed CreateSession; returns the code.
std::string host_session(net::Connection& c, const ServerProcess& server) {
  if (!connect(c, server) || !c.send(Hello{kProtocolVersion, "Host", ClientKind::Facilitator, ""})) return {};
  const auto welcomed = pump(c, [](const auto& s) { return find<Welcome>(s) != nullptr; });
  const auto* welcome = find<Welcome>(welcomed);
  if (!welcome) return {};
  CreateSession create{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false};
  net::add_key_proof(create, net::find_host_key(server.key_file(), 0).key, welcome->key_challenge);
  if (!c.send(create)) return {};
  const auto created = pump(c, [](const auto& s) { return find<SessionCreated>(s) != nullptr; });
  const auto* session = find<SessionCreated>(created);
  return session ? session->join_code : std::string{};
}

std::vector<Message> join(net::Connection& c, const ServerProcess& server, const std::string& code) {
  if (!connect(c, server)) return {};
  (void)c.send(Hello{kProtocolVersion, "Ana", ClientKind::Participant, ""});
  (void)c.send(JoinSession{code, "Ana", "", "", Avatar{}});
  return pump(c, [](const auto& s) { return find<JoinAccepted>(s) || find<Refuse>(s); });
}

// A script on the classroom's address holds as many silent connections as the
// server lets it, opening a new one whenever one is closed; the class (ten
// bots and their host, from the same address) still joins, and every silent
// connection is closed about 3 s after it opened.
TEST(AbuseLimits, SilentConnectionsAreClosedAndNeverLockOutAClass) {
  ServerProcess server({"--max-conns-per-address", "12"});
  constexpr int kSilent = 40;
  std::atomic<bool> stop{false};
  std::atomic<int> opened{0}, closed{0};
  std::atomic<long long> longest_ms{0};
  std::thread script([&] {
    std::vector<std::unique_ptr<net::Connection>> held;
    std::vector<Clock::time_point> since(kSilent);
    std::vector<bool> up(kSilent, false);
    for (int i = 0; i < kSilent; ++i) held.push_back(std::make_unique<net::Connection>());
    auto next_open = Clock::now();
    int cursor = 0;
    while (!stop.load()) {
      for (int i = 0; i < kSilent; ++i) {
        std::vector<net::NetEvent> events;
        held[static_cast<std::size_t>(i)]->poll(events, 0);
        for (const auto& e : events) {
          if (e.kind == net::NetEvent::Kind::Connected) {
            up[static_cast<std::size_t>(i)] = true;
            since[static_cast<std::size_t>(i)] = Clock::now();
            ++opened;
          } else if (e.kind == net::NetEvent::Kind::Disconnected || e.kind == net::NetEvent::Kind::ConnectFailed) {
            if (up[static_cast<std::size_t>(i)]) {
              ++closed;
              const auto held_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       Clock::now() - since[static_cast<std::size_t>(i)]).count();
              longest_ms = std::max<long long>(longest_ms.load(), held_ms);
            }
            up[static_cast<std::size_t>(i)] = false;
          }
        }
      }
      // (Re)open one idle slot at a time, a few a second (under the connect rate).
      if (Clock::now() >= next_open) {
        for (int k = 0; k < kSilent; ++k) {
          const int i = (cursor + k) % kSilent;
          if (!up[static_cast<std::size_t>(i)] && !held[static_cast<std::size_t>(i)]->connected()) {
            (void)held[static_cast<std::size_t>(i)]->connect(*net::parse_endpoint(server.endpoint()));
            cursor = i + 1;
            break;
          }
        }
        next_open = Clock::now() + std::chrono::milliseconds(100);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                        " --host --players 10 --json --timeout 30");
  std::this_thread::sleep_for(std::chrono::milliseconds(4000));
  stop = true;
  script.join();
  EXPECT_EQ(test::json_number(result.last_line(), "connected"), 10) << result.output;
  EXPECT_EQ(test::json_number(result.last_line(), "errors"), 0) << result.output;
  EXPECT_GT(opened.load(), 16) << "the script should have held connections";
  EXPECT_GT(closed.load(), 0);
  // 3 s to say hello, then ENet's goodbye: well under ENet's own 5-15 s timeout.
  EXPECT_LT(longest_ms.load(), 5000) << "silent connections must not be held for long";
  std::printf("silent connections: %d opened, %d closed by the server, longest held %lld ms\n", opened.load(),
              closed.load(), longest_ms.load());
  EXPECT_TRUE(server.running());
}

TEST(AbuseLimits, ALobbyWhoseHostHasGoneClosesAndIsNotRestored) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-lobby-expiry-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "rapport.db").string();
  const std::string key = (dir / "rapport.key").string();
  const int port = test::free_udp_port();
  std::string code;
  {
    ServerProcess server({"--db", db, "--facilitator-key-file", key, "--lobby-expiry", "1"}, port);
    net::Connection host;
    code = host_session(host, server);
    ASSERT_FALSE(code.empty());
    net::Connection ana;
    ASSERT_NE(find<JoinAccepted>(join(ana, server, code)), nullptr);
    (void)host.send(Leave{});
    host.disconnect();
    const auto seen = pump(ana, [](const auto& s) { return find<Refuse>(s) != nullptr; }, 5000);
    const auto* refuse = find<Refuse>(seen);
    ASSERT_NE(refuse, nullptr) << "the participant is told the lobby closed";
    EXPECT_NE(refuse->text.find("lobby has closed"), std::string::npos) << refuse->text;
    net::Connection ben;
    const auto ben_seen = join(ben, server, code);
    const auto* late = find<Refuse>(ben_seen);
    ASSERT_NE(late, nullptr);
    EXPECT_EQ(late->reason, RefuseReason::UnknownCode);
  }
  ServerProcess restarted({"--db", db, "--facilitator-key-file", key}, port);
  net::Connection cleo;
  const auto cleo_seen = join(cleo, restarted, code);
  const auto* after = find<Refuse>(cleo_seen);
  ASSERT_NE(after, nullptr) << "the expired lobby must not come back after a restart";
  EXPECT_EQ(after->reason, RefuseReason::UnknownCode);
  restarted.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace rapport
