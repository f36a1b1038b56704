#include "rapport/protocol/codec.hpp"

#include "rss.hpp"

#include "rapport/build_info.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace rapport {
namespace {

// One sample of every message, with every field set to something non-default.
std::vector<Message> samples() {
  Avatar avatar{AvatarShape::Hexagon, 3, 4, 5, 2};
  RosterEntry entry{42, "Zoë", "Blue", "veteran", avatar, PlayerStatus::Paired};
  RosterUpdate roster;
  roster.revision = 9;
  roster.reset = true;
  roster.more = true;
  roster.upserts = {entry, entry};
  roster.removed = {1, 2, 3};
  return {
      Hello{kProtocolVersion, "Sam", ClientKind::Facilitator, "0123456789abcdef0123456789abcdef"},
      Welcome{7, "feedfacefeedfacefeedfacefeedface", "0.1.0", KeyChallenge{1, 2, 3, 250, 251, 252}},
      Refuse{RefuseReason::UnknownCode, "No session has that code."},
      CreateSession{"team-building", Audience::Classroom, PairingMode::MentorPairs, true, true, true, KeyProof{9, 8, 7, 255}},
      SessionCreated{"ACD349", "token", "team-building"},
      JoinSession{"ACD349", "Ana", "Red", "new-hire", avatar},
      JoinAccepted{"ACD349", 12, "Ana (2)", "onboarding", Audience::Onboarding},
      roster,
      Leave{},
      Error{ErrorCode::OutOfState, "The round has ended."},
      Ping{0xDEADBEEFCAFEull},
      Pong{77},
      HostCommand{"tok", HostAction::Kick, 5, 30, true, "bye"},
      SessionStatus{SessionPhase::Round, true, false, 2, 4, 1, 3, RoundKind::CommonGround, "Common ground", 120000,
                    300000, 30000, 12, 10, 1, 1},
      GroupAssigned{3, 2, {4, 5, 6}, false, "What made you smile this week?"},
      ChatPost{"How was your weekend?"},
      ChatLine{3, 4, "Lovely, thanks!"},
      GesturePost{Gesture::Nod},
      GestureShown{3, 4, Gesture::ArmsCrossed},
      Notice{NoticeKind::PartnerAway, 4, "Sam is reconnecting…"},
      ReflectionAnswer{5, 6, 2},
      BreakRequest{true},
      ReportPartner{5, "rude"},
      RapportUpdate{3, MeterValues{70, 60, 80, 50, 90}, {MeterReason{MeterComponent::Attentiveness, 4, "asked an open question"}}},
      GroupTiles{true, {GroupTile{3, {4, 5}, GroupStatusKind::Quiet, MeterValues{1, 2, 3, 4, 5}}}},
      Debrief{{DebriefPartner{5, "Sam", 1, MeterValues{70, 60, 80, 50, 90}, 6, "You both love hiking"}},
              {"Great listener"},
              {TimelineSample{1, 30, 55}},
              MeterComponent::Positivity,
              MeterComponent::Balance,
              "Ask one more open question."},
      GroupSummary{12, 3, 18, MeterValues{60, 61, 62, 63, 64}, 4.5F, 0.4F, 9, "reports/ACD349.json"},
      BlueprintView{3, BlueprintRole::Builder, 1, 2, 4, 1, {WirePiece{1, 2, 3, 0, 0}}, {WirePiece{2, 3, 0, 0, 1}},
                    {WirePiece{4, 5, 1, 1, 0}}, true, 1, false, 0, 90000},
      BlueprintAct{BlueprintActKind::Move, 0, 1, 1, 2, 2},
      InStepInput{{WireInput{7, 1, -1, 40}, WireInput{8, 0, 1, 41}}},
      InStepSnapshot{3, 41, {WireAvatarPosition{4, 1500, -200, 40}}, {WirePoint{1000, 2000}}, 1, true, false, 0, 5000},
      RolePlayView{3, "late-delivery", "A late delivery", "The parcel is late.", 4, 2, 1, 0,
                   {WireCard{4, "Support agent", "You answer calls", "Keep the customer", {"fact one", "fact two"}, "calm", "fix it",
                             {"How can I help?"}}},
                   {"fix it", "get a refund"}, {"calm", "upset"}, {5}, {WireGuessResult{4, 5, 1, 0, true, false}},
                   "Matches the setting", 30000},
      RolePlayGuessPost{5, 1, 0},
      CommonGroundView{3, 3, {WireCell{"Travel", "Where did you last travel?", WireCellState::Proposed, 4, "we both love trains"}}, 1, 0, 10, "Ask about food"},
      CommonGroundPropose{2, "we both grew up by the sea"},
      CommonGroundRespond{2, true},
      ProfileAnswers{{"home", "sport"}, {"Lisbon", "football"}},
      ProfileQuestions{{"home", "sport"}, {"Where did you grow up?", "Which sport do you follow?"}},
  };
}

TEST(Codec, EveryMessageRoundTrips) {
  const auto all = samples();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(MessageType::kCount) - 1) << "add a sample for the new message";
  for (const auto& message : all) {
    const auto bytes = encode(message);
    ASSERT_FALSE(bytes.empty()) << name_of(type_of(message));
    const auto decoded = decode(bytes);
    ASSERT_TRUE(decoded.ok()) << name_of(type_of(message)) << ": " << describe(decoded.error);
    EXPECT_EQ(*decoded.message, message) << name_of(type_of(message));
  }
}

