#include "rapport/server/session_host.hpp"

#include <algorithm>

namespace rapport::server {

SessionHost::SessionHost(SendToPlayer send, EventSink journal, Logger& log)
    : send_(std::move(send)), journal_(std::move(journal)), log_(log) {}

void SessionHost::commit(const SessionEvent& event) {
  if (journal_) journal_(state_.code.empty() ? std::get<SessionOpened>(event.body).code : state_.code, event);
  apply(state_, event);
  broadcast_roster_change(event);
}

void SessionHost::broadcast(const Message& message, std::uint32_t except) const {
  for (const auto& [id, seat] : state_.seats) {
    if (seat.connected && id != except) send_(id, message);
  }
}

void SessionHost::broadcast_roster_change(const SessionEvent& event) const {
  RosterUpdate delta;
  delta.revision = state_.roster_revision;
  std::uint32_t except = 0;
  if (const auto* joined = std::get_if<PlayerJoined>(&event.body)) {
    // The newcomer gets the whole roster instead (send_roster_reset).
    except = joined->seat.id;
    delta.upserts.push_back(roster_entry(joined->seat));
  } else if (const auto* left = std::get_if<PlayerLeft>(&event.body)) {
    delta.removed.push_back(left->id);
  } else if (const auto* conn = std::get_if<PlayerConnection>(&event.body)) {
    if (const Seat* seat = state_.seat(conn->id)) delta.upserts.push_back(roster_entry(*seat));
  } else {
    return;
  }
  broadcast(delta, except);
}

void SessionHost::send_roster_reset(std::uint32_t player_id) const {
  RosterUpdate chunk;
  chunk.revision = state_.roster_revision;
  chunk.reset = true;
  std::size_t remaining = state_.seats.size();
  for (const auto& [id, seat] : state_.seats) {
    chunk.upserts.push_back(roster_entry(seat));
    --remaining;
    if (chunk.upserts.size() == kMaxRosterEntriesPerMessage || remaining == 0) {
      chunk.more = remaining > 0;
      send_(player_id, chunk);
      chunk.upserts.clear();
      chunk.reset = false;
    }
  }
}

}  // namespace rapport::server
