#include "rapport/session/session_state.hpp"

#include "rapport/session/debrief.hpp"
#include "rapport/session/kudos.hpp"
#include "rapport/text/names.hpp"

#include <algorithm>
#include <cmath>

namespace rapport {

const Seat* SessionState::seat(std::uint32_t id) const {
  const auto it = seats.find(id);
  return it == seats.end() ? nullptr : &it->second;
}

bool SessionState::name_taken(const std::string& name) const {
  const std::string key = name_key(name);
  return std::any_of(seats.begin(), seats.end(), [&](const auto& kv) { return name_key(kv.second.name) == key; });
}

std::size_t SessionState::participant_count() const {
  return static_cast<std::size_t>(
      std::count_if(seats.begin(), seats.end(), [](const auto& kv) { return !kv.second.host; }));
}

const GroupRecord* SessionState::group(std::uint32_t id) const {
  return id >= 1 && id <= groups.size() ? &groups[id - 1] : nullptr;
}
GroupRecord* SessionState::group(std::uint32_t id) {
  return id >= 1 && id <= groups.size() ? &groups[id - 1] : nullptr;
}

const GroupRecord* SessionState::group_of_player(std::uint32_t player) const {
  const auto it = group_of.find(player);
  return it == group_of.end() ? nullptr : group(it->second);
}

const RotationSpec* SessionState::rotation_spec() const {
  return rotation >= 1 && rotation <= program.rotations.size() ? &program.rotations[rotation - 1u] : nullptr;
}

const RoundSpec* SessionState::round_spec() const {
  const RotationSpec* spec = rotation_spec();
  return spec && round >= 1 && round <= spec->rounds.size() ? &spec->rounds[round - 1u] : nullptr;
}

std::int64_t SessionState::remaining_ms(std::int64_t now_ms) const {
  if (phase == SessionPhase::Lobby || phase == SessionPhase::Ended) return 0;
  if (paused) return paused_remaining_ms;
  return std::max<std::int64_t>(0, phase_ends_ms - now_ms);
}

namespace {

MeterValues to_values(const Meter& m) {
  const auto clamp = [](double v) { return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 100.0))); };
  return MeterValues{clamp(m.overall), clamp(m.attentiveness()), clamp(m.positivity()), clamp(m.coordination()),
                     clamp(m.balance())};
}

void record(SessionState& state, std::uint32_t group_id, ModelOp op) {
  if (state.record_model_ops) state.model_ops[group_id].push_back(std::move(op));
}

struct Reducer {
  SessionState& state;
  std::int64_t t;

  void feed(std::uint32_t group_id, const PairEvent& e) const { feed_model(state, group_id, e); }

  // The meter runs only while a round does and the session is not paused.
  [[nodiscard]] bool meter_running() const { return state.phase == SessionPhase::Round && !state.paused; }

  void create_model(GroupRecord& g, const std::vector<std::uint32_t>& members) const {
    state.models.erase(g.id);
    state.models.emplace(g.id, RapportModel(state.model_config, members, t));
    record(state, g.id, ModelOp{ModelOp::Kind::Open, t, {}, members});
    if (!meter_running()) {
      state.models.at(g.id).pause(t);
      record(state, g.id, ModelOp{ModelOp::Kind::Pause, t, {}, {}});
    }
    g.meter = to_values(state.models.at(g.id).meter());
  }

  void pause_models() const {
    for (auto& [gid, model] : state.models) {
      if (model.paused()) continue;
      model.pause(t);
      record(state, gid, ModelOp{ModelOp::Kind::Pause, t, {}, {}});
      if (GroupRecord* g = state.group(gid)) g->meter = to_values(model.meter());
    }
  }

  void finish_models() const {
    for (auto& [gid, model] : state.models) {
      model.finish(t);
      record(state, gid, ModelOp{ModelOp::Kind::Finish, t, {}, {}});
      if (GroupRecord* g = state.group(gid)) g->meter = to_values(model.meter());
    }
  }

