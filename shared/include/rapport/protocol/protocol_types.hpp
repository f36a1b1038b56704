#pragma once
// Limits, enums and value types every message uses, and the one list of
// message types. Each message struct lives in messages_*.hpp by area.
#include "rapport/protocol/gestures.hpp"
#include "rapport/protocol/wire.hpp"

#include <cstdint>
#include <string>
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
// Longer texts: tips, prompts and role cards shown in panels.
inline constexpr std::size_t kMaxLongTextBytes = 1200;
// A group is a pair or one trio; 4 leaves room for a host-made group.
inline constexpr std::size_t kMaxGroupMembers = 4;
// Reason tags sent with one meter update.
inline constexpr std::size_t kMaxReasonsPerUpdate = 8;
// Dashboard tiles per message (chunked like the roster).
inline constexpr std::size_t kMaxTilesPerMessage = 40;
// Debrief lists: partners met and timeline points.
inline constexpr std::size_t kMaxDebriefPartners = 64;
inline constexpr std::size_t kMaxTimelinePoints = 240;
inline constexpr std::size_t kMaxKudosReceived = 64;
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

// 2: Welcome carries a key challenge, CreateSession the facilitator key's proof.
inline constexpr std::uint16_t kProtocolVersion = 2;

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
  BadKey,  // creating a session without the server's facilitator key
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

enum class PlayerStatus : std::uint8_t { Lobby, Paired, OnBreak, Away, Host, Muted, kCount };

// The kinds of round a program can list. "conversation" is a free talk in the
// pair room around a prompt; the others are the game modules.
enum class RoundKind : std::uint8_t { Conversation, CommonGround, Blueprint, InStep, RolePlay, kCount };

// Where a session is. Reflection follows every rotation; Ended shows the debrief.
enum class SessionPhase : std::uint8_t { Lobby, Round, Reflection, Ended, kCount };

// Rapport components, in the order meters show them.
enum class MeterComponent : std::uint8_t { Attentiveness, Positivity, Coordination, Balance, Overall, kCount };

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
  HostCommand = 13,
  SessionStatus = 14,
  GroupAssigned = 15,
  ChatPost = 16,
  ChatLine = 17,
  GesturePost = 18,
  GestureShown = 19,
  Notice = 20,
  ReflectionAnswer = 21,
  BreakRequest = 22,
  ReportPartner = 23,
  RapportUpdate = 24,
  GroupTiles = 25,
  Debrief = 26,
  GroupSummary = 27,
  BlueprintView = 28,
  BlueprintAct = 29,
  InStepInput = 30,
  InStepSnapshot = 31,
  RolePlayView = 32,
  RolePlayGuessPost = 33,
  CommonGroundView = 34,
  CommonGroundPropose = 35,
  CommonGroundRespond = 36,
  ProfileAnswers = 37,
  ProfileQuestions = 38,
  kCount
};

}  // namespace rapport
