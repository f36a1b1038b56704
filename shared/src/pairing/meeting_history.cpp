#include "rapport/pairing/meeting_history.hpp"

#include "rapport/pairing/pairing.hpp"

#include <algorithm>
#include <utility>

namespace rapport {
namespace {

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(a) << 32) | b;
}

}  // namespace

void MeetingHistory::record(const Group& group) {
  for (std::size_t i = 0; i < group.members.size(); ++i) {
    for (std::size_t j = i + 1; j < group.members.size(); ++j) {
      record_pair(group.members[i], group.members[j]);
    }
  }
}

void MeetingHistory::record_pair(std::uint32_t a, std::uint32_t b, int times) {
  if (a == b || times <= 0) return;
  counts_[pair_key(a, b)] += times;
}

int MeetingHistory::times_met(std::uint32_t a, std::uint32_t b) const {
  const auto found = counts_.find(pair_key(a, b));
  return found == counts_.end() ? 0 : found->second;
}

std::vector<MetPair> MeetingHistory::met_pairs() const {
  std::vector<MetPair> pairs;
  pairs.reserve(counts_.size());
  for (const auto& [key, times] : counts_) {
    pairs.push_back({static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key), times});
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const MetPair& x, const MetPair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  return pairs;
}

}  // namespace rapport
