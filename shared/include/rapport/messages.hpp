#pragma once
// Every message on the wire: one struct each, one serialize template used for
// both reading and writing, listed once in MessageType and in the Message
// variant. Limits are named constants next to the messages that use them.
#include "rapport/wire.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace rapport {

// ---- limits -----------------------------------------------------------------
// 24 characters of UTF-8 is at most 96 bytes; names are shown on avatars and
// tiles, so longer ones would not fit a projector-readable label anyway.
inline constexpr std::size_t kMaxNameChars = 24;
inline constexpr std::size_t kMaxNameBytes = 96;
// Team and role tags are short labels ("Sales", "new-hire").
inline constexpr std::size_t kMaxTagBytes = 32;
// A chat line is a conversational turn, not an essay: 280 bytes like a short post.
inline constexpr std::size_t kMaxChatBytes = 280;
// Human-readable refusal/error/broadcast text.
inline constexpr std::size_t kMaxTextBytes = 400;
// Tokens are 32 hex characters (128 random bits); allow a little headroom.
inline constexpr std::size_t kMaxTokenBytes = 64;
// Program ids are file stems in assets/programs.
inline constexpr std::size_t kMaxProgramIdBytes = 64;
// Join codes are exactly 6 characters.
inline constexpr std::size_t kJoinCodeLength = 6;
// Roster deltas are chunked so one packet stays under kMaxPacketBytes:
// 20 entries x ~200 bytes worst case.
inline constexpr std::size_t kMaxRosterEntriesPerMessage = 20;
inline constexpr std::size_t kMaxRosterRemovalsPerMessage = 200;
// The largest datagram payload we accept. Generous for a roster chunk, tiny
// compared with ENet's defaults (32 MiB), which is what makes floods cheap.
inline constexpr std::size_t kMaxPacketBytes = 8192;

inline constexpr std::uint16_t kProtocolVersion = 1;

// ---- enums (each ends with kCount for range checks) -------------------------
enum class ClientKind : std::uint8_t { Participant, Facilitator, Bot, kCount };

enum class RefuseReason : std::uint8_t {
  VersionMismatch,
  ServerFull,
  BadName,
  UnknownCode,
  SessionLocked,
  Banned,
  RateLimited,
  BadToken,
  Malformed,
  NotAllowed,
  kCount
};

enum class ErrorCode : std::uint8_t {
  Malformed,
  OutOfState,
  NotAuthorised,
  RateLimited,
  BadInput,
  Internal,
  kCount
};

enum class Audience : std::uint8_t { TeamBuilding, Onboarding, Classroom, kCount };

enum class PairingMode : std::uint8_t { Any, MixTeams, SameTeam, MentorPairs, kCount };

enum class AvatarShape : std::uint8_t { Circle, RoundedSquare, Hexagon, Drop, kCount };

enum class PlayerStatus : std::uint8_t { Lobby, Paired, OnBreak, Away, Host, kCount };

// ---- shared value types -----------------------------------------------------
struct Avatar {
  AvatarShape shape = AvatarShape::Circle;
  std::uint8_t skin = 0;    // index into the client's skin palette
  std::uint8_t hair = 0;    // index into the hair palette
  std::uint8_t outfit = 0;  // index into the outfit colour palette
  std::uint8_t formality = 1;  // 0 casual .. 4 formal
  static constexpr std::uint8_t kPaletteSize = 8;
  static constexpr std::uint8_t kMaxFormality = 4;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(shape), skin, hair, outfit, formality);
  }
  [[nodiscard]] bool valid() const {
    return skin < kPaletteSize && hair < kPaletteSize && outfit < kPaletteSize &&
           formality <= kMaxFormality;
  }
  bool operator==(const Avatar&) const = default;
};

struct RosterEntry {
  std::uint32_t player_id = 0;
  std::string name;
  std::string team;
  std::string role;
  Avatar avatar;
  PlayerStatus status = PlayerStatus::Lobby;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(player_id, wire::capped(name, kMaxNameBytes), wire::capped(team, kMaxTagBytes),
       wire::capped(role, kMaxTagBytes), avatar, wire::checked(status));
  }
  bool operator==(const RosterEntry&) const = default;
};

// ---- message types ----------------------------------------------------------
enum class MessageType : std::uint16_t {
  Hello = 1,
  Welcome = 2,
  Refuse = 3,
  CreateSession = 4,
  SessionCreated = 5,
  JoinSession = 6,
  JoinAccepted = 7,
  RosterUpdate = 8,
  Leave = 9,
  Error = 10,
  Ping = 11,
  Pong = 12,
  kCount
};

// client -> server, first message on every connection.
struct Hello {
  static constexpr MessageType kType = MessageType::Hello;
  std::uint16_t protocol_version = kProtocolVersion;
  std::string name;
  ClientKind kind = ClientKind::Participant;
  std::string reconnect_token;  // empty: a new seat

