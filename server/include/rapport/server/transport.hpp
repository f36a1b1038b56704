#pragma once
// What the server logic needs from the network: send to a connection, close
// one. The ENet adapter implements it; tests use an in-memory double.
#include "rapport/protocol/codec.hpp"

#include <cstdint>

namespace rapport::server {

using ConnectionId = std::uint64_t;

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void send(ConnectionId connection, const Message& message, Channel channel) = 0;
  // Closes after queued messages are delivered (so a Refuse arrives before the goodbye).
  virtual void close(ConnectionId connection) = 0;
};

}  // namespace rapport::server
