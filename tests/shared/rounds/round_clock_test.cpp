// One clock for a running phase (issue 14): every round module's deadline
// follows the host's pause, resume, +1 minute and skip, and the restart hold.
// Pure rules and the reducer only; time is a value.
#include "round_content.hpp"
#include "rapport/build_info.hpp"
#include "rapport/session/session_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace rapport {
namespace {

std::string assets() { return testing::content_assets(); }
std::shared_ptr<const RoundContent> content() { return testing::round_content(); }

// challenge-sprint with four players: Blueprint, In Step | role play, common ground.
struct Sprint {
  SessionState state;
  std::int64_t now = 1000;
  Sprint() {
    state.model_config = load_model_config(assets()).config;
    state.rounds.content = content();
    auto program = load_program(assets() + "/programs/challenge-sprint.json");
    EXPECT_TRUE(program.program) << program.error;
    SessionOpened opened;
    opened.code = "ACD349";
    opened.host_token = "t";
    opened.program = *program.program;
    opened.host.id = 1;
    opened.host.host = true;
    commit(opened);
    for (std::uint32_t id = 10; id < 14; ++id) {
      Seat seat;
      seat.id = id;
      seat.name = "P" + std::to_string(id);
      commit(PlayerJoined{seat});
    }
    host(HostAction::Start);
  }
  void commit(SessionEventBody body) { apply(state, SessionEvent{now, std::move(body)}); }
  void host(HostAction action, std::uint16_t seconds = 0) {
    auto d = decide_host_command(state, 1, HostCommand{"t", action, 0, seconds, false, ""}, now, 7);
    ASSERT_FALSE(d.rejected()) << d.rejection->text;
    for (auto& e : d.events) commit(e);
  }
  // Time passes as the server's tick sees it (modules advanced and stepped).
  void wait(std::int64_t ms) {
    for (std::int64_t end = now + ms; now < end;) {
      now = std::min(end, now + 50);
      advance_live_rounds(state, now);
      step_in_step(state, now);
    }
  }
  void to_round(RoundKind kind) {
    for (int guard = 0; guard < 8 && !(state.phase == SessionPhase::Round && state.round_spec()->kind == kind); ++guard) {
      host(HostAction::SkipRound);
    }
    ASSERT_EQ(state.round_spec()->kind, kind);
  }
  std::uint32_t group() const { return state.group_of.at(10); }
};

// The time the module shows player 10, in its own terms.
std::int64_t module_left(const Sprint& s) {
  const std::uint32_t gid = s.group();
  const LiveRound& live = s.state.rounds.live.at(gid);
  switch (live.kind) {
    case RoundKind::Blueprint: return blueprint_view(s.state, gid, 10, s.now)->time_left_ms;
    case RoundKind::InStep: return in_step_snapshot(s.state, gid)->time_left_ms;
    case RoundKind::RolePlay: return role_play_view(s.state, gid, 10, s.now)->phase_left_ms;
    case RoundKind::CommonGround: return live.common_ground->ends_ms - module_time(s.state, s.now);
    case RoundKind::Conversation:
    case RoundKind::kCount: break;
  }
  return -1;
}

class ModuleClock : public ::testing::TestWithParam<RoundKind> {};

TEST_P(ModuleClock, PauseWaitResumeLeavesTheModulesTimeWhereItWas) {
  Sprint s;
  s.to_round(GetParam());
  s.wait(20'000);
  const std::int64_t before = module_left(s);
  const std::int64_t session_before = s.state.remaining_ms(s.now);
  ASSERT_GT(before, 0);
  s.host(HostAction::Pause);
  s.wait(400'000);  // longer than any of the rounds
  EXPECT_EQ(module_left(s), before) << "paused: the module's clock stands still";
  EXPECT_FALSE(check_blueprint_act(s.state, 10, {BlueprintActKind::Check, 0, 0, 0, 0, 0}, s.now).empty());
  s.host(HostAction::Resume);
  EXPECT_EQ(module_left(s), before);
  EXPECT_EQ(s.state.remaining_ms(s.now), session_before);
  EXPECT_EQ(s.state.round_spec()->kind, GetParam()) << "still the same round";
  s.wait(5'000);
  EXPECT_LT(module_left(s), before) << "and runs again after the resume";
}

TEST_P(ModuleClock, TheRestartHoldStopsTheModulesLikeAPause) {
  Sprint s;
  s.to_round(GetParam());
  s.wait(10'000);
  const std::int64_t before = module_left(s);
  s.commit(SessionHeld{});
  EXPECT_TRUE(s.state.held);
  s.wait(300'000);
  EXPECT_EQ(module_left(s), before);
  EXPECT_TRUE(due_transitions(s.state, s.now, 1).empty());
  s.commit(SessionResumed{});
  EXPECT_FALSE(s.state.held);
  EXPECT_EQ(module_left(s), before);
}

TEST_P(ModuleClock, ExtendMovesTheModulesDeadline) {
  Sprint s;
  s.to_round(GetParam());
  s.wait(10'000);
  const std::int64_t before = module_left(s);
  const std::int64_t session_before = s.state.remaining_ms(s.now);
  s.host(HostAction::ExtendRound);  // +1 minute
  EXPECT_EQ(module_left(s), before + 60'000);
  EXPECT_EQ(s.state.remaining_ms(s.now), session_before + 60'000);
  // Extending while paused counts too.
  s.host(HostAction::Pause);
  s.host(HostAction::ExtendRound, 30);
  s.host(HostAction::Resume);
  EXPECT_EQ(module_left(s), before + 90'000);
}

TEST_P(ModuleClock, SkipEndsTheModuleWithAResult) {
  Sprint s;
  s.to_round(GetParam());
  s.wait(5'000);
  const std::uint32_t gid = s.group();
  const std::size_t index = s.state.group(gid)->rounds.size() - 1;
  s.host(HostAction::SkipRound);
  const RoundRecord& record = s.state.group(gid)->rounds.at(index);
  EXPECT_EQ(record.kind, GetParam());
  EXPECT_TRUE(record.finished);
  EXPECT_FALSE(record.figures.empty()) << "the skipped module still reports its figures";
  EXPECT_FALSE(s.state.rounds.live.contains(gid) && s.state.rounds.live.at(gid).kind == GetParam());
}

TEST_P(ModuleClock, APausedRoundDoesNotEndOnItsOwnAndAnExtendedOneEndsLater) {
  Sprint s;
  s.to_round(GetParam());
  const std::uint16_t round = s.state.round;
  const std::int64_t planned = s.state.round_spec()->seconds * 1000LL;
  s.host(HostAction::Pause);
  s.wait(planned * 2);
  EXPECT_TRUE(due_transitions(s.state, s.now, 1).empty());
  s.host(HostAction::Resume);
  s.host(HostAction::ExtendRound);
  s.wait(planned);
  EXPECT_TRUE(due_transitions(s.state, s.now, 1).empty()) << "the minute added is still to come";
  EXPECT_EQ(s.state.round, round);
  s.wait(60'000);
  EXPECT_FALSE(due_transitions(s.state, s.now, 1).empty());
}

std::string kind_name(const ::testing::TestParamInfo<RoundKind>& info) {
  std::string name;
  bool upper = true;
  for (const char c : round_kind_id(info.param)) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryModule, ModuleClock,
                         ::testing::Values(RoundKind::Blueprint, RoundKind::InStep, RoundKind::RolePlay,
                                           RoundKind::CommonGround),
                         kind_name);

// The empathy a scene earns is a journaled event, due when the scene's time is
// up, and the next scene waits for it (so a replay feeds the meter the same).
TEST(RolePlayScenes, ScoresAreDueAsAnEventAndTheNextSceneWaitsForThem) {
  Sprint s;
  s.to_round(RoundKind::RolePlay);
  const std::uint32_t gid = s.group();
  ASSERT_EQ(s.state.rounds.live.at(gid).role_play_scenes, 1) << "a 300 s round plays one scene";
  EXPECT_TRUE(due_scene_scores(s.state, s.now).empty());
  const auto timings = s.state.rounds.live.at(gid).role_play_timings;
  s.wait(timings.briefing_ms + timings.acting_ms + timings.guessing_ms + timings.reveal_ms + 100);
  const auto due = due_scene_scores(s.state, s.now);
  ASSERT_FALSE(due.empty());
  const auto mine = std::find_if(due.begin(), due.end(), [&](const RolePlaySceneScored& d) { return d.group_id == gid; });
  ASSERT_NE(mine, due.end());
  EXPECT_EQ(mine->empathy.size(), 2u) << "one score per member";
  EXPECT_TRUE(s.state.rounds.live.at(gid).role_play_done.empty()) << "nothing is scored by time alone";
  for (const auto& d : due) s.commit(d);
  EXPECT_EQ(s.state.rounds.live.at(gid).role_play_done.size(), 1u);
  EXPECT_TRUE(due_scene_scores(s.state, s.now).empty()) << "scored once";
  s.commit(*mine);
  EXPECT_EQ(s.state.rounds.live.at(gid).role_play_done.size(), 1u) << "a repeated event changes nothing";
}

}  // namespace
}  // namespace rapport
