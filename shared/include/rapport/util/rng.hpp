#pragma once
// A tiny deterministic PRNG (splitmix64) for pure rules: the same seed gives
// the same sequence on every platform, unlike std:: distributions whose output
// is implementation-defined.
#include <cstdint>

namespace rapport {

struct Rng {
  explicit Rng(std::uint64_t seed) : state(seed) {}

  std::uint64_t next() {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); n == 0 returns 0. Lemire's multiply-shift: the bias is
  // below 2^-32 per draw, far under anything game content can notice.
  std::uint32_t below(std::uint32_t n) {
    if (n == 0) return 0;
    const std::uint64_t high = next() >> 32U;
    return static_cast<std::uint32_t>((high * n) >> 32U);
  }

  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

  std::uint64_t state;
};

}  // namespace rapport
