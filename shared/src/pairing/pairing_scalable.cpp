// Pairing for a conference hall (more than kExactPairingMaxPlayers free
// players), in near-linear time on the usual dense "not yet met" graph:
//   1. a random greedy start that prefers qualifying, fresh, allowed partners;
//   2. augmenting paths (Edmonds) on the fresh-and-allowed graph from every
//      player still alone: the result is a MAXIMUM matching of that graph, so
//      nobody repeats a partner whenever a repeat-free pairing exists;
//   3. players still alone pair with allowed partners (augmenting paths on the
//      allowed graph), and only then with anyone;
//   4. random pair swaps that raise the quality (repeats, then qualifying pairs);
//   5. for an odd count, the player left over joins the best pair as a trio,
//      then the trio is re-split with each other pair while that helps.
#include "cardinality_matching.hpp"
#include "pairing_model.hpp"

#include <algorithm>

namespace rapport::detail {
namespace {

// Random candidates a player looks at in the greedy start: enough that, in a
// dense unmet graph, almost everyone finds a qualifying partner.
constexpr std::uint32_t kGreedySamples = 48;
// Random partner pairs each pair tries to swap with, per improvement pass.
constexpr std::uint32_t kSwapTries = 24;
constexpr int kSwapPasses = 3;

constexpr std::uint32_t kFree = AugmentingPathSearch::kFree;

// A set of unmatched positions with O(1) random pick and removal.
class Pool {
 public:
  explicit Pool(std::uint32_t n) : items_(n), where_(n) {
    for (std::uint32_t i = 0; i < n; ++i) items_[i] = where_[i] = i;
  }
  void remove(std::uint32_t x) {
    const std::uint32_t last = items_.back();
    items_[where_[x]] = last;
    where_[last] = where_[x];
    items_.pop_back();
  }
  void add(std::uint32_t x) {
    where_[x] = static_cast<std::uint32_t>(items_.size());
    items_.push_back(x);
  }
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(items_.size()); }
  [[nodiscard]] std::uint32_t at(std::uint32_t i) const { return items_[i]; }

 private:
  std::vector<std::uint32_t> items_;
  std::vector<std::uint32_t> where_;
};

}  // namespace

void solve_scalable(const PairingModel& model, const std::vector<std::uint32_t>& free_players,
                    std::vector<LocalGroup>& groups) {
  const auto n = static_cast<std::uint32_t>(free_players.size());
  const auto& fp = free_players;
  Rng rng(model.seed);
  std::vector<std::uint32_t> mate(n, kFree);

  // 1. Greedy start in a random order.
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  for (std::uint32_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  Pool pool(n);
  for (auto u : order) {
    if (mate[u] != kFree) continue;
    pool.remove(u);
    std::uint32_t fallback = kFree;
    std::uint32_t chosen = kFree;
    for (std::uint32_t s = 0; s < kGreedySamples && pool.size() > 0; ++s) {
      const std::uint32_t v = pool.at(rng.below(pool.size()));
      if (!model.acceptable(fp[u], fp[v])) continue;
      if (model.qualifies(fp[u], fp[v])) {
        chosen = v;
        break;
      }
      if (fallback == kFree) fallback = v;
    }
    if (chosen == kFree) chosen = fallback;
    if (chosen == kFree) {
      pool.add(u);  // others may still pick u
      continue;
    }
    pool.remove(chosen);
    mate[u] = chosen;
    mate[chosen] = u;
  }

  // 2. Maximum matching of the fresh-and-allowed graph.
  AugmentingPathSearch fresh(std::move(mate), [&model, &fp](std::uint32_t u, std::uint32_t v) {
    return model.acceptable(fp[u], fp[v]);
  });
  for (auto u : order) (void)fresh.augment_from(u);

  // 3. Then the allowed graph, where partners may repeat.
  AugmentingPathSearch allowed(fresh.mate(), [&model, &fp](std::uint32_t u, std::uint32_t v) {
    return !model.is_blocked(fp[u], fp[v]);
  });
  for (auto u : order) (void)allowed.augment_from(u);
  mate = allowed.mate();
  std::vector<std::uint32_t> alone;
  for (auto u : order) {
    if (mate[u] == kFree) alone.push_back(u);
  }
  // An odd count keeps one player for the trio; the others pair up regardless.
  const std::uint32_t joiner = n % 2 == 1 ? alone.back() : kFree;
  if (joiner != kFree) alone.pop_back();
  for (std::size_t i = 0; i + 1 < alone.size(); i += 2) {
    mate[alone[i]] = alone[i + 1];
    mate[alone[i + 1]] = alone[i];
  }

  // 4. Pair swaps: (a,b)+(c,d) -> (a,c)+(b,d) or (a,d)+(b,c) when that is better.
  std::vector<LocalGroup> pairs;
  for (std::uint32_t u = 0; u < n; ++u) {
    if (mate[u] != kFree && u < mate[u]) pairs.push_back({fp[u], fp[mate[u]]});
  }
  const auto count = static_cast<std::uint32_t>(pairs.size());
  const PairQuality start = model.quality(pairs);
  const bool worth_swapping = model.mode != PairingMode::Any || start.repeats > 0 || start.violations > 0;
  if (count > 1 && worth_swapping) {
    const PairQuality ideal{0, 0, 1};
    // A fresh, allowed pair of two players who can never qualify (a guest in
    // mentor mode, a one-person team in same-team mode) cannot gain from a swap.
    std::vector<int> team_size;
    for (auto u : fp) {
      if (model.team[u] >= 0) {
        team_size.resize(std::max(team_size.size(), static_cast<std::size_t>(model.team[u]) + 1), 0);
        ++team_size[static_cast<std::size_t>(model.team[u])];
      }
    }
    const auto may_qualify = [&](std::uint32_t u) {
      switch (model.mode) {
        case PairingMode::MentorPairs:
          return model.role[u] != RoleKind::Other;
        case PairingMode::SameTeam:
          return model.team[u] >= 0 && team_size[static_cast<std::size_t>(model.team[u])] > 1;
        default:
          return true;
      }
    };
    const auto hopeful = [&](const LocalGroup& pair) {
      const PairQuality q = model.quality(pair[0], pair[1]);
      if (q == ideal) return false;
      return q.violations > 0 || q.repeats > 0 || may_qualify(pair[0]) || may_qualify(pair[1]);
    };
    for (int pass = 0; pass < kSwapPasses; ++pass) {
      bool swapped = false;
      for (std::uint32_t p = 0; p < count; ++p) {
        for (std::uint32_t t = 0; t < kSwapTries && hopeful(pairs[p]); ++t) {
          const std::uint32_t q = rng.below(count);
          if (q == p) continue;
          auto& x = pairs[p];
          auto& y = pairs[q];
          PairQuality before = model.quality(x[0], x[1]);
          before += model.quality(y[0], y[1]);
          PairQuality crossed = model.quality(x[0], y[0]);
          crossed += model.quality(x[1], y[1]);
          PairQuality twisted = model.quality(x[0], y[1]);
          twisted += model.quality(x[1], y[0]);
          if (crossed > before && !(twisted > crossed)) {
            std::swap(x[1], y[0]);
            swapped = true;
          } else if (twisted > before) {
            std::swap(x[1], y[1]);
            swapped = true;
          }
        }
      }
      if (!swapped) break;
    }
  }
  groups.insert(groups.end(), pairs.begin(), pairs.end());

  // 5. The trio.
  if (joiner != kFree) {
    seat_joiner(model, fp[joiner], groups);
    improve_trio(model, groups);
  }
}

}  // namespace rapport::detail
