// Floods against a real server: connect floods (ENet-shaped connect requests
// from many ports), oversized and random datagrams, and a peer spamming chat.
// Other players' round trips (bots pinging) must stay within a stated bound of
// a no-flood baseline measured in the same test, and the server's memory must
// level off instead of growing with the flood.
#include "net/connection.hpp"
#include "net/host_key.hpp"
#include "rss.hpp"
#include "server_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

namespace rapport {
namespace {

using nlohmann::json;

void put16(std::vector<std::uint8_t>& out, unsigned v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8u));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, v >> 16u);
  put16(out, v & 0xFFFFu);
}

// An ENet connect request ENet would accept (2 channels, sane MTU and window).
std::vector<std::uint8_t> connect_request(std::uint32_t connect_id) {
  std::vector<std::uint8_t> d;
  put16(d, 0x0FFFu | 0x8000u);  // no peer yet, sent time present
  put16(d, 1);
  d.push_back(0x82);  // CONNECT, acknowledge
  d.push_back(0xFF);
  put16(d, 1);
  put16(d, 0);
  d.push_back(0);
  d.push_back(0);
  for (const std::uint32_t v : {1400u, 32768u, 2u, 0u, 0u, 5000u, 2u, 2u, connect_id, 0u}) put32(d, v);
  return d;
}

// The flood comes from another address (127.0.0.2) than the players
// (127.0.0.1): per-address limits cannot tell an attacker from a classroom
// behind the same NAT address (see docs/SECURITY.md).
int flood_socket() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  from.sin_addr.s_addr = htonl(0x7F000002);
  bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from);
  return fd;
}

struct Flood {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> connects{0}, garbage{0}, oversized{0}, chats{0}, chat_replies{0};
  std::vector<std::thread> threads;

