// Restore is correct from any point (issue 14). A deterministic run of a whole
// program (every round module, pauses, an extension, a leaver) records its
// journal; then, for every event index k, a fresh state replays the first k
// events, goes through what a restarted server does (everyone away, the
// running phase held, everyone back, resumed), and the same inputs drive it
// on to the end. The outcome (groups, rounds, results, reflections) must be
// the uninterrupted run's. Pure rules and the reducer only, as the server
// uses them (session_host.cpp); no sockets, no clock.
#include "round_content.hpp"
#include "rapport/build_info.hpp"
#include "rapport/session/session_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace rapport {
namespace {

std::string assets() { return testing::content_assets(); }
std::shared_ptr<const RoundContent> content() { return testing::round_content(); }

std::shared_ptr<const ModelConfig> model() {
  static const auto loaded = load_model_config(assets()).config;
  return loaded;
}

// Every module, short enough to restore ~a thousand times in a unit test.
constexpr const char* kProgram = R"({"id": "restore-check", "title": "Restore check", "audience": "team-building",
  "rotations": [
    {"rounds": [{"kind": "conversation", "seconds": 30, "prompts": ["What made you smile this week?"]},
                {"kind": "blueprint", "seconds": 60, "difficulty": "easy"},
                {"kind": "in-step", "seconds": 40}],
     "reflection_seconds": 20},
    {"rounds": [{"kind": "role-play", "seconds": 100},
                {"kind": "common-ground", "seconds": 60}],
     "reflection_seconds": 20}]})";

constexpr std::int64_t kStepMs = 250;
constexpr std::int64_t kMeterMs = 1000;  // SessionHost refreshes the meters every second
constexpr std::uint32_t kHost = 1;
constexpr std::uint32_t kFirstPlayer = 10;
constexpr std::uint32_t kPlayers = 5;  // an odd number: a trio, and a leaver later
constexpr std::uint32_t kLeaver = kFirstPlayer + 4;
constexpr std::int64_t kLeavesAtMs = 150'000;

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30u)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27u)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31u);
}

// One thing that happens at a step: a player's message or a part of the
// server's tick, in the order SessionHost::tick does them.
struct Action {
  enum Kind { Message, Leave, Transitions, Scenes, Advance, Hints, Meters } kind = Message;
  std::uint32_t player = 0;
  rapport::Message message;
};

struct Driver {
  SessionState state;
  std::vector<SessionEvent> journal;
  std::int64_t now = 0;

  Driver() {
    state.model_config = model();
    state.rounds.content = content();
  }

  void commit(const std::vector<SessionEventBody>& bodies) {
    for (const auto& body : bodies) {
      journal.push_back({now, body});
      apply(state, journal.back());
    }
  }

