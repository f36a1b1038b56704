#include "rapport/rng.hpp"

namespace rapport {

Rng::Rng(std::uint64_t seed) : state(seed) {}

std::uint64_t Rng::next() {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

std::uint32_t Rng::below(std::uint32_t n) {
  if (n == 0) return 0;
  // Lemire's multiply-shift: unbiased enough for game content, no division.
  const std::uint64_t high = next() >> 32U;
  return static_cast<std::uint32_t>((high * n) >> 32U);
}

double Rng::unit() {
  constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(next() >> 11U) * kTwoToMinus53;
}

}  // namespace rapport
