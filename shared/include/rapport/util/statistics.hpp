#pragma once
// Small statistics the session report needs, as pure functions.
#include <span>

namespace rapport {

// Spearman's rank correlation between two paired samples (for example the
// rapport meter and each person's Inclusion-of-Other-in-Self answer, 1-7).
// Tied values share the average of their ranks; the result is the Pearson
// correlation of the ranks, in [-1, 1]. Returns NaN when it is undefined: the
// samples differ in length, hold fewer than two pairs, contain NaN, or one side
// has no spread (all values equal).
[[nodiscard]] double spearman(std::span<const double> a, std::span<const double> b);

}  // namespace rapport

#include <cstddef>
#include <cstdint>
#include <optional>

namespace rapport {

struct Interval {
  double low = 0;
  double high = 0;
};

// A percentile bootstrap interval for Spearman's rho: `resamples` draws of the
// pairs with replacement (seeded, so the same data give the same interval),
// the (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled rhos.
// Empty when rho itself is undefined or fewer than 3 pairs.
[[nodiscard]] std::optional<Interval> spearman_interval(std::span<const double> a, std::span<const double> b,
                                                        double level = 0.95, std::size_t resamples = 1000,
                                                        std::uint64_t seed = 1);

}  // namespace rapport
