#include "rapport/protocol/codec.hpp"

#include "rapport/session/kudos.hpp"

#include <cereal/archives/portable_binary.hpp>

#include <sstream>
#include <string>
#include <utility>

namespace rapport {
namespace {

template <std::size_t I = 0>
constexpr bool variant_matches_enum() {
  if constexpr (I == std::variant_size_v<Message>) {
    return I + 1 == static_cast<std::size_t>(MessageType::kCount);
  } else {
    using T = std::variant_alternative_t<I, Message>;
    return static_cast<std::size_t>(T::kType) == I + 1 && variant_matches_enum<I + 1>();
  }
}
static_assert(variant_matches_enum(), "Message variant order must follow MessageType");

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xFFu));
  out.push_back(static_cast<std::uint8_t>(v >> 8u));
}
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (unsigned shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<std::uint8_t>((v >> shift) & 0xFFu));
  }
}
std::uint16_t get_u16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8u));
}
std::uint32_t get_u32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8u) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16u) |
         (static_cast<std::uint32_t>(b[at + 3]) << 24u);
}

// Builds alternative I of Message when its type matches.
template <std::size_t I = 0>
std::optional<Message> load_payload(std::uint16_t raw_type, wire::BoundedInputArchive& ar) {
  if constexpr (I == std::variant_size_v<Message>) {
    return std::nullopt;
  } else {
    using T = std::variant_alternative_t<I, Message>;
    if (raw_type == static_cast<std::uint16_t>(T::kType)) {
      T value;
      ar(value);
      return Message{std::move(value)};
    }
    return load_payload<I + 1>(raw_type, ar);
  }
}

bool fields_valid(const Message& message) {
  return std::visit(
      [](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, JoinSession>) {
          return m.avatar.valid();
        } else if constexpr (std::is_same_v<T, ProfileAnswers>) {
          return m.categories.size() == m.answers.size();
        } else if constexpr (std::is_same_v<T, ProfileQuestions>) {
          return m.categories.size() == m.questions.size();
        } else if constexpr (std::is_same_v<T, ReflectionAnswer>) {
          return (m.ios >= kIosMin && m.ios <= kIosMax) && m.kudos <= kKudosCount;
        } else if constexpr (std::is_same_v<T, RosterUpdate>) {
          for (const auto& e : m.upserts) {
            if (!e.avatar.valid()) return false;
          }
          return true;
        } else {
          return true;
        }
      },
      message);
}

}  // namespace

MessageType type_of(const Message& message) {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kType; }, message);
}

const char* name_of(MessageType type) {
  switch (type) {
    case MessageType::Hello: return "hello";
    case MessageType::Welcome: return "welcome";
    case MessageType::Refuse: return "refuse";
    case MessageType::CreateSession: return "create-session";
    case MessageType::SessionCreated: return "session-created";
    case MessageType::JoinSession: return "join-session";
    case MessageType::JoinAccepted: return "join-accepted";
    case MessageType::RosterUpdate: return "roster-update";
    case MessageType::Leave: return "leave";
    case MessageType::Error: return "error";
    case MessageType::Ping: return "ping";
    case MessageType::Pong: return "pong";
    case MessageType::HostCommand: return "host-command";
    case MessageType::SessionStatus: return "session-status";
    case MessageType::GroupAssigned: return "group-assigned";
    case MessageType::ChatPost: return "chat-post";
    case MessageType::ChatLine: return "chat-line";
    case MessageType::GesturePost: return "gesture-post";
    case MessageType::GestureShown: return "gesture-shown";
    case MessageType::Notice: return "notice";
    case MessageType::ReflectionAnswer: return "reflection-answer";
    case MessageType::BreakRequest: return "break-request";
    case MessageType::ReportPartner: return "report-partner";
    case MessageType::RapportUpdate: return "rapport-update";
    case MessageType::GroupTiles: return "group-tiles";
    case MessageType::Debrief: return "debrief";
    case MessageType::GroupSummary: return "group-summary";
    case MessageType::BlueprintView: return "blueprint-view";
    case MessageType::BlueprintAct: return "blueprint-act";
    case MessageType::InStepInput: return "in-step-input";
    case MessageType::InStepSnapshot: return "in-step-snapshot";
    case MessageType::RolePlayView: return "role-play-view";
    case MessageType::RolePlayGuessPost: return "role-play-guess";
    case MessageType::CommonGroundView: return "common-ground-view";
    case MessageType::CommonGroundPropose: return "common-ground-propose";
    case MessageType::CommonGroundRespond: return "common-ground-respond";
    case MessageType::ProfileAnswers: return "profile-answers";
    case MessageType::ProfileQuestions: return "profile-questions";
    case MessageType::kCount: break;
  }
  return "unknown";
}

