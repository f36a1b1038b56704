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
