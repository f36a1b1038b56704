#include "rapport/server/session_host.hpp"

#include "rapport/session/debrief.hpp"
#include "rapport/text/names.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::server {
namespace {

// How often the meter and the host's tiles refresh, and the status heartbeat.
constexpr std::int64_t kMeterIntervalMs = 1000;
constexpr std::int64_t kStatusIntervalMs = 5000;
// How much of a report's own words the host's notice shows (the notice also
// names both people and must stay within kMaxTextBytes).
constexpr std::size_t kMaxReportShownBytes = 200;

bool changes_roster(const SessionEventBody& body) {
  return !std::holds_alternative<ChatSent>(body) && !std::holds_alternative<GestureMade>(body) &&
         !std::holds_alternative<ReflectionGiven>(body) && !std::holds_alternative<RoundScored>(body) &&
         !std::holds_alternative<PhaseExtended>(body) && !std::holds_alternative<InStepStepped>(body) &&
         !std::holds_alternative<RolePlaySceneScored>(body) && !std::holds_alternative<HintGiven>(body);
}

bool changes_phase(const SessionEventBody& body) {
  return std::holds_alternative<SessionStarted>(body) || std::holds_alternative<RotationStarted>(body) ||
         std::holds_alternative<RoundStarted>(body) || std::holds_alternative<ReflectionStarted>(body) ||
         std::holds_alternative<SessionPaused>(body) || std::holds_alternative<SessionResumed>(body) ||
         std::holds_alternative<SessionHeld>(body) ||
         std::holds_alternative<PhaseExtended>(body) || std::holds_alternative<SessionEnded>(body) ||
         std::holds_alternative<JoiningLocked>(body);
}

std::int8_t clamp_delta(double delta) {
  return static_cast<std::int8_t>(std::clamp(std::lround(delta), -100L, 100L));
}

MeterComponent to_meter_component(Component c) {
  switch (c) {
    case Component::Attentiveness: return MeterComponent::Attentiveness;
    case Component::Positivity: return MeterComponent::Positivity;
    case Component::Coordination: return MeterComponent::Coordination;
    case Component::Balance: return MeterComponent::Balance;
    case Component::kCount: break;
  }
  return MeterComponent::Overall;
}

}  // namespace

SessionHost::SessionHost(SessionServices services, std::shared_ptr<const ModelConfig> model_config,
                         std::shared_ptr<const RoundContent> content)
    : services_(std::move(services)) {
  state_.model_config = std::move(model_config);
  state_.rounds.content = std::move(content);
  // Kept for the journal export (CODE-journal.json), and dropped with the chat
  // text when the session ends unless the host kept the chat.
  state_.record_model_ops = true;
}

std::uint32_t SessionHost::host_id() const {
  for (const auto& [id, seat] : state_.seats) {
    if (seat.host) return id;
  }
  return 0;
}

std::map<std::uint32_t, RosterEntry> SessionHost::roster_snapshot() const {
  std::map<std::uint32_t, RosterEntry> out;
  for (const auto& [id, seat] : state_.seats) out.emplace(id, roster_entry(seat, state_));
  return out;
}

void SessionHost::replay(const SessionEvent& event) { apply(state_, event); }

bool SessionHost::commit(const SessionEvent& event) {
  if (!journal(std::span<const SessionEvent>(&event, 1))) return false;
  apply_one(event);
  flush_status(event.t_ms);
  return true;
}

void SessionHost::flush_status(std::int64_t now_ms) {
  // One status after a batch of events: a rotation change is several events,
  // and clients must only see where the batch ends.
  if (!status_dirty_) return;
  status_dirty_ = false;
  send_status(now_ms);
}

bool SessionHost::journal(std::span<const SessionEvent> events) {
  if (!services_.journal || events.empty()) return true;
  const std::string code = state_.code.empty() && std::holds_alternative<SessionOpened>(events.front().body)
                               ? std::get<SessionOpened>(events.front().body).code
                               : state_.code;
  return services_.journal(code, events);
}

void SessionHost::apply_one(const SessionEvent& event) {
  std::map<std::uint32_t, RosterEntry> before;
  if (changes_roster(event.body)) before = roster_snapshot();
  apply(state_, event);
  fan_out(event, before);
}

