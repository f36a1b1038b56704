// ServerCore's durability: journaling into the SQLite store, restoring sessions
// after a restart, holding timers while people reconnect, organisation history
// and chat retention when a session ends.
#include "server_core_durable.hpp"

#include "rapport/text/names.hpp"
#include "rapport/server/journal_store.hpp"
#include "rapport/server/report.hpp"

#include <algorithm>

namespace rapport::server {
namespace {

constexpr std::int64_t kClockSaveIntervalMs = 250;

void remember_names(std::map<std::uint32_t, std::string>& keys, const SessionEvent& event) {
  if (const auto* opened = std::get_if<SessionOpened>(&event.body)) keys[opened->host.id] = name_key(opened->host.name);
  if (const auto* joined = std::get_if<PlayerJoined>(&event.body)) keys[joined->seat.id] = name_key(joined->seat.name);
}

std::string phase_text(const SessionState& state) {
  return std::string(state.ended() ? "ended" : state.phase == SessionPhase::Lobby ? "lobby"
                                            : state.phase == SessionPhase::Round  ? "round"
                                                                                   : "reflection") +
         (state.rotation ? ", rotation " + std::to_string(state.rotation) : std::string{});
}

}  // namespace

ServerCore::~ServerCore() = default;

void ServerCore::attach_store(JournalStore& store) {
  if (!durable_) durable_ = std::make_unique<Durable>();
  durable_->store = &store;
  journal_ = [this](const std::string& code, std::span<const SessionEvent> events) { return journal_events(code, events); };
}

bool ServerCore::journal_events(const std::string& code, std::span<const SessionEvent> events) {
  if (!durable_->store->append_all(code, events, config_.org)) return false;
  for (const auto& event : events) {
    remember_names(durable_->name_keys[code], event);
    if (std::holds_alternative<SessionOpened>(event.body)) durable_->org_of[code] = config_.org;
  }
  return true;
}

std::size_t ServerCore::restore(std::int64_t now_ms) {
  if (!durable_ || !durable_->store) return 0;
  std::size_t restored = 0;
  std::uint32_t max_id = 0;
  for (auto& stored : durable_->store->live_sessions()) {
    if (stored.events.empty() || !std::holds_alternative<SessionOpened>(stored.events.front().body)) {
      log_.warn("journal: session " + stored.code + " has no readable opening event; it cannot be restored");
      continue;
    }
    auto host = make_session();
    auto& keys = durable_->name_keys[stored.code];
    for (const auto& event : stored.events) {
      host->replay(event);
      remember_names(keys, event);
    }
    for (const auto& [id, key] : keys) max_id = std::max(max_id, id);
    durable_->org_of[stored.code] = stored.org;
    const SessionState& state = host->state();
    if (state.ended()) {
      // It ended just before the crash: finish what the end does, do not reopen.
      (void)write_report(state, config_.report_dir, log_);
      close_session(stored.code, state);
      continue;
    }
    SessionHost& ref = *host;
    sessions_[stored.code] = std::move(host);
    ++restored;
    // Everyone comes back as away, with a fresh grace period from now.
    Durable::Hold hold;
    hold.until_ms = now_ms + config_.restart_hold_ms;
    std::vector<std::uint32_t> were_connected;
    for (const auto& [pid, seat] : ref.state().seats) {
      if (seat.connected) were_connected.push_back(pid);
    }
    for (auto pid : were_connected) ref.commit({now_ms, PlayerConnection{pid, false}});
    // Wait for every seat, not only those connected at the crash: after a
    // second crash in a row nobody was back yet, and all are still coming.
    for (const auto& [pid, seat] : ref.state().seats) hold.waiting.insert(pid);
    const bool running = !ref.state().paused && (ref.state().phase == SessionPhase::Round ||
                                                 ref.state().phase == SessionPhase::Reflection);
    // A crash during a restart hold leaves the journal held: hold again from
    // now (before, it stayed paused with nobody to resume it). A host's pause
    // stays a pause until the host resumes.
    const bool still_held = ref.state().held;
    if (running) ref.commit({now_ms, SessionHeld{}});
    if (running || still_held) durable_->holds[stored.code] = std::move(hold);
    log_.info("restored session " + stored.code + " from the journal: " + std::to_string(stored.events.size()) +
              " events" + (stored.skipped ? " (" + std::to_string(stored.skipped) + " unreadable, skipped)" : "") +
              ", " + std::to_string(ref.state().seats.size()) + " seats, " + phase_text(ref.state()) +
              (running || still_held ? std::string(still_held ? "; still held from the previous restart" : "") +
                                             "; timers held up to " + std::to_string(config_.restart_hold_ms / 1000) +
                                             " game seconds while people reconnect"
                                       : ref.state().paused ? "; paused by the host" : ""));
  }
  next_player_id_ = std::max(next_player_id_, max_id + 1);
  return restored;
}

void ServerCore::recall_meetings(const std::string& code, SessionHost& host, std::uint32_t player, std::int64_t now_ms) {
  if (!durable_ || !durable_->store) return;
  const auto org_it = durable_->org_of.find(code);
  if (org_it == durable_->org_of.end() || org_it->second.empty()) return;
  const std::string& org = org_it->second;
  auto cache = durable_->org_pairs.find(org);
  if (cache == durable_->org_pairs.end()) {
    cache = durable_->org_pairs.emplace(org, std::map<std::pair<std::string, std::string>, int>{}).first;
    for (const auto& pair : durable_->store->org_history(org)) cache->second[{pair.a, pair.b}] += pair.times;
  }
  const auto& keys = durable_->name_keys[code];
  const auto mine = keys.find(player);
  if (mine == keys.end()) return;
  MeetingsRecalled recalled;
  for (const auto& [pid, seat] : host.state().seats) {
    if (pid == player || seat.host) continue;
    const auto other = keys.find(pid);
    if (other == keys.end()) continue;
    const auto key = std::minmax(mine->second, other->second);
    const auto met = cache->second.find({key.first, key.second});
    if (met != cache->second.end() && met->second > 0) {
      recalled.pairs.push_back({player, pid, static_cast<std::uint32_t>(met->second)});
    }
  }
  if (recalled.pairs.empty()) return;
  log_.info("session " + code + ": player " + std::to_string(player) + " met " + std::to_string(recalled.pairs.size()) +
            " of the people here in earlier sessions of " + org + "; pairing will avoid repeats");
  host.commit({now_ms, std::move(recalled)});
}

void ServerCore::durable_tick(std::int64_t now_ms) {
  if (!durable_ || !durable_->store) return;
  if (now_ms - durable_->clock_saved_ms >= kClockSaveIntervalMs) {
    durable_->store->save_clock(now_ms);
    durable_->clock_saved_ms = now_ms;
  }
  for (auto it = durable_->holds.begin(); it != durable_->holds.end();) {
    const auto session = sessions_.find(it->first);
    if (session == sessions_.end() || !session->second->state().held) {
      it = durable_->holds.erase(it);  // gone, or the host resumed or paused it already
      continue;
    }
    const SessionState& state = session->second->state();
    std::erase_if(it->second.waiting, [&](std::uint32_t pid) {
      const Seat* seat = state.seat(pid);
      return !seat || seat->connected;
    });
    if (it->second.waiting.empty() || now_ms >= it->second.until_ms) {
      log_.info("session " + it->first + " resumes after the restart (" +
                (it->second.waiting.empty() ? std::string("everyone is back")
                                            : std::to_string(it->second.waiting.size()) + " still away, hold ended") +
                ")");
      session->second->commit({now_ms, SessionResumed{}});
      it = durable_->holds.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [code, host] : sessions_) {
    if (host->state().ended() && !durable_->closed.contains(code)) close_session(code, host->state());
  }
}

void ServerCore::close_session(const std::string& code, const SessionState& state) {
  std::map<std::pair<std::string, std::string>, int> met;
  const auto& keys = durable_->name_keys[code];
  for (const auto& g : state.groups) {
    for (std::size_t i = 0; i < g.ever_members.size(); ++i) {
      for (std::size_t j = i + 1; j < g.ever_members.size(); ++j) {
        const auto a = keys.find(g.ever_members[i]);
        const auto b = keys.find(g.ever_members[j]);
        if (a == keys.end() || b == keys.end() || a->second == b->second) continue;
        ++met[std::minmax(a->second, b->second)];
      }
    }
  }
  std::vector<OrgPair> pairs;
  for (const auto& [key, times] : met) pairs.push_back({key.first, key.second, times});
  if (durable_->store->finish_session(code, pairs, state.keep_chat)) {
    const std::string& org = durable_->org_of[code];
    if (auto cache = durable_->org_pairs.find(org); cache != durable_->org_pairs.end()) {
      for (const auto& p : pairs) cache->second[{p.a, p.b}] += p.times;
    }
    log_.info("session " + code + " closed in the journal" +
              (org.empty() ? std::string{} : ": " + std::to_string(pairs.size()) + " pairs added to " + org + "'s history") +
              (state.keep_chat ? "; chat kept (the host opted in)" : "; chat text purged"));
  }
  durable_->closed.insert(code);
  durable_->name_keys.erase(code);
}

}  // namespace rapport::server
