// Exact pairing for rooms up to kExactPairingMaxPlayers free players: the
// priorities become one integer weight per pair, with each tier worth more than
// everything below it put together, and a maximum-weight perfect matching
// (Edmonds' blossom) finds the best grouping.
#include "pairing_model.hpp"
#include "weighted_matching.hpp"

#include <limits>

namespace rapport::detail {
namespace {

// Tie-breaking noise per pair lies in [0, kNoiseRange): random among equals.
constexpr std::int64_t kNoiseRange = 1024;

struct Units {
  std::int64_t qualify = 0;
  std::int64_t repeat = 0;
  std::int64_t violation = 0;
  std::int64_t offset = 0;  // added to every edge so the best matching is perfect
};

// With at most `pairs` pairs in any grouping, a tier unit of 2*pairs times the
// one below outweighs every lower tier summed over the whole grouping.
Units units_for(std::size_t players) {
  const auto pairs = static_cast<std::int64_t>(players / 2 + 2);
  Units units;
  units.qualify = kNoiseRange * 2 * pairs;
  units.repeat = units.qualify * 2 * pairs;
  units.violation = units.repeat * 2 * pairs;
  units.offset = pairs * (units.violation + units.repeat + units.qualify + kNoiseRange) + 1;
  return units;
}

std::int64_t pair_value(const PairingModel& model, const Units& units, std::uint32_t u, std::uint32_t v) {
  const PairQuality q = model.quality(u, v);
  const auto noise = static_cast<std::int64_t>(pair_noise(model.seed, model.ids[u], model.ids[v]) %
                                               static_cast<std::uint64_t>(kNoiseRange));
  return units.qualify * q.qualifying - units.repeat * q.repeats - units.violation * q.violations + noise;
}

// Best perfect matching of `players` (even count). With `with_spare_seat` an
// extra vertex of value 0 takes one player (odd count); that player is
// returned through `spare`. Returns the summed pair values.
std::int64_t best_pairs(const PairingModel& model, const Units& units, const std::vector<std::uint32_t>& players,
                        bool with_spare_seat, std::vector<LocalGroup>& pairs, std::uint32_t& spare) {
  const std::size_t n = players.size() + (with_spare_seat ? 1 : 0);
  std::vector<std::int64_t> weights(n * n, 0);
  for (std::size_t i = 0; i < players.size(); ++i) {
    for (std::size_t j = i + 1; j < players.size(); ++j) {
      const std::int64_t w = units.offset + pair_value(model, units, players[i], players[j]);
      weights[i * n + j] = weights[j * n + i] = w;
    }
    if (with_spare_seat) weights[i * n + n - 1] = weights[(n - 1) * n + i] = units.offset;
  }
  const std::vector<int> mate = max_weight_matching(n, weights);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < players.size(); ++i) {
    if (mate[i] < 0) continue;  // cannot happen: the offset makes the matching perfect
    const auto partner = static_cast<std::size_t>(mate[i]);
    if (partner == n - 1 && with_spare_seat) {
      spare = players[i];
    } else if (partner > i) {
      pairs.push_back({players[i], players[partner]});
      total += pair_value(model, units, players[i], players[partner]);
    }
  }
  return total;
}

// Odd count, small room: try every trio (three free players, or a lock plus
// one free player) with the best pairing of everyone else.
void best_with_every_trio(const PairingModel& model, const Units& units, const std::vector<std::uint32_t>& players,
                          std::vector<LocalGroup>& groups) {
  const std::size_t n = players.size();
  const std::size_t lock_count = groups.size();
  std::int64_t best_total = std::numeric_limits<std::int64_t>::min();
  std::vector<LocalGroup> best_pairs_found;
  LocalGroup best_trio;
  std::size_t best_host = lock_count;  // a lock index, or lock_count for a free trio
  std::uint32_t unused_spare = 0;
  const auto consider = [&](const std::vector<std::uint32_t>& rest, std::int64_t trio_value, LocalGroup trio,
                            std::size_t host) {
    std::vector<LocalGroup> pairs;
    const std::int64_t total = trio_value + best_pairs(model, units, rest, false, pairs, unused_spare);
    if (total > best_total) {
      best_total = total;
      best_pairs_found = std::move(pairs);
      best_trio = std::move(trio);
      best_host = host;
    }
  };
  std::vector<std::uint32_t> rest;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      for (std::size_t c = b + 1; c < n; ++c) {
        rest.clear();
        for (std::size_t i = 0; i < n; ++i) {
          if (i != a && i != b && i != c) rest.push_back(players[i]);
        }
        const std::int64_t value = pair_value(model, units, players[a], players[b]) +
                                   pair_value(model, units, players[a], players[c]) +
                                   pair_value(model, units, players[b], players[c]);
        consider(rest, value, {players[a], players[b], players[c]}, lock_count);
      }
    }
  }
  for (std::size_t lock = 0; lock < lock_count; ++lock) {
    for (std::size_t x = 0; x < n; ++x) {
      rest.clear();
      for (std::size_t i = 0; i < n; ++i) {
        if (i != x) rest.push_back(players[i]);
      }
      const std::int64_t value = pair_value(model, units, players[x], groups[lock][0]) +
                                 pair_value(model, units, players[x], groups[lock][1]);
      consider(rest, value, {players[x]}, lock);
    }
  }
  if (best_host < lock_count) {
    groups[best_host].push_back(best_trio[0]);
  } else {
    groups.push_back(best_trio);
  }
  groups.insert(groups.end(), best_pairs_found.begin(), best_pairs_found.end());
}

}  // namespace

void solve_exact(const PairingModel& model, const std::vector<std::uint32_t>& free_players,
                 std::vector<LocalGroup>& groups) {
  const std::size_t n = free_players.size();
  const Units units = units_for(n);
  std::uint32_t spare = UINT32_MAX;
  if (n % 2 == 0) {
    (void)best_pairs(model, units, free_players, false, groups, spare);
  } else if (n <= kExactTrioMaxPlayers) {
    best_with_every_trio(model, units, free_players, groups);
  } else {
    // Larger odd rooms: the matching picks who is left over, then that player
    // joins the pair (or lock) where their two new pairs score best.
    (void)best_pairs(model, units, free_players, true, groups, spare);
    seat_joiner(model, spare, groups);
    improve_trio(model, groups);
  }
}

}  // namespace rapport::detail