bool SessionHost::commit_all(const std::vector<SessionEventBody>& events, std::int64_t now_ms) {
  std::vector<SessionEvent> batch;
  for (auto& result : round_end_results(state_, events)) batch.push_back({now_ms, std::move(result)});
  for (const auto& body : events) batch.push_back({now_ms, body});
  // Journaled before anyone sees any of it: all of the batch, or nothing.
  if (!journal(batch)) return false;
  for (const auto& event : batch) apply_one(event);
  flush_status(now_ms);
  return true;
}

void SessionHost::broadcast(const Message& message, std::uint32_t except) const {
  for (const auto& [id, seat] : state_.seats) {
    if (seat.connected && id != except) services_.send(id, message);
  }
}

void SessionHost::send_to_group(const GroupRecord& group, const Message& message) const {
  for (auto id : group.members) services_.send(id, message);
}

void SessionHost::send_group_assignment(std::uint32_t player) const {
  GroupAssigned assigned;
  assigned.rotation = state_.rotation;
  if (const GroupRecord* g = state_.group_of_player(player)) {
    assigned.group_id = g->id;
    assigned.members = g->members;
    assigned.solo = g->members.size() < 2;
    assigned.prompt = g->prompt;
  }
  services_.send(player, assigned);
}

void SessionHost::send_status(std::int64_t now_ms) const { broadcast(status_of(state_, now_ms)); }

namespace {
// At most kMaxTextBytes, cut at a character boundary (names may be any script).
std::string bounded_text(std::string text) {
  if (text.size() <= kMaxTextBytes) return text;
  std::size_t end = kMaxTextBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
  text.resize(end);
  return text;
}
}  // namespace

void SessionHost::send_meter(std::uint32_t group_id, bool with_reasons) {
  const GroupRecord* g = state_.group(group_id);
  auto it = state_.models.find(group_id);
  if (!g || it == state_.models.end()) return;
  RapportUpdate update;
  update.group_id = group_id;
  update.meter = g->meter;
  if (with_reasons) {
    auto reasons = it->second.take_reasons();
    // The newest reasons matter most; older ones are already reflected in the meter.
    const std::size_t first = reasons.size() > kMaxReasonsPerUpdate ? reasons.size() - kMaxReasonsPerUpdate : 0;
    for (std::size_t i = first; i < reasons.size(); ++i) {
      if (std::lround(reasons[i].delta) == 0) continue;
      update.reasons.push_back({to_meter_component(reasons[i].component), clamp_delta(reasons[i].delta),
                                bounded_text(reason_line(state_, reasons[i]))});
    }
  }
  send_to_group(*g, update);
}

void SessionHost::send_tiles() const {
  const std::uint32_t host = host_id();
  if (host == 0) return;
  GroupTiles chunk;
  chunk.reset = true;
  bool sent_any = false;
  for (const auto& g : state_.groups) {
    if (g.rotation != state_.rotation || g.closed || g.members.empty()) continue;
    GroupTile tile;
    tile.group_id = g.id;
    tile.members = g.members;
    tile.meter = g.meter;
    const bool someone_away = std::any_of(g.members.begin(), g.members.end(), [&](std::uint32_t id) {
      const Seat* s = state_.seat(id);
      return s && !s->connected;
    });
    tile.status = g.members.size() < 2   ? GroupStatusKind::Solo
                  : someone_away         ? GroupStatusKind::Reconnecting
                  : g.chat_lines == 0    ? GroupStatusKind::Quiet
                  : state_.phase == SessionPhase::Reflection ? GroupStatusKind::Done
                                                             : GroupStatusKind::Talking;
    chunk.tiles.push_back(std::move(tile));
    if (chunk.tiles.size() == kMaxTilesPerMessage) {
      services_.send(host, chunk);
      chunk.tiles.clear();
      chunk.reset = false;
      sent_any = true;
    }
  }
  if (!chunk.tiles.empty() || !sent_any) services_.send(host, chunk);
}

