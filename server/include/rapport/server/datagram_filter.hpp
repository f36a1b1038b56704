#pragma once
// Admission of raw UDP datagrams before ENet parses them: a pure function of
// the bytes, so it is unit tested on crafted datagrams and fuzzed with no
// socket. Anything that is not a well-formed sequence of ENet commands is
// dropped with a reason the server counts and logs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace rapport::server {

enum class DatagramVerdict : std::uint8_t {
  Accept,
  TooShort,         // smaller than an ENet header plus one command header
  TooLarge,         // above ENet's largest MTU
  Compressed,       // Rapport never compresses; a compressed datagram is not ours
  BadPeer,          // peer id beyond the host's peer table
  UnknownCommand,   // command number 0 or past the last ENet command
  Truncated,        // a command or its payload runs past the end of the datagram
  BadChannel,       // data on a channel Rapport does not open
  PayloadTooLarge,  // a message (or fragmented total) above kMaxPacketBytes
  ConnectMisplaced, // a connect that is not addressed to "no peer yet", or data before connecting
  kCount
};

struct DatagramLimits {
  std::size_t peer_count = 0;      // the host's peer table size
  std::size_t channel_count = 2;   // channels Rapport opens
  std::size_t max_payload = 8192;  // kMaxPacketBytes
};

// Classifies one datagram. Never reads past `bytes`, never allocates.
[[nodiscard]] DatagramVerdict classify_datagram(std::span<const std::uint8_t> bytes, const DatagramLimits& limits);
// True when the datagram asks for a new connection (the only thing a new address may send).
[[nodiscard]] bool is_connect_request(std::span<const std::uint8_t> bytes);
[[nodiscard]] const char* describe(DatagramVerdict verdict);

// Counts of dropped datagrams by reason (Accept is not counted).
using DropCounts = std::array<std::uint64_t, static_cast<std::size_t>(DatagramVerdict::kCount)>;

}  // namespace rapport::server