  // The inputs of one step, decided from the state as it is when the step starts.
  [[nodiscard]] std::vector<Action> plan() const {
    std::vector<Action> out;
    const auto at = [&](std::int64_t period, std::uint32_t id) {
      return (now / kStepMs + id) % (period / kStepMs) == 0;
    };
    if (state.phase == SessionPhase::Round || state.phase == SessionPhase::Reflection) {
      // The host pauses twice (a round and a reflection) and gives one extra minute.
      const std::int64_t into = now - state.phase_started_ms;
      if (state.rotation == 1 && state.round == 2 && state.phase == SessionPhase::Round && into == 20'000 && !state.paused) {
        out.push_back({Action::Message, kHost, HostCommand{"t", HostAction::Pause, 0, 0, false, ""}});
      }
      if (state.paused && state.rotation <= 2 && now % 8000 == 0) {
        out.push_back({Action::Message, kHost, HostCommand{"t", HostAction::Resume, 0, 0, false, ""}});
      }
      if (state.rotation == 2 && state.round == 1 && state.phase == SessionPhase::Round && into == 30'000) {
        out.push_back({Action::Message, kHost, HostCommand{"t", HostAction::ExtendRound, 0, 60, false, ""}});
      }
      if (state.phase == SessionPhase::Reflection && into == 5'000 && state.rotation == 1) {
        out.push_back({Action::Message, kHost, HostCommand{"t", HostAction::Pause, 0, 0, false, ""}});
      }
    }
    if (now == kLeavesAtMs && state.seat(kLeaver)) out.push_back({Action::Leave, kLeaver, {}});
    for (const auto& [id, seat] : state.seats) {
      if (seat.host) continue;
      const GroupRecord* g = state.group_of_player(id);
      if (state.phase == SessionPhase::Reflection) {
        for (const auto& group : state.groups) {
          if (group.rotation != state.rotation) continue;
          const auto& ever = group.ever_members;
          if (std::find(ever.begin(), ever.end(), id) == ever.end()) continue;
          const auto mine = group.reflections.find(id);
          for (auto other : ever) {
            const bool done = mine != group.reflections.end() &&
                              std::any_of(mine->second.begin(), mine->second.end(),
                                          [&](const ReflectionRecord& r) { return r.about == other; });
            if (other != id && !done && at(2000, id)) {
              out.push_back({Action::Message, id,
                             ReflectionAnswer{other, static_cast<std::uint8_t>(3 + (id + other) % 4),
                                              static_cast<std::uint8_t>((id + other) % 3)}});
            }
          }
        }
        continue;
      }
      if (state.phase != SessionPhase::Round || !g || g->members.size() < 2) continue;
      const std::uint32_t partner = g->members[0] == id ? g->members[1] : g->members[0];
      if (at(5000, id)) {
        static const char* lines[] = {"I love hiking, what about you?", "That sounds great, tell me more!",
                                      "Where did you grow up?", "Thanks, that really helps.",
                                      "I see what you mean."};
        out.push_back({Action::Message, id, ChatPost{lines[(now / 1000 + id) % 5]}});
      }
      if (at(7000, id)) out.push_back({Action::Message, id, GesturePost{Gesture::Nod}});
      const auto live_it = state.rounds.live.find(g->id);
      if (live_it == state.rounds.live.end()) continue;
      const LiveRound& live = live_it->second;
      if (live.blueprint && at(1500, id)) {
        const auto view = blueprint_view(state, g->id, id, now);
        if (view && view->role == BlueprintRole::Builder) {
          const auto k = static_cast<std::uint8_t>((now / 1500) % 6);
          out.push_back({Action::Message, id,
                         BlueprintAct{k % 5 == 4 ? BlueprintActKind::Check : BlueprintActKind::Place, k,
                                      0, 0, static_cast<std::uint8_t>(k % 3), static_cast<std::uint8_t>(k / 3)}});
        }
      }
      if (live.in_step) {
        InStepInput input;
        const std::uint32_t tick = live.in_step->tick;
        for (std::uint32_t i = 0; i < 6; ++i) {
          const auto phase = static_cast<std::int64_t>(tick + i) / 40 + id;
          input.inputs.push_back({tick + i + 1, static_cast<std::int8_t>(phase % 2 ? 90 : 40),
                                  static_cast<std::int8_t>(phase % 3 == 0 ? -60 : 50), tick + i});
        }
        out.push_back({Action::Message, id, input});
      }
      if (live.common_ground && at(3000, id)) {
        const auto& cells = live.common_ground->cells;
        for (std::size_t c = 0; c < cells.size(); ++c) {
          if (cells[c].state == CellState::Proposed && cells[c].proposer != id) {
            out.push_back({Action::Message, id, CommonGroundRespond{static_cast<std::uint8_t>(c), (c + id) % 3 != 0}});
            break;
          }
          if (cells[c].state == CellState::Empty) {
            out.push_back({Action::Message, id,
                           CommonGroundPropose{static_cast<std::uint8_t>(c), "we both like long walks " + std::to_string(c)}});
            break;
          }
        }
      }
      if (live.role_play && at(2000, id)) {
        out.push_back({Action::Message, id,
                       RolePlayGuessPost{partner, static_cast<std::uint8_t>(id % 2), static_cast<std::uint8_t>(id % 3)}});
      }
    }
    for (auto k : {Action::Transitions, Action::Scenes, Action::Advance, Action::Hints, Action::Meters}) {
      out.push_back({k, 0, {}});
    }
    return out;
  }

