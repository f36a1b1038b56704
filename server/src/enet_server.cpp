#include "rapport/server/enet_server.hpp"

#include <enet/enet.h>

#include <array>
#include <chrono>
#include <stdexcept>

namespace rapport::server {
namespace {

// What the intercept hook needs (ENet gives the callback no user pointer;
// a process serves one host).
struct Admission {
  const ENetHost* host = nullptr;
  DatagramLimits limits;
  AddressLimits* addresses = nullptr;
  std::chrono::steady_clock::time_point start;
  std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(DatagramVerdict::kCount)> dropped{};
  std::atomic<std::uint64_t> connect_rate_dropped{0};
  std::atomic<std::uint64_t> half_open_dropped{0};
};
Admission g_admission;

// Runs inside enet_host_service for every datagram before ENet parses it:
// drops what is not a well-formed ENet datagram for this host, and connect
// requests from an address that asks too fast.
int intercept(ENetHost* host, ENetEvent*) {
  if (host != g_admission.host) return 0;
  const std::span<const std::uint8_t> bytes{host->receivedData, host->receivedDataLength};
  const DatagramVerdict verdict = classify_datagram(bytes, g_admission.limits);
  if (verdict != DatagramVerdict::Accept) {
    ++g_admission.dropped[static_cast<std::size_t>(verdict)];
    return 1;
  }
  if (is_connect_request(bytes) && g_admission.addresses) {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                              g_admission.start).count();
    if (!g_admission.addresses->allow_connect_attempt(host->receivedAddress.host, now_ms)) {
      ++g_admission.connect_rate_dropped;
      return 1;
    }
    // Half-open connections (a connect never acknowledged) hold a peer slot
    // until they time out; one address may hold at most its cap of them, so a
    // connect flood cannot fill the peer table.
    std::size_t half_open = 0;
    for (std::size_t i = 0; i < host->peerCount; ++i) {
      const ENetPeer& peer = host->peers[i];
      if (peer.address.host == host->receivedAddress.host && peer.state > ENET_PEER_STATE_DISCONNECTED &&
          peer.state < ENET_PEER_STATE_CONNECTED) {
        ++half_open;
      }
    }
    if (half_open >= g_admission.addresses->config().max_connections) {
      ++g_admission.half_open_dropped;
      return 1;
    }
  }
  return 0;
}

std::string address_text(const ENetAddress& address) {
  char host[64] = {0};
  enet_address_get_host_ip(&address, host, sizeof host);
  return std::string(host);
}

}  // namespace

struct EnetServer::Impl {
  ENetHost* host = nullptr;
  Logger* log = nullptr;
  ServerOptions options;
  std::unique_ptr<AddressLimits> addresses;
  std::int64_t next_drop_report_ms = 0;
  DropCounts reported{};
  std::uint64_t reported_connect_rate = 0;
  std::uint64_t reported_half_open = 0;
  std::unordered_map<ConnectionId, ENetPeer*> peers;
  ConnectionId next_id = 1;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  [[nodiscard]] std::int64_t real_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  }
  // Game time: every timer runs time_scale times faster.
  [[nodiscard]] std::int64_t game_ms() const {
    return game_base_ms + static_cast<std::int64_t>(static_cast<double>(real_ms()) * options.time_scale);
  }
  std::int64_t game_base_ms = 0;
};

