#pragma once
// One live session on the server: its state, the events that change it, and
// the messages derived from each change. Request validation happens here; the
// ENet details and connection bookkeeping live in ServerCore.
#include "rapport/server/logger.hpp"
#include "rapport/session_state.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace rapport::server {

// Where a session sends messages: to one seated player (if connected).
using SendToPlayer = std::function<void(std::uint32_t player_id, const Message& message)>;
// Where accepted events go before they are applied (the journal).
using EventSink = std::function<void(const std::string& code, const SessionEvent& event)>;

class SessionHost {
 public:
  SessionHost(SendToPlayer send, EventSink journal, Logger& log);

  // Applies an accepted event: journal first, then state, then messages out.
  void commit(const SessionEvent& event);

  [[nodiscard]] const SessionState& state() const { return state_; }

  // Sends the full roster to one player (chunked), e.g. after they join.
  void send_roster_reset(std::uint32_t player_id) const;

 private:
  void broadcast(const Message& message, std::uint32_t except = 0) const;
  void broadcast_roster_change(const SessionEvent& event) const;

  SessionState state_;
  SendToPlayer send_;
  EventSink journal_;
  Logger& log_;
};

}  // namespace rapport::server