void SessionHost::fan_out(const SessionEvent& event, const std::map<std::uint32_t, RosterEntry>& before) {
  const SessionEventBody& body = event.body;
  // Roster: only the entries that changed.
  if (changes_roster(body)) {
    RosterUpdate delta;
    delta.revision = ++state_.roster_revision;
    std::uint32_t newcomer = 0;
    if (const auto* joined = std::get_if<PlayerJoined>(&body)) newcomer = joined->seat.id;
    // Someone coming back gets a whole snapshot right after this; a delta
    // first would carry a revision from before their snapshot's baseline
    // (after a server restart, from a restarted counter).
    if (const auto* back = std::get_if<PlayerConnection>(&body); back && back->connected) newcomer = back->id;
    for (const auto& [id, seat] : state_.seats) {
      RosterEntry now = roster_entry(seat, state_);
      const auto it = before.find(id);
      if (it == before.end() || !(it->second == now)) delta.upserts.push_back(std::move(now));
    }
    for (const auto& [id, entry] : before) {
      if (!state_.seats.contains(id)) delta.removed.push_back(id);
    }
    if (!delta.upserts.empty() || !delta.removed.empty()) {
      // Large changes (a new rotation in a big hall) go out in chunks.
      RosterUpdate chunk = delta;
      chunk.upserts.clear();
      chunk.removed.clear();
      std::size_t u = 0, r = 0;
      while (u < delta.upserts.size() || r < delta.removed.size()) {
        while (u < delta.upserts.size() && chunk.upserts.size() < kMaxRosterEntriesPerMessage) chunk.upserts.push_back(delta.upserts[u++]);
        while (r < delta.removed.size() && chunk.removed.size() < kMaxRosterRemovalsPerMessage) chunk.removed.push_back(delta.removed[r++]);
        chunk.more = u < delta.upserts.size() || r < delta.removed.size();
        broadcast(chunk, newcomer);
        chunk.upserts.clear();
        chunk.removed.clear();
      }
    } else {
      --state_.roster_revision;
    }
  }
  if (const auto* rotation = std::get_if<RotationStarted>(&body)) {
    (void)rotation;
    for (const auto& [id, seat] : state_.seats) {
      if (!seat.host && seat.connected) send_group_assignment(id);
    }
  } else if (const auto* changed = std::get_if<GroupChanged>(&body)) {
    // Everyone whose group this touched learns their (new) room.
    std::set<std::uint32_t> told;
    const std::uint32_t gid = changed->group_id == 0 ? static_cast<std::uint32_t>(state_.groups.size()) : changed->group_id;
    if (const GroupRecord* g = state_.group(gid)) {
      for (auto id : g->ever_members) {
        if (told.insert(id).second && state_.seats.contains(id)) send_group_assignment(id);
      }
    }
  } else if (const auto* chat = std::get_if<ChatSent>(&body)) {
    if (const GroupRecord* g = state_.group_of_player(chat->player)) {
      send_to_group(*g, ChatLine{g->id, chat->player, chat->text});
      send_meter(g->id, true);
    }
  } else if (const auto* gesture = std::get_if<GestureMade>(&body)) {
    if (const GroupRecord* g = state_.group_of_player(gesture->player)) {
      send_to_group(*g, GestureShown{g->id, gesture->player, gesture->gesture});
      send_meter(g->id, true);
    }
  } else if (const auto* kicked = std::get_if<PlayerKicked>(&body)) {
    services_.send(kicked->player, Notice{NoticeKind::Kicked, kicked->player, "The host removed you from the session."});
  } else if (const auto* muted = std::get_if<MuteChanged>(&body)) {
    services_.send(muted->player, Notice{muted->muted ? NoticeKind::Muted : NoticeKind::Unmuted, muted->player,
                                         muted->muted ? "The host has muted your chat for now." : "You can chat again."});
  }
  if (changes_phase(body)) status_dirty_ = true;
  if (std::holds_alternative<RoundStarted>(body)) {
    send_all_round_views(event.t_ms);
  } else if (const auto* acted = std::get_if<BlueprintActed>(&body)) {
    send_round_views_for_player(acted->player, event.t_ms);
  } else if (const auto* guessed = std::get_if<RolePlayGuessed>(&body)) {
    send_round_views_for_player(guessed->player, event.t_ms);
  } else if (const auto* proposed = std::get_if<CommonGroundProposed>(&body)) {
    send_round_views_for_player(proposed->player, event.t_ms);
  } else if (const auto* responded = std::get_if<CommonGroundResponded>(&body)) {
    send_round_views_for_player(responded->player, event.t_ms);
    send_meter(state_.group_of.contains(responded->player) ? state_.group_of.at(responded->player) : 0, true);
  } else if (const auto* hint = std::get_if<HintGiven>(&body)) {
    send_round_views(hint->group_id, event.t_ms);
  }
  if (std::holds_alternative<SessionEnded>(body)) finish(event.t_ms);
}

