#include "rapport/server/secure_random.hpp"

#include <sys/random.h>

#include <stdexcept>

namespace rapport::server {

std::string RandomSource::token() {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto raw = bytes(16);
  std::string out;
  out.reserve(32);
  for (std::uint8_t b : raw) {
    out.push_back(kHex[b >> 4u]);
    out.push_back(kHex[b & 0x0Fu]);
  }
  return out;
}

std::vector<std::uint8_t> SecureRandom::bytes(std::size_t count) {
  std::vector<std::uint8_t> out(count);
  std::size_t filled = 0;
  while (filled < count) {
    const ssize_t got = getrandom(out.data() + filled, count - filled, 0);
    if (got < 0) throw std::runtime_error("the system's random source failed");
    filled += static_cast<std::size_t>(got);
  }
  return out;
}

}  // namespace rapport::server
