#include "rapport/rounds/round_play.hpp"

#include "rapport/content/program.hpp"
#include "rapport/session/session_state.hpp"

#include <algorithm>
#include <cmath>

namespace rapport {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30u)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27u)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31u);
}

// Two role-play scenes (roles swapped) when the round is long enough for both.
constexpr std::int64_t kTwoScenesFromMs = 360'000;
// How long a hint stays on the grid.
constexpr std::int64_t kHintShownMs = 60'000;

blueprint::Difficulty parse_difficulty(const std::string& text) {
  if (text == "easy") return blueprint::Difficulty::Easy;
  if (text == "hard") return blueprint::Difficulty::Hard;
  return blueprint::Difficulty::Medium;
}

RolePlayTimings scaled_timings(std::int64_t scene_ms) {
  RolePlayTimings t;
  t.briefing_ms = scene_ms * 12 / 100;
  t.acting_ms = scene_ms * 58 / 100;
  t.guessing_ms = scene_ms * 15 / 100;
  t.reveal_ms = scene_ms - t.briefing_ms - t.acting_ms - t.guessing_ms;
  return t;
}

const Scenario* scenario_of(const SessionState& state, const LiveRound& live) {
  if (!state.rounds.content || !live.role_play) return nullptr;
  return find_scenario(state.rounds.content->scenarios, live.role_play->scenario_id);
}

void feed(SessionState& state, std::uint32_t group_id, const PairEvent& event) {
  feed_model(state, group_id, event);
}

LiveRound* live_of(SessionState& state, std::uint32_t player) {
  const auto g = state.group_of.find(player);
  if (g == state.group_of.end()) return nullptr;
  const auto it = state.rounds.live.find(g->second);
  return it == state.rounds.live.end() ? nullptr : &it->second;
}
const LiveRound* live_of(const SessionState& state, std::uint32_t player) {
  return live_of(const_cast<SessionState&>(state), player);
}

bool scene_scored(const LiveRound& live) {
  return std::any_of(live.role_play_done.begin(), live.role_play_done.end(),
                     [&](const RolePlayResults& r) { return r.scene == live.role_play->scene; });
}

// Time passes for one group's module, `at` in module time (RoundClock). Only
// the module's own state changes (deterministic in time, so ticks in between
// and a replay at the next event reach the same state); a finished role-play
// scene waits for its journaled scores before the next one starts.
void advance_one(const SessionState& state, LiveRound& live, std::int64_t at) {
  if (live.blueprint) {
    const std::int64_t per_puzzle =
        live.duration_ms / static_cast<std::int64_t>(std::max<std::size_t>(1, blueprint::puzzle_count(*live.blueprint)));
    for (int guard = 0; guard < 8; ++guard) {
      blueprint::BlueprintState* current = blueprint::current_puzzle(*live.blueprint);
      if (!current) break;
      blueprint::expire_if_due(*current, at);
      if (current->phase != blueprint::Phase::Finished) break;
      const std::int64_t next_start = std::min(current->finished_ms, at);
      if (!blueprint::start_next_puzzle(*live.blueprint, next_start, per_puzzle)) break;
    }
  }
  if (live.role_play) {
    const Scenario* scenario = scenario_of(state, live);
    for (int guard = 0; guard < 8 && scenario; ++guard) {
      live.role_play = advance_time(*live.role_play, live.role_play_timings, at);
      if (live.role_play->phase != RolePlayPhase::Done || !scene_scored(live)) break;
      if (live.role_play->scene + 1u >= live.role_play_scenes) break;
      const std::int64_t ended = phase_ends_at(*live.role_play, live.role_play_timings);
      auto next = start_next_scene(*scenario, *live.role_play, std::min(ended, at));
      if (!next.ok()) break;
      live.role_play = *next.value;
    }
  }
}

}  // namespace

bool to_blueprint_action(const BlueprintAct& act, blueprint::Action& out) {
  using namespace blueprint;
  switch (act.kind) {
    case BlueprintActKind::Place: out = Place{act.tray_index, Cell{act.to_x, act.to_y}}; return true;
    case BlueprintActKind::Move: out = Move{Cell{act.from_x, act.from_y}, Cell{act.to_x, act.to_y}}; return true;
    case BlueprintActKind::Remove: out = Remove{Cell{act.from_x, act.from_y}}; return true;
    case BlueprintActKind::Check: out = RequestCheck{}; return true;
    case BlueprintActKind::Submit: out = Submit{}; return true;
    case BlueprintActKind::kCount: break;
  }
  return false;
}

