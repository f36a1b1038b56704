#pragma once
// Random bytes from the operating system's cryptographic source (getrandom),
// for join codes and tokens. Logic takes the bytes as values; only the server
// edge reads from here.
#include <cstdint>
#include <string>
#include <vector>

namespace rapport::server {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  [[nodiscard]] virtual std::vector<std::uint8_t> bytes(std::size_t count) = 0;
  // 128 random bits as 32 lowercase hex characters.
  [[nodiscard]] std::string token();
};

class SecureRandom final : public RandomSource {
 public:
  [[nodiscard]] std::vector<std::uint8_t> bytes(std::size_t count) override;
};

}  // namespace rapport::server
