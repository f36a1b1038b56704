#pragma once
// Connection, hosting, joining and the lobby roster.
#include "rapport/protocol/facilitator_key.hpp"
#include "rapport/protocol/protocol_types.hpp"

namespace rapport {

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

// server -> client: the connection is accepted. `key_challenge` is fresh for
// each connection: a host proves the facilitator key by answering it in
// CreateSession, so the key itself never crosses the network.
struct Welcome {
  static constexpr MessageType kType = MessageType::Welcome;
  std::uint32_t player_id = 0;
  std::string reconnect_token;
  std::string server_version;
  KeyChallenge key_challenge{};

  template <class Archive>
  void serialize(Archive& ar) {
    ar(player_id, wire::capped(reconnect_token, kMaxTokenBytes),
       wire::capped(server_version, kMaxTagBytes));
    for (auto& b : key_challenge) ar(b);
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

// facilitator -> server. Needs the facilitator key: `key_proof` answers this
// connection's Welcome::key_challenge (see facilitator_key.hpp).
struct CreateSession {
  static constexpr MessageType kType = MessageType::CreateSession;
  std::string program;  // program id, e.g. "quick-icebreaker"
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false;
  bool keep_chat = false;  // opt-in to keep chat text after the session ends
  bool has_key_proof = false;  // false: the app has no facilitator key
  KeyProof key_proof{};

  template <class Archive>
  void serialize(Archive& ar) {
    ar(wire::capped(program, kMaxProgramIdBytes), wire::checked(audience), wire::checked(pairing),
       chat_filter, keep_chat, has_key_proof);
    for (auto& b : key_proof) ar(b);
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

}  // namespace rapport
