#include "rapport/server/server_core.hpp"

#include "rapport/build_info.hpp"
#include "rapport/text/names.hpp"
#include "rapport/pairing/pairing.hpp"
#include "rapport/server/report.hpp"
#include "key_proof.hpp"
#include "server_core_durable.hpp"

#include <algorithm>

namespace rapport::server {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
// How long an ended session stays joinable for debriefs after everyone left.
constexpr std::int64_t kEndedSessionLingerMs = 10 * kMinuteMs;

std::string quote(const std::string& s) { return "'" + s + "'"; }

bool is_slug(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

ServerCore::ServerCore(ServerConfig config, Transport& transport, Logger& log, RandomSource& random)
    : config_(std::move(config)),
      transport_(transport),
      log_(log),
      random_(random),
      wrong_codes_(config_.max_wrong_codes_per_minute, kMinuteMs),
      wrong_keys_(config_.max_wrong_codes_per_minute, kMinuteMs) {}

void ServerCore::on_connect(ConnectionId id, const std::string& address, std::int64_t now_ms) {
  Connection& conn = connections_[id];
  conn.address = address;
  conn.connected_ms = now_ms;
  log_.debug("connection " + std::to_string(id) + " from " + address);
}

void ServerCore::on_disconnect(ConnectionId id, std::int64_t now_ms) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& conn = it->second;
  if (conn.player_id != 0) {
    const auto pc = player_connections_.find(conn.player_id);
    if (pc != player_connections_.end() && pc->second == id) {
      player_connections_.erase(pc);
      // A drop (not a Leave): the seat stays, shown as away, so a reconnect
      // with the token puts the person back where they were.
      if (SessionHost* host = session_of(conn); host && host->state().seat(conn.player_id)) {
        host->commit({now_ms, PlayerConnection{conn.player_id, false}});
        if (const GroupRecord* g = host->state().group_of_player(conn.player_id)) {
          const std::string name = host->state().seat(conn.player_id)->name;
          for (auto member : g->members) {
            if (member != conn.player_id) {
              send_to_player(member, Notice{NoticeKind::PartnerAway, conn.player_id, name + " is reconnecting…"});
            }
          }
        }
      }
    }
  }
  log_.debug("connection " + std::to_string(id) + " closed");
  connections_.erase(it);
}

void ServerCore::on_packet(ConnectionId id, std::span<const std::uint8_t> bytes, std::int64_t now_ms) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& conn = it->second;
  if (conn.closing) return;
  ++stats_.packets;
  Decoded decoded = decode(bytes);
  if (!decoded.ok()) {
    if (decoded.error == DecodeError::VersionMismatch) {
      refuse(id, RefuseReason::VersionMismatch,
             "This app speaks protocol version " + std::to_string(decoded.version) +
                 " but the server speaks version " + std::to_string(kProtocolVersion) +
                 ". Please update Rapport (client and server must match).",
             true);
      return;
    }
    ++stats_.malformed;
    strike(id, conn, describe(decoded.error));
    return;
  }
  const bool is_motion = std::holds_alternative<InStepInput>(*decoded.message);
  if (is_motion ? !conn.motion.take(now_ms) : !conn.requests.take(now_ms)) {
    if (is_motion) return;  // a dropped motion packet is replaced by the next one
    error(id, ErrorCode::RateLimited, "Too many requests at once; please slow down.");
    return;
  }
  handle(id, conn, *decoded.message, now_ms);
}