void SessionHost::send_round_views(std::uint32_t group_id, std::int64_t now_ms) const {
  const GroupRecord* g = state_.group(group_id);
  if (!g) return;
  for (auto member : g->members) {
    if (auto v = blueprint_view(state_, group_id, member, now_ms)) services_.send(member, *v);
    if (auto v = role_play_view(state_, group_id, member, now_ms)) services_.send(member, *v);
    if (auto v = common_ground_view(state_, group_id, member)) services_.send(member, *v);
  }
}

void SessionHost::send_round_views_for_player(std::uint32_t player, std::int64_t now_ms) const {
  if (const auto it = state_.group_of.find(player); it != state_.group_of.end()) send_round_views(it->second, now_ms);
}

void SessionHost::send_all_round_views(std::int64_t now_ms) const {
  for (const auto& [gid, live] : state_.rounds.live) send_round_views(gid, now_ms);
}

void SessionHost::reject(std::uint32_t player, const Rejection& rejection) const {
  services_.send(player, Error{rejection.code, rejection.text});
  if (services_.log) {
    services_.log->debug("session " + state_.code + ": rejected a request from player " + std::to_string(player) +
                         ": " + rejection.text);
  }
}

bool SessionHost::handle(std::uint32_t player, const Message& message, std::int64_t now_ms) {
  Decision decision;
  const std::uint64_t seed = services_.seed ? services_.seed() : 0;
  if (const auto* command = std::get_if<HostCommand>(&message)) {
    decision = decide_host_command(state_, player, *command, now_ms, seed);
    if (!decision.rejected() && command->action == HostAction::Broadcast) {
      broadcast(Notice{NoticeKind::Broadcast, player, command->text});
    }
  } else if (const auto* chat = std::get_if<ChatPost>(&message)) {
    decision = decide_chat(state_, player, chat->text, services_.chat_filter);
  } else if (const auto* gesture = std::get_if<GesturePost>(&message)) {
    decision = decide_gesture(state_, player, gesture->gesture);
  } else if (const auto* answer = std::get_if<ReflectionAnswer>(&message)) {
    decision = decide_reflection(state_, player, *answer);
  } else if (const auto* pause = std::get_if<BreakRequest>(&message)) {
    decision = decide_break(state_, player, pause->on, seed);
  } else if (const auto* act = std::get_if<BlueprintAct>(&message)) {
    if (auto why = check_blueprint_act(state_, player, *act, now_ms); !why.empty()) {
      decision = Decision::reject(ErrorCode::OutOfState, why);
    } else {
      decision.events.push_back(BlueprintActed{player, static_cast<std::uint8_t>(act->kind), act->tray_index,
                                               act->from_x, act->from_y, act->to_x, act->to_y});
    }
  } else if (const auto* guess = std::get_if<RolePlayGuessPost>(&message)) {
    if (auto why = check_role_play_guess(state_, player, *guess, now_ms); !why.empty()) {
      decision = Decision::reject(ErrorCode::OutOfState, why);
    } else {
      decision.events.push_back(RolePlayGuessed{player, guess->target, guess->goal_option, guess->feeling_option});
    }
  } else if (const auto* proposal = std::get_if<CommonGroundPropose>(&message)) {
    if (auto why = check_common_ground_propose(state_, player, *proposal, now_ms); !why.empty()) {
      decision = Decision::reject(ErrorCode::OutOfState, why);
    } else {
      const std::string text = state_.chat_filter && services_.chat_filter ? filter_chat(proposal->text, *services_.chat_filter)
                                                                          : proposal->text;
      decision.events.push_back(CommonGroundProposed{player, proposal->cell, text});
    }
  } else if (const auto* response = std::get_if<CommonGroundRespond>(&message)) {
    if (auto why = check_common_ground_respond(state_, player, *response, now_ms); !why.empty()) {
      decision = Decision::reject(ErrorCode::OutOfState, why);
    } else {
      decision.events.push_back(CommonGroundResponded{player, response->cell, response->accept});
    }
  } else if (const auto* profile = std::get_if<ProfileAnswers>(&message)) {
    if (auto why = check_profile(state_, player, *profile); !why.empty()) {
      decision = Decision::reject(ErrorCode::BadInput, why);
    } else {
      decision.events.push_back(ProfileSet{player, profile->categories, profile->answers});
    }
  } else if (const auto* input = std::get_if<InStepInput>(&message)) {
    // Real-time input: not journaled one by one; the round's result is.
    offer_in_step_inputs(state_, player, *input);
    return true;
  } else if (const auto* report = std::get_if<ReportPartner>(&message)) {
    const Seat* reported = state_.seat(report->player);
    const Seat* reporter = state_.seat(player);
    if (!reported || !reporter || report->player == player) {
      decision = Decision::reject(ErrorCode::BadInput, "That person is not in this session.");
    } else if (!is_valid_utf8(report->text)) {
      decision = Decision::reject(ErrorCode::BadInput, "The report's text could not be read; please type it again.");
    } else {
      if (const std::uint32_t host = host_id()) {
        const std::string head = reporter->name + " reported " + reported->name;
        const std::size_t room = std::min(kMaxReportShownBytes, kMaxTextBytes - head.size() - 2);
        services_.send(host, Notice{NoticeKind::Report, report->player,
                                    report->text.empty() ? head + "." : head + ": " + truncate_utf8_bytes(report->text, room)});
      }
      services_.send(player, Notice{NoticeKind::Info, report->player, "Thank you. The host has been told."});
      if (services_.log) services_.log->warn("session " + state_.code + ": a participant reported another");
    }
  } else {
    decision = Decision::reject(ErrorCode::OutOfState, std::string("That request is not used inside a session (") +
                                                           name_of(type_of(message)) + ").");
  }
  if (decision.rejected()) {
    reject(player, *decision.rejection);
    return false;
  }
  if (!commit_all(decision.events, now_ms)) {
    reject(player, Rejection{ErrorCode::Internal, std::string(kNotSavedText)});
    return false;
  }
  return true;
}