// Pins the exact bytes of the envelope and a small payload: changing the wire
// format must be a deliberate protocol version bump.
TEST(Codec, GoldenBytesOfPing) {
  const auto bytes = encode(Ping{0x0102030405060708ull});
  const std::vector<std::uint8_t> expected = {
      0x52, 0x50, 0x52, 0x54,  // magic "RPRT"
      0x02, 0x00,              // protocol version 2
      0x0B, 0x00,              // type 11 = ping
      0x01,                    // cereal portable binary: little-endian flag
      0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  // nonce
  };
  EXPECT_EQ(bytes, expected);
}

TEST(Codec, GoldenBytesOfRefuse) {
  const auto bytes = encode(Refuse{RefuseReason::ServerFull, "Full"});
  const std::vector<std::uint8_t> expected = {
      0x52, 0x50, 0x52, 0x54, 0x02, 0x00, 0x03, 0x00, 0x01,
      0x01,                                            // reason 1 = server full
      0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // string length (u64)
      'F',  'u',  'l',  'l',
  };
  EXPECT_EQ(bytes, expected);
}

std::vector<std::uint8_t> envelope(MessageType type, std::uint16_t version = kProtocolVersion) {
  std::vector<std::uint8_t> out = {0x52, 0x50, 0x52, 0x54};
  out.push_back(static_cast<std::uint8_t>(version & 0xFF));
  out.push_back(static_cast<std::uint8_t>(version >> 8));
  const auto t = static_cast<std::uint16_t>(type);
  out.push_back(static_cast<std::uint8_t>(t & 0xFF));
  out.push_back(static_cast<std::uint8_t>(t >> 8));
  return out;
}

