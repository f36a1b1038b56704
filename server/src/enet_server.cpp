#include "rapport/server/enet_server.hpp"

#include <enet/enet.h>

#include <chrono>
#include <stdexcept>

namespace rapport::server {
namespace {

std::atomic<std::uint64_t> g_dropped{0};

// Runs inside enet_host_service for every datagram before ENet parses it:
// drops what is too small, too large or not shaped like an ENet command.
int intercept(ENetHost* host, ENetEvent*) {
  const std::size_t length = host->receivedDataLength;
  if (length < kMinDatagramBytes || length > kMaxDatagramBytes) {
    ++g_dropped;
    return 1;
  }
  const std::uint8_t* data = host->receivedData;
  const std::uint16_t peer_flags = static_cast<std::uint16_t>((data[0] << 8u) | data[1]);
  const bool has_sent_time = (peer_flags & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME) != 0;
  const std::size_t header = has_sent_time ? 4 : 2;
  if ((peer_flags & ENET_PROTOCOL_HEADER_FLAG_COMPRESSED) != 0) {  // we never compress
    ++g_dropped;
    return 1;
  }
  if (length < header + 4) {
    ++g_dropped;
    return 1;
  }
  const unsigned command = data[header] & ENET_PROTOCOL_COMMAND_MASK;
  if (command == ENET_PROTOCOL_COMMAND_NONE || command >= ENET_PROTOCOL_COMMAND_COUNT) {
    ++g_dropped;
    return 1;
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
  const std::size_t peer_limit = std::min<std::size_t>(options.max_players + 64, ENET_PROTOCOL_MAXIMUM_PEER_ID);
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
  impl_->host->intercept = intercept;
}

EnetServer::~EnetServer() {
  if (impl_->host) {
    for (auto& [id, peer] : impl_->peers) enet_peer_disconnect_now(peer, 0);
    enet_host_flush(impl_->host);
    enet_host_destroy(impl_->host);
  }
  enet_deinitialize();
}

std::uint16_t EnetServer::port() const { return impl_->host->address.port; }
std::uint64_t EnetServer::dropped_datagrams() const { return g_dropped.load(); }

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
            const ConnectionId id = impl_->next_id++;
            impl_->peers[id] = event.peer;
            event.peer->data = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
            enet_peer_timeout(event.peer, 0, 5000, 15000);
            core.on_connect(id, address_text(event.peer->address), impl_->game_ms());
            break;
          }
          case ENET_EVENT_TYPE_RECEIVE: {
            const auto id = static_cast<ConnectionId>(reinterpret_cast<std::uintptr_t>(event.peer->data));
            core.on_packet(id, {event.packet->data, event.packet->dataLength}, impl_->game_ms());
            enet_packet_destroy(event.packet);
            break;
          }
          case ENET_EVENT_TYPE_DISCONNECT: {
            const auto id = static_cast<ConnectionId>(reinterpret_cast<std::uintptr_t>(event.peer->data));
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
      next_tick += tick_ms;
      if (after - next_tick > 5 * tick_ms) next_tick = after + tick_ms;
    }
    enet_host_flush(impl_->host);
  }
}

}  // namespace rapport::server