EnetServer::EnetServer(const ServerOptions& options, Logger& log) : impl_(std::make_unique<Impl>()) {
  impl_->log = &log;
  impl_->options = options;
  if (enet_initialize() != 0) throw std::runtime_error("could not initialise the network library (ENet)");
  ENetAddress address{};
  if (enet_address_set_host_ip(&address, options.bind.c_str()) != 0) {
    enet_deinitialize();
    throw std::runtime_error("--bind '" + options.bind + "' is not an IPv4 address");
  }
  address.port = options.port;
  // A few spare peers so a full server can still say "full" instead of timing out.
  // Hosts do not count toward --max-players, so there is a peer for each session's host too.
  const std::size_t peer_limit =
      std::min<std::size_t>(options.max_players + options.max_sessions_per_key + 64, ENET_PROTOCOL_MAXIMUM_PEER_ID);
  impl_->host = enet_host_create(&address, peer_limit, kChannelCount, 0, 0);
  if (!impl_->host) {
    enet_deinitialize();
    throw std::runtime_error("could not open UDP port " + std::to_string(options.port) + " on " + options.bind +
                             " (is another server already running there?)");
  }
  impl_->host->maximumPacketSize = kMaxPacketBytes;
  impl_->host->maximumWaitingData = kMaxWaitingDataBytes;
  // A whole classroom may share one address behind NAT; per-address limits
  // are ServerCore's job, where they can be explained to the person.
  impl_->host->duplicatePeers = ENET_PROTOCOL_MAXIMUM_PEER_ID;
  AddressLimitConfig address_config;
  // A backstop on live peers per address: ServerCore caps those that said hello
  // (--max-conns-per-address) and, in a pool of their own, those still silent.
  address_config.max_connections = options.max_conns_per_address + kMaxSilentConnsPerAddress;
  address_config.connect_burst = static_cast<double>(std::max<std::size_t>(options.max_conns_per_address, 16));
  impl_->addresses = std::make_unique<AddressLimits>(address_config);
  g_admission.host = impl_->host;
  g_admission.limits = DatagramLimits{impl_->host->peerCount, kChannelCount, kMaxPacketBytes};
  g_admission.addresses = impl_->addresses.get();
  g_admission.start = impl_->start;
  impl_->host->intercept = intercept;
}

EnetServer::~EnetServer() {
  if (g_admission.host == impl_->host) {
    g_admission.host = nullptr;
    g_admission.addresses = nullptr;
  }
  if (impl_->host) {
    for (auto& [id, peer] : impl_->peers) enet_peer_disconnect_now(peer, 0);
    enet_host_flush(impl_->host);
    enet_host_destroy(impl_->host);
  }
  enet_deinitialize();
}

std::uint16_t EnetServer::port() const { return impl_->host->address.port; }
DropCounts EnetServer::drop_counts() const {
  DropCounts counts{};
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = g_admission.dropped[i].load();
  return counts;
}

std::uint64_t EnetServer::dropped_datagrams() const {
  std::uint64_t total = g_admission.connect_rate_dropped.load() + g_admission.half_open_dropped.load();
  for (const auto n : drop_counts()) total += n;
  return total;
}

void EnetServer::report_drops(std::int64_t now_ms) {
  // One warning line per interval with the reasons, not one per datagram.
  constexpr std::int64_t kReportIntervalMs = 10'000;
  if (now_ms < impl_->next_drop_report_ms) return;
  impl_->next_drop_report_ms = now_ms + kReportIntervalMs;
  impl_->addresses->prune(now_ms);
  const DropCounts now = drop_counts();
  std::string reasons;
  for (std::size_t i = 0; i < now.size(); ++i) {
    const std::uint64_t delta = now[i] - impl_->reported[i];
    if (delta == 0) continue;
    reasons += (reasons.empty() ? "" : ", ") + std::to_string(delta) + " " + describe(static_cast<DatagramVerdict>(i));
  }
  const std::uint64_t rate = g_admission.connect_rate_dropped.load();
  if (rate != impl_->reported_connect_rate) {
    reasons += (reasons.empty() ? "" : ", ") + std::to_string(rate - impl_->reported_connect_rate) +
               " connect requests over the per-address rate";
  }
  const std::uint64_t half_open = g_admission.half_open_dropped.load();
  if (half_open != impl_->reported_half_open) {
    reasons += (reasons.empty() ? "" : ", ") + std::to_string(half_open - impl_->reported_half_open) +
               " connect requests over the per-address half-open cap";
  }
  impl_->reported = now;
  impl_->reported_connect_rate = rate;
  impl_->reported_half_open = half_open;
  if (!reasons.empty()) impl_->log->warn("dropped datagrams before parsing: " + reasons);
}

void EnetServer::send(ConnectionId connection, const Message& message, Channel channel) {
  const auto it = impl_->peers.find(connection);
  if (it == impl_->peers.end()) return;
  const auto bytes = encode(message);
  if (bytes.empty()) {
    impl_->log->error(std::string("could not encode ") + name_of(type_of(message)) + " (a field is over its cap)");
    return;
  }
  const enet_uint32 flags = channel == Channel::Reliable ? ENET_PACKET_FLAG_RELIABLE : 0;
  ENetPacket* packet = enet_packet_create(bytes.data(), bytes.size(), flags);
  if (enet_peer_send(it->second, static_cast<enet_uint8>(channel), packet) != 0) enet_packet_destroy(packet);
}