  // Does one action, as SessionHost does (decide, journal + apply, or tick work).
  void act(const Action& a) {
    const std::uint64_t seed = mix(static_cast<std::uint64_t>(now) * 131u + a.player);
    switch (a.kind) {
      case Action::Message: {
        Decision d;
        if (const auto* c = std::get_if<HostCommand>(&a.message)) d = decide_host_command(state, a.player, *c, now, seed);
        if (const auto* c = std::get_if<ChatPost>(&a.message)) d = decide_chat(state, a.player, c->text, nullptr);
        if (const auto* g = std::get_if<GesturePost>(&a.message)) d = decide_gesture(state, a.player, g->gesture);
        if (const auto* r = std::get_if<ReflectionAnswer>(&a.message)) d = decide_reflection(state, a.player, *r);
        if (const auto* b = std::get_if<BlueprintAct>(&a.message)) {
          if (check_blueprint_act(state, a.player, *b, now).empty()) {
            d.events.push_back(BlueprintActed{a.player, static_cast<std::uint8_t>(b->kind), b->tray_index, b->from_x,
                                              b->from_y, b->to_x, b->to_y});
          }
        }
        if (const auto* g = std::get_if<RolePlayGuessPost>(&a.message)) {
          if (check_role_play_guess(state, a.player, *g, now).empty()) {
            d.events.push_back(RolePlayGuessed{a.player, g->target, g->goal_option, g->feeling_option});
          }
        }
        if (const auto* p = std::get_if<CommonGroundPropose>(&a.message)) {
          if (check_common_ground_propose(state, a.player, *p, now).empty()) {
            d.events.push_back(CommonGroundProposed{a.player, p->cell, p->text});
          }
        }
        if (const auto* r = std::get_if<CommonGroundRespond>(&a.message)) {
          if (check_common_ground_respond(state, a.player, *r, now).empty()) {
            d.events.push_back(CommonGroundResponded{a.player, r->cell, r->accept});
          }
        }
        if (const auto* i = std::get_if<InStepInput>(&a.message)) offer_in_step_inputs(state, a.player, *i);
        if (!d.rejected()) commit_batch(d.events);
        break;
      }
      case Action::Leave: {
        std::vector<SessionEventBody> events{PlayerLeft{a.player}};
        const auto patch = patch_departure(state, a.player, seed);
        events.insert(events.end(), patch.begin(), patch.end());
        commit_batch(events);
        break;
      }
      case Action::Transitions:
        commit_batch(due_transitions(state, now, seed));
        break;
      case Action::Scenes:
        for (const auto& s : due_scene_scores(state, now)) commit({s});
        break;
      case Action::Advance:
        advance_live_rounds(state, now);
        if (auto steps = take_in_step_steps(state, now)) commit({*steps});
        break;
      case Action::Hints: {
        std::vector<SessionEventBody> hints;
        for (const auto& [gid, live] : state.rounds.live) {
          if (auto h = due_hint(state, gid, now)) hints.push_back(*h);
        }
        for (const auto& h : hints) commit({h});
        break;
      }
      case Action::Meters:
        // SessionHost::tick advances the meters between events (not journaled).
        if (now % kMeterMs == 0) {
          for (auto& [gid, m] : state.models) m.advance(now);
        }
        break;
    }
  }

  // SessionHost::commit_all: In Step's result first when the batch ends a round.
  void commit_batch(const std::vector<SessionEventBody>& events) {
    if (events.empty()) return;
    std::vector<SessionEventBody> batch = round_end_results(state, events);
    batch.insert(batch.end(), events.begin(), events.end());
    commit(batch);
  }