void put_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// The 12-byte attack from the issue: raw cereal would resize a vector to 2^30
// elements here. We check the peak RSS grows by less than 1 MiB across all variants.
TEST(Codec, HugeLengthPrefixesAreRejectedWithoutAllocating) {
  const std::int64_t before = test::peak_rss_kib();
  const std::uint64_t lengths[] = {1ull << 30, ~0ull, 1ull << 32, kMaxNameBytes + 1, kMaxChatBytes + 1,
                                   kMaxRosterEntriesPerMessage + 1};
  int rejected = 0;
  for (std::uint64_t length : lengths) {
    // 12 bytes after the envelope byte: a length claim and nothing behind it.
    {  // string field (Hello.name comes after the u16 version)
      auto bytes = envelope(MessageType::Hello);
      bytes.push_back(0x01);
      bytes.push_back(0x01);
      bytes.push_back(0x00);
      put_u64(bytes, length);
      const auto d = decode(bytes);
      EXPECT_EQ(d.error, DecodeError::Malformed) << length;
      rejected += d.ok() ? 0 : 1;
    }
    {  // vector field (RosterUpdate.upserts after revision, reset, more)
      auto bytes = envelope(MessageType::RosterUpdate);
      bytes.push_back(0x01);
      put_u64(bytes, 0);  // revision (u32) + reset + more + 1 byte of the length: see below
      bytes.erase(bytes.end() - 2, bytes.end());  // (not resize: GCC 12 + ASan warns about it)
      put_u64(bytes, length);
      const auto d = decode(bytes);
      EXPECT_FALSE(d.ok()) << length;
      rejected += d.ok() ? 0 : 1;
    }
    {  // vector of ids (RosterUpdate.removed) with a valid empty upserts list
      auto bytes = envelope(MessageType::RosterUpdate);
      bytes.push_back(0x01);
      for (int i = 0; i < 6; ++i) bytes.push_back(0);  // revision + reset + more
      put_u64(bytes, 0);                               // no upserts
      put_u64(bytes, length);                          // removed: the claim
      const auto d = decode(bytes);
      EXPECT_EQ(d.error, DecodeError::Malformed) << length;
      rejected += d.ok() ? 0 : 1;
    }
  }
  // The raw 12-byte packet of the issue, with no envelope at all.
  std::vector<std::uint8_t> raw;
  put_u64(raw, 1ull << 30);
  raw.insert(raw.end(), {0, 0, 0, 0});
  EXPECT_FALSE(decode(raw).ok());
  const std::int64_t growth_kib = test::peak_rss_kib() - before;
  EXPECT_EQ(rejected, 18);
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(growth_kib, 1024) << "decoding hostile lengths grew peak RSS by " << growth_kib << " KiB";
#else
  // ASan's quarantine and shadow memory move peak RSS on their own (about
  // 1.1 MiB when this runs first in a test shard), so the bound is looser
  // here; a 2^30-element allocation would still be thousands of times over it.
  EXPECT_LT(growth_kib, 16 * 1024) << "decoding hostile lengths grew peak RSS by " << growth_kib << " KiB";
#endif
}

TEST(Codec, CapPlusOneIsRejectedButCapIsAccepted) {
  Hello hello;
  hello.name = std::string(kMaxNameBytes, 'a');
  EXPECT_TRUE(decode(encode(hello)).ok());
  // Hand-build the same packet with one more byte of name.
  auto bytes = envelope(MessageType::Hello);
  bytes.push_back(0x01);
  bytes.push_back(0x01);
  bytes.push_back(0x00);
  put_u64(bytes, kMaxNameBytes + 1);
  bytes.insert(bytes.end(), kMaxNameBytes + 1, 'a');
  bytes.push_back(0);  // kind
  put_u64(bytes, 0);   // token
  EXPECT_EQ(decode(bytes).error, DecodeError::Malformed);
  // Encoding refuses to build a packet over a cap.
  hello.name.push_back('a');
  EXPECT_TRUE(encode(hello).empty());
}

TEST(Codec, TruncatedPacketsAreRejectedAtEveryLength) {
  for (const auto& message : samples()) {
    const auto bytes = encode(message);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const std::span<const std::uint8_t> cut(bytes.data(), n);
      const auto d = decode(cut);
      // Leave has an empty payload: only the endianness byte can be cut.
      EXPECT_FALSE(d.ok()) << name_of(type_of(message)) << " cut at " << n;
    }
  }
}

TEST(Codec, WrongVersionIsReportedWithTheVersion) {
  const auto bytes = encode_with_version(Hello{}, 7);
  const auto d = decode(bytes);
  EXPECT_EQ(d.error, DecodeError::VersionMismatch);
  EXPECT_EQ(d.version, 7);
}

TEST(Codec, RefuseIsReadableAcrossVersions) {
  const auto bytes = encode_with_version(Refuse{RefuseReason::VersionMismatch, "please update"}, 99);
  ASSERT_FALSE(decode(bytes).ok());
  const auto refuse = decode_refuse_any_version(bytes);
  ASSERT_TRUE(refuse.has_value());
  EXPECT_EQ(refuse->text, "please update");
}

