#include "rapport/util/statistics.hpp"

#include "rapport/util/rng.hpp"

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

std::optional<Interval> spearman_interval(std::span<const double> a, std::span<const double> b, double level,
                                          std::size_t resamples, std::uint64_t seed) {
  constexpr std::size_t kMinPairs = 3;
  if (a.size() != b.size() || a.size() < kMinPairs || resamples == 0 || !(level > 0.0 && level < 1.0)) {
    return std::nullopt;
  }
  if (!std::isfinite(spearman(a, b))) return std::nullopt;
  Rng rng(seed);
  std::vector<double> rhos;
  rhos.reserve(resamples);
  std::vector<double> xa(a.size());
  std::vector<double> xb(b.size());
  const auto n = static_cast<std::uint32_t>(a.size());
  for (std::size_t r = 0; r < resamples; ++r) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::uint32_t k = rng.below(n);
      xa[i] = a[k];
      xb[i] = b[k];
    }
    // A resample with no spread on one side has no rho; it is left out.
    if (const double rho = spearman(xa, xb); std::isfinite(rho)) rhos.push_back(rho);
  }
  if (rhos.empty()) return std::nullopt;
  std::sort(rhos.begin(), rhos.end());
  const auto quantile = [&](double q) {
    const double at = q * static_cast<double>(rhos.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const auto hi = std::min(lo + 1, rhos.size() - 1);
    return rhos[lo] + (rhos[hi] - rhos[lo]) * (at - static_cast<double>(lo));
  };
  return Interval{quantile((1.0 - level) / 2.0), quantile((1.0 + level) / 2.0)};
}

}  // namespace rapport