void SessionHost::arrived(std::uint32_t player, std::int64_t now_ms) {
  const std::uint64_t seed = services_.seed ? services_.seed() : 0;
  (void)commit_all(place_arrival(state_, player, seed), now_ms);  // not kept: the next arrival or rotation places them
}

bool SessionHost::departed(std::uint32_t player, std::int64_t now_ms) {
  const std::uint64_t seed = services_.seed ? services_.seed() : 0;
  std::vector<SessionEventBody> events{PlayerLeft{player}};
  const auto patch = patch_departure(state_, player, seed);
  events.insert(events.end(), patch.begin(), patch.end());
  std::vector<std::uint32_t> partners;
  if (const GroupRecord* g = state_.group_of_player(player)) {
    for (auto id : g->members) {
      if (id != player) partners.push_back(id);
    }
  }
  if (!commit_all(events, now_ms)) return false;
  // Told only once the departure is journaled (a crash before it would bring them back).
  for (auto id : partners) services_.send(id, Notice{NoticeKind::PartnerLeft, player, "Your partner has left the session."});
  return true;
}

void SessionHost::send_snapshot(std::uint32_t player, std::int64_t now_ms) {
  RosterUpdate chunk;
  chunk.revision = state_.roster_revision;
  chunk.reset = true;
  std::size_t remaining = state_.seats.size();
  for (const auto& [id, seat] : state_.seats) {
    chunk.upserts.push_back(roster_entry(seat, state_));
    --remaining;
    if (chunk.upserts.size() == kMaxRosterEntriesPerMessage || remaining == 0) {
      chunk.more = remaining > 0;
      services_.send(player, chunk);
      chunk.upserts.clear();
      chunk.reset = false;
    }
  }
  services_.send(player, status_of(state_, now_ms));
  if (state_.phase == SessionPhase::Lobby) {
    if (const Seat* seat = state_.seat(player); seat && !seat->host) {
      if (auto questions = profile_questions(state_); !questions.categories.empty()) services_.send(player, questions);
    }
  }
  if (state_.phase == SessionPhase::Round || state_.phase == SessionPhase::Reflection) {
    send_group_assignment(player);
    if (const GroupRecord* g = state_.group_of_player(player)) {
      RapportUpdate update{g->id, g->meter, {}};
      services_.send(player, update);
      send_round_views(g->id, now_ms);
    }
  }
  if (const Seat* seat = state_.seat(player); seat && seat->host) send_tiles();
  if (state_.ended()) {
    if (const Seat* seat = state_.seat(player); seat && seat->host) {
      services_.send(player, build_summary(state_, report_path_));
    } else {
      services_.send(player, build_debrief(state_, player));
    }
  }
}

