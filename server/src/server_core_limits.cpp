// ServerCore's abuse limits: the facilitator key, caps on sessions per address
// and per key, lobbies whose host has gone, and connections that never say
// hello. Everything here is bookkeeping on values; time comes in as a value.
#include "rapport/server/server_core.hpp"

#include "key_proof.hpp"
#include "server_core_durable.hpp"
#include "rapport/server/journal_store.hpp"

#include <algorithm>

namespace rapport::server {

bool ServerCore::key_proven(const Connection& conn, const CreateSession& request) const {
  return config_.facilitator_key && request.has_key_proof &&
         crypto::verify_facilitator_key(*config_.facilitator_key, conn.challenge, request.key_proof);
}

bool ServerCore::refuse_bad_key(ConnectionId id, Connection& conn, const CreateSession& request, std::int64_t now_ms) {
  // The right key always passes: it cannot be guessed, so counting failures
  // only slows a prankster, and must never lock out the teacher who shares
  // the prankster's address.
  if (key_proven(conn, request)) return false;
  ++stats_.bad_keys;
  const bool was_blocked = wrong_keys_.blocked(conn.address, now_ms);
  wrong_keys_.record(conn.address, now_ms);
  if (wrong_keys_.blocked(conn.address, now_ms)) {
    if (!was_blocked) {
      log_.warn("connection " + std::to_string(id) + " (" + conn.address +
                "): too many attempts to host without the facilitator key; further ones are closed for a minute");
    }
    refuse(id, RefuseReason::RateLimited,
           "Too many tries to host without this server's facilitator key from your network. Ask whoever runs "
           "the server for the key file, then try again.",
           true);
    return true;
  }
  log_.info("connection " + std::to_string(id) + " (" + conn.address + "): refused to create a session (" +
            (request.has_key_proof ? "wrong facilitator key" : "no facilitator key") + ")");
  refuse(id, RefuseReason::BadKey,
         request.has_key_proof
             ? "That facilitator key is not this server's key, so you cannot host here. Ask whoever runs the "
               "server for its key file and start with --facilitator-key-file PATH."
             : "Hosting on this server needs its facilitator key, and this app has none. Ask whoever runs the "
               "server for the key file and start with --facilitator-key-file PATH.",
         false);
  return true;
}

bool ServerCore::lobby_abandoned(const SessionState& state) const {
  if (state.phase != SessionPhase::Lobby) return false;
  return std::any_of(state.seats.begin(), state.seats.end(), [](const auto& kv) {
    return kv.second.host && !kv.second.connected;
  });
}

bool ServerCore::make_room_for_session(ConnectionId id, const Connection& conn, std::int64_t now_ms) {
  std::erase_if(origins_, [&](const auto& kv) { return !sessions_.contains(kv.first); });
  // One key per server today, so every open session counts toward it.
  std::vector<std::string> mine, keyed;
  for (const auto& [code, host] : sessions_) {
    if (host->state().ended()) continue;
    keyed.push_back(code);
    if (const auto o = origins_.find(code); o != origins_.end() && o->second.address == conn.address) mine.push_back(code);
  }
  const auto reclaim = [&](const std::vector<std::string>& codes) {
    // The oldest lobby whose host has gone makes room (its host is not coming back soon).
    const std::string* oldest = nullptr;
    for (const auto& code : codes) {
      const SessionState& state = sessions_.at(code)->state();
      if (lobby_abandoned(state) && (!oldest || state.created_ms < sessions_.at(*oldest)->state().created_ms)) oldest = &code;
    }
    if (!oldest) return false;
    expire_lobby(*oldest, "a new session needed its place", now_ms);
    return true;
  };
  if (mine.size() >= config_.max_sessions_per_address && !reclaim(mine)) {
    log_.warn("connection " + std::to_string(id) + " (" + conn.address + "): refused a new session, already " +
              std::to_string(mine.size()) + " open from this address (--max-sessions-per-address)");
    refuse(id, RefuseReason::ServerFull,
           "Your network already hosts " + std::to_string(mine.size()) +
               " open sessions on this server, the most it allows. End one of them before hosting another.",
           false);
    return false;
  }
  if (keyed.size() >= config_.max_sessions_per_key && !reclaim(keyed)) {
    log_.warn("connection " + std::to_string(id) + " (" + conn.address + "): refused a new session, already " +
              std::to_string(keyed.size()) + " open with this facilitator key (--max-sessions-per-key)");
    refuse(id, RefuseReason::ServerFull,
           "This server already runs " + std::to_string(keyed.size()) +
               " open sessions with this facilitator key, the most it allows. End one before hosting another.",
           false);
    return false;
  }
  return true;
}

bool ServerCore::greeted_cap_reached(ConnectionId id, const Connection& conn) {
  const auto greeted = static_cast<std::size_t>(std::count_if(connections_.begin(), connections_.end(), [&](const auto& kv) {
    return kv.first != id && kv.second.greeted && !kv.second.closing && kv.second.address == conn.address;
  }));
  if (greeted < config_.max_conns_per_address) return false;
  log_.warn("refused a connection from " + conn.address + ": already " + std::to_string(greeted) +
            " connections from this address (--max-conns-per-address)");
  refuse(id, RefuseReason::ServerFull, "Too many connections from your network at once. Please ask the host.", true);
  return true;
}

void ServerCore::close_silent_connections(std::int64_t now_ms) {
  std::map<std::string, std::vector<ConnectionId>> silent;  // address -> ids, oldest first
  std::vector<ConnectionId> late;
  for (const auto& [id, conn] : connections_) {
    if (conn.greeted || conn.closing) continue;
    if (now_ms - conn.connected_ms >= config_.hello_timeout_ms) {
      late.push_back(id);
    } else {
      silent[conn.address].push_back(id);
    }
  }
  for (auto& [address, ids] : silent) {
    if (ids.size() <= config_.max_silent_per_address) continue;
    std::sort(ids.begin(), ids.end());  // ids grow with each connection
    late.insert(late.end(), ids.begin(), ids.end() - static_cast<std::ptrdiff_t>(config_.max_silent_per_address));
  }
  for (auto id : late) {
    ++stats_.silent_closed;
    log_.debug("connection " + std::to_string(id) + " closed: no hello");
    refuse(id, RefuseReason::Malformed,
           "Your app connected but did not introduce itself in time, so the connection was closed.", true);
  }
}

void ServerCore::expire_abandoned_lobbies(std::int64_t now_ms) {
  std::vector<std::string> expired;
  for (const auto& [code, host] : sessions_) {
    const SessionState& state = host->state();
    if (!lobby_abandoned(state)) continue;
    for (const auto& [pid, seat] : state.seats) {
      if (seat.host && !seat.connected && now_ms - seat.away_since_ms >= config_.lobby_expiry_ms) {
        expired.push_back(code);
        break;
      }
    }
  }
  for (const auto& code : expired) expire_lobby(code, "its host had gone for too long", now_ms);
}

void ServerCore::expire_lobby(const std::string& code, const std::string& why, std::int64_t) {
  const auto it = sessions_.find(code);
  if (it == sessions_.end()) return;
  ++stats_.lobbies_expired;
  for (const auto& [pid, seat] : it->second->state().seats) {
    const auto pc = player_connections_.find(pid);
    if (pc == player_connections_.end()) continue;
    const ConnectionId cid = pc->second;
    if (auto c = connections_.find(cid); c != connections_.end()) {
      c->second.session_code.clear();
      c->second.player_id = 0;
    }
    player_connections_.erase(pc);
    refuse(cid, RefuseReason::NotAllowed,
           "The host left before starting and did not come back, so this lobby has closed. Ask the host for a new code.",
           true);
  }
  // Nothing happened in it worth keeping: closed in the journal so a restart
  // does not bring it back.
  if (durable_ && durable_->store) {
    (void)durable_->store->finish_session(code, {}, false);
    durable_->closed.insert(code);
    durable_->name_keys.erase(code);
    durable_->org_of.erase(code);
  }
  log_.info("session " + code + ": lobby closed (" + why + ")");
  sessions_.erase(it);
  origins_.erase(code);
}

}  // namespace rapport::server
