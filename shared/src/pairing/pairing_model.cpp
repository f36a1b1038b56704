#include "pairing_model.hpp"

#include <unordered_map>

namespace rapport::detail {
namespace {

// Rounds of the schedule compared when the mode has a criterion to maximise.
constexpr std::size_t kScheduleCandidates = 8;

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void add_sorted_unique(std::vector<std::uint32_t>& list) {
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
}

}  // namespace

std::string fold_case(const std::string& text) {
  std::string folded = text;
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

RoleKind classify_role(const std::string& role) {
  std::string folded = fold_case(role);
  for (char& c : folded) {
    if (c == ' ' || c == '_') c = '-';
  }
  if (folded == kNewHireRole) return RoleKind::NewHire;
  if (folded == kVeteranRole) return RoleKind::Veteran;
  return RoleKind::Other;
}

std::uint64_t pair_noise(std::uint64_t seed, std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return mix64(mix64(seed ^ 0x5A17C0DEULL) ^ ((static_cast<std::uint64_t>(a) << 32) | b));
}

bool PairingModel::qualifies(std::uint32_t u, std::uint32_t v) const {
  switch (mode) {
    case PairingMode::MixTeams:
      return team[u] < 0 || team[v] < 0 || team[u] != team[v];
    case PairingMode::SameTeam:
      return team[u] >= 0 && team[u] == team[v];
    case PairingMode::MentorPairs:
      return (role[u] == RoleKind::NewHire && role[v] == RoleKind::Veteran) ||
             (role[u] == RoleKind::Veteran && role[v] == RoleKind::NewHire);
    case PairingMode::Any:
    case PairingMode::kCount:
      break;
  }
  return true;
}

PairQuality PairingModel::quality(const LocalGroup& group) const {
  PairQuality total;
  for (std::size_t i = 0; i < group.size(); ++i) {
    for (std::size_t j = i + 1; j < group.size(); ++j) total += quality(group[i], group[j]);
  }
  return total;
}

PairQuality PairingModel::quality(const std::vector<LocalGroup>& groups) const {
  PairQuality total;
  for (const auto& group : groups) total += quality(group);
  return total;
}

PairQuality PairingModel::joining_quality(std::uint32_t x, const LocalGroup& group) const {
  PairQuality total;
  for (auto member : group) total += quality(x, member);
  return total;
}

PairingModel build_model(const PairingRequest& request) {
  PairingModel model;
  model.mode = request.mode;
  model.seed = request.seed;
  std::unordered_map<std::uint32_t, std::uint32_t> local;
  std::unordered_map<std::string, int> teams;
  for (const auto& player : request.players) {
    if (!local.emplace(player.id, static_cast<std::uint32_t>(model.ids.size())).second) continue;
    model.ids.push_back(player.id);
    const std::string team = fold_case(player.team);
    int team_index = -1;
    if (!team.empty()) team_index = teams.emplace(team, static_cast<int>(teams.size())).first->second;
    model.team.push_back(team_index);
    model.role.push_back(classify_role(player.role));
  }
  const std::size_t n = model.ids.size();
  model.met.resize(n);
  model.blocked.resize(n);
  model.lock_partner.assign(n, kNoLock);
  const auto find = [&local](std::uint32_t id) {
    const auto it = local.find(id);
    return it == local.end() ? UINT32_MAX : it->second;
  };
  if (request.history != nullptr) {
    for (const auto& pair : request.history->met_pairs()) {
      const auto a = find(pair.a);
      const auto b = find(pair.b);
      if (a == UINT32_MAX || b == UINT32_MAX) continue;
      model.met[a].push_back(b);
      model.met[b].push_back(a);
    }
  }
  for (const auto& pair : request.do_not_pair) {
    const auto a = find(pair.a);
    const auto b = find(pair.b);
    if (a == UINT32_MAX || b == UINT32_MAX || a == b) continue;
    model.blocked[a].push_back(b);
    model.blocked[b].push_back(a);
  }
  for (std::size_t i = 0; i < n; ++i) {
    add_sorted_unique(model.met[i]);
    add_sorted_unique(model.blocked[i]);
  }
  for (const auto& pair : request.locked_pairs) {
    const auto a = find(pair.a);
    const auto b = find(pair.b);
    if (a == UINT32_MAX || b == UINT32_MAX || a == b || model.lock_partner[a] != kNoLock ||
        model.lock_partner[b] != kNoLock) {
      ++model.ignored_locks;
      continue;
    }
    model.lock_partner[a] = b;
    model.lock_partner[b] = a;
    model.locks.push_back({a, b});
  }
  return model;
}

void seat_joiner(const PairingModel& model, std::uint32_t joiner, std::vector<LocalGroup>& groups) {
  std::size_t best = groups.size();
  PairQuality best_quality;
  std::uint64_t best_noise = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].size() != 2) continue;
    const PairQuality quality = model.joining_quality(joiner, groups[g]);
    const std::uint64_t noise = pair_noise(model.seed, model.ids[joiner], model.ids[groups[g][0]]);
    if (best == groups.size() || quality > best_quality || (quality == best_quality && noise > best_noise)) {
      best = g;
      best_quality = quality;
      best_noise = noise;
    }
  }
  if (best == groups.size()) {
    groups.push_back({joiner});
  } else {
    groups[best].push_back(joiner);
  }
}

