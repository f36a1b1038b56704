// rapport-proxy: a UDP proxy between clients and a server that impairs the
// link in both directions (seeded loss, delay, jitter, duplication and
// reordering), for testing the game on a bad network. Each client address gets
// its own upstream socket, so the server sees one peer per client. Prints
// its statistics as one JSON line on exit (SIGINT/SIGTERM or --duration).
#include "rapport/protocol/impairment.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

constexpr const char* kUsage = R"(rapport-proxy — an impaired UDP link for testing Rapport

Usage: rapport-proxy --listen PORT --server HOST:PORT [options]

  --listen PORT       UDP port clients connect to (on --bind; 0 picks a free one)
  --bind ADDR         address to listen on (default 127.0.0.1)
  --server HOST:PORT  the real server
  --loss P            chance 0..1 that a datagram is lost, each direction (default 0)
  --delay MS          one-way delay in milliseconds (default 0)
  --jitter MS         the delay varies uniformly by +- MS (default 0)
  --duplicate P       chance 0..1 that a datagram arrives twice (default 0)
  --reorder P         chance 0..1 that a datagram is held back by --reorder-ms (default 0)
  --reorder-ms MS     how long a reordered datagram is held back (default 2 x --delay, at least 20)
  --seed N            seed for every random choice (default 1)
  --duration S        exit after S seconds (default: run until interrupted)
  --help              show this help

Prints "listening on PORT" when ready and one JSON line of statistics on exit.
)";

struct Datagram {
  int fd = -1;       // socket to send from
  sockaddr_in to{};  // where to
  std::vector<std::uint8_t> bytes;
};

int usage_error(const std::string& text) {
  std::fprintf(stderr, "rapport-proxy: %s (see --help)\n", text.c_str());
  return 2;
}

bool parse_probability(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0' && out >= 0.0 && out <= 1.0;
}

