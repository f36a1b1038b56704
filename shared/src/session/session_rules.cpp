#include "rapport/session/session_rules.hpp"

#include "rapport/session/kudos.hpp"
#include "rapport/text/names.hpp"
#include "rapport/pairing/pairing.hpp"

#include <algorithm>
#include <cctype>

namespace rapport {
namespace {

// splitmix64: a seed per purpose derived from the server's seed.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30u)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27u)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31u);
}

bool present_for_pairing(const Seat& seat) { return !seat.host && seat.connected && !seat.on_break; }

PairingRequest pairing_context(const SessionState& state, std::uint64_t seed) {
  PairingRequest request;
  for (const auto& [id, seat] : state.seats) {
    if (present_for_pairing(seat)) request.players.push_back({id, seat.team, seat.role});
  }
  request.history = &state.history;
  request.mode = state.pairing;
  request.seed = seed;
  return request;
}

// The conversation prompt for group `index` of a rotation: drawn from the
// rotation's first conversation round, different for neighbouring groups.
std::string prompt_for(const RotationSpec* rotation, std::size_t index, std::uint64_t seed) {
  if (!rotation) return {};
  for (const auto& round : rotation->rounds) {
    if (round.kind == RoundKind::Conversation && !round.prompts.empty()) {
      return round.prompts[(mix(seed) + index) % round.prompts.size()];
    }
  }
  return {};
}

std::vector<Group> current_groups(const SessionState& state) {
  std::vector<Group> groups;
  for (const auto& g : state.groups) {
    if (g.rotation == state.rotation && !g.closed && !g.members.empty()) groups.push_back({g.members});
  }
  return groups;
}

// Turns the engine's regrouping into GroupChanged events against the current groups.
std::vector<SessionEventBody> diff_groups(const SessionState& state, const std::vector<Group>& result) {
  std::vector<SessionEventBody> events;
  std::set<std::uint32_t> used;
  const RotationSpec* rotation = state.rotation_spec();
  for (const auto& r : result) {
    // The existing group holding most of r's members keeps its id.
    std::map<std::uint32_t, int> votes;
    for (auto id : r.members) {
      if (auto it = state.group_of.find(id); it != state.group_of.end()) ++votes[it->second];
    }
    std::uint32_t best = 0;
    int best_votes = 0;
    for (const auto& [gid, n] : votes) {
      if (n > best_votes && !used.contains(gid)) {
        best = gid;
        best_votes = n;
      }
    }
    if (best != 0) {
      used.insert(best);
      const GroupRecord* g = state.group(best);
      std::vector<std::uint32_t> a = g->members, b = r.members;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a != b) events.push_back(GroupChanged{best, r.members, r.members.size() < 2 ? kSoloCard : g->prompt});
    } else {
      events.push_back(GroupChanged{0, r.members,
                                    r.members.size() < 2 ? std::string(kSoloCard) : prompt_for(rotation, state.groups.size(), state.round_seed)});
    }
  }
  for (const auto& g : state.groups) {
    if (g.rotation == state.rotation && !g.closed && !g.members.empty() && !used.contains(g.id)) {
      events.push_back(GroupChanged{g.id, {}, g.prompt});
    }
  }
  return events;
}

// What comes after the current phase.
std::vector<SessionEventBody> advance_phase(const SessionState& state, std::uint64_t seed) {
  std::vector<SessionEventBody> events;
  const RotationSpec* rotation = state.rotation_spec();
  if (state.phase == SessionPhase::Round && rotation && state.round < rotation->rounds.size()) {
    events.push_back(RoundStarted{mix(seed ^ 0x1)});
  } else if (state.phase == SessionPhase::Round) {
    events.push_back(ReflectionStarted{});
  } else if (state.phase == SessionPhase::Reflection && state.rotation < state.program.rotations.size()) {
    events.push_back(plan_rotation(state, seed));
    events.push_back(RoundStarted{mix(seed ^ 0x2)});
  } else if (state.phase == SessionPhase::Reflection) {
    events.push_back(SessionEnded{});
  }
  return events;
}

}  // namespace

