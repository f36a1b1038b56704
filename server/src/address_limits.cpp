#include "rapport/server/address_limits.hpp"

#include <algorithm>

namespace rapport::server {
namespace {
// An address with no live connection is forgotten after this long without a connect.
constexpr std::int64_t kIdleForgetMs = 60'000;
}  // namespace

bool AddressLimits::allow_connect_attempt(std::uint32_t address, std::int64_t now_ms) {
  auto [it, fresh] = entries_.try_emplace(address);
  Entry& e = it->second;
  if (fresh) {
    e.tokens = config_.connect_burst;
  } else {
    const double elapsed_s = static_cast<double>(std::max<std::int64_t>(0, now_ms - e.last_ms)) / 1000.0;
    e.tokens = std::min(config_.connect_burst, e.tokens + elapsed_s * config_.connects_per_second);
  }
  e.last_ms = now_ms;
  if (e.tokens < 1.0) return false;
  e.tokens -= 1.0;
  return true;
}

bool AddressLimits::admit(std::uint32_t address) {
  auto [it, fresh] = entries_.try_emplace(address);
  if (fresh) it->second.tokens = config_.connect_burst;
  if (it->second.connections >= config_.max_connections) return false;
  ++it->second.connections;
  return true;
}

void AddressLimits::release(std::uint32_t address) {
  const auto it = entries_.find(address);
  if (it != entries_.end() && it->second.connections > 0) --it->second.connections;
}

void AddressLimits::prune(std::int64_t now_ms) {
  std::erase_if(entries_, [&](const auto& kv) {
    return kv.second.connections == 0 && now_ms - kv.second.last_ms > kIdleForgetMs;
  });
}

std::size_t AddressLimits::connections(std::uint32_t address) const {
  const auto it = entries_.find(address);
  return it == entries_.end() ? 0 : it->second.connections;
}

std::string ipv4_text(std::uint32_t address) {
  const auto* b = reinterpret_cast<const unsigned char*>(&address);
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

}  // namespace rapport::server
