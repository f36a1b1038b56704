#pragma once
// Peak resident set size of this process, for "decoding must not allocate" checks.
#include <sys/resource.h>

#include <cstdint>
#include <fstream>
#include <string>

namespace rapport::test {

inline std::int64_t peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// Current resident set size of another process (VmRSS), or -1.
inline std::int64_t rss_kib_of(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

}  // namespace rapport::test