void ServerCore::handle(ConnectionId id, Connection& conn, const Message& message, std::int64_t now_ms) {
  if (const auto* hello = std::get_if<Hello>(&message)) {
    handle_hello(id, conn, *hello, now_ms);
    return;
  }
  if (!conn.greeted) {
    strike(id, conn, std::string("sent ") + name_of(type_of(message)) + " before hello");
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, CreateSession>) {
          handle_create(id, conn, m, now_ms);
        } else if constexpr (std::is_same_v<T, JoinSession>) {
          handle_join(id, conn, m, now_ms);
        } else if constexpr (std::is_same_v<T, Leave>) {
          handle_leave(id, conn, now_ms);
        } else if constexpr (std::is_same_v<T, Ping>) {
          transport_.send(id, Pong{m.nonce}, Channel::Reliable);
        } else if constexpr (std::is_same_v<T, HostCommand> || std::is_same_v<T, ChatPost> ||
                             std::is_same_v<T, GesturePost> || std::is_same_v<T, ReflectionAnswer> ||
                             std::is_same_v<T, BreakRequest> || std::is_same_v<T, ReportPartner> ||
                             std::is_same_v<T, BlueprintAct> || std::is_same_v<T, RolePlayGuessPost> ||
                             std::is_same_v<T, CommonGroundPropose> || std::is_same_v<T, CommonGroundRespond> ||
                             std::is_same_v<T, ProfileAnswers> || std::is_same_v<T, InStepInput>) {
          SessionHost* host = session_of(conn);
          if (!host) {
            error(id, ErrorCode::OutOfState, "Join a session first.");
            return;
          }
          if constexpr (std::is_same_v<T, ChatPost>) {
            if (!conn.chat.take(now_ms)) {
              error(id, ErrorCode::RateLimited, "You are sending messages very fast; wait a moment.");
              return;
            }
          }
          if constexpr (std::is_same_v<T, GesturePost>) {
            if (!conn.gestures.take(now_ms)) {
              error(id, ErrorCode::RateLimited, "That is a lot of gestures at once; one every second or so is plenty.");
              return;
            }
          }
          if constexpr (std::is_same_v<T, ReportPartner>) {
            if (!conn.reports.take(now_ms)) {
              error(id, ErrorCode::RateLimited,
                    "The host already has your reports. Please wait a little before sending another.");
              return;
            }
          }
          if constexpr (std::is_same_v<T, HostCommand>) {
            // The token is checked here in constant time, before the rules see it.
            if (!crypto::secrets_equal(m.host_token, host->state().host_token)) {
              error(id, ErrorCode::NotAuthorised, "Only the session's host can do that.");
              return;
            }
          }
          const bool was_kick = [&] {
            if constexpr (std::is_same_v<T, HostCommand>) return m.action == HostAction::Kick;
            return false;
          }();
          const std::uint32_t target = [&]() -> std::uint32_t {
            if constexpr (std::is_same_v<T, HostCommand>) return m.target;
            return 0;
          }();
          const bool accepted = host->handle(conn.player_id, message, now_ms);
          if (accepted && was_kick) {
            // The kicked person's connection is closed after the notice goes out.
            if (auto pc = player_connections_.find(target); pc != player_connections_.end()) {
              if (auto c = connections_.find(pc->second); c != connections_.end()) {
                c->second.session_code.clear();
                c->second.closing = true;
              }
              transport_.close(pc->second);
              player_connections_.erase(pc);
            }
          }
        } else {
          // Server-to-client messages sent by a client.
          strike(id, conn, std::string("sent a server-only message (") + name_of(T::kType) + ")");
        }
      },
      message);
}