  void resume_models() const {
    for (auto& [gid, model] : state.models) {
      if (!model.paused()) continue;
      model.resume(t);
      record(state, gid, ModelOp{ModelOp::Kind::Resume, t, {}, {}});
    }
  }

  void open_group(std::vector<std::uint32_t> members, std::string prompt) const {
    GroupRecord g;
    g.id = static_cast<std::uint32_t>(state.groups.size() + 1);
    g.rotation = state.rotation;
    g.members = members;
    g.ever_members = members;
    g.solo = members.size() < 2;
    g.prompt = std::move(prompt);
    for (auto id : members) state.group_of[id] = g.id;
    state.groups.push_back(std::move(g));
    GroupRecord& added = state.groups.back();
    if (members.size() >= 2 && state.model_config) create_model(added, members);
  }

  void close_rotation() const {
    for (auto& g : state.groups) {
      if (g.rotation != state.rotation || g.closed) continue;
      if (auto it = state.models.find(g.id); it != state.models.end()) {
        RapportModel& model = it->second;
        model.advance(t);
        g.meter = to_values(model.meter());
        std::vector<TimelineSample> samples;
        for (const auto& point : model.timeline()) {
          const std::int64_t since = std::max<std::int64_t>(0, point.t_ms - model.timeline().front().t_ms);
          samples.push_back({g.rotation, static_cast<std::uint16_t>(std::min<std::int64_t>(since / 1000, 65535)),
                             static_cast<std::uint8_t>(std::lround(std::clamp(point.meter.overall, 0.0, 100.0)))});
        }
        // The model keeps up to 720 points; the wire carries 240: keep the whole span.
        g.timeline = thin_timeline(std::move(samples), kMaxTimelinePoints);
        for (auto id : g.members) {
          if (auto insight = model.insight(id)) g.insights[id] = *insight;
        }
      }
      g.closed = true;
      // Who met whom is remembered for every later rotation.
      for (std::size_t i = 0; i < g.ever_members.size(); ++i) {
        for (std::size_t j = i + 1; j < g.ever_members.size(); ++j) {
          state.history.record_pair(g.ever_members[i], g.ever_members[j]);
        }
      }
    }
    state.group_of.clear();
  }

  // A conversation round's result: how much the group talked and where the meter ended.
  void finish_conversations() const {
    for (auto& g : state.groups) {
      if (g.rotation != state.rotation || g.closed || g.rounds.empty()) continue;
      RoundRecord& r = g.rounds.back();
      if (r.kind != RoundKind::Conversation || r.finished) continue;
      const std::uint32_t lines = g.chat_lines - g.chat_lines_at_round_start;
      r.finished = true;
      r.figures["chat_lines"] = lines;
      r.success = lines >= 2;
      // The meter now, not as last sent: the figure must not depend on when
      // the server's tick (or a pause) last refreshed it.
      if (auto it = state.models.find(g.id); it != state.models.end()) {
        it->second.advance(t);
        g.meter = to_values(it->second.meter());
      }
      r.score = g.meter.overall;
    }
  }

  void start_phase(SessionPhase phase, std::int64_t duration_ms) const {
    state.phase = phase;
    state.phase_started_ms = t;
    state.phase_ends_ms = t + duration_ms;
    state.paused = false;
    state.held = false;
  }

  // Stops the running phase's clock; false when nothing runs or it is already stopped.
  bool pause() const {
    if (state.paused || (state.phase != SessionPhase::Round && state.phase != SessionPhase::Reflection)) return false;
    state.paused_remaining_ms = std::max<std::int64_t>(0, state.phase_ends_ms - t);
    state.paused = true;
    pause_live_rounds(state, t);  // one clock: the round modules stop with the session
    pause_models();               // and so does the meter
    return true;
  }

