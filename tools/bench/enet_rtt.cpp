// Bare-ENet round trip on loopback: the baseline the bots' RTT is compared
// with. An echo host and N client hosts in one process, polled the way
// rapport-bots polls (non-blocking, 200 us sleeps), one reliable packet in
// flight per client.
//   rapport-bench-enet_rtt [clients] [pings-per-client]
#include <enet/enet.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int clients = argc > 1 ? std::atoi(argv[1]) : 20;
  const int pings = argc > 2 ? std::atoi(argv[2]) : 5;
  if (enet_initialize() != 0) return 1;
  ENetAddress address{};
  enet_address_set_host_ip(&address, "127.0.0.1");
  address.port = 0;
  ENetHost* server = nullptr;
  for (enet_uint16 port = 29000; port < 29100 && !server; ++port) {
    address.port = port;
    server = enet_host_create(&address, static_cast<std::size_t>(clients) + 4, 2, 0, 0);
  }
  if (!server) return 1;
  struct Client {
    ENetHost* host = nullptr;
    ENetPeer* peer = nullptr;
    bool connected = false;
    int done = 0;
    bool waiting = false;
    Clock::time_point sent;
  };
  std::vector<Client> cs(static_cast<std::size_t>(clients));
  for (auto& c : cs) {
    c.host = enet_host_create(nullptr, 1, 2, 0, 0);
    c.peer = enet_host_connect(c.host, &address, 2, 0);
  }
  std::vector<double> rtts;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    ENetEvent e;
    while (enet_host_service(server, &e, 0) > 0) {
      if (e.type == ENET_EVENT_TYPE_RECEIVE) {
        ENetPacket* echo = enet_packet_create(e.packet->data, e.packet->dataLength, ENET_PACKET_FLAG_RELIABLE);
        enet_peer_send(e.peer, 0, echo);
        enet_packet_destroy(e.packet);
      }
    }
    enet_host_flush(server);
    bool all_done = true;
    for (auto& c : cs) {
      while (enet_host_service(c.host, &e, 0) > 0) {
        if (e.type == ENET_EVENT_TYPE_CONNECT) c.connected = true;
        if (e.type == ENET_EVENT_TYPE_RECEIVE) {
          rtts.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c.sent).count());
          c.waiting = false;
          ++c.done;
          enet_packet_destroy(e.packet);
        }
      }
      if (c.connected && !c.waiting && c.done < pings) {
        const unsigned char payload[16] = {1};
        enet_peer_send(c.peer, 0, enet_packet_create(payload, sizeof payload, ENET_PACKET_FLAG_RELIABLE));
        enet_host_flush(c.host);
        c.sent = Clock::now();
        c.waiting = true;
      }
      all_done = all_done && c.done >= pings;
    }
    if (all_done) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  std::printf("bare ENet loopback: %zu round trips from %d clients\n", rtts.size(), clients);
  std::printf("{\"samples\":%zu,\"rtt_p50_ms\":%.3f,\"rtt_p99_ms\":%.3f}\n", rtts.size(), percentile(rtts, 0.5),
              percentile(rtts, 0.99));
  for (auto& c : cs) enet_host_destroy(c.host);
  enet_host_destroy(server);
  enet_deinitialize();
  return 0;
}
