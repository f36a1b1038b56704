#include "connection.hpp"

#include <enet/enet.h>

#include <charconv>
#include <mutex>

namespace rapport::net {
namespace {

// ENet needs one global initialisation per process; Connection objects may be
// many (the bots run dozens), so it is reference-counted here.
std::mutex g_enet_mutex;
int g_enet_users = 0;

void acquire_enet() {
  std::lock_guard lock(g_enet_mutex);
  if (g_enet_users++ == 0) enet_initialize();
}
void release_enet() {
  std::lock_guard lock(g_enet_mutex);
  if (--g_enet_users == 0) enet_deinitialize();
}

// How long the transport waits for the server before giving up on a connect.
constexpr std::uint32_t kConnectTimeoutMs = 5000;

}  // namespace

std::optional<Endpoint> parse_endpoint(const std::string& text) {
  Endpoint endpoint;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    endpoint.host = text;
  } else {
    endpoint.host = text.substr(0, colon);
    const std::string port = text.substr(colon + 1);
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return std::nullopt;
    }
    endpoint.port = static_cast<std::uint16_t>(value);
  }
  if (endpoint.host.empty()) return std::nullopt;
  return endpoint;
}

struct Connection::Impl {
  ENetHost* host = nullptr;
  ENetPeer* peer = nullptr;
  bool connected = false;
  bool connecting = false;
};

Connection::Connection() : impl_(std::make_unique<Impl>()) { acquire_enet(); }

Connection::~Connection() {
  if (impl_->peer && impl_->connected) {
    enet_peer_disconnect_now(impl_->peer, 0);
  }
  if (impl_->host) enet_host_destroy(impl_->host);
  release_enet();
}

bool Connection::connect(const Endpoint& endpoint, std::string* error) {
  if (impl_->host) {
    enet_host_destroy(impl_->host);
    impl_->host = nullptr;
    impl_->peer = nullptr;
  }
  impl_->connected = false;
  impl_->connecting = false;
  impl_->host = enet_host_create(nullptr, 1, kChannelCount, 0, 0);
  if (!impl_->host) {
    if (error) *error = "Could not open a network socket on this computer.";
    return false;
  }
  impl_->host->maximumPacketSize = kMaxPacketBytes;
  ENetAddress address{};
  if (enet_address_set_host(&address, endpoint.host.c_str()) != 0) {
    if (error) *error = "Could not find the server '" + endpoint.host + "'. Check the address.";
    return false;
  }
  address.port = endpoint.port;
  impl_->peer = enet_host_connect(impl_->host, &address, kChannelCount, kProtocolVersion);
  if (!impl_->peer) {
    if (error) *error = "Could not start a connection.";
    return false;
  }
  enet_peer_timeout(impl_->peer, 0, kConnectTimeoutMs, kConnectTimeoutMs * 2);
  impl_->connecting = true;
  return true;
}

void Connection::poll(std::vector<NetEvent>& out, std::uint32_t wait_ms) {
  if (!impl_->host) return;
  ENetEvent event;
  int status = enet_host_service(impl_->host, &event, wait_ms);
  while (status != 0) {
    if (status > 0) {
      switch (event.type) {
        case ENET_EVENT_TYPE_CONNECT:
          impl_->connected = true;
          impl_->connecting = false;
          out.push_back({NetEvent::Kind::Connected, std::nullopt, {}});
          break;
        case ENET_EVENT_TYPE_DISCONNECT:
          if (impl_->connecting) {
            out.push_back({NetEvent::Kind::ConnectFailed, std::nullopt,
                           "The server did not answer. Check the address and that the server is running."});
          } else {
            out.push_back({NetEvent::Kind::Disconnected, std::nullopt, "The connection to the server was lost."});
          }
          impl_->connected = false;
          impl_->connecting = false;
          impl_->peer = nullptr;
          break;
        case ENET_EVENT_TYPE_RECEIVE: {
          const std::span<const std::uint8_t> bytes(event.packet->data, event.packet->dataLength);
          auto decoded = decode(bytes);
          if (decoded.ok()) {
            out.push_back({NetEvent::Kind::Message, std::move(decoded.message), {}});
          } else if (auto refuse = decode_refuse_any_version(bytes)) {
            // A server of another version can still tell us why it refused.
            out.push_back({NetEvent::Kind::Message, Message{std::move(*refuse)}, {}});
          } else {
            ++garbage_received_;
            out.push_back({NetEvent::Kind::Garbage, std::nullopt, describe(decoded.error)});
          }
          enet_packet_destroy(event.packet);
          break;
        }
        case ENET_EVENT_TYPE_NONE:
          break;
      }
    }
    // A negative status (e.g. an oversized datagram) is not a reason to stop.
    status = enet_host_check_events(impl_->host, &event);
  }
}

bool Connection::send(const Message& message, Channel channel) {
  const auto bytes = encode(message);
  if (bytes.empty()) return false;
  return send_raw(bytes, channel);
}

bool Connection::send_raw(const std::vector<std::uint8_t>& bytes, Channel channel) {
  if (!impl_->peer || !impl_->connected) return false;
  const enet_uint32 flags = channel == Channel::Reliable ? ENET_PACKET_FLAG_RELIABLE : 0;
  ENetPacket* packet = enet_packet_create(bytes.data(), bytes.size(), flags);
  if (!packet) return false;
  if (enet_peer_send(impl_->peer, static_cast<enet_uint8>(channel), packet) != 0) {
    enet_packet_destroy(packet);
    return false;
  }
  enet_host_flush(impl_->host);
  return true;
}

void Connection::disconnect() {
  if (!impl_->host || !impl_->peer) return;
  enet_peer_disconnect_later(impl_->peer, 0);
  // Give the goodbye a moment to leave; the server treats a silent drop the same way.
  ENetEvent event;
  for (int i = 0; i < 10 && enet_host_service(impl_->host, &event, 20) >= 0; ++i) {
    if (event.type == ENET_EVENT_TYPE_RECEIVE) enet_packet_destroy(event.packet);
    if (event.type == ENET_EVENT_TYPE_DISCONNECT) break;
  }
  impl_->connected = false;
  impl_->peer = nullptr;
}

bool Connection::connected() const { return impl_->connected; }

std::uint32_t Connection::rtt_ms() const { return impl_->peer ? impl_->peer->roundTripTime : 0; }
std::uint32_t Connection::rtt_variance_ms() const { return impl_->peer ? impl_->peer->roundTripTimeVariance : 0; }

}  // namespace rapport::net
