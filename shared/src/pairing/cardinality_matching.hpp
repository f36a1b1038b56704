#pragma once
// Augmenting paths for maximum-cardinality matching on a large implicit graph
// (internal to the pairing engine).
#include <cstdint>
#include <functional>
#include <vector>

namespace rapport::detail {

// Edmonds' blossom search (BFS with blossom contraction) on a graph given by
// an adjacency test, starting from an existing matching.
class AugmentingPathSearch {
 public:
  using Adjacent = std::function<bool(std::uint32_t, std::uint32_t)>;

  // mate[v] is the current partner of v or kFree.
  AugmentingPathSearch(std::vector<std::uint32_t> mate, Adjacent adjacent);

  // Looks for an augmenting path from the free vertex `root` and flips it.
  // Returns false when none exists; by Edmonds' theorem none will appear later
  // either, so a caller tries each free vertex once and then has a maximum matching.
  bool augment_from(std::uint32_t root);

  [[nodiscard]] const std::vector<std::uint32_t>& mate() const { return mate_; }

  static constexpr std::uint32_t kFree = UINT32_MAX;

 private:
  std::uint32_t find_path(std::uint32_t root);
  std::uint32_t lowest_common_base(std::uint32_t a, std::uint32_t b);
  void mark_blossom_path(std::uint32_t v, std::uint32_t base, std::uint32_t child);

  std::vector<std::uint32_t> mate_;
  Adjacent adjacent_;
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> base_;
  std::vector<char> in_tree_;
  std::vector<char> in_blossom_;
  std::vector<char> on_path_;
  std::vector<std::uint32_t> queue_;
};

}  // namespace rapport::detail
