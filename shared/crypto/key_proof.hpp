#pragma once
// The few cryptographic steps Rapport needs, all from libsodium (never our own):
// the facilitator's answer to the server's challenge (HMAC-SHA-256 keyed with
// the facilitator key) and constant-time comparison of secrets such as tokens.
// A separate small target, so rapport_shared keeps linking cereal only.
#include "rapport/protocol/facilitator_key.hpp"

#include <string_view>

namespace rapport::crypto {

// HMAC-SHA-256(key, "rapport facilitator key v1" || challenge).
[[nodiscard]] KeyProof prove_facilitator_key(const FacilitatorKey& key, const KeyChallenge& challenge);
// Constant-time check of a host's answer.
[[nodiscard]] bool verify_facilitator_key(const FacilitatorKey& key, const KeyChallenge& challenge,
                                          const KeyProof& proof);
// Equal secrets (tokens): the time taken does not depend on where they differ.
// Different lengths are unequal (a token's length is not secret).
[[nodiscard]] bool secrets_equal(std::string_view a, std::string_view b);
// 32 fresh random bytes from libsodium (randombytes_buf), e.g. a new key.
[[nodiscard]] FacilitatorKey random_key();

}  // namespace rapport::crypto
