#pragma once
// The facilitator key on the hosting side (client and bots): which file to
// read, and the proof that goes into CreateSession. The key stays on this
// machine; only the answer to the server's challenge is sent.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rapport::net {

struct HostKey {
  std::optional<FacilitatorKey> key;  // none: the server will say a key is needed
  std::string path;                   // where it came from
  std::string error;                  // --facilitator-key-file given but unusable
};

// With `flag_path`, that file (an error when it cannot be read). Without, the
// local default: the note of a server on this machine at `port`, else
// ./rapport.key; no key (and no error) when there is none.
[[nodiscard]] HostKey find_host_key(const std::string& flag_path, std::uint16_t port);

// Answers the connection's challenge in `create` when there is a key.
void add_key_proof(CreateSession& create, const std::optional<FacilitatorKey>& key, const KeyChallenge& challenge);

}  // namespace rapport::net
