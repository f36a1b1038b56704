#pragma once
// The facilitator key: only someone holding the server's key may create a
// session. The key never travels: the server sends a fresh challenge with each
// Welcome, and a host answers with a keyed hash (HMAC-SHA-256) of it, computed
// in rapport_key_proof (libsodium). This header is the pure part both sides
// share: the key's text form, where the key file is found, and the sizes.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport {

// 256 random bits; far beyond guessing, so a wrong key is refused for what it
// is and never locks out the right one.
inline constexpr std::size_t kFacilitatorKeyBytes = 32;
// The server's per-connection challenge (random) and the host's answer (HMAC-SHA-256).
inline constexpr std::size_t kKeyChallengeBytes = 32;
inline constexpr std::size_t kKeyProofBytes = 32;
// Without --facilitator-key-file the key lives beside the database under this name.
inline constexpr std::string_view kDefaultKeyFileName = "rapport.key";

using FacilitatorKey = std::array<std::uint8_t, kFacilitatorKeyBytes>;
using KeyChallenge = std::array<std::uint8_t, kKeyChallengeBytes>;
using KeyProof = std::array<std::uint8_t, kKeyProofBytes>;

// The file holds the key as 64 hex digits (a newline and surrounding spaces are
// fine), so it can be pasted into a message to a co-facilitator.
[[nodiscard]] std::optional<FacilitatorKey> parse_facilitator_key(std::string_view text);
[[nodiscard]] std::string format_facilitator_key(const FacilitatorKey& key);

struct KeyFileRead {
  std::optional<FacilitatorKey> key;
  bool missing = false;  // the file does not exist
  std::string error;     // set when there is no key: a sentence a person can act on
};
[[nodiscard]] KeyFileRead read_facilitator_key_file(const std::string& path);

// "rapport.key" in the folder of `db_path` (the server's default key file).
[[nodiscard]] std::string key_path_beside(const std::string& db_path);

// Where a running server notes which key file it uses, so a host on the same
// machine finds it without a flag: <runtime dir>/rapport/server-<port>.keypath,
// the runtime dir being $XDG_RUNTIME_DIR, else $HOME/.cache. Empty when neither
// is set. The note holds a path, never the key.
[[nodiscard]] std::string key_note_path(std::uint16_t port);

// The key a host uses when no --facilitator-key-file is given: the note of a
// local server on `port`, else ./rapport.key. Empty when there is none.
[[nodiscard]] std::string find_local_key_file(std::uint16_t port);

}  // namespace rapport
