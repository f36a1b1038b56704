#pragma once
// A tiny deterministic PRNG (splitmix64) for rules that need chance: the same
// seed gives the same draws on every machine, so replays and tests agree.
// Not for secrets (tokens and join codes use the OS random source).
#include <cstdint>

namespace rapport {

struct Rng {
  explicit Rng(std::uint64_t seed) : state(seed) {}

  std::uint64_t next() {
    state += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state;
    z = (z ^ (z >> 30u)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27u)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31u);
  }

  // Uniform in [0, n) without modulo bias (Lemire's multiply-shift with rejection);
  // returns 0 when n is 0.
  std::uint32_t below(std::uint32_t n) {
    if (n == 0) return 0;
    const std::uint64_t threshold = (std::uint64_t{1} << 32u) % n;
    for (;;) {
      const std::uint64_t product = (next() >> 32u) * n;
      if ((product & 0xFFFFFFFFull) >= threshold) return static_cast<std::uint32_t>(product >> 32u);
    }
  }

  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11u) * (1.0 / 9007199254740992.0); }

  std::uint64_t state;
};

}  // namespace rapport