const Deck* RoundContent::deck_for(Audience audience) const {
  const auto it = decks.find(audience);
  if (it != decks.end()) return &it->second;
  return decks.empty() ? nullptr : &decks.begin()->second;
}

void start_live_rounds(SessionState& state, const RoundSpec& round, std::uint64_t seed, std::int64_t now_ms) {
  state.rounds.live.clear();
  state.rounds.clock = RoundClock{};  // a round starts running; module time equals game time here
  if (round.kind == RoundKind::Conversation) return;
  const RoundContent* content = state.rounds.content.get();
  for (auto& g : state.groups) {
    if (g.rotation != state.rotation || g.closed || g.members.size() < 2) continue;
    LiveRound live;
    live.kind = round.kind;
    live.started_ms = now_ms;
    live.duration_ms = static_cast<std::int64_t>(round.seconds) * 1000;
    const std::uint64_t group_seed = mix(seed ^ (static_cast<std::uint64_t>(g.id) << 20u));
    switch (round.kind) {
      case RoundKind::Blueprint: {
        live.blueprint = blueprint::make_blueprint_round(g.members, group_seed, parse_difficulty(round.difficulty));
        const auto count = static_cast<std::int64_t>(std::max<std::size_t>(1, blueprint::puzzle_count(*live.blueprint)));
        (void)blueprint::start_next_puzzle(*live.blueprint, now_ms, live.duration_ms / count);
        break;
      }
      case RoundKind::CommonGround: {
        const Deck* deck = content ? content->deck_for(state.audience) : nullptr;
        if (!deck) break;
        std::vector<const SeenPrompts*> seen;
        for (auto id : g.members) seen.push_back(&state.rounds.seen[id]);
        GridOptions options;
        options.duration_ms = live.duration_ms;
        options.max_depth = state.rotation <= 1 ? 2 : 3;  // lighter questions first
        live.common_ground = start_round(*deck, g.members, seen, options, group_seed, now_ms);
        if (live.common_ground) {
          for (auto id : g.members) mark_seen(state.rounds.seen[id], *live.common_ground);
        }
        break;
      }
      case RoundKind::RolePlay: {
        if (!content || content->scenarios.empty()) break;
        const Scenario* scenario = round.scenario.empty() ? nullptr : find_scenario(content->scenarios, round.scenario);
        if (!scenario) {
          const auto suitable = scenarios_for(content->scenarios, state.audience);
          if (!suitable.empty()) scenario = suitable[group_seed % suitable.size()];
        }
        if (!scenario) scenario = &content->scenarios.front();
        live.role_play_scenes = live.duration_ms >= kTwoScenesFromMs ? 2 : 1;
        live.role_play_timings = scaled_timings(live.duration_ms / live.role_play_scenes);
        auto started = start_role_play(*scenario, g.members, group_seed, 0, now_ms);
        if (started.ok()) live.role_play = *started.value;
        // A repair scenario opens with rapport already damaged.
        const RapportStart& damage = scenario->initial_rapport;
        const std::pair<Component, std::optional<double>> levels[] = {
            {Component::Attentiveness, damage.attentiveness},
            {Component::Positivity, damage.positivity},
            {Component::Coordination, damage.coordination}};
        for (const auto& [component, level] : levels) {
          if (level) feed(state, g.id, PairEvent::setback(now_ms, component, *level));
        }
        // First impressions: each outfit against the scene's dress code.
        for (auto id : g.members) {
          if (const Seat* seat = state.seat(id)) {
            const FirstImpression impression = first_impression(seat->avatar.formality, scenario->dress_code);
            feed(state, g.id, PairEvent::of(PairEventKind::FirstImpression, now_ms, id, impression.value));
          }
        }
        break;
      }
      case RoundKind::InStep: {
        live.in_step = in_step::start_in_step(g.members, in_step::generate_course(group_seed), live.duration_ms);
        break;
      }
      case RoundKind::Conversation:
      case RoundKind::kCount:
        break;
    }
    state.rounds.live[g.id] = std::move(live);
  }
}

