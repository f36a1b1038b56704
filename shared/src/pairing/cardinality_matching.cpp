#include "cardinality_matching.hpp"

#include <numeric>
#include <utility>

namespace rapport::detail {

AugmentingPathSearch::AugmentingPathSearch(std::vector<std::uint32_t> mate, Adjacent adjacent)
    : mate_(std::move(mate)), adjacent_(std::move(adjacent)), parent_(mate_.size()), base_(mate_.size()),
      in_tree_(mate_.size()), in_blossom_(mate_.size()), on_path_(mate_.size()) {}

bool AugmentingPathSearch::augment_from(std::uint32_t root) {
  if (mate_[root] != kFree) return false;
  std::uint32_t v = find_path(root);
  if (v == kFree) return false;
  while (v != kFree) {
    const std::uint32_t pv = parent_[v];
    const std::uint32_t next = mate_[pv];
    mate_[v] = pv;
    mate_[pv] = v;
    v = next;
  }
  return true;
}

std::uint32_t AugmentingPathSearch::lowest_common_base(std::uint32_t a, std::uint32_t b) {
  std::fill(on_path_.begin(), on_path_.end(), 0);
  for (;;) {
    a = base_[a];
    on_path_[a] = 1;
    if (mate_[a] == kFree) break;
    a = parent_[mate_[a]];
  }
  for (;;) {
    b = base_[b];
    if (on_path_[b] != 0) return b;
    b = parent_[mate_[b]];
  }
}

void AugmentingPathSearch::mark_blossom_path(std::uint32_t v, std::uint32_t base, std::uint32_t child) {
  while (base_[v] != base) {
    in_blossom_[base_[v]] = 1;
    in_blossom_[base_[mate_[v]]] = 1;
    parent_[v] = child;
    child = mate_[v];
    v = parent_[mate_[v]];
  }
}

std::uint32_t AugmentingPathSearch::find_path(std::uint32_t root) {
  const auto n = static_cast<std::uint32_t>(mate_.size());
  std::fill(in_tree_.begin(), in_tree_.end(), 0);
  std::fill(parent_.begin(), parent_.end(), kFree);
  std::iota(base_.begin(), base_.end(), 0U);
  queue_.assign(1, root);
  in_tree_[root] = 1;
  for (std::size_t head = 0; head < queue_.size(); ++head) {
    const std::uint32_t v = queue_[head];
    for (std::uint32_t to = 0; to < n; ++to) {
      if (to == v || base_[v] == base_[to] || mate_[v] == to) continue;
      if (!adjacent_(v, to)) continue;
      if (to == root || (mate_[to] != kFree && parent_[mate_[to]] != kFree)) {
        // An odd cycle: contract it into its base and keep searching.
        const std::uint32_t base = lowest_common_base(v, to);
        std::fill(in_blossom_.begin(), in_blossom_.end(), 0);
        mark_blossom_path(v, base, to);
        mark_blossom_path(to, base, v);
        for (std::uint32_t i = 0; i < n; ++i) {
          if (in_blossom_[base_[i]] == 0) continue;
          base_[i] = base;
          if (in_tree_[i] == 0) {
            in_tree_[i] = 1;
            queue_.push_back(i);
          }
        }
      } else if (parent_[to] == kFree) {
        parent_[to] = v;
        if (mate_[to] == kFree) return to;
        in_tree_[mate_[to]] = 1;
        queue_.push_back(mate_[to]);
      }
    }
  }
  return kFree;
}

}  // namespace rapport::detail