void EnetServer::close(ConnectionId connection) {
  const auto it = impl_->peers.find(connection);
  if (it == impl_->peers.end()) return;
  enet_peer_disconnect_later(it->second, 0);
}

void EnetServer::set_game_time_base(std::int64_t ms) { impl_->game_base_ms = ms; }

void EnetServer::run(ServerCore& core, const std::atomic<bool>& stop) {
  const std::int64_t tick_ms = 1000 / impl_->options.tick_hz;
  std::int64_t next_tick = impl_->real_ms() + tick_ms;
  ENetEvent event;
  while (!stop.load()) {
    const std::int64_t now = impl_->real_ms();
    const auto wait = static_cast<enet_uint32>(std::max<std::int64_t>(0, std::min<std::int64_t>(next_tick - now, tick_ms)));
    int status = enet_host_service(impl_->host, &event, wait);
    // Drain everything already received; a negative status (for example an
    // oversized datagram) is not a reason to stop serving.
    for (int guard = 0; status != 0 && guard < 10000; ++guard) {
      if (status > 0) {
        switch (event.type) {
          case ENET_EVENT_TYPE_CONNECT: {
            if (!impl_->addresses->admit(event.peer->address.host)) {
              // Over the per-address cap: say why, then close; ServerCore never sees it.
              const std::string where = address_text(event.peer->address);
              impl_->log->warn("refused a connection from " + where + ": already " +
                               std::to_string(impl_->addresses->config().max_connections) +
                               " live connections from this address (--max-conns-per-address plus the silent pool)");
              event.peer->data = nullptr;
              const auto bytes = encode(Refuse{RefuseReason::ServerFull,
                                               "Too many connections from your network at once. Please ask the host."});
              ENetPacket* packet = enet_packet_create(bytes.data(), bytes.size(), ENET_PACKET_FLAG_RELIABLE);
              if (enet_peer_send(event.peer, 0, packet) != 0) enet_packet_destroy(packet);
              enet_peer_disconnect_later(event.peer, 0);
              break;
            }
            const ConnectionId id = impl_->next_id++;
            impl_->peers[id] = event.peer;
            event.peer->data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
            enet_peer_timeout(event.peer, 0, 5000, 15000);
            core.on_connect(id, address_text(event.peer->address), impl_->game_ms());
            break;
          }
          case ENET_EVENT_TYPE_RECEIVE: {
            const auto id = static_cast<ConnectionId>(reinterpret_cast<std::uintptr_t>(event.peer->data));
            if (id != 0) core.on_packet(id, {event.packet->data, event.packet->dataLength}, impl_->game_ms());
            enet_packet_destroy(event.packet);
            break;
          }
          case ENET_EVENT_TYPE_DISCONNECT: {
            const auto id = static_cast<ConnectionId>(reinterpret_cast<std::uintptr_t>(event.peer->data));
            if (id == 0) break;  // refused at admission
            impl_->addresses->release(event.peer->address.host);
            event.peer->data = nullptr;
            impl_->peers.erase(id);
            core.on_disconnect(id, impl_->game_ms());
            break;
          }
          case ENET_EVENT_TYPE_NONE:
            break;
        }
      } else {
        impl_->log->debug("dropped an unreadable datagram");
      }
      status = enet_host_check_events(impl_->host, &event);
      if (status == 0) status = enet_host_service(impl_->host, &event, 0);
    }
    // Fixed tick from an accumulator; if the machine stalled, skip ahead
    // rather than running a burst of catch-up ticks.
    const std::int64_t after = impl_->real_ms();
    if (after >= next_tick) {
      core.tick(impl_->game_ms());
      report_drops(after);
      next_tick += tick_ms;
      if (after - next_tick > 5 * tick_ms) next_tick = after + tick_ms;
    }
    enet_host_flush(impl_->host);
  }
}

}  // namespace rapport::server
