// Patching a running rotation: latecomers and departures. Nobody is ever left
// with an empty screen: a person without a partner gets a solo reflection card
// (a group of one) until someone arrives or the next rotation starts.
#include "rapport/pairing/pairing.hpp"

#include "pairing_model.hpp"

#include <unordered_map>
#include <unordered_set>

namespace rapport {
namespace {

struct Seating {
  detail::PairingModel model;
  std::unordered_map<std::uint32_t, std::uint32_t> local;

  // Ids in the groups but missing from the context still get a seat (no tags).
  Seating(const PairingRequest& context, const std::vector<Group>& groups, std::uint32_t extra) {
    PairingRequest request = context;
    std::unordered_set<std::uint32_t> known;
    for (const auto& player : request.players) known.insert(player.id);
    const auto ensure = [&](std::uint32_t id) {
      if (known.insert(id).second) request.players.push_back({id, {}, {}});
    };
    for (const auto& group : groups) {
      for (auto id : group.members) ensure(id);
    }
    ensure(extra);
    model = detail::build_model(request);
    for (std::uint32_t i = 0; i < model.size(); ++i) local.emplace(model.ids[i], i);
  }

  [[nodiscard]] detail::LocalGroup to_local(const Group& group) const {
    detail::LocalGroup members;
    for (auto id : group.members) members.push_back(local.at(id));
    return members;
  }
};

// Seats `player` in the best group (see place_latecomer's contract) or on a
// solo reflection card, and reports where.
Placement seat(std::vector<Group>& groups, std::uint32_t player, const Seating& seating, RegroupOptions options) {
  const auto& model = seating.model;
  const std::uint32_t x = seating.local.at(player);
  std::size_t best = groups.size();
  detail::PairQuality best_quality;
  bool best_waiting = false;
  std::uint64_t best_noise = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t size = groups[g].members.size();
    const bool waiting = size == 1;
    if (!waiting && !(size == 2 && options.allow_trios)) continue;
    const detail::PairQuality quality = model.joining_quality(x, seating.to_local(groups[g]));
    if (quality.violations > 0) continue;  // a solo card is better than a do-not-pair partner
    const std::uint64_t noise = detail::pair_noise(model.seed, player, groups[g].members[0]);
    bool better = best == groups.size();
    if (!better && quality.repeats != best_quality.repeats) {
      better = quality.repeats < best_quality.repeats;
    } else if (!better && waiting != best_waiting) {
      better = waiting;  // pairing two people who are alone rescues both
    } else if (!better && quality.qualifying != best_quality.qualifying) {
      better = quality.qualifying > best_quality.qualifying;
    } else if (!better) {
      better = noise > best_noise;
    }
    if (better) {
      best = g;
      best_quality = quality;
      best_waiting = waiting;
      best_noise = noise;
    }
  }
  if (best == groups.size()) {
    groups.push_back(Group{{player}});
    return {player, PlacementKind::SoloReflection, groups.size() - 1};
  }
  groups[best].members.push_back(player);
  return {player, best_waiting ? PlacementKind::PairedWithWaiting : PlacementKind::JoinedGroup, best};
}

}  // namespace

RegroupResult place_latecomer(const std::vector<Group>& groups, std::uint32_t newcomer,
                              const PairingRequest& context, RegroupOptions options) {
  RegroupResult result;
  result.groups = groups;
  for (const auto& group : groups) {
    for (auto id : group.members) {
      if (id == newcomer) return result;  // already seated: nothing to do
    }
  }
  const Seating seating(context, groups, newcomer);
  result.placements.push_back(seat(result.groups, newcomer, seating, options));
  return result;
}

RegroupResult remove_player(const std::vector<Group>& groups, std::uint32_t leaver, const PairingRequest& context,
                            RegroupOptions options) {
  RegroupResult result;
  result.groups = groups;
  for (std::size_t g = 0; g < result.groups.size(); ++g) {
    auto& members = result.groups[g].members;
    const auto it = std::find(members.begin(), members.end(), leaver);
    if (it == members.end()) continue;
    members.erase(it);
    if (members.size() != 1) {
      // A trio goes on as a pair; a solo card simply ends.
      if (members.empty()) result.groups.erase(result.groups.begin() + static_cast<std::ptrdiff_t>(g));
      return result;
    }
    const std::uint32_t left_behind = members[0];
    result.groups.erase(result.groups.begin() + static_cast<std::ptrdiff_t>(g));
    const Seating seating(context, result.groups, left_behind);
    result.placements.push_back(seat(result.groups, left_behind, seating, options));
    return result;
  }
  return result;
}

}  // namespace rapport