  // What ServerCore::restore does, and everyone coming straight back. The
  // server's In Step input buffers died with it; clients re-send the inputs it
  // has not acknowledged (InStepClient keeps them pending), which `resend` does.
  void restart(const std::function<void()>& resend) {
    std::vector<SessionEventBody> away;
    for (const auto& [id, seat] : state.seats) {
      if (seat.connected) away.push_back(PlayerConnection{id, false});
    }
    commit(away);
    const bool running = !state.paused && (state.phase == SessionPhase::Round || state.phase == SessionPhase::Reflection);
    if (running) commit({SessionHeld{}});
    std::vector<SessionEventBody> back;
    for (const auto& [id, seat] : state.seats) back.push_back(PlayerConnection{id, true});
    commit(back);
    resend();
    if (state.held) commit({SessionResumed{}});
  }
};

struct Recording {
  std::vector<SessionEvent> journal;
  // For each event, the step time and the index of the action that produced it.
  std::vector<std::pair<std::int64_t, std::size_t>> origin;
  std::map<std::int64_t, std::vector<Action>> plans;  // the inputs of every step
  SessionState outcome;
};

void open_session(Driver& run, const Program& program) {
  SessionOpened opened;
  opened.code = "RSTR26";
  opened.host_token = "t";
  opened.program = program;
  opened.host.id = kHost;
  opened.host.host = true;
  run.commit({opened});
  for (std::uint32_t id = kFirstPlayer; id < kFirstPlayer + kPlayers; ++id) {
    Seat seat;
    seat.id = id;
    seat.name = "P" + std::to_string(id);
    run.commit({PlayerJoined{seat}});
  }
  run.now = kStepMs;
  auto d = decide_host_command(run.state, kHost, HostCommand{"t", HostAction::Start, 0, 0, false, ""}, run.now, 99);
  run.commit_batch(d.events);
}

constexpr std::int64_t kEndMs = 20 * 60'000;

// Drives `run` from step `from_ms` (its actions from `first_action`) to the end.
void drive(Driver& run, Recording* rec, std::int64_t from_ms, std::size_t first_action,
           const std::map<std::int64_t, std::vector<Action>>* plans) {
  for (run.now = from_ms; run.now < kEndMs && !run.state.ended(); run.now += kStepMs) {
    std::vector<Action> actions;
    const bool reuse = plans && run.now == from_ms;
    actions = reuse ? plans->at(run.now) : run.plan();
    if (rec) rec->plans[run.now] = actions;
    for (std::size_t i = reuse ? first_action : 0; i < actions.size(); ++i) {
      const std::size_t before = run.journal.size();
      run.act(actions[i]);
      if (rec) {
        for (std::size_t e = before; e < run.journal.size(); ++e) rec->origin.push_back({run.now, i});
      }
    }
  }
}

std::string describe(const SessionState& s) {
  std::ostringstream out;
  out << "phase " << static_cast<int>(s.phase) << " rotation " << s.rotation << "\n";
  for (const auto& g : s.groups) {
    out << "group " << g.id << " r" << g.rotation << " members";
    for (auto m : g.members) out << " " << m;
    out << " ever";
    for (auto m : g.ever_members) out << " " << m;
    out << " solo " << g.solo << " closed " << g.closed << " chat " << g.chat_lines << " gestures " << g.gestures << "\n";
    for (const auto& r : g.rounds) {
      out << "  round " << round_kind_id(r.kind) << " finished " << r.finished << " success " << r.success << " score "
          << r.score << " detail " << r.detail;
      for (const auto& [name, value] : r.figures) out << " " << name << "=" << value;
      for (const auto& item : r.shared_items) out << " [" << item << "]";
      out << "\n";
    }
    for (const auto& [author, list] : g.reflections) {
      for (const auto& r : list) {
        out << "  reflection " << author << "->" << r.about << " ios " << int(r.ios) << " kudos " << int(r.kudos) << "\n";
      }
    }
  }
  return out.str();
}

const Recording& recording() {
  static const Recording rec = [] {
    Recording r;
    auto program = parse_program(kProgram, "restore-check.json");
    EXPECT_TRUE(program.program) << program.error;
    Driver run;
    open_session(run, *program.program);
    for (std::size_t e = 0; e < run.journal.size(); ++e) r.origin.push_back({-1, 0});
    drive(run, &r, 2 * kStepMs, 0, nullptr);
    r.journal = run.journal;
    r.outcome = run.state;
    return r;
  }();
  return rec;
}