std::int64_t module_time(const SessionState& state, std::int64_t now_ms) { return state.rounds.clock.at(now_ms); }

void advance_live_rounds(SessionState& state, std::int64_t now_ms) {
  const std::int64_t at = module_time(state, now_ms);
  for (auto& [gid, live] : state.rounds.live) advance_one(state, live, at);
}

void pause_live_rounds(SessionState& state, std::int64_t now_ms) {
  advance_live_rounds(state, now_ms);
  RoundClock& clock = state.rounds.clock;
  if (!clock.paused()) clock.paused_at_ms = now_ms;
}

void resume_live_rounds(SessionState& state, std::int64_t now_ms) {
  RoundClock& clock = state.rounds.clock;
  if (!clock.paused()) return;
  clock.stopped_ms += std::max<std::int64_t>(0, now_ms - clock.paused_at_ms);
  clock.paused_at_ms = -1;
}

void extend_live_rounds(SessionState& state, std::int64_t by_ms, std::int64_t now_ms) {
  if (by_ms <= 0) return;
  advance_live_rounds(state, now_ms);
  for (auto& [gid, live] : state.rounds.live) {
    live.duration_ms += by_ms;
    if (live.blueprint) {
      if (blueprint::BlueprintState* current = blueprint::current_puzzle(*live.blueprint)) current->duration_ms += by_ms;
    }
    if (live.common_ground && !live.common_ground->ended) live.common_ground->ends_ms += by_ms;
    if (live.role_play && live.role_play->phase != RolePlayPhase::Done) live.role_play->phase_started_ms += by_ms;
    if (live.in_step && live.in_step->phase == in_step::Phase::Walking) live.in_step->duration_ms += by_ms;
  }
}

void score_role_play_scene(SessionState& state, const RolePlaySceneScored& scored, std::int64_t now_ms) {
  const auto it = state.rounds.live.find(scored.group_id);
  if (it == state.rounds.live.end() || !it->second.role_play) return;
  LiveRound& live = it->second;
  const std::int64_t at = module_time(state, now_ms);
  advance_one(state, live, at);
  const Scenario* scenario = scenario_of(state, live);
  if (!scenario || live.role_play->phase != RolePlayPhase::Done || live.role_play->scene != scored.scene ||
      scene_scored(live)) {
    return;
  }
  live.role_play_done.push_back(score_role_play(*scenario, *live.role_play, live.scene_lines));
  for (const auto& e : scored.empathy) {
    feed(state, scored.group_id, PairEvent::of(PairEventKind::Empathy, now_ms, e.player, std::clamp(e.accuracy, 0.0, 1.0)));
  }
  live.scene_lines.clear();
  advance_one(state, live, at);
}

std::vector<RolePlaySceneScored> due_scene_scores(const SessionState& state, std::int64_t now_ms) {
  std::vector<RolePlaySceneScored> due;
  const std::int64_t at = module_time(state, now_ms);
  for (const auto& [gid, live] : state.rounds.live) {
    if (!live.role_play) continue;
    const Scenario* scenario = scenario_of(state, live);
    if (!scenario) continue;
    LiveRound copy = live;
    advance_one(state, copy, at);
    if (copy.role_play->phase != RolePlayPhase::Done || scene_scored(copy)) continue;
    RolePlaySceneScored scored;
    scored.group_id = gid;
    scored.scene = copy.role_play->scene;
    for (const auto& a : score_role_play(*scenario, *copy.role_play, copy.scene_lines).accuracy) {
      scored.empathy.push_back({a.player_id, a.accuracy});
    }
    due.push_back(std::move(scored));
  }
  return due;
}