  void start(int port) {
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(port));
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Connect flood: 256 source ports, about 2000 requests a second.
    threads.emplace_back([this, server] {
      std::vector<int> fds;
      for (int i = 0; i < 256; ++i) fds.push_back(flood_socket());
      std::uint32_t id = 1;
      while (!stop.load()) {
        for (int burst = 0; burst < 10; ++burst) {
          const auto d = connect_request(id);
          sendto(fds[id % fds.size()], d.data(), d.size(), 0, reinterpret_cast<const sockaddr*>(&server), sizeof server);
          ++id;
          ++connects;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      for (int fd : fds) close(fd);
    });
    // Random datagrams (1..1400 bytes) and oversized ones (4097..9000 bytes).
    threads.emplace_back([this, server] {
      const int fd = flood_socket();
      std::mt19937 rng(42);
      std::vector<std::uint8_t> buf(9000);
      while (!stop.load()) {
        for (int burst = 0; burst < 10; ++burst) {
          const bool big = rng() % 4 == 0;
          const std::size_t n = big ? 4097 + rng() % (9000 - 4097) : 1 + rng() % 1400;
          for (std::size_t i = 0; i < n; ++i) buf[i] = static_cast<std::uint8_t>(rng());
          sendto(fd, buf.data(), n, 0, reinterpret_cast<const sockaddr*>(&server), sizeof server);
          ++(big ? oversized : garbage);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      close(fd);
    });
    // A real client (from 127.0.0.1, like the players) that creates a session and spams chat (1000 lines a second).
    threads.emplace_back([this, port] {
      net::Connection connection;
      if (!connection.connect({"127.0.0.1", static_cast<std::uint16_t>(port)})) return;
      bool ready = false;
      std::vector<net::NetEvent> events;
      while (!stop.load()) {
        events.clear();
        connection.poll(events, 0);
        for (const auto& e : events) {
          if (e.kind == net::NetEvent::Kind::Connected) {
            (void)connection.send(Hello{kProtocolVersion, "Spammer", ClientKind::Facilitator, ""});
          } else if (e.kind == net::NetEvent::Kind::Message) {
            if (const auto* welcome = std::get_if<Welcome>(&*e.message)) {
              CreateSession create{"quick-icebreaker", Audience::TeamBuilding, PairingMode::Any, false, false};
              net::add_key_proof(create, net::find_host_key("", static_cast<std::uint16_t>(port)).key,
                                 welcome->key_challenge);
              (void)connection.send(create);
            }
            if (std::holds_alternative<SessionCreated>(*e.message)) ready = true;
            if (std::holds_alternative<Error>(*e.message)) ++chat_replies;
          }
        }
        if (ready && connection.send(ChatPost{"spam spam spam spam spam spam spam spam"})) ++chats;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      connection.disconnect();
    });
  }
  void finish() {
    stop.store(true);
    for (auto& t : threads) t.join();
    threads.clear();
  }
  ~Flood() { finish(); }
};

json ping_run(const test::ServerProcess& server) {
  const auto result = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                        " --host --players 8 --pings 30 --json --timeout 60");
  try {
    return json::parse(result.last_line());
  } catch (const std::exception&) {
    ADD_FAILURE() << "bots did not end with JSON: " << result.output;
    return json::object();
  }
}

TEST(Flood, FloodsDoNotDelayOtherPlayersOrGrowServerMemory) {
  test::ServerProcess server({"--max-players", "200"});
  const json baseline = ping_run(server);
  ASSERT_EQ(baseline.value("connected", 0), 8) << baseline.dump();
  const std::int64_t rss_before = test::rss_kib_of(server.pid());

  Flood flood;
  flood.start(server.port());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::int64_t rss_early = test::rss_kib_of(server.pid());
  const json flooded = ping_run(server);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const std::int64_t rss_late = test::rss_kib_of(server.pid());
  flood.finish();

  ASSERT_TRUE(server.running()) << "the server died under the flood";
  EXPECT_EQ(flooded.value("connected", 0), 8) << flooded.dump();
  EXPECT_EQ(flooded.value("errors", -1), 0) << flooded.dump();
  EXPECT_GE(flooded.value("rtt_samples", 0), 200) << flooded.dump();
  EXPECT_GT(flood.connects.load(), 5000u);
  EXPECT_GT(flood.garbage.load() + flood.oversized.load(), 5000u);
  EXPECT_GT(flood.chats.load(), 1000u);
  EXPECT_GT(flood.chat_replies.load(), 0u) << "the spammer is told to slow down";

  const double base_p99 = baseline.value("rtt_p99_ms", 0.0);
  const double flood_p99 = flooded.value("rtt_p99_ms", 0.0);
  const double ratio = flood_p99 / std::max(base_p99, 0.05);
  // The stated bound: the p99 round trip under flood stays within 10x the
  // baseline or 50 ms above it, whichever is larger (loopback baselines are
  // well under a millisecond, and 2-core CI machines are shared).
  const double bound = std::max(10.0 * base_p99, base_p99 + 50.0);
  EXPECT_LE(flood_p99, bound) << "baseline p99 " << base_p99 << " ms, under flood " << flood_p99 << " ms";
  // Memory levels off: what the flood adds is bounded, and it stops growing.
  // (Under AddressSanitizer freed memory sits in a quarantine of up to 256 MiB,
  // so RSS grows by design there; the figures are still printed.)
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(rss_late - rss_before, 32 * 1024) << "KiB";
  EXPECT_LT(rss_late - rss_early, 8 * 1024) << "KiB grown while the flood went on";
#endif
  RecordProperty("baseline_p99_ms", std::to_string(base_p99));
  RecordProperty("flood_p99_ms", std::to_string(flood_p99));
  RecordProperty("p99_ratio", std::to_string(ratio));
  std::printf("flood: %llu connect requests, %llu random + %llu oversized datagrams, %llu chat lines (%llu refusals); "
              "p50 %.3f -> %.3f ms, p99 %.3f -> %.3f ms (ratio %.2f, bound %.1f ms); server RSS %lld -> %lld -> %lld KiB\n",
              static_cast<unsigned long long>(flood.connects.load()), static_cast<unsigned long long>(flood.garbage.load()),
              static_cast<unsigned long long>(flood.oversized.load()), static_cast<unsigned long long>(flood.chats.load()),
              static_cast<unsigned long long>(flood.chat_replies.load()), baseline.value("rtt_p50_ms", 0.0),
              flooded.value("rtt_p50_ms", 0.0), base_p99, flood_p99, ratio, bound, static_cast<long long>(rss_before),
              static_cast<long long>(rss_early), static_cast<long long>(rss_late));
}

}  // namespace
}  // namespace rapport