void improve_trio(const PairingModel& model, std::vector<LocalGroup>& groups) {
  const auto trio_at = std::find_if(groups.begin(), groups.end(), [](const LocalGroup& g) { return g.size() == 3; });
  if (trio_at == groups.end()) return;
  const auto trio = static_cast<std::size_t>(trio_at - groups.begin());
  // The ten ways to choose which three of five people form the trio.
  static constexpr std::array<std::array<int, 3>, 10> kTrios = {{{0, 1, 2}, {0, 1, 3}, {0, 1, 4}, {0, 2, 3},
                                                                 {0, 2, 4}, {0, 3, 4}, {1, 2, 3}, {1, 2, 4},
                                                                 {1, 3, 4}, {2, 3, 4}}};
  bool improved = true;
  while (improved) {
    improved = false;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (g == trio || groups[g].size() != 2) continue;
      const std::array<std::uint32_t, 5> five = {groups[trio][0], groups[trio][1], groups[trio][2], groups[g][0],
                                                 groups[g][1]};
      PairQuality best = model.quality(groups[trio]);
      best += model.quality(groups[g]);
      int best_split = -1;
      for (int split = 0; split < static_cast<int>(kTrios.size()); ++split) {
        std::array<int, 5> side = {1, 1, 1, 1, 1};  // 0 = trio, 1 = pair
        for (int i : kTrios[static_cast<std::size_t>(split)]) side[static_cast<std::size_t>(i)] = 0;
        bool keeps_locks = true;
        LocalGroup new_trio;
        LocalGroup new_pair;
        for (std::size_t i = 0; i < 5; ++i) {
          (side[i] == 0 ? new_trio : new_pair).push_back(five[i]);
          for (std::size_t j = 0; j < 5; ++j) {
            if (model.lock_partner[five[i]] == five[j] && side[i] != side[j]) keeps_locks = false;
          }
        }
        if (!keeps_locks) continue;
        PairQuality quality = model.quality(new_trio);
        quality += model.quality(new_pair);
        if (quality > best) {
          best = quality;
          best_split = split;
        }
      }
      if (best_split < 0) continue;
      LocalGroup new_trio;
      LocalGroup new_pair;
      for (std::size_t i = 0; i < 5; ++i) {
        const auto& chosen = kTrios[static_cast<std::size_t>(best_split)];
        const bool in_trio = std::find(chosen.begin(), chosen.end(), static_cast<int>(i)) != chosen.end();
        (in_trio ? new_trio : new_pair).push_back(five[i]);
      }
      groups[trio] = std::move(new_trio);
      groups[g] = std::move(new_pair);
      improved = true;
    }
  }
}

// The circle method: players 0..n-2 sit on a circle and n-1 in the middle; in
// round r, r meets the middle and (r+k) meets (r-k) mod (n-1). The n-1 rounds
// cover every pair exactly once. Pair (i, j) with i, j < n-1 is in the round r
// with 2r = i + j (mod n-1); n-1 is odd, so 2's inverse is n/2.
std::vector<LocalGroup> fresh_schedule_round(const PairingModel& model,
                                             const std::vector<std::uint32_t>& free_players) {
  const std::size_t n = free_players.size();
  if (n < 2 || n % 2 != 0) return {};
  // Seats depend on the ids only, not on the seed, so consecutive rotations
  // (each with its own seed) keep using the same schedule.
  std::vector<std::uint32_t> seat_to_local = free_players;
  std::sort(seat_to_local.begin(), seat_to_local.end(), [&model](std::uint32_t x, std::uint32_t y) {
    return mix64(model.ids[x]) < mix64(model.ids[y]);
  });
  std::vector<std::uint32_t> seat(model.size(), UINT32_MAX);
  for (std::size_t s = 0; s < n; ++s) seat[seat_to_local[s]] = static_cast<std::uint32_t>(s);
  const std::size_t middle = n - 1;
  const auto round_of = [&](std::size_t i, std::size_t j) -> std::size_t {
    if (i == middle) return j;
    if (j == middle) return i;
    return ((i + j) * (n / 2)) % middle;
  };
  std::vector<char> spoiled(middle, 0);
  for (auto u : free_players) {
    for (const auto* list : {&model.met[u], &model.blocked[u]}) {
      for (auto v : *list) {
        if (seat[v] != UINT32_MAX && u < v) spoiled[round_of(seat[u], seat[v])] = 1;
      }
    }
  }
  std::vector<std::uint32_t> fresh;
  for (std::size_t r = 0; r < middle; ++r) {
    if (spoiled[r] == 0) fresh.push_back(static_cast<std::uint32_t>(r));
  }
  Rng rng(model.seed);
  std::vector<LocalGroup> best;
  PairQuality best_quality;
  for (std::size_t tried = 0; tried < kScheduleCandidates && !fresh.empty(); ++tried) {
    const std::size_t pick = rng.below(static_cast<std::uint32_t>(fresh.size()));
    const std::size_t r = fresh[pick];
    fresh[pick] = fresh.back();
    fresh.pop_back();
    std::vector<LocalGroup> round;
    round.push_back({seat_to_local[middle], seat_to_local[r]});
    for (std::size_t k = 1; k < n / 2; ++k) {
      round.push_back({seat_to_local[(r + k) % middle], seat_to_local[(r + middle - k) % middle]});
    }
    const PairQuality quality = model.quality(round);
    if (best.empty() || quality > best_quality) {
      best = std::move(round);
      best_quality = quality;
    }
    if (model.mode == PairingMode::Any) break;  // every fresh round is equally good
  }
  return best;
}

}  // namespace rapport::detail

namespace rapport {
bool is_veteran_role(const std::string& role) { return detail::classify_role(role) == detail::RoleKind::Veteran; }
}  // namespace rapport
