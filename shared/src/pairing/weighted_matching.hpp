#pragma once
// Maximum-weight matching on a small dense graph (internal to the pairing engine).
#include <cstdint>
#include <vector>

namespace rapport::detail {

// Edmonds' primal-dual blossom algorithm, O(n^3) time and O(n^2) memory.
// `weights` is n*n, row-major and symmetric; a weight <= 0 means "no edge".
// Returns mate[v] (-1 when unmatched). Add a large constant to every edge to
// make the maximum-weight matching a perfect one on a complete graph.
[[nodiscard]] std::vector<int> max_weight_matching(std::size_t n, const std::vector<std::int64_t>& weights);

}  // namespace rapport::detail
