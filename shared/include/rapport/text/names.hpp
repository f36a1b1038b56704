#pragma once
// Display names, team tags and join codes: validation and normalisation as
// pure functions (the server decides; the client uses the same rules to warn
// early).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

// Why a name was not accepted, in words a person can act on.
struct NameProblem {
  std::string text;
};

// Trims surrounding spaces and collapses inner runs of whitespace; the result
// must be valid UTF-8, 1..kMaxNameChars code points, no control characters.
// Returns the cleaned name or the problem.
[[nodiscard]] std::optional<std::string> clean_display_name(std::string_view raw,
                                                            NameProblem* problem = nullptr);
// The same rules for an optional tag (team / role): empty is fine.
[[nodiscard]] std::optional<std::string> clean_tag(std::string_view raw, std::size_t max_chars,
                                                   NameProblem* problem = nullptr);

[[nodiscard]] bool is_valid_utf8(std::string_view text);
[[nodiscard]] std::size_t utf8_length(std::string_view text);
// Team and role tags are short labels (characters).
inline constexpr std::size_t kMaxTeamChars = 16;
inline constexpr std::size_t kMaxRoleChars = 16;
// Case-folded key for "is this name taken?" (ASCII folding; good enough to stop "Sam" vs "sam").
[[nodiscard]] std::string name_key(std::string_view name);
// The first `max_chars` code points of valid UTF-8 text.
[[nodiscard]] std::string truncate_utf8(std::string_view text, std::size_t max_chars);
// At most `max_bytes` bytes of valid UTF-8 text, never cutting a character.
[[nodiscard]] std::string truncate_utf8_bytes(std::string_view text, std::size_t max_bytes);
inline constexpr std::size_t kMaxNameCharsForSuffix = 24;
// "Sam" -> "Sam (2)" -> "Sam (3)" until `taken` says no.
template <class Taken>
[[nodiscard]] std::string make_unique_name(const std::string& name, Taken taken);

// ---- join codes -------------------------------------------------------------
// 25 characters without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
inline constexpr std::string_view kJoinCodeAlphabet = "34679ACDEFGHJKMNPQRTUVWXY";
// Maps random bytes to a code (rejection sampling keeps it unbiased). Returns
// nullopt when the bytes ran out before six characters were drawn.
[[nodiscard]] std::optional<std::string> join_code_from_random(std::span<const std::uint8_t> random);
// Upper-cases and checks alphabet and length.
[[nodiscard]] std::optional<std::string> normalise_join_code(std::string_view raw);

template <class Taken>
std::string make_unique_name(const std::string& name, Taken taken) {
  if (!taken(name)) return name;
  for (int n = 2;; ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    const std::size_t room = kMaxNameCharsForSuffix - std::min(suffix.size(), kMaxNameCharsForSuffix);
    std::string candidate = truncate_utf8(name, room) + suffix;
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace rapport