TEST(SessionRestore, TheRecordedProgramExercisesEveryModuleAndEnds) {
  const Recording& rec = recording();
  ASSERT_TRUE(rec.outcome.ended());
  std::set<RoundKind> kinds;
  std::size_t in_step_events = 0, scene_scores = 0, pauses = 0, extensions = 0;
  for (const auto& g : rec.outcome.groups) {
    for (const auto& r : g.rounds) {
      if (r.finished && !r.figures.empty()) kinds.insert(r.kind);
    }
  }
  for (const auto& e : rec.journal) {
    in_step_events += std::holds_alternative<InStepStepped>(e.body) ? 1u : 0u;
    scene_scores += std::holds_alternative<RolePlaySceneScored>(e.body) ? 1u : 0u;
    pauses += std::holds_alternative<SessionPaused>(e.body) ? 1u : 0u;
    extensions += std::holds_alternative<PhaseExtended>(e.body) ? 1u : 0u;
  }
  EXPECT_EQ(kinds.size(), 5u) << describe(rec.outcome);
  EXPECT_GT(in_step_events, 0u);
  EXPECT_GT(scene_scores, 0u);
  EXPECT_EQ(pauses, 2u);
  EXPECT_EQ(extensions, 1u);
  EXPECT_EQ(rec.outcome.seat(kLeaver), nullptr) << "the leaver left";
  std::size_t reflections = 0;
  for (const auto& g : rec.outcome.groups) {
    for (const auto& [author, list] : g.reflections) reflections += list.size();
  }
  EXPECT_GT(reflections, 10u);
}

TEST(SessionRestore, FromEveryPrefixOfTheJournalTheOutcomeIsTheUninterruptedOne) {
  const Recording& rec = recording();
  ASSERT_TRUE(rec.outcome.ended());
  const std::string expected = describe(rec.outcome);
  // k = 0 has nothing to restore; the session opens with its first events.
  std::size_t checked = 0, mismatches = 0;
  for (std::size_t k = kPlayers + 2; k < rec.journal.size(); ++k) {
    Driver run;
    for (std::size_t i = 0; i < k; ++i) apply(run.state, rec.journal[i]);
    run.journal.assign(rec.journal.begin(), rec.journal.begin() + static_cast<std::ptrdiff_t>(k));
    const auto [step, action] = rec.origin[k - 1];
    run.now = rec.journal[k - 1].t_ms;
    // A batch is journaled whole (append_all); the rest of a cut batch comes as recorded.
    std::size_t next = k;
    while (next < rec.journal.size() && rec.origin[next] == rec.origin[k - 1]) {
      apply(run.state, rec.journal[next]);
      run.journal.push_back(rec.journal[next]);
      ++next;
    }
    run.restart([&] {
      if (step < 0) return;
      const auto& plan = rec.plans.at(step);
      for (std::size_t i = 0; i <= action && i < plan.size(); ++i) {
        if (std::holds_alternative<InStepInput>(plan[i].message)) run.act(plan[i]);
      }
    });
    if (step < 0) {
      drive(run, nullptr, 2 * kStepMs, 0, nullptr);
    } else {
      drive(run, nullptr, step, action + 1, &rec.plans);
    }
    ++checked;
    const std::string got = describe(run.state);
    if (got != expected) {
      ++mismatches;
      if (mismatches <= 3) {
        ADD_FAILURE() << "restored from the first " << k << " of " << rec.journal.size() << " events (a "
                      << rec.journal[k - 1].body.index() << " at " << rec.journal[k - 1].t_ms << " ms):\n"
                      << got << "\nexpected:\n"
                      << expected;
      }
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << checked << " prefixes";
  RecordProperty("prefixes_checked", static_cast<int>(checked));
  std::printf("[ restore ] %zu prefixes of a %zu-event journal restored, %zu mismatches\n", checked,
              rec.journal.size(), mismatches);
}

}  // namespace
}  // namespace rapport