const char* describe(DecodeError error) {
  switch (error) {
    case DecodeError::None: return "ok";
    case DecodeError::TooShort: return "packet shorter than the envelope";
    case DecodeError::TooLarge: return "packet larger than the protocol allows";
    case DecodeError::BadMagic: return "not a Rapport packet";
    case DecodeError::VersionMismatch: return "another protocol version";
    case DecodeError::UnknownType: return "unknown message type";
    case DecodeError::Malformed: return "malformed payload";
    case DecodeError::TrailingBytes: return "unexpected bytes after the payload";
    case DecodeError::InvalidField: return "a field is out of range";
  }
  return "unknown error";
}

std::vector<std::uint8_t> encode_with_version(const Message& message, std::uint16_t version) {
  std::vector<std::uint8_t> out;
  out.reserve(64);
  put_u32(out, kMagic);
  put_u16(out, version);
  put_u16(out, static_cast<std::uint16_t>(type_of(message)));
  try {
    std::ostringstream stream(std::ios::binary);
    {
      cereal::PortableBinaryOutputArchive ar(
          stream, cereal::PortableBinaryOutputArchive::Options::LittleEndian());
      std::visit([&ar](const auto& m) { ar(m); }, message);
    }
    const std::string payload = stream.str();
    out.insert(out.end(), payload.begin(), payload.end());
  } catch (const std::exception&) {
    return {};
  }
  if (out.size() > kMaxPacketBytes) return {};
  return out;
}

std::vector<std::uint8_t> encode(const Message& message) {
  return encode_with_version(message, kProtocolVersion);
}

Decoded decode(std::span<const std::uint8_t> bytes) {
  Decoded result;
  if (bytes.size() > kMaxPacketBytes) {
    result.error = DecodeError::TooLarge;
    return result;
  }
  if (bytes.size() < kEnvelopeBytes) {
    result.error = DecodeError::TooShort;
    return result;
  }
  if (get_u32(bytes, 0) != kMagic) {
    result.error = DecodeError::BadMagic;
    return result;
  }
  result.version = get_u16(bytes, 4);
  result.raw_type = get_u16(bytes, 6);
  if (result.version != kProtocolVersion) {
    result.error = DecodeError::VersionMismatch;
    return result;
  }
  if (result.raw_type == 0 || result.raw_type >= static_cast<std::uint16_t>(MessageType::kCount)) {
    result.error = DecodeError::UnknownType;
    return result;
  }
  try {
    wire::BoundedInputArchive ar(bytes.subspan(kEnvelopeBytes));
    auto message = load_payload(result.raw_type, ar);
    if (!message) {
      result.error = DecodeError::UnknownType;
      return result;
    }
    if (ar.remaining() != 0) {
      result.error = DecodeError::TrailingBytes;
      return result;
    }
    if (!fields_valid(*message)) {
      result.error = DecodeError::InvalidField;
      return result;
    }
    result.message = std::move(message);
  } catch (...) {
    // The decode boundary: nothing thrown inside the archive gets past here.
    result.error = DecodeError::Malformed;
  }
  return result;
}

std::optional<Refuse> decode_refuse_any_version(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kEnvelopeBytes || bytes.size() > kMaxPacketBytes) return std::nullopt;
  if (get_u32(bytes, 0) != kMagic) return std::nullopt;
  if (get_u16(bytes, 6) != static_cast<std::uint16_t>(MessageType::Refuse)) return std::nullopt;
  try {
    wire::BoundedInputArchive ar(bytes.subspan(kEnvelopeBytes));
    Refuse refuse;
    ar(refuse);
    return refuse;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace rapport
