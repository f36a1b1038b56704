#pragma once
// A fixed facilitator key for tests that drive ServerCore in memory, and the
// proof a host sends with it.
#include "key_proof.hpp"
#include "rapport/protocol/messages.hpp"

namespace rapport::test {

inline FacilitatorKey test_facilitator_key() {
  FacilitatorKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return key;
}

// `create` answering the challenge of `welcome` with the test key.
inline CreateSession keyed(CreateSession create, const Welcome& welcome) {
  create.has_key_proof = true;
  create.key_proof = crypto::prove_facilitator_key(test_facilitator_key(), welcome.key_challenge);
  return create;
}

}  // namespace rapport::test
