#include "rapport/session/roster_view.hpp"

namespace rapport {

bool RosterView::apply(const RosterUpdate& update) {
  bool in_order = true;
  if (update.reset) {
    // A reset arrives in chunks of one revision: the first has `reset`, the
    // rest continue it with the same revision.
    entries_.clear();
  } else if (update.revision != revision_ + 1 && update.revision != revision_) {
    in_order = false;
  }
  for (const auto& entry : update.upserts) entries_[entry.player_id] = entry;
  for (auto id : update.removed) entries_.erase(id);
  revision_ = update.revision;
  return in_order;
}

}  // namespace rapport