  template <class Archive>
  void serialize(Archive& ar) {
    ar(protocol_version, wire::capped(name, kMaxNameBytes), wire::checked(kind),
       wire::capped(reconnect_token, kMaxTokenBytes));
  }
  bool operator==(const Hello&) const = default;
};

// server -> client: the connection is accepted.
struct Welcome {
  static constexpr MessageType kType = MessageType::Welcome;
  std::uint32_t player_id = 0;
  std::string reconnect_token;
  std::string server_version;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(player_id, wire::capped(reconnect_token, kMaxTokenBytes),
       wire::capped(server_version, kMaxTagBytes));
  }
  bool operator==(const Welcome&) const = default;
};

// server -> client: a request is refused; the text is for a person to read.
// Its layout never changes between protocol versions, so an old client can
// always read why it was refused.
struct Refuse {
  static constexpr MessageType kType = MessageType::Refuse;
  RefuseReason reason = RefuseReason::Malformed;
  std::string text;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(reason), wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const Refuse&) const = default;
};

// facilitator -> server.
struct CreateSession {
  static constexpr MessageType kType = MessageType::CreateSession;
  std::string program;  // program id, e.g. "quick-icebreaker"
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false;
  bool keep_chat = false;  // opt-in to keep chat text after the session ends

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(program, kMaxProgramIdBytes), wire::checked(audience), wire::checked(pairing),
       chat_filter, keep_chat);
  }
  bool operator==(const CreateSession&) const = default;
};

// server -> facilitator.
struct SessionCreated {
  static constexpr MessageType kType = MessageType::SessionCreated;
  std::string join_code;
  std::string host_token;
  std::string program;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(join_code, kJoinCodeLength), wire::capped(host_token, kMaxTokenBytes),
       wire::capped(program, kMaxProgramIdBytes));
  }
  bool operator==(const SessionCreated&) const = default;
};

// participant -> server.
struct JoinSession {
  static constexpr MessageType kType = MessageType::JoinSession;
  std::string join_code;
  std::string name;
  std::string team;
  std::string role;  // e.g. "new-hire" / "veteran" for mentor pairing
  Avatar avatar;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(join_code, kJoinCodeLength), wire::capped(name, kMaxNameBytes),
       wire::capped(team, kMaxTagBytes), wire::capped(role, kMaxTagBytes), avatar);
  }
  bool operator==(const JoinSession&) const = default;
};

// server -> participant: you are in; your name as the session shows it.
struct JoinAccepted {
  static constexpr MessageType kType = MessageType::JoinAccepted;
  std::string join_code;
  std::uint32_t player_id = 0;
  std::string name;  // made unique within the session ("Sam (2)")
  std::string program;
  Audience audience = Audience::TeamBuilding;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(join_code, kJoinCodeLength), player_id, wire::capped(name, kMaxNameBytes),
       wire::capped(program, kMaxProgramIdBytes), wire::checked(audience));
  }
  bool operator==(const JoinAccepted&) const = default;
};

// server -> everyone in a session: roster changes since `revision - 1`.
// Full rosters (on join and reconnect) are chunked: the first chunk has
// `reset`, later chunks repeat the revision.
struct RosterUpdate {
  static constexpr MessageType kType = MessageType::RosterUpdate;
  std::uint32_t revision = 0;
  bool reset = false;  // first chunk of a full roster: forget what you had
  bool more = false;   // another chunk of the same revision follows (reset=false)
  std::vector<RosterEntry> upserts;
  std::vector<std::uint32_t> removed;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(revision, reset, more, wire::capped(upserts, kMaxRosterEntriesPerMessage),
       wire::capped(removed, kMaxRosterRemovalsPerMessage));
  }
  bool operator==(const RosterUpdate&) const = default;
};

// client -> server: leaving on purpose (not a drop).
struct Leave {
  static constexpr MessageType kType = MessageType::Leave;
  template <class Archive>
  void serialize(Archive&) {}
  bool operator==(const Leave&) const = default;
};

// server -> client: a request could not be carried out; nothing changed.
struct Error {
  static constexpr MessageType kType = MessageType::Error;
  ErrorCode code = ErrorCode::Internal;
  std::string text;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::checked(code), wire::capped(text, kMaxTextBytes));
  }
  bool operator==(const Error&) const = default;
};

// Round-trip probes for RTT figures (bots, dashboards).
struct Ping {
  static constexpr MessageType kType = MessageType::Ping;
  std::uint64_t nonce = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(nonce);
  }
  bool operator==(const Ping&) const = default;
};
struct Pong {
  static constexpr MessageType kType = MessageType::Pong;
  std::uint64_t nonce = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(nonce);
  }
  bool operator==(const Pong&) const = default;
};

// Order must follow MessageType (checked in codec.cpp).
using Message = std::variant<Hello, Welcome, Refuse, CreateSession, SessionCreated, JoinSession,
                             JoinAccepted, RosterUpdate, Leave, Error, Ping, Pong>;

[[nodiscard]] MessageType type_of(const Message& message);
[[nodiscard]] const char* name_of(MessageType type);

}  // namespace rapport