void ServerCore::handle_hello(ConnectionId id, Connection& conn, const Hello& hello, std::int64_t now_ms) {
  if (conn.greeted) {
    error(id, ErrorCode::OutOfState, "Already greeted; hello is only sent once per connection.");
    return;
  }
  if (hello.protocol_version != kProtocolVersion) {
    refuse(id, RefuseReason::VersionMismatch,
           "This app speaks protocol version " + std::to_string(hello.protocol_version) +
               " but the server speaks version " + std::to_string(kProtocolVersion) + ". Please update Rapport.",
           true);
    return;
  }
  // A reconnect: the token proves the seat. The newer connection wins; the
  // older one (if still open) is told why it was replaced.
  if (!hello.reconnect_token.empty()) {
    for (auto& [code, host] : sessions_) {
      for (const auto& [pid, seat] : host->state().seats) {
        if (!crypto::secrets_equal(seat.token, hello.reconnect_token)) continue;
        if (greeted_cap_reached(id, conn)) return;
        if (const auto old = player_connections_.find(pid); old != player_connections_.end() && old->second != id) {
          const ConnectionId old_id = old->second;
          // Not silent: the token was proven, the old connection is told, the
          // host is told, and the log says from where.
          const auto oc_it = connections_.find(old_id);
          log_.warn("session " + code + ": player " + std::to_string(pid) + "'s reconnect token was used from " +
                    conn.address + " while connected from " +
                    (oc_it != connections_.end() ? oc_it->second.address : std::string("?")) +
                    "; the older connection was closed");
          for (const auto& [hid, hseat] : host->state().seats) {
            if (hseat.host && hid != pid) {
              send_to_player(hid, Notice{NoticeKind::Info, pid, seat.name + " connected again from another device; the earlier connection was closed."});
            }
          }
          refuse(old_id, RefuseReason::NotAllowed,
                 "You connected again from another window or device, so this one was closed.", true);
          if (auto oc = connections_.find(old_id); oc != connections_.end()) oc->second.player_id = 0;
          player_connections_.erase(old);
        }
        conn.greeted = true;
        conn.kind = hello.kind;
        conn.player_id = pid;
        conn.token = seat.token;
        conn.session_code = code;
        player_connections_[pid] = id;
        std::copy_n(random_.bytes(kKeyChallengeBytes).begin(), kKeyChallengeBytes, conn.challenge.begin());
        transport_.send(id, Welcome{pid, seat.token, build::kVersion, conn.challenge}, Channel::Reliable);
        JoinAccepted accepted{code, pid, seat.name, host->state().program.id, host->state().audience};
        transport_.send(id, accepted, Channel::Reliable);
        if (seat.host) {
          transport_.send(id, SessionCreated{code, host->state().host_token, host->state().program.id},
                          Channel::Reliable);
        }
        host->commit({now_ms, PlayerConnection{pid, true}});
        host->send_snapshot(pid, now_ms);
        if (const GroupRecord* g = host->state().group_of_player(pid)) {
          for (auto member : g->members) {
            if (member != pid) send_to_player(member, Notice{NoticeKind::PartnerBack, pid, seat.name + " is back."});
          }
        } else {
          host->arrived(pid, now_ms);
        }
        log_.info("player " + std::to_string(pid) + " reconnected to session " + code);
        return;
      }
    }
    refuse(id, RefuseReason::BadToken,
           "Your earlier seat is no longer available (the session ended or the link expired). Please join again.",
           false);
    // Fall through: the person may still join as new.
  }
  NameProblem problem;
  auto name = clean_display_name(hello.name, &problem);
  if (!name) {
    refuse(id, RefuseReason::BadName, problem.text, false);
    return;
  }
  if (greeted_cap_reached(id, conn)) return;
  conn.greeted = true;
  conn.kind = hello.kind;
  conn.hello_name = *name;
  conn.player_id = next_player_id_++;
  conn.token = random_.token();
  player_connections_[conn.player_id] = id;
  std::copy_n(random_.bytes(kKeyChallengeBytes).begin(), kKeyChallengeBytes, conn.challenge.begin());
  transport_.send(id, Welcome{conn.player_id, conn.token, build::kVersion, conn.challenge}, Channel::Reliable);
}

