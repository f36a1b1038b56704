#pragma once
// Who has already met whom in a session: the memory the pairing engine uses to
// give everyone new partners. A plain value: the server persists it through
// met_pairs() and rebuilds it with record_pair().
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace rapport {

struct Group;

// One unordered pair of players and how many times they were grouped together.
struct MetPair {
  std::uint32_t a = 0;  // always a < b
  std::uint32_t b = 0;
  int times = 0;
  friend bool operator==(const MetPair&, const MetPair&) = default;
};

class MeetingHistory {
 public:
  // Every pair inside the group (a trio is three pairs) has met once more.
  void record(const Group& group);
  // Adds `times` meetings of a and b (a == b or times <= 0 is ignored).
  void record_pair(std::uint32_t a, std::uint32_t b, int times = 1);
  [[nodiscard]] int times_met(std::uint32_t a, std::uint32_t b) const;
  [[nodiscard]] bool have_met(std::uint32_t a, std::uint32_t b) const { return times_met(a, b) > 0; }
  // Every pair that has met, sorted by (a, b): the persistable form.
  [[nodiscard]] std::vector<MetPair> met_pairs() const;
  [[nodiscard]] std::size_t pair_count() const { return counts_.size(); }

 private:
  std::unordered_map<std::uint64_t, int> counts_;  // key: (min << 32) | max
};

}  // namespace rapport