TEST(Codec, UnknownTypesBadMagicAndTrailingBytesAreRejected) {
  auto unknown = envelope(static_cast<MessageType>(999));
  unknown.push_back(0x01);
  EXPECT_EQ(decode(unknown).error, DecodeError::UnknownType);
  auto zero = envelope(static_cast<MessageType>(0));
  zero.push_back(0x01);
  EXPECT_EQ(decode(zero).error, DecodeError::UnknownType);

  auto bytes = encode(Ping{1});
  bytes[0] ^= 0xFF;
  EXPECT_EQ(decode(bytes).error, DecodeError::BadMagic);

  auto trailing = encode(Ping{1});
  trailing.push_back(0);
  EXPECT_EQ(decode(trailing).error, DecodeError::TrailingBytes);

  std::vector<std::uint8_t> big(kMaxPacketBytes + 1, 0);
  EXPECT_EQ(decode(big).error, DecodeError::TooLarge);
  EXPECT_EQ(decode(std::vector<std::uint8_t>{1, 2, 3}).error, DecodeError::TooShort);
}

TEST(Codec, OutOfRangeFieldsAreRejected) {
  // Enum past its last value.
  auto bytes = encode(Refuse{RefuseReason::ServerFull, ""});
  bytes[9] = static_cast<std::uint8_t>(RefuseReason::kCount);
  EXPECT_EQ(decode(bytes).error, DecodeError::Malformed);
  // A bool that is neither 0 nor 1.
  auto create = encode(CreateSession{"p", Audience::Classroom, PairingMode::Any, true, false});
  create[create.size() - 1 - kKeyProofBytes - 2] = 7;  // chat_filter (before keep_chat, has_key_proof, the proof)
  EXPECT_EQ(decode(create).error, DecodeError::Malformed);
  // An avatar colour outside the palette.
  JoinSession join{"ACD349", "Ana", "", "", Avatar{}};
  join.avatar.skin = Avatar::kPaletteSize;
  auto join_bytes = encode(join);
  EXPECT_EQ(decode(join_bytes).error, DecodeError::InvalidField);
  // Not little-endian.
  auto ping = encode(Ping{1});
  ping[kEnvelopeBytes] = 0;
  EXPECT_EQ(decode(ping).error, DecodeError::Malformed);
}

// The fuzz corpus (tests/fuzz/corpus) holds a seed for every message type, so
// libFuzzer starts from a valid packet of each. RAPPORT_WRITE_FUZZ_CORPUS=1
// (re)writes the msg-* seeds from samples(); without it the test checks them.
TEST(Codec, FuzzCorpusHasASeedForEveryMessageType) {
  const char* env = std::getenv("RAPPORT_SOURCE");
  const std::filesystem::path source =
      env && *env ? std::filesystem::path(env) : std::filesystem::path(build::kAssetsDir).parent_path();
  const std::filesystem::path corpus = source / "tests/fuzz/corpus";
  ASSERT_TRUE(std::filesystem::is_directory(corpus)) << corpus << " (set RAPPORT_SOURCE to the source tree)";
  if (const char* write = std::getenv("RAPPORT_WRITE_FUZZ_CORPUS"); write && std::string(write) == "1") {
    for (const auto& message : samples()) {
      const auto bytes = encode(message);
      std::ofstream out(corpus / (std::string("msg-") + name_of(type_of(message))), std::ios::binary);
      out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
  }
  std::set<MessageType> seeded;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const Decoded decoded = decode(bytes);
    if (decoded.ok()) seeded.insert(type_of(*decoded.message));
  }
  for (auto t = static_cast<std::uint16_t>(MessageType::Hello); t < static_cast<std::uint16_t>(MessageType::kCount); ++t) {
    EXPECT_TRUE(seeded.contains(static_cast<MessageType>(t)))
        << "no fuzz seed decodes to " << name_of(static_cast<MessageType>(t))
        << "; run this test with RAPPORT_WRITE_FUZZ_CORPUS=1 and commit tests/fuzz/corpus";
  }
}

}  // namespace
}  // namespace rapport
