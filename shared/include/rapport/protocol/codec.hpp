#pragma once
// The envelope and the decode boundary. Every packet is
//   magic (u32 LE) | protocol version (u16 LE) | message type (u16 LE) | payload
// where the payload is a cereal portable-binary archive of the message struct.
// decode() never throws and never allocates more than the packet's size.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rapport {

inline constexpr std::uint32_t kMagic = 0x54525052;  // "RPRT" in little-endian byte order
inline constexpr std::size_t kEnvelopeBytes = 8;

enum class DecodeError : std::uint8_t {
  None,
  TooShort,         // fewer bytes than an envelope
  TooLarge,         // above kMaxPacketBytes
  BadMagic,         // not a Rapport packet
  VersionMismatch,  // another protocol version (see Decoded::version)
  UnknownType,      // message type we do not know
  Malformed,        // payload failed to parse within its bounds and caps
  TrailingBytes,    // payload parsed but bytes were left over
  InvalidField,     // parsed, but a field is out of its range
};

[[nodiscard]] const char* describe(DecodeError error);

struct Decoded {
  std::optional<Message> message;
  DecodeError error = DecodeError::None;
  std::uint16_t version = 0;  // as read from the envelope (valid from BadMagic on)
  std::uint16_t raw_type = 0;
  [[nodiscard]] bool ok() const { return error == DecodeError::None; }
};

// Encodes with the current protocol version. Returns an empty vector only if a
// field exceeds its cap (a programming error the caller logs).
[[nodiscard]] std::vector<std::uint8_t> encode(const Message& message);
// Test hook: the same with another version in the envelope.
[[nodiscard]] std::vector<std::uint8_t> encode_with_version(const Message& message,
                                                            std::uint16_t version);

[[nodiscard]] Decoded decode(std::span<const std::uint8_t> bytes);

// Reads a Refuse whatever the version in the envelope (its layout never changes),
// so a client can tell the person why a server of another version refused it.
[[nodiscard]] std::optional<Refuse> decode_refuse_any_version(std::span<const std::uint8_t> bytes);

// Channels: reliable-ordered for control and chat, unreliable-sequenced for motion.
enum class Channel : std::uint8_t { Reliable = 0, Motion = 1, kCount };
inline constexpr std::size_t kChannelCount = 2;

}  // namespace rapport
