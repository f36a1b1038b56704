#include "key_proof.hpp"

#include <sodium.h>

#include <stdexcept>

namespace rapport::crypto {
namespace {

// Binds the answer to its purpose, so an HMAC of the same key made for
// anything else is never a valid proof.
constexpr std::string_view kProofLabel = "rapport facilitator key v1";

void ensure_sodium() {
  // Idempotent and thread-safe; -1 means the library cannot work at all.
  if (sodium_init() < 0) throw std::runtime_error("the cryptography library (libsodium) could not start");
}

KeyProof hmac(const FacilitatorKey& key, const KeyChallenge& challenge) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kProofLabel.data()), kProofLabel.size());
  crypto_auth_hmacsha256_update(&state, challenge.data(), challenge.size());
  KeyProof proof{};
  crypto_auth_hmacsha256_final(&state, proof.data());
  sodium_memzero(&state, sizeof state);
  return proof;
}

static_assert(kFacilitatorKeyBytes == crypto_auth_hmacsha256_KEYBYTES);
static_assert(kKeyProofBytes == crypto_auth_hmacsha256_BYTES);

}  // namespace

KeyProof prove_facilitator_key(const FacilitatorKey& key, const KeyChallenge& challenge) {
  ensure_sodium();
  return hmac(key, challenge);
}

bool verify_facilitator_key(const FacilitatorKey& key, const KeyChallenge& challenge, const KeyProof& proof) {
  ensure_sodium();
  const KeyProof expected = hmac(key, challenge);
  return sodium_memcmp(expected.data(), proof.data(), proof.size()) == 0;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  ensure_sodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

FacilitatorKey random_key() {
  ensure_sodium();
  FacilitatorKey key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

}  // namespace rapport::crypto
