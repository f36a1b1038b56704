#pragma once
// The pairing request turned into dense local indices (internal to the engine):
// interned teams, role kinds, sorted met/blocked lists, validated locks.
#include "rapport/pairing/pairing.hpp"
#include "rapport/util/rng.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace rapport::detail {

enum class RoleKind : std::uint8_t { Other, NewHire, Veteran };

using LocalGroup = std::vector<std::uint32_t>;  // local indices

// Three tiers of a pair (or a set of pairs) in priority order; larger is better.
struct PairQuality {
  int violations = 0;
  int repeats = 0;
  int qualifying = 0;
  PairQuality& operator+=(const PairQuality& o) {
    violations += o.violations;
    repeats += o.repeats;
    qualifying += o.qualifying;
    return *this;
  }
  // Lexicographic "better than": fewer violations, fewer repeats, more qualifying.
  friend bool operator>(const PairQuality& x, const PairQuality& y) {
    if (x.violations != y.violations) return x.violations < y.violations;
    if (x.repeats != y.repeats) return x.repeats < y.repeats;
    return x.qualifying > y.qualifying;
  }
  friend bool operator==(const PairQuality&, const PairQuality&) = default;
};

inline constexpr std::uint32_t kNoLock = UINT32_MAX;

struct PairingModel {
  PairingMode mode = PairingMode::Any;
  std::uint64_t seed = 0;
  std::vector<std::uint32_t> ids;  // local index -> player id
  std::vector<int> team;           // interned, lower-cased; -1 = no tag
  std::vector<RoleKind> role;
  std::vector<std::vector<std::uint32_t>> met;      // sorted local indices
  std::vector<std::vector<std::uint32_t>> blocked;  // sorted local indices
  std::vector<std::array<std::uint32_t, 2>> locks;  // valid locks, local indices
  std::vector<std::uint32_t> lock_partner;          // per local index; kNoLock if none
  int ignored_locks = 0;

  [[nodiscard]] std::size_t size() const { return ids.size(); }
  [[nodiscard]] bool has_met(std::uint32_t u, std::uint32_t v) const {
    return std::binary_search(met[u].begin(), met[u].end(), v);
  }
  [[nodiscard]] bool is_blocked(std::uint32_t u, std::uint32_t v) const {
    return std::binary_search(blocked[u].begin(), blocked[u].end(), v);
  }
  // Fresh and allowed: the edges of the "unmet graph" the matching works on.
  [[nodiscard]] bool acceptable(std::uint32_t u, std::uint32_t v) const {
    return !has_met(u, v) && !is_blocked(u, v);
  }
  [[nodiscard]] bool qualifies(std::uint32_t u, std::uint32_t v) const;
  [[nodiscard]] PairQuality quality(std::uint32_t u, std::uint32_t v) const {
    return {is_blocked(u, v) ? 1 : 0, has_met(u, v) ? 1 : 0, qualifies(u, v) ? 1 : 0};
  }
  [[nodiscard]] PairQuality quality(const LocalGroup& group) const;
  [[nodiscard]] PairQuality quality(const std::vector<LocalGroup>& groups) const;
  // Quality of adding player x to a group (the new pairs only).
  [[nodiscard]] PairQuality joining_quality(std::uint32_t x, const LocalGroup& group) const;
};

[[nodiscard]] PairingModel build_model(const PairingRequest& request);
[[nodiscard]] RoleKind classify_role(const std::string& role);
[[nodiscard]] std::string fold_case(const std::string& text);
// A symmetric, seed-dependent number for a pair of ids (tie-breaking noise).
[[nodiscard]] std::uint64_t pair_noise(std::uint64_t seed, std::uint32_t a, std::uint32_t b);

// The two ways of solving the free players (those not in a lock). Both return
// groups of two plus, for an odd count, one trio — which may be a lock plus one
// free player, so `groups` holds the locks on entry and may be extended in place.
void solve_exact(const PairingModel& model, const std::vector<std::uint32_t>& free_players,
                 std::vector<LocalGroup>& groups);
void solve_scalable(const PairingModel& model, const std::vector<std::uint32_t>& free_players,
                    std::vector<LocalGroup>& groups);
// A whole round of the circle-method schedule whose pairs are all fresh and
// allowed, best by quality among a few candidates; empty when none is left.
[[nodiscard]] std::vector<LocalGroup> fresh_schedule_round(const PairingModel& model,
                                                           const std::vector<std::uint32_t>& free_players);
// Local search for the trio: re-splits the trio and each other pair (five
// people) into the best trio + pair, keeping locks together, until nothing improves.
void improve_trio(const PairingModel& model, std::vector<LocalGroup>& groups);
// Adds the odd player out to the group (pair or lock) where its new pairs score best.
void seat_joiner(const PairingModel& model, std::uint32_t joiner, std::vector<LocalGroup>& groups);

}  // namespace rapport::detail
