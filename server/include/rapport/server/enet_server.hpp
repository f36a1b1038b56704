#pragma once
// The ENet adapter: one host, datagrams in, ServerCore calls out. Thin on
// purpose: all decisions are in ServerCore. Also runs the event loop: ENet is
// serviced continuously, timed work runs on a fixed tick from an accumulator.
#include "rapport/server/address_limits.hpp"
#include "rapport/server/datagram_filter.hpp"
#include "rapport/server/options.hpp"
#include "rapport/server/server_core.hpp"
#include "rapport/server/transport.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

struct _ENetHost;
struct _ENetPeer;

namespace rapport::server {

// Datagram limits enforced before ENet parses anything.
// ENet's own protocol caps an MTU at 4096 bytes; anything larger is not ENet.
inline constexpr std::size_t kMaxDatagramBytes = 4096;
// Smallest ENet datagram: a 2-byte header and a 4-byte command header.
inline constexpr std::size_t kMinDatagramBytes = 6;
// Per-peer data ENet may buffer for one reassembled message.
inline constexpr std::size_t kMaxWaitingDataBytes = 64 * 1024;

class EnetServer final : public Transport {
 public:
  // Throws std::runtime_error with a readable reason when the port cannot be opened.
  EnetServer(const ServerOptions& options, Logger& log);
  ~EnetServer() override;
  EnetServer(const EnetServer&) = delete;
  EnetServer& operator=(const EnetServer&) = delete;

  void send(ConnectionId connection, const Message& message, Channel channel) override;
  void close(ConnectionId connection) override;

  // Runs until `stop` becomes true.
  void run(ServerCore& core, const std::atomic<bool>& stop);
  [[nodiscard]] std::uint16_t port() const;
  // Game time continues from `ms` (a restarted server resumes its timers).
  void set_game_time_base(std::int64_t ms);
  [[nodiscard]] std::uint64_t dropped_datagrams() const;
  // Datagrams dropped by the intercept hook, by reason.
  [[nodiscard]] DropCounts drop_counts() const;

 private:
  void report_drops(std::int64_t now_ms);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::server