void finish_live_rounds(SessionState& state, std::int64_t now_ms) {
  advance_live_rounds(state, now_ms);
  const std::int64_t at = module_time(state, now_ms);
  for (auto& [gid, live] : state.rounds.live) {
    GroupRecord* g = state.group(gid);
    if (!g || g->rounds.empty()) continue;
    RoundRecord& record = g->rounds.back();
    if (record.kind != live.kind) continue;
    record.finished = true;
    if (live.blueprint) {
      const ChallengeResult result = blueprint::round_result(*live.blueprint);
      record.success = result.success;
      record.score = result.score;
      for (const auto& f : result.figures) record.figures[f.name] = f.value;
      record.figures["puzzles"] = static_cast<double>(live.blueprint->puzzles.size());
      feed(state, gid, PairEvent::of(PairEventKind::RoundResult, now_ms, 0, result.score / 100.0));
    } else if (live.common_ground) {
      end_round(*live.common_ground, at);
      const CommonGroundResults results = summarise(*live.common_ground);
      record.score = results.score;
      record.success = results.cells_found >= live.common_ground->side;
      record.figures["cells_found"] = static_cast<double>(results.cells_found);
      record.figures["cells_total"] = static_cast<double>(results.cells_total);
      record.figures["lines"] = static_cast<double>(results.lines);
      record.figures["hints_used"] = results.hints_used;
      record.figures["proposals"] = results.proposals;
      record.figures["declines"] = results.declines;
      record.shared_items.clear();
      for (const auto& item : results.shared) record.shared_items.push_back(item.category_title + ": " + item.text);
    } else if (live.role_play) {
      const Scenario* scenario = scenario_of(state, live);
      const bool current_scored = std::any_of(live.role_play_done.begin(), live.role_play_done.end(),
                                              [&](const RolePlayResults& r) { return r.scene == live.role_play->scene; });
      if (scenario && !current_scored) {
        // A scene that ran to its end scores as if its RolePlaySceneScored had
        // come (this runs inside the journaled event that ends the round).
        live.role_play_done.push_back(score_role_play(*scenario, *live.role_play, live.scene_lines));
        if (live.role_play->phase == RolePlayPhase::Done) {
          for (const auto& a : live.role_play_done.back().accuracy) {
            feed(state, gid, PairEvent::of(PairEventKind::Empathy, now_ms, a.player_id, a.accuracy));
          }
        }
      }
      double score = 0, empathy = 0;
      int goals = 0, feelings = 0, guesses = 0, cues = 0;
      bool success = !live.role_play_done.empty();
      for (const auto& scene : live.role_play_done) {
        score += scene.score;
        empathy += scene.empathy;
        success = success && scene.success;
        cues += static_cast<int>(scene.repair_cues_found.kinds_found());
        for (const auto& guess : scene.guesses) {
          ++guesses;
          goals += guess.goal_correct ? 1 : 0;
          feelings += guess.feeling_correct ? 1 : 0;
        }
      }
      const double scenes = std::max<double>(1.0, static_cast<double>(live.role_play_done.size()));
      record.score = score / scenes;
      record.success = success;
      record.detail = live.role_play->scenario_id;
      record.figures["scenes"] = static_cast<double>(live.role_play_done.size());
      record.figures["empathy"] = empathy / scenes;
      record.figures["guesses"] = guesses;
      record.figures["goals_right"] = goals;
      record.figures["feelings_right"] = feelings;
      record.figures["repair_cue_kinds"] = cues;
      if (scenario && scenario->repair) record.figures["repair_scenario"] = 1;
    } else if (live.in_step && !live.scored) {
      const ChallengeResult result = in_step::to_result(in_step::score(*live.in_step));
      record.success = result.success;
      record.score = result.score;
      for (const auto& f : result.figures) record.figures[f.name] = f.value;
      feed(state, gid, PairEvent::of(PairEventKind::RoundResult, now_ms, 0, result.score / 100.0));
    }
  }
  state.rounds.live.clear();
  state.rounds.clock = RoundClock{};
}

std::string check_blueprint_act(const SessionState& state, std::uint32_t player, const BlueprintAct& act,
                                std::int64_t now_ms) {
  const LiveRound* live = live_of(state, player);
  if (!live || !live->blueprint) return "There is no Blueprint puzzle running for you.";
  if (state.paused) return kPausedRoundText;
  const std::int64_t at = module_time(state, now_ms);
  LiveRound copy = *live;
  advance_one(state, copy, at);
  blueprint::BlueprintState* current = blueprint::current_puzzle(*copy.blueprint);
  blueprint::Action action = blueprint::RequestCheck{};
  if (!current || !to_blueprint_action(act, action)) return "There is no Blueprint puzzle running for you.";
  const auto outcome = blueprint::apply(*current, player, action, at);
  return outcome.ok() ? std::string{} : outcome.message;
}

