#include "rapport/pairing/pairing.hpp"

#include "pairing_model.hpp"

#include <unordered_map>

namespace rapport {
namespace {

void shuffle_output(std::vector<Group>& groups, Rng& rng) {
  // Who is listed first can matter to a round (for example who holds the
  // blueprint), so member order is random too.
  for (auto& group : groups) {
    auto& m = group.members;
    for (std::size_t i = m.size(); i > 1; --i) std::swap(m[i - 1], m[rng.below(static_cast<std::uint32_t>(i))]);
  }
  for (std::size_t i = groups.size(); i > 1; --i) {
    std::swap(groups[i - 1], groups[rng.below(static_cast<std::uint32_t>(i))]);
  }
}

}  // namespace

bool pair_qualifies(PairingMode mode, const PairingPlayer& a, const PairingPlayer& b) {
  PairingRequest request;
  request.mode = mode;
  request.players = {a, b};
  const detail::PairingModel model = detail::build_model(request);
  if (model.size() < 2) return false;
  return model.qualifies(0, 1);
}

GroupingScore score_groups(const std::vector<Group>& groups, const PairingRequest& request) {
  const detail::PairingModel model = detail::build_model(request);
  std::unordered_map<std::uint32_t, std::uint32_t> local;
  for (std::uint32_t i = 0; i < model.size(); ++i) local.emplace(model.ids[i], i);
  GroupingScore score;
  for (const auto& group : groups) {
    detail::LocalGroup members;
    for (auto id : group.members) {
      const auto it = local.find(id);
      if (it != local.end()) members.push_back(it->second);
    }
    const detail::PairQuality quality = model.quality(members);
    score.constraint_violations += quality.violations;
    score.repeat_pairs += quality.repeats;
    score.qualifying_pairs += quality.qualifying;
  }
  return score;
}

PairingResult make_groups(const PairingRequest& request) {
  const detail::PairingModel model = detail::build_model(request);
  PairingResult result;
  result.ignored_locks = model.ignored_locks;

  std::vector<detail::LocalGroup> groups;
  for (const auto& lock : model.locks) groups.push_back({lock[0], lock[1]});
  std::vector<std::uint32_t> free_players;
  for (std::uint32_t i = 0; i < model.size(); ++i) {
    if (model.lock_partner[i] == detail::kNoLock) free_players.push_back(i);
  }

  const std::size_t n = free_players.size();
  if (n == 1) {
    detail::seat_joiner(model, free_players[0], groups);  // joins a lock, or sits solo if alone
  } else if (n >= 2) {
    std::vector<detail::LocalGroup> round = detail::fresh_schedule_round(model, free_players);
    if (!round.empty() && model.mode == PairingMode::Any) {
      // All fresh and allowed, every pair qualifies: optimal, and keeping to
      // the schedule leaves the remaining rounds fresh for later rotations.
      result.method = PairingMethod::RoundRobin;
      groups.insert(groups.end(), round.begin(), round.end());
    } else {
      std::vector<detail::LocalGroup> solved = groups;
      if (n <= kExactPairingMaxPlayers) {
        result.method = PairingMethod::Exact;
        detail::solve_exact(model, free_players, solved);
      } else {
        result.method = PairingMethod::Scalable;
        detail::solve_scalable(model, free_players, solved);
      }
      if (!round.empty()) {
        std::vector<detail::LocalGroup> scheduled = groups;
        scheduled.insert(scheduled.end(), round.begin(), round.end());
        if (!(model.quality(solved) > model.quality(scheduled))) {
          result.method = PairingMethod::RoundRobin;
          solved = std::move(scheduled);
        }
      }
      groups = std::move(solved);
    }
  }

  const detail::PairQuality quality = model.quality(groups);
  result.constraint_violations = quality.violations;
  result.repeat_pairs = quality.repeats;
  result.qualifying_pairs = quality.qualifying;
  result.groups.reserve(groups.size());
  for (const auto& group : groups) {
    Group out;
    for (auto member : group) out.members.push_back(model.ids[member]);
    result.groups.push_back(std::move(out));
  }
  Rng rng(request.seed ^ 0x0DDBA11ULL);
  shuffle_output(result.groups, rng);
  return result;
}

}  // namespace rapport
