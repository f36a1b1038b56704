#include "rapport/util/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace rapport {
namespace {

TEST(Spearman, PerfectAgreementAndReversal) {
  const std::vector<double> meter = {12, 35, 50, 71, 90};
  const std::vector<double> ios = {1, 2, 4, 5, 7};
  const std::vector<double> reversed = {7, 5, 4, 2, 1};
  EXPECT_DOUBLE_EQ(spearman(meter, ios), 1.0);
  EXPECT_DOUBLE_EQ(spearman(meter, reversed), -1.0);
}

TEST(Spearman, OnlyRanksMatterNotDistances) {
  const std::vector<double> a = {1, 2, 3, 4};
  const std::vector<double> b = {10, 11, 500, 1000};  // monotone but far from linear
  EXPECT_DOUBLE_EQ(spearman(a, b), 1.0);
}

TEST(Spearman, TiesShareTheirAverageRank) {
  // Ranks of a: 1, 2.5, 2.5, 4; of b: 1, 3, 2, 4. Pearson of the ranks:
  // covariance 4.5, variances 4.5 and 5 -> 4.5 / sqrt(22.5).
  const std::vector<double> a = {1, 2, 2, 3};
  const std::vector<double> b = {1, 3, 2, 4};
  EXPECT_NEAR(spearman(a, b), 4.5 / std::sqrt(22.5), 1e-12);
  EXPECT_NEAR(spearman(b, a), 4.5 / std::sqrt(22.5), 1e-12);
}

TEST(Spearman, KnownValueWithoutTies) {
  // d = rank differences 0, -2, 1, 1, 0: rho = 1 - 6 * 6 / (5 * 24) = 0.7.
  const std::vector<double> a = {1, 2, 3, 4, 5};
  const std::vector<double> b = {1, 4, 2, 3, 5};
  EXPECT_NEAR(spearman(a, b), 0.7, 1e-12);
}

TEST(Spearman, UndefinedCasesAreNaN) {
  const std::vector<double> three = {1, 2, 3};
  const std::vector<double> two = {1, 2};
  const std::vector<double> one = {4};
  const std::vector<double> constant = {5, 5, 5};
  const std::vector<double> with_nan = {1, std::numeric_limits<double>::quiet_NaN(), 3};
  EXPECT_TRUE(std::isnan(spearman(three, two)));
  EXPECT_TRUE(std::isnan(spearman(one, one)));
  EXPECT_TRUE(std::isnan(spearman({}, {})));
  EXPECT_TRUE(std::isnan(spearman(three, constant)));
  EXPECT_TRUE(std::isnan(spearman(with_nan, three)));
}

}  // namespace
}  // namespace rapport