RotationStarted plan_rotation(const SessionState& state, std::uint64_t seed) {
  PairingRequest request = pairing_context(state, mix(seed));
  // The rotation that is ending is closed (and remembered) only when the new
  // one starts, so count its meetings here.
  MeetingHistory history = state.history;
  for (const auto& g : state.groups) {
    if (g.rotation != state.rotation || g.closed) continue;
    for (std::size_t i = 0; i < g.ever_members.size(); ++i) {
      for (std::size_t j = i + 1; j < g.ever_members.size(); ++j) history.record_pair(g.ever_members[i], g.ever_members[j]);
    }
  }
  request.history = &history;
  const PairingResult result = make_groups(request);
  RotationStarted rotation;
  const RotationSpec* next =
      state.rotation < state.program.rotations.size() ? &state.program.rotations[state.rotation] : nullptr;
  for (std::size_t i = 0; i < result.groups.size(); ++i) {
    rotation.groups.push_back(result.groups[i].members);
    rotation.prompts.push_back(prompt_for(next, i, seed));
  }
  return rotation;
}

std::vector<SessionEventBody> due_transitions(const SessionState& state, std::int64_t now_ms, std::uint64_t seed) {
  if (state.paused || state.phase == SessionPhase::Lobby || state.phase == SessionPhase::Ended) return {};
  if (now_ms < state.phase_ends_ms) return {};
  return advance_phase(state, seed);
}

Decision decide_host_command(const SessionState& state, std::uint32_t sender, const HostCommand& command,
                             std::int64_t now_ms, std::uint64_t seed) {
  const Seat* host = state.seat(sender);
  if (!host || !host->host || command.host_token != state.host_token) {
    return Decision::reject(ErrorCode::NotAuthorised, "Only the session's host can do that.");
  }
  if (state.ended() && command.action != HostAction::End) {
    return Decision::reject(ErrorCode::OutOfState, "The session has ended.");
  }
  const bool running = state.phase == SessionPhase::Round || state.phase == SessionPhase::Reflection;
  const auto target_seat = [&]() -> const Seat* {
    const Seat* s = state.seat(command.target);
    return s && !s->host ? s : nullptr;
  };
  Decision d;
  switch (command.action) {
    case HostAction::Start: {
      if (state.phase != SessionPhase::Lobby) return Decision::reject(ErrorCode::OutOfState, "The session has already started.");
      const auto ready = std::count_if(state.seats.begin(), state.seats.end(),
                                       [](const auto& kv) { return present_for_pairing(kv.second); });
      if (ready < 2) return Decision::reject(ErrorCode::OutOfState, "At least two participants must be here to start.");
      d.events.push_back(SessionStarted{});
      d.events.push_back(plan_rotation(state, seed));
      d.events.push_back(RoundStarted{mix(seed ^ 0x3)});
      return d;
    }
    case HostAction::Pause:
      // During a restart hold the clock is already stopped; pausing makes it
      // stay stopped when the hold ends.
      if (!running || (state.paused && !state.held)) {
        return Decision::reject(ErrorCode::OutOfState, "Nothing is running to pause.");
      }
      d.events.push_back(SessionPaused{});
      return d;
    case HostAction::Resume:
      if (!state.paused) return Decision::reject(ErrorCode::OutOfState, "The session is not paused.");
      d.events.push_back(SessionResumed{});
      return d;
    case HostAction::ExtendRound: {
      if (!running) return Decision::reject(ErrorCode::OutOfState, "There is no round to extend.");
      const std::int64_t seconds = command.seconds == 0 ? 60 : command.seconds;
      if (seconds > 600) return Decision::reject(ErrorCode::BadInput, "Extend by at most 10 minutes at a time.");
      d.events.push_back(PhaseExtended{seconds * 1000});
      return d;
    }
    case HostAction::SkipRound:
      if (!running) return Decision::reject(ErrorCode::OutOfState, "There is no round to skip.");
      d.events = advance_phase(state, seed);
      if (state.paused) d.events.insert(d.events.begin(), SessionResumed{});
      return d;
    case HostAction::NextRotation:
      if (!running) return Decision::reject(ErrorCode::OutOfState, "Start the session first.");
      if (state.paused) d.events.push_back(SessionResumed{});
      if (state.phase == SessionPhase::Round) {
        d.events.push_back(ReflectionStarted{});
      } else {
        auto next = advance_phase(state, seed);
        d.events.insert(d.events.end(), next.begin(), next.end());
      }
      return d;
    case HostAction::Broadcast:
      if (command.text.empty() || !is_valid_utf8(command.text)) {
        return Decision::reject(ErrorCode::BadInput, "Type a message to send to everyone.");
      }
      return d;  // nothing changes; the server relays it
    case HostAction::Mute:
    case HostAction::Unmute: {
      const Seat* s = target_seat();
      if (!s) return Decision::reject(ErrorCode::BadInput, "That participant is not in this session.");
      d.events.push_back(MuteChanged{s->id, command.action == HostAction::Mute});
      return d;
    }
    case HostAction::Kick: {
      const Seat* s = target_seat();
      if (!s) return Decision::reject(ErrorCode::BadInput, "That participant is not in this session.");
      auto patch = patch_departure(state, s->id, seed);
      d.events.push_back(PlayerKicked{s->id, command.bar_name});
      d.events.insert(d.events.end(), patch.begin(), patch.end());
      return d;
    }
    case HostAction::Lock:
    case HostAction::Unlock:
      d.events.push_back(JoiningLocked{command.action == HostAction::Lock});
      return d;
    case HostAction::End:
      if (state.ended()) return Decision::reject(ErrorCode::OutOfState, "The session has already ended.");
      d.events.push_back(SessionEnded{});
      return d;
    case HostAction::SetRole: {
      const Seat* s = target_seat();
      if (!s) return Decision::reject(ErrorCode::BadInput, "That person is not in this session.");
      NameProblem problem;
      auto role = clean_tag(command.text, kMaxRoleChars, &problem);
      if (!role) return Decision::reject(ErrorCode::BadInput, problem.text);
      d.events.push_back(RoleSet{command.target, *role});
      return d;
    }
    case HostAction::kCount:
      break;
  }
  (void)now_ms;
  return Decision::reject(ErrorCode::BadInput, "Unknown host command.");
}

