#pragma once
// A session's authoritative state as plain data, and the events that change it.
// The server validates a request, turns it into an event, journals the event,
// then applies it here with apply(): the same reducer replays the journal after
// a crash and drives tests with no network at all.
#include "rapport/messages.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace rapport {

struct Seat {
  std::uint32_t id = 0;
  std::string name;
  std::string team;
  std::string role;
  Avatar avatar;
  bool host = false;
  bool connected = true;
  std::string token;  // secret reconnect token for this seat
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, name, team, role, avatar, host, connected, token);
  }
};

struct SessionState {
  std::string code;
  std::string program;
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false;
  bool keep_chat = false;
  bool locked = false;
  bool ended = false;
  std::string host_token;
  std::int64_t created_ms = 0;
  std::map<std::uint32_t, Seat> seats;
  std::set<std::string> barred_names;  // name_key() of names barred by the host
  std::uint32_t roster_revision = 0;

  [[nodiscard]] const Seat* seat(std::uint32_t id) const;
  [[nodiscard]] bool name_taken(const std::string& name) const;
  [[nodiscard]] std::size_t participant_count() const;
};

// ---- events -------------------------------------------------------------------
struct SessionOpened {
  std::string code, program, host_token;
  Audience audience = Audience::TeamBuilding;
  PairingMode pairing = PairingMode::Any;
  bool chat_filter = false, keep_chat = false;
  Seat host;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(code, program, host_token, audience, pairing, chat_filter, keep_chat, host);
  }
};
struct PlayerJoined {
  Seat seat;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(seat);
  }
};
struct PlayerLeft {
  std::uint32_t id = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id);
  }
};
struct PlayerConnection {
  std::uint32_t id = 0;
  bool connected = false;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, connected);
  }
};
struct JoiningLocked {
  bool locked = false;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(locked);
  }
};
struct SessionEnded {
  template <class Archive>
  void serialize(Archive&) {}
};

using SessionEventBody =
    std::variant<SessionOpened, PlayerJoined, PlayerLeft, PlayerConnection, JoiningLocked, SessionEnded>;

struct SessionEvent {
  std::int64_t t_ms = 0;
  SessionEventBody body;
};

// The reducer: pure, total (an event that does not fit the state changes nothing).
void apply(SessionState& state, const SessionEvent& event);

// The roster entry a client sees for a seat (no token).
[[nodiscard]] RosterEntry roster_entry(const Seat& seat);

}  // namespace rapport
