#pragma once
// A tiny deterministic PRNG (splitmix64) for seeded rules: the same seed gives
// the same sequence on every platform and compiler, which std:: engines and
// distributions do not promise.
#include <cstdint>

namespace rapport {

struct Rng {
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform in [0, n); n == 0 gives 0.
  std::uint32_t below(std::uint32_t n);
  // Uniform in [0, 1).
  double unit();

  std::uint64_t state = 0;
};

}  // namespace rapport