template <class T>
bool parse_int(const std::string& text, T& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::uint64_t key_of(const sockaddr_in& a) {
  return (static_cast<std::uint64_t>(a.sin_addr.s_addr) << 16u) | a.sin_port;
}

void stats_json(const char* name, const rapport::sim::LinkStats& s, std::string& out) {
  out += "\"" + std::string(name) + "\":{\"sent\":" + std::to_string(s.sent) + ",\"lost\":" + std::to_string(s.lost) +
         ",\"duplicated\":" + std::to_string(s.duplicated) + ",\"delivered\":" + std::to_string(s.delivered) + "}";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  rapport::sim::Impairment impairment;
  std::string bind_address = "127.0.0.1";
  std::string server;
  int listen_port = -1;
  std::uint64_t seed = 1;
  std::int64_t duration_s = 0;
  bool reorder_ms_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= args.size()) return usage_error(a.rfind("--", 0) == 0 ? a + " needs a value" : "unexpected '" + a + "'");
    const std::string& v = args[++i];
    if (a == "--listen") {
      if (!parse_int(v, listen_port) || listen_port < 0 || listen_port > 65535) return usage_error("--listen must be a port 0..65535");
    } else if (a == "--bind") {
      bind_address = v;
    } else if (a == "--server") {
      server = v;
    } else if (a == "--loss") {
      if (!parse_probability(v, impairment.loss)) return usage_error("--loss must be 0..1");
    } else if (a == "--duplicate") {
      if (!parse_probability(v, impairment.duplicate)) return usage_error("--duplicate must be 0..1");
    } else if (a == "--reorder") {
      if (!parse_probability(v, impairment.reorder)) return usage_error("--reorder must be 0..1");
    } else if (a == "--delay" || a == "--jitter" || a == "--reorder-ms") {
      std::int64_t ms = 0;
      if (!parse_int(v, ms) || ms < 0 || ms > 60'000) return usage_error(a + " must be 0..60000 milliseconds");
      if (a == "--delay") impairment.delay_ms = ms;
      if (a == "--jitter") impairment.jitter_ms = ms;
      if (a == "--reorder-ms") {
        impairment.reorder_extra_ms = ms;
        reorder_ms_given = true;
      }
    } else if (a == "--seed") {
      if (!parse_int(v, seed)) return usage_error("--seed must be a whole number");
    } else if (a == "--duration") {
      if (!parse_int(v, duration_s) || duration_s < 1) return usage_error("--duration must be at least 1 second");
    } else {
      return usage_error("unknown option '" + a + "'");
    }
  }
  if (listen_port < 0) return usage_error("--listen PORT is required");
  const auto colon = server.rfind(':');
  if (server.empty() || colon == std::string::npos) return usage_error("--server HOST:PORT is required");
  if (!reorder_ms_given) impairment.reorder_extra_ms = std::max<std::int64_t>(20, 2 * impairment.delay_ms);

  sockaddr_in server_addr{};
  {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    const std::string host = server.substr(0, colon);
    if (getaddrinfo(host.c_str(), server.substr(colon + 1).c_str(), &hints, &found) != 0 || !found) {
      return usage_error("cannot resolve --server '" + server + "'");
    }
    std::memcpy(&server_addr, found->ai_addr, sizeof server_addr);
    freeaddrinfo(found);
  }
  const int listen_fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in listen_addr{};
  listen_addr.sin_family = AF_INET;
  listen_addr.sin_port = htons(static_cast<std::uint16_t>(listen_port));
  if (inet_pton(AF_INET, bind_address.c_str(), &listen_addr.sin_addr) != 1) return usage_error("--bind must be an IPv4 address");
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&listen_addr), sizeof listen_addr) != 0) {
    std::fprintf(stderr, "rapport-proxy: cannot listen on %s:%d: %s\n", bind_address.c_str(), listen_port, std::strerror(errno));
    return 1;
  }
  socklen_t len = sizeof listen_addr;
  getsockname(listen_fd, reinterpret_cast<sockaddr*>(&listen_addr), &len);
  std::printf("listening on %u\n", static_cast<unsigned>(ntohs(listen_addr.sin_port)));
  std::fflush(stdout);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  rapport::sim::ImpairedLink<Datagram> upstream(impairment, seed);
  rapport::sim::ImpairedLink<Datagram> downstream(impairment, seed ^ 0x9E3779B97F4A7C15ull);
  std::map<std::uint64_t, int> upstream_fd_of;    // client address -> its socket towards the server
  std::map<int, sockaddr_in> client_of;           // that socket -> the client
  std::uint64_t send_errors = 0;
  const std::int64_t started = now_ms();
  std::vector<std::uint8_t> buf(65536);

  while (!g_stop.load() && (duration_s == 0 || now_ms() - started < duration_s * 1000)) {
    std::vector<pollfd> fds;
    fds.push_back({listen_fd, POLLIN, 0});
    for (const auto& [fd, client] : client_of) fds.push_back({fd, POLLIN, 0});
    const int wait = upstream.in_flight() + downstream.in_flight() > 0 ? 1 : 20;
    poll(fds.data(), fds.size(), wait);
    const std::int64_t t = now_ms();
    for (const pollfd& p : fds) {
      if ((p.revents & POLLIN) == 0) continue;
      sockaddr_in from{};
      socklen_t from_len = sizeof from;
      const ssize_t n = recvfrom(p.fd, buf.data(), buf.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n < 0) continue;
      Datagram d;
      d.bytes.assign(buf.begin(), buf.begin() + n);
      if (p.fd == listen_fd) {
        auto it = upstream_fd_of.find(key_of(from));
        if (it == upstream_fd_of.end()) {
          const int fd = socket(AF_INET, SOCK_DGRAM, 0);
          sockaddr_in any{};
          any.sin_family = AF_INET;
          bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any);
          it = upstream_fd_of.emplace(key_of(from), fd).first;
          client_of[fd] = from;
        }
        d.fd = it->second;
        d.to = server_addr;
        upstream.send(std::move(d), t);
      } else {
        d.fd = listen_fd;
        d.to = client_of[p.fd];
        downstream.send(std::move(d), t);
      }
    }
    for (auto* link : {&upstream, &downstream}) {
      for (const Datagram& d : link->receive(t)) {
        if (sendto(d.fd, d.bytes.data(), d.bytes.size(), 0, reinterpret_cast<const sockaddr*>(&d.to), sizeof d.to) < 0) {
          ++send_errors;
        }
      }
    }
  }
  std::string json = "{";
  stats_json("to_server", upstream.stats(), json);
  json += ",";
  stats_json("to_clients", downstream.stats(), json);
  json += ",\"clients\":" + std::to_string(client_of.size()) + ",\"send_errors\":" + std::to_string(send_errors) +
          ",\"loss\":" + std::to_string(impairment.loss) + ",\"delay_ms\":" + std::to_string(impairment.delay_ms) +
          ",\"jitter_ms\":" + std::to_string(impairment.jitter_ms) + ",\"duplicate\":" +
          std::to_string(impairment.duplicate) + ",\"reorder\":" + std::to_string(impairment.reorder) +
          ",\"seed\":" + std::to_string(seed) + "}";
  std::printf("%s\n", json.c_str());
  for (const auto& [fd, client] : client_of) close(fd);
  close(listen_fd);
  return 0;
}