  void leave_group(std::uint32_t player) const {
    const auto it = state.group_of.find(player);
    if (it == state.group_of.end()) return;
    if (GroupRecord* g = state.group(it->second)) std::erase(g->members, player);
    state.group_of.erase(it);
  }

  void operator()(const SessionOpened& e) const {
    auto config = state.model_config;
    auto content = state.rounds.content;
    const bool recording = state.record_model_ops;
    state = SessionState{};
    state.record_model_ops = recording;
    state.model_config = std::move(config);
    state.rounds.content = std::move(content);
    state.code = e.code;
    state.program = e.program;
    state.host_token = e.host_token;
    state.audience = e.audience;
    state.pairing = e.pairing;
    state.chat_filter = e.chat_filter;
    state.keep_chat = e.keep_chat;
    state.created_ms = t;
    state.seats[e.host.id] = e.host;
    state.roster_revision = 1;
  }
  void operator()(const PlayerJoined& e) const {
    if (state.seats.contains(e.seat.id)) return;
    state.seats[e.seat.id] = e.seat;
  }
  void operator()(const PlayerLeft& e) const {
    leave_group(e.id);
    state.seats.erase(e.id);
  }
  void operator()(const PlayerConnection& e) const {
    auto it = state.seats.find(e.id);
    if (it == state.seats.end() || it->second.connected == e.connected) return;
    it->second.connected = e.connected;
    it->second.away_since_ms = e.connected ? 0 : t;
  }
  void operator()(const JoiningLocked& e) const { state.locked = e.locked; }
  void operator()(const SessionStarted&) const {
    if (state.phase != SessionPhase::Lobby) return;
    state.rotation = 0;
  }
  void operator()(const RotationStarted& e) const {
    if (state.phase == SessionPhase::Ended || state.rotation >= state.program.rotations.size()) return;
    finish_live_rounds(state, t);
    finish_conversations();
    close_rotation();
    state.models.clear();
    ++state.rotation;
    state.round = 0;
    for (std::size_t i = 0; i < e.groups.size(); ++i) {
      open_group(e.groups[i], i < e.prompts.size() ? e.prompts[i] : std::string{});
    }
  }
  void operator()(const RoundStarted& e) const {
    const RotationSpec* spec = state.rotation_spec();
    if (!spec || state.round >= spec->rounds.size()) return;
    finish_live_rounds(state, t);
    finish_conversations();
    ++state.round;
    state.round_seed = e.seed;
    const RoundSpec& round = spec->rounds[state.round - 1u];
    start_phase(SessionPhase::Round, static_cast<std::int64_t>(round.seconds) * 1000);
    if (!state.paused) resume_models();
    for (auto& g : state.groups) {
      if (g.rotation != state.rotation || g.closed) continue;
      g.chat_lines_at_round_start = g.chat_lines;
      RoundRecord record;
      record.kind = round.kind;
      record.title = round.title;
      record.detail = round.scenario;
      g.rounds.push_back(std::move(record));
    }
    start_live_rounds(state, round, e.seed, t);
  }
  void operator()(const ReflectionStarted&) const {
    const RotationSpec* spec = state.rotation_spec();
    if (!spec) return;
    finish_live_rounds(state, t);
    finish_conversations();
    for (auto& g : state.groups) {
      if (g.rotation == state.rotation && !g.rounds.empty()) g.rounds.back().finished = true;
    }
    // The round is over: the meter stops where it is (no "unanswered" or
    // quiet penalties during reflection), and that is what IOS is held against.
    finish_models();
    for (auto& g : state.groups) {
      if (g.rotation == state.rotation && !g.closed && state.models.contains(g.id)) g.meter_at_reflection = g.meter;
    }
    start_phase(SessionPhase::Reflection, static_cast<std::int64_t>(spec->reflection_seconds) * 1000);
  }
  void operator()(const SessionPaused&) const {
    if (state.paused && state.held) {
      state.held = false;  // the host paused during a restart hold: it no longer ends by itself
      return;
    }
    pause();
  }
  void operator()(const SessionHeld&) const {
    if (pause()) state.held = true;
  }
  void operator()(const SessionResumed&) const {
    if (!state.paused) return;
    state.paused = false;
    state.held = false;
    state.phase_ends_ms = t + state.paused_remaining_ms;
    resume_live_rounds(state, t);
    if (meter_running()) resume_models();
  }
  void operator()(const PhaseExtended& e) const {
    if (state.paused) {
      state.paused_remaining_ms += e.by_ms;
    } else {
      state.phase_ends_ms += e.by_ms;
    }
    if (state.phase == SessionPhase::Round) extend_live_rounds(state, e.by_ms, t);
  }
  void operator()(const RolePlaySceneScored& e) const { score_role_play_scene(state, e, t); }
  void operator()(const InStepStepped& e) const { apply_in_step_steps(state, e); }
  void operator()(const ChatSent& e) const {
    const auto it = state.group_of.find(e.player);
    if (it == state.group_of.end()) return;
    GroupRecord* g = state.group(it->second);
    if (!g) return;
    ++g->chat_lines;
    state.chat.push_back({t, g->id, e.player, e.text});
    if (auto live = state.rounds.live.find(g->id); live != state.rounds.live.end() && live->second.role_play) {
      live->second.scene_lines.push_back({e.player, e.text});
    }
    feed(g->id, PairEvent::chat(t, e.player, e.text));
  }
  void operator()(const GestureMade& e) const {
    const auto it = state.group_of.find(e.player);
    if (it == state.group_of.end()) return;
    GroupRecord* g = state.group(it->second);
    if (!g) return;
    ++g->gestures;
    feed(g->id, PairEvent::gesture_by(t, e.player, e.gesture));
  }
  void operator()(const ReflectionGiven& e) const {
    // Reflection is about the group of the rotation that just ended.
    for (auto it = state.groups.rbegin(); it != state.groups.rend(); ++it) {
      if (it->rotation != state.rotation) continue;
      if (std::find(it->ever_members.begin(), it->ever_members.end(), e.player) == it->ever_members.end()) continue;
      auto& mine = it->reflections[e.player];
      // A re-sent answer (after a reconnect) replaces the first; its kudos counts once.
      const bool kudos_already = std::any_of(mine.begin(), mine.end(), [&](const ReflectionRecord& r) {
        return r.about == e.about && r.kudos == e.kudos;
      });
      std::erase_if(mine, [&](const ReflectionRecord& r) { return r.about == e.about; });
      mine.push_back({e.about, e.ios, e.kudos});
      if (e.kudos != 0 && !kudos_already) feed(it->id, PairEvent::of(PairEventKind::Kudos, t, e.player));
      return;
    }
  }
  void operator()(const BreakChanged& e) const {
    auto it = state.seats.find(e.player);
    if (it == state.seats.end()) return;
    it->second.on_break = e.on;
  }
  void operator()(const MuteChanged& e) const {
    auto it = state.seats.find(e.player);
    if (it == state.seats.end()) return;
    it->second.muted = e.muted;
  }
  void operator()(const PlayerKicked& e) const {
    auto it = state.seats.find(e.player);
    if (it == state.seats.end() || it->second.host) return;
    if (e.bar_name) state.barred_names.insert(name_key(it->second.name));
    leave_group(e.player);
    state.seats.erase(it);
  }
  void operator()(const GroupChanged& e) const {
    if (e.group_id == 0) {
      open_group(e.members, e.prompt);
      return;
    }
    GroupRecord* g = state.group(e.group_id);
    if (!g || g->closed) return;
    for (auto id : g->members) state.group_of.erase(id);
    g->members = e.members;
    g->solo = e.members.size() < 2;
    if (!e.prompt.empty()) g->prompt = e.prompt;
    for (auto id : e.members) {
      state.group_of[id] = g->id;
      if (std::find(g->ever_members.begin(), g->ever_members.end(), id) == g->ever_members.end()) {
        g->ever_members.push_back(id);
      }
    }
    // Membership changed: the meter carries on with the evidence of those
    // who stay (a solo member keeps the model until someone joins them).
    if (e.members.size() >= 2 && state.model_config) {
      if (auto it = state.models.find(g->id); it != state.models.end()) {
        it->second.change_members(e.members, t);
        record(state, g->id, ModelOp{ModelOp::Kind::Members, t, {}, e.members});
        g->meter = to_values(it->second.meter());
      } else {
        create_model(*g, e.members);
      }
    }
  }
  void operator()(const RoundScored& e) const {
    GroupRecord* g = state.group(e.group_id);
    if (!g || g->rounds.empty()) return;
    if (auto live = state.rounds.live.find(e.group_id); live != state.rounds.live.end()) live->second.scored = true;
    RoundRecord& r = g->rounds.back();
    r.finished = true;
    r.success = e.success;
    r.score = e.score;
    r.figures = e.figures;
    r.shared_items = e.shared_items;
    if (!e.detail.empty()) r.detail = e.detail;
    feed(g->id, PairEvent::of(PairEventKind::RoundResult, t, 0, std::clamp(e.score / 100.0, 0.0, 1.0)));
  }
  void operator()(const ProfileSet& e) const {
    const Deck* deck = state.rounds.content ? state.rounds.content->deck_for(state.audience) : nullptr;
    if (!deck) return;
    Profile& profile = state.rounds.profiles[e.player];
    profile.player = e.player;
    for (std::size_t i = 0; i < e.categories.size() && i < e.answers.size(); ++i) {
      (void)set_profile_answer(profile, *deck, e.categories[i], e.answers[i]);
    }
  }
  LiveRound* live_for(std::uint32_t player) const {
    const auto g = state.group_of.find(player);
    if (g == state.group_of.end()) return nullptr;
    const auto it = state.rounds.live.find(g->second);
    return it == state.rounds.live.end() ? nullptr : &it->second;
  }
  void operator()(const BlueprintActed& e) const {
    advance_live_rounds(state, t);
    LiveRound* live = live_for(e.player);
    if (!live || !live->blueprint) return;
    blueprint::BlueprintState* current = blueprint::current_puzzle(*live->blueprint);
    if (!current) return;
    blueprint::Action action = blueprint::RequestCheck{};
    BlueprintAct act;
    act.kind = static_cast<BlueprintActKind>(std::min<std::uint8_t>(e.kind, static_cast<std::uint8_t>(BlueprintActKind::kCount)));
    act.tray_index = e.tray_index;
    act.from_x = e.from_x;
    act.from_y = e.from_y;
    act.to_x = e.to_x;
    act.to_y = e.to_y;
    if (!to_blueprint_action(act, action)) return;
    (void)blueprint::apply(*current, e.player, action, module_time(state, t));
    advance_live_rounds(state, t);
  }
  void operator()(const RolePlayGuessed& e) const {
    advance_live_rounds(state, t);
    LiveRound* live = live_for(e.player);
    if (!live || !live->role_play || !state.rounds.content) return;
    const Scenario* scenario = find_scenario(state.rounds.content->scenarios, live->role_play->scenario_id);
    if (!scenario) return;
    auto next = submit_guess(*scenario, *live->role_play, RolePlayGuess{e.player, e.target, e.goal, e.feeling},
                             module_time(state, t));
    if (next.ok()) live->role_play = *next.value;
    advance_live_rounds(state, t);
  }
  void operator()(const CommonGroundProposed& e) const {
    LiveRound* live = live_for(e.player);
    if (!live || !live->common_ground) return;
    (void)propose(*live->common_ground, e.player, e.cell, e.text, module_time(state, t));
  }
  void operator()(const CommonGroundResponded& e) const {
    LiveRound* live = live_for(e.player);
    if (!live || !live->common_ground) return;
    const auto result = respond(*live->common_ground, e.player, e.cell, e.accept, module_time(state, t));
    if (result.message.empty() && e.accept) {
      const auto g = state.group_of.find(e.player);
      if (g != state.group_of.end()) feed(g->second, PairEvent::of(PairEventKind::CommonGroundFound, t, e.player));
    }
  }
  void operator()(const HintGiven& e) const {
    const auto it = state.rounds.live.find(e.group_id);
    if (it == state.rounds.live.end() || !it->second.common_ground) return;
    apply_hint(*it->second.common_ground, Hint{e.cell, e.category_id, e.text}, module_time(state, t));
  }
  void operator()(const RoleSet& e) const {
    if (auto it = state.seats.find(e.player); it != state.seats.end() && !it->second.host) it->second.role = e.role;
  }
  void operator()(const MeetingsRecalled& e) const {
    for (const auto& pair : e.pairs) {
      if (state.seats.contains(pair.a) && state.seats.contains(pair.b)) {
        state.history.record_pair(pair.a, pair.b, static_cast<int>(std::min<std::uint32_t>(pair.times, 1000)));
      }
    }
  }
  void operator()(const SessionEnded&) const {
    if (state.phase == SessionPhase::Ended) return;
    finish_live_rounds(state, t);
    finish_conversations();
    close_rotation();
    state.phase = SessionPhase::Ended;
    state.paused = false;
    state.held = false;
    state.models.clear();
    if (!state.keep_chat) {
      // Retention: chat text does not outlive the session (the model
      // operations hold it too).
      state.chat.clear();
      state.model_ops.clear();
    }
  }
};

}  // namespace