void ServerCore::handle_create(ConnectionId id, Connection& conn, const CreateSession& request, std::int64_t now_ms) {
  if (!conn.session_code.empty()) {
    error(id, ErrorCode::OutOfState, "You are already in session " + conn.session_code + ".");
    return;
  }
  if (conn.kind != ClientKind::Facilitator && conn.kind != ClientKind::Bot) {
    error(id, ErrorCode::NotAuthorised, "Only a facilitator can host a session.");
    return;
  }
  if (refuse_bad_key(id, conn, request, now_ms)) return;
  const std::string program_id = request.program.empty() ? "quick-icebreaker" : request.program;
  const auto program = config_.programs.find(program_id);
  if (!is_slug(program_id) || program == config_.programs.end()) {
    std::string known;
    for (const auto& [pid, p] : config_.programs) known += (known.empty() ? "" : ", ") + pid;
    error(id, ErrorCode::BadInput, "There is no program called " + quote(program_id) + ". Choose one of: " + known + ".");
    return;
  }
  if (!make_room_for_session(id, conn, now_ms)) return;
  const std::string code = new_join_code();
  Seat host;
  host.id = conn.player_id;
  host.name = conn.hello_name;
  host.host = true;
  host.token = conn.token;
  SessionOpened opened;
  opened.code = code;
  opened.host_token = random_.token();
  opened.program = program->second;
  opened.audience = request.audience;
  opened.pairing = request.pairing == PairingMode::Any ? program->second.pairing : request.pairing;
  opened.chat_filter = request.chat_filter || program->second.chat_filter || request.audience == Audience::Classroom;
  opened.keep_chat = request.keep_chat;
  opened.host = host;
  auto session = make_session();
  SessionHost& ref = *session;
  sessions_[code] = std::move(session);
  origins_[code] = Origin{conn.address};
  if (!ref.commit({now_ms, opened})) {
    sessions_.erase(code);
    origins_.erase(code);
    error(id, ErrorCode::Internal, "The server could not save a new session just now, so none was created. Please try again.");
    return;
  }
  conn.session_code = code;
  transport_.send(id, SessionCreated{code, ref.state().host_token, program_id}, Channel::Reliable);
  ref.send_snapshot(conn.player_id, now_ms);
  log_.info("session " + code + " created by " + quote(host.name) + " (program " + program_id + ", " +
            std::string(audience_id(opened.audience)) + ", pairing " + std::string(pairing_mode_id(opened.pairing)) + ")");
}

std::unique_ptr<SessionHost> ServerCore::make_session() {
  SessionServices services;
  services.send = [this](std::uint32_t pid, const Message& m) { send_to_player(pid, m); };
  services.send_motion = [this](std::uint32_t pid, const Message& m) { send_motion_to_player(pid, m); };
  services.journal = journal_;
  services.seed = [this] {
    const auto b = random_.bytes(8);
    std::uint64_t v = 0;
    for (auto x : b) v = (v << 8u) | x;
    return v;
  };
  services.report = [this](const SessionState& state) { return write_report(state, config_.report_dir, log_); };
  services.chat_filter = &config_.chat_filter;
  services.log = &log_;
  return std::make_unique<SessionHost>(std::move(services), config_.model_config, config_.round_content);
}

SessionHost* ServerCore::session_of(const Connection& conn) {
  if (conn.session_code.empty()) return nullptr;
  const auto it = sessions_.find(conn.session_code);
  return it == sessions_.end() ? nullptr : it->second.get();
}

