#pragma once
// What a client knows of its session's roster, built from RosterUpdate deltas.
// Pure: the client and the bots apply the same deltas the same way.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <map>

namespace rapport {

class RosterView {
 public:
  // Applies one delta. Returns false when a revision was skipped (the caller
  // should treat its view as stale; the server follows up with a reset).
  bool apply(const RosterUpdate& update);
  [[nodiscard]] const std::map<std::uint32_t, RosterEntry>& entries() const { return entries_; }
  [[nodiscard]] std::uint32_t revision() const { return revision_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  std::map<std::uint32_t, RosterEntry> entries_;
  std::uint32_t revision_ = 0;
};

}  // namespace rapport
