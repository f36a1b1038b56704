#include "rapport/server/rate_limit.hpp"

#include <algorithm>

namespace rapport::server {

bool TokenBucket::take(std::int64_t now_ms) {
  if (!started_) {
    started_ = true;
    last_ms_ = now_ms;
  }
  if (now_ms > last_ms_) {
    tokens_ = std::min(capacity_, tokens_ + static_cast<double>(now_ms - last_ms_) * refill_per_ms_);
    last_ms_ = now_ms;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

bool FailureWindow::blocked(const std::string& address, std::int64_t now_ms) {
  const auto it = entries_.find(address);
  if (it == entries_.end()) return false;
  if (now_ms - it->second.start_ms >= window_ms_) {
    entries_.erase(it);
    return false;
  }
  return it->second.failures >= max_;
}

void FailureWindow::record(const std::string& address, std::int64_t now_ms) {
  auto& entry = entries_[address];
  if (entry.failures == 0 || now_ms - entry.start_ms >= window_ms_) {
    entry.start_ms = now_ms;
    entry.failures = 0;
  }
  ++entry.failures;
}

void FailureWindow::prune(std::int64_t now_ms) {
  std::erase_if(entries_, [&](const auto& kv) { return now_ms - kv.second.start_ms >= window_ms_; });
}

}  // namespace rapport::server
