#include "rapport/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace rapport {
namespace {

// Ranks 1..n; a run of equal values gets the mean of the ranks it spans.
std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return values[x] < values[y]; });
  std::vector<double> ranks(values.size());
  std::size_t run_start = 0;
  while (run_start < order.size()) {
    std::size_t run_end = run_start + 1;
    while (run_end < order.size() && values[order[run_end]] == values[order[run_start]]) ++run_end;
    // Ranks run_start+1 .. run_end share their mean.
    const double mean_rank = (static_cast<double>(run_start + 1) + static_cast<double>(run_end)) / 2.0;
    for (std::size_t k = run_start; k < run_end; ++k) ranks[order[k]] = mean_rank;
    run_start = run_end;
  }
  return ranks;
}

}  // namespace

double spearman(std::span<const double> a, std::span<const double> b) {
  constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
  if (a.size() != b.size() || a.size() < 2) return kUndefined;
  const auto has_nan = [](std::span<const double> v) {
    return std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
  };
  if (has_nan(a) || has_nan(b)) return kUndefined;

  const std::vector<double> ra = average_ranks(a);
  const std::vector<double> rb = average_ranks(b);
  const double n = static_cast<double>(a.size());
  const double mean = (n + 1.0) / 2.0;  // ranks always average (n+1)/2, ties included
  double covariance = 0.0;
  double variance_a = 0.0;
  double variance_b = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    const double da = ra[i] - mean;
    const double db = rb[i] - mean;
    covariance += da * db;
    variance_a += da * da;
    variance_b += db * db;
  }
  if (variance_a <= 0.0 || variance_b <= 0.0) return kUndefined;
  return std::clamp(covariance / std::sqrt(variance_a * variance_b), -1.0, 1.0);
}

}  // namespace rapport
