#pragma once
// Token buckets and per-address failure windows. Time comes in as a value.
#include <cstdint>
#include <string>
#include <unordered_map>

namespace rapport::server {

class TokenBucket {
 public:
  TokenBucket(double capacity, double refill_per_second)
      : capacity_(capacity), refill_per_ms_(refill_per_second / 1000.0), tokens_(capacity) {}
  // Takes one token if there is one.
  [[nodiscard]] bool take(std::int64_t now_ms);

 private:
  double capacity_;
  double refill_per_ms_;
  double tokens_;
  std::int64_t last_ms_ = 0;
  bool started_ = false;
};

// Counts failures (e.g. wrong join codes) per address in a fixed window.
class FailureWindow {
 public:
  FailureWindow(int max_failures, std::int64_t window_ms) : max_(max_failures), window_ms_(window_ms) {}
  [[nodiscard]] bool blocked(const std::string& address, std::int64_t now_ms);
  void record(const std::string& address, std::int64_t now_ms);
  // Drops expired entries so the map cannot grow without bound.
  void prune(std::int64_t now_ms);
  [[nodiscard]] std::size_t tracked() const { return entries_.size(); }

 private:
  struct Entry {
    std::int64_t start_ms = 0;
    int failures = 0;
  };
  int max_;
  std::int64_t window_ms_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace rapport::server