void ServerCore::handle_join(ConnectionId id, Connection& conn, const JoinSession& request, std::int64_t now_ms) {
  if (!conn.session_code.empty()) {
    error(id, ErrorCode::OutOfState, "You are already in session " + conn.session_code + ".");
    return;
  }
  if (wrong_codes_.blocked(conn.address, now_ms)) {
    refuse(id, RefuseReason::RateLimited,
           "Too many wrong codes from this network. Please wait a minute and check the code on the host's screen.",
           false);
    return;
  }
  const auto code = normalise_join_code(request.join_code);
  const auto found = code ? sessions_.find(*code) : sessions_.end();
  if (found == sessions_.end() || found->second->state().ended()) {
    wrong_codes_.record(conn.address, now_ms);
    refuse(id, RefuseReason::UnknownCode,
           "No session has the code " + quote(request.join_code) +
               ". Check the code on the host's screen (it has 6 letters and digits).",
           false);
    return;
  }
  SessionHost& host = *found->second;
  const SessionState& state = host.state();
  if (state.locked) {
    refuse(id, RefuseReason::SessionLocked, "The host has closed this session to new people.", false);
    return;
  }
  if (seated_players() >= config_.max_players) {
    refuse(id, RefuseReason::ServerFull, "The server is full. Please ask the host.", false);
    return;
  }
  NameProblem problem;
  auto name = clean_display_name(request.name.empty() ? conn.hello_name : request.name, &problem);
  if (!name) {
    refuse(id, RefuseReason::BadName, problem.text, false);
    return;
  }
  if (state.barred_names.contains(name_key(*name))) {
    refuse(id, RefuseReason::Banned, "The host has removed this name from the session.", false);
    return;
  }
  auto team = clean_tag(request.team, kMaxTeamChars, &problem);
  auto role = clean_tag(request.role, kMaxRoleChars, &problem);
  if (!team || !role) {
    refuse(id, RefuseReason::BadName, problem.text, false);
    return;
  }
  if (state.chat_filter) {
    // The classroom filter covers what everyone sees on avatars and tiles too.
    const auto blocked = [&](const std::string& text) { return filter_chat(text, config_.chat_filter) != text; };
    if (blocked(*name) || blocked(*team) || blocked(*role)) {
      refuse(id, RefuseReason::BadName,
             std::string(blocked(*name) ? "That name" : "That team or role") +
                 " has a word this classroom session does not allow. Please choose another.",
             false);
      return;
    }
  }
  Seat seat;
  seat.id = conn.player_id;
  seat.name = make_unique_name(*name, [&](const std::string& n) { return state.name_taken(n); });
  seat.team = *team;
  // Being a mentor is the host's call: a participant can only ask for it.
  const bool asks_to_mentor = is_veteran_role(*role);
  seat.role = asks_to_mentor ? kRequestedVeteranRole : *role;
  seat.avatar = request.avatar;
  seat.token = conn.token;
  if (!host.commit({now_ms, PlayerJoined{seat}})) {
    error(id, ErrorCode::Internal, std::string("You could not join: ") + kNotSavedText);
    return;
  }
  recall_meetings(*code, host, seat.id, now_ms);
  conn.session_code = *code;
  transport_.send(id, JoinAccepted{*code, seat.id, seat.name, state.program.id, state.audience}, Channel::Reliable);
  host.send_snapshot(seat.id, now_ms);
  host.arrived(seat.id, now_ms);
  if (asks_to_mentor) {
    for (const auto& [hid, hseat] : state.seats) {
      if (hseat.host) {
        send_to_player(hid, Notice{NoticeKind::Info, seat.id,
                                   seat.name + " says they are a veteran. Confirm them as a mentor so pairing "
                                               "treats them as one."});
      }
    }
  }
  log_.info("session " + *code + ": " + quote(seat.name) + " joined (" + std::to_string(state.participant_count()) +
            " participants)");
}

void ServerCore::handle_leave(ConnectionId id, Connection& conn, std::int64_t now_ms) {
  if (SessionHost* host = session_of(conn); host && host->state().seat(conn.player_id)) {
    if (host->state().seat(conn.player_id)->host) {
      // The facilitator closing their window must not orphan the session:
      // their seat stays (shown as away) and their token brings them back.
      host->commit({now_ms, PlayerConnection{conn.player_id, false}});
    } else {
      // Not kept by the journal: the seat is marked away instead, so the grace period ends it.
      if (!host->departed(conn.player_id, now_ms)) (void)host->commit({now_ms, PlayerConnection{conn.player_id, false}});
    }
    log_.info("session " + conn.session_code + ": player " + std::to_string(conn.player_id) + " left");
  }
  conn.session_code.clear();
  player_connections_.erase(conn.player_id);
  conn.player_id = 0;
  conn.closing = true;
  transport_.close(id);
}