std::string check_role_play_guess(const SessionState& state, std::uint32_t player, const RolePlayGuessPost& guess,
                                  std::int64_t now_ms) {
  const LiveRound* live = live_of(state, player);
  if (!live || !live->role_play) return "There is no role play running for you.";
  const Scenario* scenario = scenario_of(state, *live);
  if (!scenario) return "This scenario is not available.";
  if (state.paused) return kPausedRoundText;
  const std::int64_t at = module_time(state, now_ms);
  const RolePlayState advanced = advance_time(*live->role_play, live->role_play_timings, at);
  auto outcome = submit_guess(*scenario, advanced, RolePlayGuess{player, guess.target, guess.goal_option, guess.feeling_option}, at);
  return outcome.ok() ? std::string{} : outcome.error.text;
}

std::string check_common_ground_propose(const SessionState& state, std::uint32_t player,
                                        const CommonGroundPropose& propose, std::int64_t now_ms) {
  const LiveRound* live = live_of(state, player);
  if (!live || !live->common_ground) return "There is no common-ground grid running for you.";
  if (state.paused) return kPausedRoundText;
  CommonGroundState copy = *live->common_ground;
  const auto result = rapport::propose(copy, player, propose.cell, propose.text, module_time(state, now_ms));
  return result.message;
}

std::string check_common_ground_respond(const SessionState& state, std::uint32_t player,
                                        const CommonGroundRespond& respond, std::int64_t now_ms) {
  const LiveRound* live = live_of(state, player);
  if (!live || !live->common_ground) return "There is no common-ground grid running for you.";
  if (state.paused) return kPausedRoundText;
  CommonGroundState copy = *live->common_ground;
  const auto result = rapport::respond(copy, player, respond.cell, respond.accept, module_time(state, now_ms));
  return result.message;
}

std::string check_profile(const SessionState& state, std::uint32_t player, const ProfileAnswers& answers) {
  const Deck* deck = state.rounds.content ? state.rounds.content->deck_for(state.audience) : nullptr;
  if (!deck) return "This session has no profile questions.";
  if (state.ended()) return "The session has ended.";
  Profile profile;
  profile.player = player;
  for (std::size_t i = 0; i < answers.categories.size(); ++i) {
    const auto result = set_profile_answer(profile, *deck, answers.categories[i], answers.answers[i]);
    if (!result.message.empty()) return result.message;
  }
  return {};
}

std::optional<HintGiven> due_hint(const SessionState& state, std::uint32_t group_id, std::int64_t now_ms) {
  const auto it = state.rounds.live.find(group_id);
  if (it == state.rounds.live.end() || !it->second.common_ground) return std::nullopt;
  const Deck* deck = state.rounds.content ? state.rounds.content->deck_for(state.audience) : nullptr;
  if (!deck) return std::nullopt;
  std::vector<Profile> profiles;
  for (auto id : it->second.common_ground->members) {
    if (auto p = state.rounds.profiles.find(id); p != state.rounds.profiles.end()) profiles.push_back(p->second);
  }
  if (state.paused) return std::nullopt;
  const auto hint = next_hint(*it->second.common_ground, profiles, *deck, module_time(state, now_ms));
  if (!hint) return std::nullopt;
  return HintGiven{group_id, static_cast<std::uint8_t>(hint->cell), hint->category_id, hint->text};
}