void feed_model(SessionState& state, std::uint32_t group_id, const PairEvent& event) {
  auto it = state.models.find(group_id);
  if (it == state.models.end()) return;
  if (!it->second.apply(event)) return;
  record(state, group_id, ModelOp{ModelOp::Kind::Apply, event.t_ms, event, {}});
  if (GroupRecord* g = state.group(group_id)) g->meter = to_values(it->second.meter());
}

std::string reason_line(const SessionState& state, const Reason& reason) {
  if (!reason.actor) return reason.text;
  const Seat* seat = state.seat(*reason.actor);
  return (seat ? seat->name : std::string("A partner who left")) + " " + reason.text;
}

std::vector<GroupExport> model_exports(const SessionState& state) {
  std::vector<GroupExport> out;
  for (const auto& [gid, ops] : state.model_ops) {
    const GroupRecord* g = state.group(gid);
    if (!g || ops.empty()) continue;
    GroupExport e;
    e.group_id = gid;
    e.rotation = g->rotation;
    e.ops = ops;
    for (const auto& [author, answers] : g->reflections) {
      for (const auto& r : answers) e.answers.push_back({author, r.about, r.ios, r.kudos != 0});
    }
    out.push_back(std::move(e));
  }
  return out;
}

void apply(SessionState& state, const SessionEvent& event) {
  std::visit(Reducer{state, event.t_ms}, event.body);
  state.last_event_ms = std::max(state.last_event_ms, event.t_ms);
}

RosterEntry roster_entry(const Seat& seat, const SessionState& state) {
  RosterEntry entry;
  entry.player_id = seat.id;
  entry.name = seat.name;
  entry.team = seat.team;
  entry.role = seat.role;
  entry.avatar = seat.avatar;
  if (seat.host) {
    entry.status = PlayerStatus::Host;
  } else if (!seat.connected) {
    entry.status = PlayerStatus::Away;
  } else if (seat.on_break) {
    entry.status = PlayerStatus::OnBreak;
  } else if (seat.muted) {
    entry.status = PlayerStatus::Muted;
  } else if (state.group_of.contains(seat.id)) {
    entry.status = PlayerStatus::Paired;
  } else {
    entry.status = PlayerStatus::Lobby;
  }
  return entry;
}

}  // namespace rapport
