#include "host_key.hpp"

#include "key_proof.hpp"

namespace rapport::net {

HostKey find_host_key(const std::string& flag_path, std::uint16_t port) {
  HostKey result;
  result.path = flag_path.empty() ? find_local_key_file(port) : flag_path;
  if (result.path.empty()) return result;
  auto read = read_facilitator_key_file(result.path);
  result.key = read.key;
  // A default that cannot be read is no key; a file named on purpose must work.
  if (!read.key && !flag_path.empty()) result.error = read.error;
  return result;
}

void add_key_proof(CreateSession& create, const std::optional<FacilitatorKey>& key, const KeyChallenge& challenge) {
  create.has_key_proof = key.has_value();
  if (key) create.key_proof = crypto::prove_facilitator_key(*key, challenge);
}

}  // namespace rapport::net