std::optional<BlueprintView> blueprint_view(const SessionState& state, std::uint32_t group_id, std::uint32_t viewer,
                                            std::int64_t now_ms) {
  const auto it = state.rounds.live.find(group_id);
  if (it == state.rounds.live.end() || !it->second.blueprint) return std::nullopt;
  const std::int64_t at = module_time(state, now_ms);
  const blueprint::BlueprintRound& round = *it->second.blueprint;
  if (round.puzzles.empty()) return std::nullopt;
  const blueprint::BlueprintState& current = round.puzzles.back();
  const blueprint::BlueprintView v = blueprint::view_for(current, viewer, at);
  BlueprintView out;
  out.group_id = group_id;
  out.role = v.role == blueprint::Role::Describer ? BlueprintRole::Describer
             : v.role == blueprint::Role::Builder ? BlueprintRole::Builder
                                                  : BlueprintRole::Outsider;
  out.puzzle = static_cast<std::uint8_t>(round.puzzles.size());
  out.puzzles = static_cast<std::uint8_t>(blueprint::puzzle_count(round));
  out.grid_size = v.grid_size;
  out.difficulty = static_cast<std::uint8_t>(v.difficulty);
  for (const auto& p : v.target) out.target.push_back({static_cast<std::uint8_t>(p.shape), p.colour, p.cell.x, p.cell.y, 0});
  for (std::size_t i = 0; i < v.tray.size() && i < kMaxBlueprintPieces; ++i) {
    const bool used = i < v.tray_used.size() && v.tray_used[i];
    out.tray.push_back({static_cast<std::uint8_t>(v.tray[i].shape), v.tray[i].colour, static_cast<std::uint8_t>(used ? 1 : 0), 0,
                        static_cast<std::uint8_t>(i)});
  }
  for (const auto& p : v.grid) out.grid.push_back({static_cast<std::uint8_t>(p.shape), p.colour, p.cell.x, p.cell.y, 0});
  out.has_check = v.has_check;
  out.checks_left = v.checks_left;
  out.finished = v.phase == blueprint::Phase::Finished;
  if (out.finished) out.score = blueprint::score(current, at).score;
  out.time_left_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(0, v.time_left_ms));
  return out;
}

std::optional<RolePlayView> role_play_view(const SessionState& state, std::uint32_t group_id, std::uint32_t viewer,
                                           std::int64_t now_ms) {
  const auto it = state.rounds.live.find(group_id);
  if (it == state.rounds.live.end() || !it->second.role_play) return std::nullopt;
  const LiveRound& live = it->second;
  const Scenario* scenario = scenario_of(state, live);
  if (!scenario) return std::nullopt;
  const std::int64_t at = module_time(state, now_ms);
  const RolePlayState rp = advance_time(*live.role_play, live.role_play_timings, at);
  RolePlayView view;
  view.group_id = group_id;
  view.scenario_id = scenario->id;
  view.title = scenario->title;
  view.summary = scenario->summary;
  view.setting = static_cast<std::uint8_t>(scenario->setting);
  view.dress_code = scenario->dress_code;
  view.phase = static_cast<std::uint8_t>(rp.phase);
  view.scene = rp.scene;
  for (const auto& member : rp.members) {
    auto card = card_for(*scenario, rp, viewer, member.player_id);
    if (!card.ok()) continue;  // hidden until the reveal
    WireCard wire;
    wire.player = member.player_id;
    wire.role_title = member.role == kObserverRole ? "Observer" : scenario->roles[member.role].title;
    wire.who = card.value->who;
    wire.want = card.value->want;
    for (const auto& fact : card.value->facts) {
      if (wire.facts.size() < kMaxWireCardFacts) wire.facts.push_back(fact);
    }
    if (member.player_id == viewer) {
      for (const auto& line : card.value->openers) {
        if (wire.openers.size() < kMaxWireCardOpeners) wire.openers.push_back(line);
      }
    }
    // Answers are part of the card only after the reveal (or for yourself).
    if (member.player_id == viewer || rp.phase == RolePlayPhase::Reveal || rp.phase == RolePlayPhase::Done) {
      wire.feeling = card.value->feeling;
      wire.goal = card.value->goal;
    }
    view.cards.push_back(std::move(wire));
  }
  for (const auto& o : scenario->goal_options) {
    if (view.goal_options.size() < kMaxOptions) view.goal_options.push_back(o);
  }
  for (const auto& o : scenario->feeling_options) {
    if (view.feeling_options.size() < kMaxOptions) view.feeling_options.push_back(o);
  }
  for (auto target : guess_targets(rp, viewer)) {
    const bool done = std::any_of(rp.guesses.begin(), rp.guesses.end(),
                                  [&](const RolePlayGuess& g) { return g.guesser == viewer && g.target == target; });
    if (!done) view.guess_targets.push_back(target);
  }
  if (rp.phase == RolePlayPhase::Reveal || rp.phase == RolePlayPhase::Done) {
    const RolePlayResults results = score_role_play(*scenario, rp, {});
    for (const auto& g : results.guesses) {
      view.results.push_back({g.guess.guesser, g.guess.target, g.guess.goal_option, g.guess.feeling_option,
                              g.goal_correct, g.feeling_correct});
    }
  }
  if (const Seat* seat = state.seat(viewer)) view.first_impression = first_impression(seat->avatar.formality, scenario->dress_code).reason;
  view.phase_left_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(0, phase_ends_at(rp, live.role_play_timings) - at));
  return view;
}