Decision decide_chat(const SessionState& state, std::uint32_t sender, const std::string& text, const ChatFilter* filter) {
  const Seat* seat = state.seat(sender);
  if (!seat) return Decision::reject(ErrorCode::OutOfState, "You are not in this session.");
  if (seat->muted) return Decision::reject(ErrorCode::NotAuthorised, "The host has muted your chat for now.");
  const GroupRecord* group = state.group_of_player(sender);
  if (!group || group->members.size() < 2) return Decision::reject(ErrorCode::OutOfState, "You have no partner to chat with right now.");
  if (state.phase != SessionPhase::Round && state.phase != SessionPhase::Reflection) {
    return Decision::reject(ErrorCode::OutOfState, "Chat opens when the round starts.");
  }
  NameProblem problem;
  auto clean = clean_tag(text, kMaxChatBytes, &problem);
  if (!clean || clean->empty()) return Decision::reject(ErrorCode::BadInput, clean ? "Type something first." : problem.text);
  Decision d;
  d.events.push_back(ChatSent{sender, (state.chat_filter && filter) ? filter_chat(*clean, *filter) : *clean});
  return d;
}

Decision decide_gesture(const SessionState& state, std::uint32_t sender, Gesture gesture) {
  const GroupRecord* group = state.group_of_player(sender);
  if (!group || group->members.size() < 2) return Decision::reject(ErrorCode::OutOfState, "You have no partner to gesture to right now.");
  if (state.phase != SessionPhase::Round && state.phase != SessionPhase::Reflection) {
    return Decision::reject(ErrorCode::OutOfState, "Gestures work during rounds.");
  }
  Decision d;
  d.events.push_back(GestureMade{sender, gesture});
  return d;
}

Decision decide_reflection(const SessionState& state, std::uint32_t sender, const ReflectionAnswer& answer) {
  if (state.phase != SessionPhase::Reflection) {
    return Decision::reject(ErrorCode::OutOfState, "Reflection is open after each rotation; this one has closed.");
  }
  if (answer.about == sender) return Decision::reject(ErrorCode::BadInput, "Reflect on your partner, not yourself.");
  if (answer.ios < kIosMin || answer.ios > kIosMax) return Decision::reject(ErrorCode::BadInput, "Pick one of the seven pictures.");
  if (answer.kudos > kKudosCount) return Decision::reject(ErrorCode::BadInput, "Unknown kudos.");
  for (const auto& g : state.groups) {
    if (g.rotation != state.rotation) continue;
    const auto has = [&](std::uint32_t id) { return std::find(g.ever_members.begin(), g.ever_members.end(), id) != g.ever_members.end(); };
    if (has(sender) && has(answer.about)) {
      Decision d;
      d.events.push_back(ReflectionGiven{sender, answer.about, answer.ios, answer.kudos});
      return d;
    }
  }
  return Decision::reject(ErrorCode::NotAuthorised, "You can only reflect on partners from this rotation.");
}

