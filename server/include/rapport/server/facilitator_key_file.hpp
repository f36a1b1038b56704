#pragma once
// The server's facilitator key on disk: read it, or create a random one (mode
// 0600) when the file does not exist yet. Also the note that tells hosts on
// the same machine where the key is (see facilitator_key.hpp). The key itself
// is never logged or printed.
#include "rapport/protocol/facilitator_key.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rapport::server {

struct LoadedKey {
  std::optional<FacilitatorKey> key;
  bool created = false;
  std::string error;    // set when there is no key: a sentence a person can act on
  std::string warning;  // e.g. the file can be read by other users
};

// Reads `path`, or creates it atomically (never overwriting a file another
// server created at the same moment).
[[nodiscard]] LoadedKey load_or_create_facilitator_key(const std::string& path);

// Writes/removes the note for `port` (best effort: false with `error` when it cannot).
bool write_key_note(std::uint16_t port, const std::string& key_path, std::string* error);
void remove_key_note(std::uint16_t port);

}  // namespace rapport::server
