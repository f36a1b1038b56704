#pragma once
// The client side of the ENet adapter, shared by the SFML client and the bots.
// It owns one ENet host with one peer, is polled (never blocks unless asked),
// and turns datagrams into decoded Messages. Nothing here knows about scenes.
#include "rapport/protocol/codec.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rapport::net {

struct NetEvent {
  enum class Kind : std::uint8_t {
    Connected,      // the transport is up; send Hello now
    ConnectFailed,  // the server did not answer (address/port wrong, server down)
    Disconnected,   // the server closed the connection or it timed out
    Message,        // a decoded message from the server
    Garbage,        // a packet we could not decode (counted; ignored)
  };
  Kind kind = Kind::Message;
  std::optional<Message> message;
  std::string detail;  // human-readable reason for ConnectFailed/Disconnected/Garbage
};

// "host:port" or "host" (port defaults to 7777). Returns nullopt for a bad port.
struct Endpoint {
  std::string host;
  std::uint16_t port = 7777;
};
[[nodiscard]] std::optional<Endpoint> parse_endpoint(const std::string& text);

class Connection {
 public:
  Connection();
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts connecting; the outcome arrives as a Connected or ConnectFailed event.
  // Returns false (with `error`) when the address cannot be resolved.
  [[nodiscard]] bool connect(const Endpoint& endpoint, std::string* error = nullptr);
  // Services the socket for up to `wait_ms` (0: just drain) and appends events.
  void poll(std::vector<NetEvent>& out, std::uint32_t wait_ms = 0);
  // Queues a message; false when not connected or the message cannot be encoded.
  [[nodiscard]] bool send(const Message& message, Channel channel = Channel::Reliable);
  // Sends raw bytes (tests and fuzzing only).
  [[nodiscard]] bool send_raw(const std::vector<std::uint8_t>& bytes, Channel channel = Channel::Reliable);
  // Graceful disconnect: flushes queued messages first.
  void disconnect();

  [[nodiscard]] bool connected() const;
  // ENet's smoothed round-trip estimate in milliseconds.
  [[nodiscard]] std::uint32_t rtt_ms() const;
  // ENet's smoothed variance of the round trip (0 when not connected).
  [[nodiscard]] std::uint32_t rtt_variance_ms() const;
  [[nodiscard]] std::uint64_t garbage_received() const { return garbage_received_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t garbage_received_ = 0;
};

}  // namespace rapport::net