std::optional<CommonGroundView> common_ground_view(const SessionState& state, std::uint32_t group_id, std::uint32_t) {
  const auto it = state.rounds.live.find(group_id);
  if (it == state.rounds.live.end() || !it->second.common_ground) return std::nullopt;
  const CommonGroundState& cg = *it->second.common_ground;
  CommonGroundView view;
  view.group_id = group_id;
  view.columns = static_cast<std::uint8_t>(cg.side);
  for (const auto& cell : cg.cells) {
    WireCell w;
    w.category = cell.category_title;
    w.starter = cell.question;
    w.state = cell.state == CellState::Proposed    ? WireCellState::Proposed
              : cell.state == CellState::Confirmed ? WireCellState::Found
                                                   : WireCellState::Open;
    w.proposed_by = cell.proposer;
    if (cell.state == CellState::Proposed || cell.state == CellState::Confirmed) w.text = cell.text.substr(0, kMaxChatBytes);
    view.cells.push_back(std::move(w));
  }
  const CommonGroundResults results = summarise(cg);
  view.found = static_cast<std::uint8_t>(results.cells_found);
  view.lines = static_cast<std::uint8_t>(results.lines);
  view.score = static_cast<std::uint8_t>(results.score);
  if (!it->second.common_ground->hinted_categories.empty() && cg.last_hint_ms >= 0 &&
      cg.last_hint_ms + kHintShownMs > module_time(state, state.last_event_ms)) {
    const std::string& category = cg.hinted_categories.back();
    for (const auto& cell : cg.cells) {
      if (cell.category_id == category) view.hint = "Hint: ask each other about " + cell.category_title + ".";
    }
  }
  return view;
}

std::optional<InStepSnapshot> in_step_snapshot(const SessionState& state, std::uint32_t group_id) {
  const auto it = state.rounds.live.find(group_id);
  if (it == state.rounds.live.end() || !it->second.in_step) return std::nullopt;
  const in_step::InStepState& s = *it->second.in_step;
  InStepSnapshot snap;
  snap.group_id = group_id;
  snap.tick = s.tick;
  for (const auto& a : s.avatars) snap.avatars.push_back({a.player_id, a.position.x, a.position.y, s.tick});
  for (const auto& w : s.course.waypoints) {
    if (snap.waypoints.size() < kMaxWaypoints) snap.waypoints.push_back({w.x, w.y});
  }
  snap.next_waypoint = static_cast<std::uint8_t>(s.next_waypoint);
  snap.finished = s.phase != in_step::Phase::Walking;
  const in_step::InStepScore score = in_step::score(s);
  snap.score = score.score;
  bool together = s.avatars.size() >= 2;
  for (std::size_t i = 1; i < s.avatars.size(); ++i) {
    const double dx = s.avatars[i].position.x - s.avatars[0].position.x;
    const double dy = s.avatars[i].position.y - s.avatars[0].position.y;
    together = together && std::sqrt(dx * dx + dy * dy) <= in_step::kInStepDistance;
  }
  snap.in_step = together;
  snap.time_left_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(0, s.duration_ms - s.elapsed_ms));
  return snap;
}

ProfileQuestions profile_questions(const SessionState& state) {
  ProfileQuestions q;
  const Deck* deck = state.rounds.content ? state.rounds.content->deck_for(state.audience) : nullptr;
  if (!deck) return q;
  for (const auto& id : choose_profile_categories(*deck, kProfileQuestions, std::hash<std::string>{}(state.code))) {
    if (const DeckCategory* category = deck->category(id)) {
      q.categories.push_back(category->id);
      q.questions.push_back(category->profile_question);
    }
  }
  return q;
}

