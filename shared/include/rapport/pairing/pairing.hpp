#pragma once
// The pairing engine: who talks to whom in the next rotation, and how to
// patch a running rotation when someone arrives late or leaves.
//
// Pure and value-based: every answer is a function of the request (players,
// history, mode, host constraints and a seed). Same request, same groups.
//
// Priorities when goals conflict, highest first (docs/PAIRING.md has the proofs):
//   1. Everyone is placed exactly once: groups of two, plus exactly one trio
//      when the count is odd. Nobody sits out.
//   2. Host-locked pairs sit together (a lock always wins, even over a
//      do-not-pair entry or an earlier meeting: the host asked for it).
//   3. Do-not-pair players are never together if any grouping allows it.
//   4. No repeated partner while a repeat-free grouping exists.
//   5. The most pairs that meet the mode's criterion (mix teams, same team,
//      mentor pairs).
//   6. Randomness from the seed among groupings that tie on 1-5.
#include "rapport/pairing/meeting_history.hpp"
#include "rapport/protocol/protocol_types.hpp"  // PairingMode

#include <cstdint>
#include <string>
#include <vector>

namespace rapport {

// Mentor pairs join a player whose role is "new-hire" with one whose role is
// "veteran". Roles and teams compare case-insensitively (ASCII), and for roles
// ' ' and '_' count as '-' ("New Hire" == "new-hire"). A player with no team tag
// counts as a team of their own: mixed with everyone, same-team with no one.
inline constexpr const char* kNewHireRole = "new-hire";
inline constexpr const char* kVeteranRole = "veteran";
// A participant may only ask to be a veteran (a mentor): the server seats them
// with this role, which pairs like any other, until the host confirms it.
inline constexpr const char* kRequestedVeteranRole = "veteran?";
// "veteran", "Veteran", "VETERAN" (the comparison mentor pairs use).
[[nodiscard]] bool is_veteran_role(const std::string& role);

struct PairingPlayer {
  std::uint32_t id = 0;
  std::string team;
  std::string role;
};

struct PlayerPair {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

struct Group {
  std::vector<std::uint32_t> members;  // 2, or 3 for the trio; 1 = solo reflection
  friend bool operator==(const Group&, const Group&) = default;
};

struct PairingRequest {
  std::vector<PairingPlayer> players;        // duplicate ids are placed once
  const MeetingHistory* history = nullptr;   // null: nobody has met yet
  PairingMode mode = PairingMode::Any;
  // A lock is dropped (and counted in ignored_locks) when a player is absent,
  // both ids are the same, or a player is already in an earlier lock.
  std::vector<PlayerPair> locked_pairs;
  std::vector<PlayerPair> do_not_pair;
  std::uint64_t seed = 0;
};

// How a grouping scores; every pair inside a group counts (a trio has three).
struct GroupingScore {
  int constraint_violations = 0;  // do-not-pair pairs placed together
  int repeat_pairs = 0;           // pairs that had met before
  int qualifying_pairs = 0;       // pairs meeting the mode's criterion (Any: all)
  friend bool operator==(const GroupingScore&, const GroupingScore&) = default;
};

// Which algorithm produced the groups (shown in logs and the benchmark).
enum class PairingMethod : std::uint8_t {
  Trivial,     // fewer than two free players
  RoundRobin,  // a whole round of the rotation schedule was still fresh
  Exact,       // maximum-weight matching (Edmonds' blossom), exact priorities
  Scalable,    // large hall: greedy + augmenting paths on the unmet graph
  kCount
};

struct PairingResult {
  std::vector<Group> groups;
  int repeat_pairs = 0;
  int qualifying_pairs = 0;
  int constraint_violations = 0;
  int ignored_locks = 0;
  PairingMethod method = PairingMethod::Trivial;
};

// Up to this many free players (not in a lock) the engine solves the priorities
// exactly with a weighted blossom, O(n^3): about 6 ms at this size on one core.
inline constexpr std::size_t kExactPairingMaxPlayers = 200;
// Up to this many free players an odd count tries every possible trio, which
// makes the trio exact too; larger halls pick the trio from the matching.
inline constexpr std::size_t kExactTrioMaxPlayers = 15;

[[nodiscard]] PairingResult make_groups(const PairingRequest& request);

// Scores groups against the request's history, constraints and mode.
[[nodiscard]] GroupingScore score_groups(const std::vector<Group>& groups, const PairingRequest& request);
[[nodiscard]] bool pair_qualifies(PairingMode mode, const PairingPlayer& a, const PairingPlayer& b);

// ---- patching a running rotation --------------------------------------------
enum class PlacementKind : std::uint8_t {
  PairedWithWaiting,  // joined someone who was waiting alone: a new pair
  JoinedGroup,        // joined a running pair, making a trio
  SoloReflection,     // nobody suitable: a solo reflection card until next rotation
  kCount
};

struct Placement {
  std::uint32_t player = 0;
  PlacementKind kind = PlacementKind::SoloReflection;
  std::size_t group_index = 0;  // index into RegroupResult::groups
};

struct RegroupOptions {
  // When false, nobody is added to a running pair mid-round (for example in the
  // last minute of a round): they wait with a solo reflection card instead.
  bool allow_trios = true;
};

struct RegroupResult {
  std::vector<Group> groups;         // groups of size 1 are solo reflection cards
  std::vector<Placement> placements;  // one per player who was (re)placed
};

// Places a latecomer now: with someone waiting alone, else into the best pair
// as a trio, else on a solo reflection card until the next rotation. `context`
// supplies players (including the newcomer), history, mode, constraints, seed.
// Choice among candidates: never a do-not-pair partner, then fewest repeats,
// then a waiting person before a running pair, then qualifying pairs, then seed.
[[nodiscard]] RegroupResult place_latecomer(const std::vector<Group>& groups, std::uint32_t newcomer,
                                            const PairingRequest& context, RegroupOptions options = {});

// Removes a player who left. Whoever is left alone is placed like a latecomer
// (waiting person, else a trio, else a solo reflection card) — never an empty screen.
[[nodiscard]] RegroupResult remove_player(const std::vector<Group>& groups, std::uint32_t leaver,
                                          const PairingRequest& context, RegroupOptions options = {});

}  // namespace rapport