void SessionHost::tick(std::int64_t now_ms) {
  if (state_.ended()) return;
  const std::uint64_t seed = services_.seed ? services_.seed() : 0;
  // Not kept by the journal: nothing happened, and the next tick tries again.
  (void)commit_all(due_transitions(state_, now_ms, seed), now_ms);
  if (state_.ended()) return;
  // Role-play scenes that ran out: their empathy scores are journaled events.
  for (const auto& scored : due_scene_scores(state_, now_ms)) {
    if (!commit({now_ms, scored})) break;
    send_round_views(scored.group_id, now_ms);
    send_meter(scored.group_id, true);
  }
  // Round modules: time-driven changes (deterministic in time, so a replay
  // reaches the same state when it applies the next event).
  advance_live_rounds(state_, now_ms);
  // In Step: the inputs of the ticks due are journaled, then simulated, then shown.
  if (auto steps = take_in_step_steps(state_, now_ms)) (void)commit({now_ms, std::move(*steps)});
  for (const auto& [gid, live] : state_.rounds.live) {
    if (!live.in_step) continue;
    if (auto snapshot = in_step_snapshot(state_, gid)) {
      if (const GroupRecord* g = state_.group(gid)) {
        for (auto member : g->members) services_.send_motion(member, *snapshot);
      }
    }
  }
  std::vector<HintGiven> hints;
  for (const auto& [gid, live] : state_.rounds.live) {
    if (auto hint = due_hint(state_, gid, now_ms)) hints.push_back(*hint);
  }
  for (const auto& hint : hints) {
    if (!commit({now_ms, hint})) break;
  }
  if (now_ms >= next_meter_ms_) {
    next_meter_ms_ = now_ms + kMeterIntervalMs;
    send_all_round_views(now_ms);
    for (auto& [gid, model] : state_.models) {
      model.advance(now_ms);
      if (GroupRecord* g = state_.group(gid)) {
        const Meter m = model.meter();
        const auto v = [](double x) { return static_cast<std::uint8_t>(std::lround(std::clamp(x, 0.0, 100.0))); };
        g->meter = MeterValues{v(m.overall), v(m.attentiveness()), v(m.positivity()), v(m.coordination()), v(m.balance())};
      }
    }
    for (const auto& [gid, model] : state_.models) send_meter(gid, true);
    send_tiles();
  }
  if (now_ms >= next_status_ms_) {
    next_status_ms_ = now_ms + kStatusIntervalMs;
    if (state_.phase != SessionPhase::Lobby) send_status(now_ms);
  }
}

void SessionHost::finish(std::int64_t) {
  if (finished_) return;
  finished_ = true;
  if (services_.report) report_path_ = services_.report(state_);
  for (const auto& [id, seat] : state_.seats) {
    if (!seat.connected) continue;
    if (seat.host) {
      services_.send(id, build_summary(state_, report_path_));
    } else {
      services_.send(id, build_debrief(state_, id));
    }
  }
  if (services_.log) services_.log->info("session " + state_.code + " ended; report: " + report_path_);
}

}  // namespace rapport::server
