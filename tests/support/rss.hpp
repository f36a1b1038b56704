#pragma once
// Peak resident set size of this process, for "decoding must not allocate" checks.
#include <sys/resource.h>

#include <cstdint>

namespace rapport::test {

inline std::int64_t peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

}  // namespace rapport::test