void ServerCore::tick(std::int64_t now_ms) {
  wrong_codes_.prune(now_ms);
  wrong_keys_.prune(now_ms);
  close_silent_connections(now_ms);
  expire_abandoned_lobbies(now_ms);
  durable_tick(now_ms);
  // Ended sessions leave memory once everyone has gone (the report is on disk).
  std::erase_if(sessions_, [&](const auto& kv) {
    const SessionState& state = kv.second->state();
    if (!state.ended() || now_ms - state.last_event_ms < kEndedSessionLingerMs) return false;
    return std::none_of(state.seats.begin(), state.seats.end(), [&](const auto& seat) {
      return player_connections_.contains(seat.first);
    });
  });
  for (auto& [code, host] : sessions_) {
    // Seats of people who dropped and did not come back within the grace period.
    std::vector<std::uint32_t> expired;
    for (const auto& [pid, seat] : host->state().seats) {
      if (!seat.host && !seat.connected && now_ms - seat.away_since_ms > config_.grace_ms) expired.push_back(pid);
    }
    for (auto pid : expired) {
      if (host->departed(pid, now_ms)) {
        log_.info("session " + code + ": player " + std::to_string(pid) + " did not come back within the grace period");
      }
    }
    host->tick(now_ms);
  }
}

void ServerCore::refuse(ConnectionId id, RefuseReason reason, const std::string& text, bool close) {
  ++stats_.refused;
  transport_.send(id, Refuse{reason, text}, Channel::Reliable);
  if (close) {
    if (auto it = connections_.find(id); it != connections_.end()) it->second.closing = true;
    transport_.close(id);
  }
}

void ServerCore::error(ConnectionId id, ErrorCode code, const std::string& text) {
  transport_.send(id, Error{code, text}, Channel::Reliable);
}

void ServerCore::strike(ConnectionId id, Connection& conn, const std::string& why) {
  ++conn.strikes;
  log_.warn("connection " + std::to_string(id) + " (" + conn.address + "): " + why + " [strike " +
            std::to_string(conn.strikes) + "/" + std::to_string(config_.max_strikes) + "]");
  if (conn.strikes >= config_.max_strikes) {
    ++stats_.kicked_for_garbage;
    refuse(id, RefuseReason::Malformed,
           "Your app sent data the server cannot read (" + why + "), so the connection was closed.", true);
  } else {
    error(id, ErrorCode::Malformed, "The server could not read a message (" + why + "); it was ignored.");
  }
}

void ServerCore::send_to_player(std::uint32_t player_id, const Message& message) {
  const auto it = player_connections_.find(player_id);
  if (it != player_connections_.end()) transport_.send(it->second, message, Channel::Reliable);
}

void ServerCore::send_motion_to_player(std::uint32_t player_id, const Message& message) {
  const auto it = player_connections_.find(player_id);
  if (it != player_connections_.end()) transport_.send(it->second, message, Channel::Motion);
}

std::string ServerCore::new_join_code() {
  for (;;) {
    const auto bytes = random_.bytes(32);
    if (auto code = join_code_from_random(bytes); code && !sessions_.contains(*code)) return *code;
  }
}

std::size_t ServerCore::seated_players() const {
  std::size_t n = 0;
  // Participants only: a host's seat never takes a participant's place.
  for (const auto& [code, host] : sessions_) {
    n += static_cast<std::size_t>(std::count_if(host->state().seats.begin(), host->state().seats.end(),
                                                [](const auto& kv) { return !kv.second.host; }));
  }
  return n;
}

ServerStats ServerCore::stats() const {
  ServerStats s = stats_;
  s.connections = connections_.size();
  s.sessions = sessions_.size();
  s.players = seated_players();
  return s;
}

const SessionHost* ServerCore::session(const std::string& code) const {
  const auto it = sessions_.find(code);
  return it == sessions_.end() ? nullptr : it->second.get();
}

}  // namespace rapport::server
