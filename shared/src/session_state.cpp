#include "rapport/session_state.hpp"

#include "rapport/names.hpp"

namespace rapport {

const Seat* SessionState::seat(std::uint32_t id) const {
  const auto it = seats.find(id);
  return it == seats.end() ? nullptr : &it->second;
}

bool SessionState::name_taken(const std::string& name) const {
  const std::string key = name_key(name);
  for (const auto& [id, s] : seats) {
    if (name_key(s.name) == key) return true;
  }
  return false;
}

std::size_t SessionState::participant_count() const {
  std::size_t n = 0;
  for (const auto& [id, s] : seats) {
    if (!s.host) ++n;
  }
  return n;
}

namespace {

struct Reducer {
  SessionState& state;
  std::int64_t t_ms;

  void operator()(const SessionOpened& e) const {
    state = SessionState{};
    state.code = e.code;
    state.program = e.program;
    state.host_token = e.host_token;
    state.audience = e.audience;
    state.pairing = e.pairing;
    state.chat_filter = e.chat_filter;
    state.keep_chat = e.keep_chat;
    state.created_ms = t_ms;
    state.seats[e.host.id] = e.host;
    state.roster_revision = 1;
  }
  void operator()(const PlayerJoined& e) const {
    if (state.seats.contains(e.seat.id)) return;
    state.seats[e.seat.id] = e.seat;
    ++state.roster_revision;
  }
  void operator()(const PlayerLeft& e) const {
    if (state.seats.erase(e.id) > 0) ++state.roster_revision;
  }
  void operator()(const PlayerConnection& e) const {
    auto it = state.seats.find(e.id);
    if (it == state.seats.end() || it->second.connected == e.connected) return;
    it->second.connected = e.connected;
    ++state.roster_revision;
  }
  void operator()(const JoiningLocked& e) const { state.locked = e.locked; }
  void operator()(const SessionEnded&) const { state.ended = true; }
};

}  // namespace

void apply(SessionState& state, const SessionEvent& event) {
  std::visit(Reducer{state, event.t_ms}, event.body);
}

RosterEntry roster_entry(const Seat& seat) {
  RosterEntry entry;
  entry.player_id = seat.id;
  entry.name = seat.name;
  entry.team = seat.team;
  entry.role = seat.role;
  entry.avatar = seat.avatar;
  entry.status = seat.host ? PlayerStatus::Host : (seat.connected ? PlayerStatus::Lobby : PlayerStatus::Away);
  return entry;
}

}  // namespace rapport