void offer_in_step_inputs(SessionState& state, std::uint32_t player, const InStepInput& input) {
  LiveRound* live = live_of(state, player);
  if (!live || !live->in_step) return;
  std::vector<in_step::PlayerInput> inputs;
  for (const auto& w : input.inputs) inputs.push_back({w.sequence, w.dx, w.dy, w.tick});
  (void)live->in_step_inputs[player].offer(inputs, live->in_step->tick);
}

std::optional<InStepStepped> take_in_step_steps(SessionState& state, std::int64_t now_ms) {
  const std::int64_t at = module_time(state, now_ms);
  InStepStepped out;
  for (auto& [gid, live] : state.rounds.live) {
    if (!live.in_step || live.in_step->phase != in_step::Phase::Walking) continue;
    InStepTicks group{gid, live.in_step->tick, {}};
    in_step::InStepState walk = *live.in_step;  // to know when the walk finishes
    std::int64_t clock = live.in_step_clock_ms;
    for (int steps = 0; steps < kMaxInStepStepsPerCall && clock + in_step::kTickMs <= at - live.started_ms; ++steps) {
      std::vector<InStepMove> moves;
      std::vector<in_step::MemberInput> inputs;
      for (const auto& avatar : walk.avatars) {
        if (auto in = live.in_step_inputs[avatar.player_id].take(walk.tick)) {
          moves.push_back({avatar.player_id, in->sequence, in->dx, in->dy});
          inputs.push_back({avatar.player_id, *in});
        }
      }
      (void)in_step::step(walk, inputs, in_step::kTickMs);
      clock += in_step::kTickMs;
      group.ticks.push_back(std::move(moves));
      if (walk.phase != in_step::Phase::Walking) break;
    }
    if (!group.ticks.empty()) out.groups.push_back(std::move(group));
  }
  if (out.groups.empty()) return std::nullopt;
  return out;
}

void apply_in_step_steps(SessionState& state, const InStepStepped& steps) {
  for (const auto& group : steps.groups) {
    const auto it = state.rounds.live.find(group.group_id);
    if (it == state.rounds.live.end() || !it->second.in_step) continue;
    LiveRound& live = it->second;
    for (std::size_t i = 0; i < group.ticks.size(); ++i) {
      if (live.in_step->phase != in_step::Phase::Walking) break;
      const std::uint32_t tick = group.first_tick + static_cast<std::uint32_t>(i);
      if (live.in_step->tick != tick) continue;  // simulated already
      std::vector<in_step::MemberInput> inputs;
      for (const auto& m : group.ticks[i]) inputs.push_back({m.player, {m.sequence, m.dx, m.dy, tick}});
      (void)in_step::step(*live.in_step, inputs, in_step::kTickMs);
      live.in_step_clock_ms += in_step::kTickMs;
    }
  }
}

void step_in_step(SessionState& state, std::int64_t now_ms) {
  if (auto steps = take_in_step_steps(state, now_ms)) apply_in_step_steps(state, *steps);
}

std::vector<SessionEventBody> round_end_results(const SessionState& state,
                                                const std::vector<SessionEventBody>& events) {
  const bool ends_round = std::any_of(events.begin(), events.end(), [](const SessionEventBody& b) {
    return std::holds_alternative<RoundStarted>(b) || std::holds_alternative<ReflectionStarted>(b) ||
           std::holds_alternative<SessionEnded>(b) || std::holds_alternative<RotationStarted>(b);
  });
  std::vector<SessionEventBody> results;
  if (!ends_round) return results;
  for (const auto& [gid, live] : state.rounds.live) {
    if (!live.in_step || live.scored) continue;
    const ChallengeResult result = in_step::to_result(in_step::score(*live.in_step));
    RoundScored scored;
    scored.group_id = gid;
    scored.success = result.success;
    scored.score = result.score;
    for (const auto& f : result.figures) scored.figures[f.name] = f.value;
    results.emplace_back(std::move(scored));
  }
  return results;
}

}  // namespace rapport
