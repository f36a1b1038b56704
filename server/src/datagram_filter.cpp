#include "rapport/server/datagram_filter.hpp"

#include <enet/enet.h>

#include <cstring>

namespace rapport::server {
namespace {

// Size of each ENet command's fixed part (the same table ENet keeps internally).
std::size_t command_size(unsigned command) {
  switch (command) {
    case ENET_PROTOCOL_COMMAND_ACKNOWLEDGE: return sizeof(ENetProtocolAcknowledge);
    case ENET_PROTOCOL_COMMAND_CONNECT: return sizeof(ENetProtocolConnect);
    case ENET_PROTOCOL_COMMAND_VERIFY_CONNECT: return sizeof(ENetProtocolVerifyConnect);
    case ENET_PROTOCOL_COMMAND_DISCONNECT: return sizeof(ENetProtocolDisconnect);
    case ENET_PROTOCOL_COMMAND_PING: return sizeof(ENetProtocolPing);
    case ENET_PROTOCOL_COMMAND_SEND_RELIABLE: return sizeof(ENetProtocolSendReliable);
    case ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE: return sizeof(ENetProtocolSendUnreliable);
    case ENET_PROTOCOL_COMMAND_SEND_FRAGMENT: return sizeof(ENetProtocolSendFragment);
    case ENET_PROTOCOL_COMMAND_SEND_UNSEQUENCED: return sizeof(ENetProtocolSendUnsequenced);
    case ENET_PROTOCOL_COMMAND_BANDWIDTH_LIMIT: return sizeof(ENetProtocolBandwidthLimit);
    case ENET_PROTOCOL_COMMAND_THROTTLE_CONFIGURE: return sizeof(ENetProtocolThrottleConfigure);
    case ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT: return sizeof(ENetProtocolSendFragment);
    default: return 0;
  }
}

std::uint16_t read_u16(const std::uint8_t* at) { return static_cast<std::uint16_t>((at[0] << 8u) | at[1]); }
std::uint32_t read_u32(const std::uint8_t* at) {
  return (static_cast<std::uint32_t>(at[0]) << 24u) | (static_cast<std::uint32_t>(at[1]) << 16u) |
         (static_cast<std::uint32_t>(at[2]) << 8u) | at[3];
}

bool carries_data(unsigned command) {
  return command == ENET_PROTOCOL_COMMAND_SEND_RELIABLE || command == ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE ||
         command == ENET_PROTOCOL_COMMAND_SEND_UNSEQUENCED || command == ENET_PROTOCOL_COMMAND_SEND_FRAGMENT ||
         command == ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT;
}

}  // namespace

const char* describe(DatagramVerdict verdict) {
  switch (verdict) {
    case DatagramVerdict::Accept: return "accepted";
    case DatagramVerdict::TooShort: return "too short";
    case DatagramVerdict::TooLarge: return "too large";
    case DatagramVerdict::Compressed: return "compressed";
    case DatagramVerdict::BadPeer: return "unknown peer";
    case DatagramVerdict::UnknownCommand: return "unknown command";
    case DatagramVerdict::Truncated: return "truncated command";
    case DatagramVerdict::BadChannel: return "bad channel";
    case DatagramVerdict::PayloadTooLarge: return "payload too large";
    case DatagramVerdict::ConnectMisplaced: return "misplaced connect";
    case DatagramVerdict::kCount: break;
  }
  return "?";
}

DatagramVerdict classify_datagram(std::span<const std::uint8_t> bytes, const DatagramLimits& limits) {
  constexpr std::size_t kCommandHeader = sizeof(ENetProtocolCommandHeader);
  if (bytes.size() > ENET_PROTOCOL_MAXIMUM_MTU) return DatagramVerdict::TooLarge;
  if (bytes.size() < 2 + kCommandHeader) return DatagramVerdict::TooShort;
  const std::uint16_t peer_field = read_u16(bytes.data());
  if ((peer_field & ENET_PROTOCOL_HEADER_FLAG_COMPRESSED) != 0) return DatagramVerdict::Compressed;
  const std::size_t header = (peer_field & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME) != 0 ? 4 : 2;
  if (bytes.size() < header + kCommandHeader) return DatagramVerdict::TooShort;
  const unsigned peer_id = peer_field & 0x0FFFu;  // below the session and flag bits
  const bool no_peer_yet = peer_id == ENET_PROTOCOL_MAXIMUM_PEER_ID;
  if (!no_peer_yet && peer_id >= limits.peer_count) return DatagramVerdict::BadPeer;

  std::size_t at = header;
  std::size_t commands = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < kCommandHeader) return DatagramVerdict::Truncated;
    const std::uint8_t* cmd = bytes.data() + at;
    const unsigned number = cmd[0] & ENET_PROTOCOL_COMMAND_MASK;
    const std::size_t size = command_size(number);
    if (size == 0) return DatagramVerdict::UnknownCommand;
    if (bytes.size() - at < size) return DatagramVerdict::Truncated;
    // ENet only accepts a connect from "no peer yet", and nothing else from there.
    if ((number == ENET_PROTOCOL_COMMAND_CONNECT) != no_peer_yet) return DatagramVerdict::ConnectMisplaced;
    std::size_t data_length = 0;
    if (carries_data(number)) {
      if (cmd[1] >= limits.channel_count) return DatagramVerdict::BadChannel;
      // dataLength is the last 16-bit field of the fixed part for reliable,
      // unreliable and unsequenced sends; fragments keep it at offset 6.
      const bool fragment = number == ENET_PROTOCOL_COMMAND_SEND_FRAGMENT ||
                            number == ENET_PROTOCOL_COMMAND_SEND_UNRELIABLE_FRAGMENT;
      data_length = read_u16(cmd + (fragment ? 6 : size - 2));
      if (fragment) {
        const std::uint32_t fragment_count = read_u32(cmd + 8);
        const std::uint32_t total = read_u32(cmd + 16);
        if (total > limits.max_payload || fragment_count == 0 || fragment_count > ENET_PROTOCOL_MAXIMUM_FRAGMENT_COUNT) {
          return DatagramVerdict::PayloadTooLarge;
        }
      }
      if (data_length > limits.max_payload) return DatagramVerdict::PayloadTooLarge;
    }
    if (bytes.size() - at - size < data_length) return DatagramVerdict::Truncated;
    at += size + data_length;
    if (++commands > ENET_PROTOCOL_MAXIMUM_PACKET_COMMANDS) return DatagramVerdict::TooLarge;
  }
  return DatagramVerdict::Accept;
}

bool is_connect_request(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2 + sizeof(ENetProtocolCommandHeader)) return false;
  const std::uint16_t peer_field = read_u16(bytes.data());
  const std::size_t header = (peer_field & ENET_PROTOCOL_HEADER_FLAG_SENT_TIME) != 0 ? 4 : 2;
  return bytes.size() > header && (bytes[header] & ENET_PROTOCOL_COMMAND_MASK) == ENET_PROTOCOL_COMMAND_CONNECT;
}

}  // namespace rapport::server
