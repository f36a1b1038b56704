// The facilitator key's proof and constant-time comparisons (libsodium).
#include "key_proof.hpp"

#include <gtest/gtest.h>

namespace rapport::crypto {
namespace {

TEST(KeyProof, OnlyTheRightKeyAnswersItsOwnChallenge) {
  FacilitatorKey key{};
  key.fill(7);
  KeyChallenge challenge{};
  challenge.fill(1);
  const KeyProof proof = prove_facilitator_key(key, challenge);
  EXPECT_TRUE(verify_facilitator_key(key, challenge, proof));
  FacilitatorKey other = key;
  other[31] ^= 1u;
  EXPECT_FALSE(verify_facilitator_key(other, challenge, proof)) << "another key";
  KeyChallenge later = challenge;
  later[0] ^= 1u;
  EXPECT_FALSE(verify_facilitator_key(key, later, proof)) << "a proof made for another connection";
  KeyProof tampered = proof;
  tampered[5] ^= 0x80u;
  EXPECT_FALSE(verify_facilitator_key(key, challenge, tampered));
  EXPECT_FALSE(verify_facilitator_key(key, challenge, KeyProof{}));
}

// Pins the construction (HMAC-SHA-256 over the label and the challenge), so a
// client and a server built apart agree.
TEST(KeyProof, MatchesAKnownAnswer) {
  FacilitatorKey key{};
  KeyChallenge challenge{};
  // HMAC-SHA-256(32 zero bytes, "rapport facilitator key v1" || 32 zero bytes), from Python's hmac module.
  EXPECT_EQ(format_facilitator_key(prove_facilitator_key(key, challenge)),
            "37df997fb3fbcfdf659db96be9dbd73efa9524e4861336304c7e170db434a163");
}

TEST(SecretsEqual, ComparesWholeSecrets) {
  EXPECT_TRUE(secrets_equal("0123456789abcdef", "0123456789abcdef"));
  EXPECT_FALSE(secrets_equal("0123456789abcdef", "0123456789abcdee"));
  EXPECT_FALSE(secrets_equal("0123456789abcdef", "0123456789abcde"));
  EXPECT_FALSE(secrets_equal("", "x"));
  EXPECT_TRUE(secrets_equal("", ""));
}

TEST(RandomKey, KeysDiffer) { EXPECT_NE(random_key(), random_key()); }

}  // namespace
}  // namespace rapport::crypto