Decision decide_break(const SessionState& state, std::uint32_t sender, bool on, std::uint64_t seed) {
  const Seat* seat = state.seat(sender);
  if (!seat || seat->host) return Decision::reject(ErrorCode::OutOfState, "Only participants take breaks.");
  if (state.ended()) return Decision::reject(ErrorCode::OutOfState, "The session has ended.");
  if (seat->on_break == on) return Decision::reject(ErrorCode::OutOfState, on ? "You are already on a break." : "You are not on a break.");
  Decision d;
  if (on) {
    auto patch = patch_departure(state, sender, seed);
    d.events.push_back(BreakChanged{sender, true});
    d.events.insert(d.events.end(), patch.begin(), patch.end());
  } else {
    d.events.push_back(BreakChanged{sender, false});
    SessionState after = state;
    apply(after, SessionEvent{state.last_event_ms, BreakChanged{sender, false}});
    auto place = place_arrival(after, sender, seed);
    d.events.insert(d.events.end(), place.begin(), place.end());
  }
  return d;
}

std::vector<SessionEventBody> place_arrival(const SessionState& state, std::uint32_t player, std::uint64_t seed) {
  if (state.phase != SessionPhase::Round || state.group_of.contains(player)) return {};
  const Seat* seat = state.seat(player);
  if (!seat || !present_for_pairing(*seat)) return {};
  const PairingRequest context = pairing_context(state, mix(seed ^ player));
  const RegroupResult result = place_latecomer(current_groups(state), player, context);
  return diff_groups(state, result.groups);
}

std::vector<SessionEventBody> patch_departure(const SessionState& state, std::uint32_t player, std::uint64_t seed) {
  if (state.phase != SessionPhase::Round || !state.group_of.contains(player)) return {};
  PairingRequest context = pairing_context(state, mix(seed ^ (player * 31ull)));
  std::erase_if(context.players, [&](const PairingPlayer& p) { return p.id == player; });
  const RegroupResult result = remove_player(current_groups(state), player, context);
  // The leaver's group without the leaver; others placed as the engine says.
  auto events = diff_groups(state, result.groups);
  return events;
}

std::string filter_chat(const std::string& text, const ChatFilter& filter) {
  std::string out = text;
  std::size_t i = 0;
  while (i < out.size()) {
    const auto is_word = [&](std::size_t k) {
      const auto c = static_cast<unsigned char>(out[k]);
      return std::isalnum(c) || c >= 0x80u || c == '\'';
    };
    if (!is_word(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && is_word(j)) ++j;
    std::string word = out.substr(i, j - i);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(filter.words.begin(), filter.words.end(), word) != filter.words.end()) {
      for (std::size_t k = i; k < j; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}

SessionStatus status_of(const SessionState& state, std::int64_t now_ms) {
  SessionStatus s;
  s.phase = state.phase;
  s.paused = state.paused;
  s.locked = state.locked;
  s.rotation = state.rotation;
  s.rotations_total = static_cast<std::uint16_t>(state.program.rotations.size());
  const RotationSpec* rotation = state.rotation_spec();
  s.round = state.round;
  s.rounds_total = rotation ? static_cast<std::uint16_t>(rotation->rounds.size()) : 0;
  if (state.phase == SessionPhase::Round) {
    if (const RoundSpec* round = state.round_spec()) {
      s.round_kind = round->kind;
      s.round_title = round->title;
      s.duration_ms = round->seconds * 1000u;
    }
  } else if (state.phase == SessionPhase::Reflection && rotation) {
    s.round_title = "Reflection";
    s.duration_ms = rotation->reflection_seconds * 1000u;
  } else if (state.phase == SessionPhase::Lobby) {
    s.round_title = "Lobby";
  } else {
    s.round_title = "Debrief";
  }
  s.remaining_ms = static_cast<std::uint32_t>(std::clamp<std::int64_t>(state.remaining_ms(now_ms), 0, UINT32_MAX));
  s.warning_ms = static_cast<std::uint32_t>(kWarningMs);
  for (const auto& [id, seat] : state.seats) {
    if (seat.host) continue;
    ++s.joined;
    if (seat.on_break) {
      ++s.on_break;
    } else if (state.group_of.contains(id)) {
      ++s.paired;
    } else {
      ++s.waiting;
    }
  }
  return s;
}

}  // namespace rapport
