// Round modules inside a session, through the pure rules and the reducer:
// what each player may see, and every out-of-turn or out-of-group action
// rejected with no change.
#include "round_content.hpp"
#include "rapport/build_info.hpp"
#include "rapport/session/session_rules.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace rapport {
namespace {

std::string assets() { return testing::content_assets(); }
std::shared_ptr<const RoundContent> content() { return testing::round_content(); }

// A session of the challenge-sprint program with four players, started.
struct Sprint {
  SessionState state;
  std::int64_t now = 0;
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
    auto d = decide_host_command(state, 1, HostCommand{"t", HostAction::Start, 0, 0, false, ""}, now, 42);
    for (auto& e : d.events) commit(e);
  }
  void commit(SessionEventBody body) { apply(state, SessionEvent{now, std::move(body)}); }
  void skip() {
    auto d = decide_host_command(state, 1, HostCommand{"t", HostAction::SkipRound, 0, 0, false, ""}, now, 7);
    for (auto& e : d.events) commit(e);
  }
  std::uint32_t partner_of(std::uint32_t id) const {
    const GroupRecord* g = state.group_of_player(id);
    return g->members[0] == id ? g->members[1] : g->members[0];
  }
  std::uint32_t stranger_of(std::uint32_t id) const {
    for (std::uint32_t other = 10; other < 14; ++other) {
      if (other != id && other != partner_of(id)) return other;
    }
    return 0;
  }
};

TEST(RoundPlay, BlueprintBuilderNeverSeesTheTargetAndOnlyBuildersBuild) {
  Sprint s;
  ASSERT_EQ(s.state.round_spec()->kind, RoundKind::Blueprint);
  const GroupRecord* g = s.state.group_of_player(10);
  ASSERT_NE(g, nullptr);
  BlueprintView describer, builder;
  for (auto member : g->members) {
    auto v = blueprint_view(s.state, g->id, member, s.now);
    ASSERT_TRUE(v);
    (v->role == BlueprintRole::Describer ? describer : builder) = *v;
  }
  EXPECT_FALSE(describer.target.empty());
  EXPECT_TRUE(builder.target.empty()) << "the builder must not see the target";
  EXPECT_FALSE(builder.tray.empty());
  BlueprintAct place{BlueprintActKind::Place, 0, 0, 0, 0, 0};
  // The describer cannot place pieces; a player from another group cannot either.
  for (auto member : g->members) {
    const auto v = blueprint_view(s.state, g->id, member, s.now);
    const bool accepted = check_blueprint_act(s.state, member, place, s.now).empty();
    EXPECT_EQ(accepted, v->role == BlueprintRole::Builder);
  }
  BlueprintAct outside{BlueprintActKind::Place, 0, 0, 0, 9, 9};
  for (auto member : g->members) {
    if (blueprint_view(s.state, g->id, member, s.now)->role == BlueprintRole::Builder) {
      EXPECT_FALSE(check_blueprint_act(s.state, member, outside, s.now).empty()) << "off-grid placement";
    }
  }
}

TEST(RoundPlay, RolePlayCardsStaySecretUntilTheRevealAndGuessesNeedTheirPhase) {
  Sprint s;
  s.skip();  // in-step
  s.skip();  // reflection
  s.skip();  // rotation 2: role play
  ASSERT_EQ(s.state.round_spec()->kind, RoundKind::RolePlay);
  const std::uint32_t me = 10, partner = s.partner_of(10);
  const GroupRecord* g = s.state.group_of_player(me);
  auto view = role_play_view(s.state, g->id, me, s.now);
  ASSERT_TRUE(view);
  ASSERT_EQ(view->cards.size(), 1u) << "only my own card before the reveal";
  EXPECT_EQ(view->cards[0].player, me);
  EXPECT_FALSE(view->cards[0].goal.empty());
  EXPECT_FALSE(view->cards[0].openers.empty()) << "my own card suggests lines to try";
  // Guessing is not open yet; guessing about yourself or a stranger never is.
  EXPECT_FALSE(check_role_play_guess(s.state, me, {partner, 0, 0}, s.now).empty());
  const std::int64_t guessing = s.state.phase_ends_ms - 1;  // late in the round: guessing or reveal
  const auto timings = s.state.rounds.live.at(g->id).role_play_timings;
  const std::int64_t open_at = timings.briefing_ms + timings.acting_ms + 1;
  EXPECT_TRUE(check_role_play_guess(s.state, me, {partner, 0, 0}, open_at).empty());
  EXPECT_FALSE(check_role_play_guess(s.state, me, {me, 0, 0}, open_at).empty());
  EXPECT_FALSE(check_role_play_guess(s.state, me, {s.stranger_of(me), 0, 0}, open_at).empty());
  EXPECT_FALSE(check_role_play_guess(s.state, me, {partner, 99, 0}, open_at).empty());
  s.now = open_at;
  s.commit(RolePlayGuessed{me, partner, 0, 0});
  s.commit(RolePlayGuessed{partner, me, 0, 0});
  auto revealed = role_play_view(s.state, g->id, me, s.now);
  ASSERT_TRUE(revealed);
  EXPECT_EQ(revealed->cards.size(), 2u) << "both cards at the reveal";
  for (const WireCard& card : revealed->cards) {
    EXPECT_EQ(card.openers.empty(), card.player != me) << "suggested lines are only ever on your own card";
  }
  EXPECT_EQ(revealed->results.size(), 2u);
  (void)guessing;
}

TEST(RoundPlay, CommonGroundOnlyInYourOwnGridAndNeverConfirmYourOwnProposal) {
  Sprint s;
  s.skip();
  s.skip();
  s.skip();
  s.skip();  // rotation 2, round 2: common ground
  ASSERT_EQ(s.state.round_spec()->kind, RoundKind::CommonGround);
  const std::uint32_t me = 10, partner = s.partner_of(10);
  EXPECT_TRUE(check_common_ground_propose(s.state, me, {0, "we both like tea"}, s.now).empty());
  s.commit(CommonGroundProposed{me, 0, "we both like tea"});
  EXPECT_FALSE(check_common_ground_respond(s.state, me, {0, true}, s.now).empty()) << "own proposal";
  EXPECT_FALSE(check_common_ground_respond(s.state, s.stranger_of(me), {0, true}, s.now).empty())
      << "another group's grid is separate: the stranger has no proposal to answer";
  EXPECT_FALSE(check_common_ground_propose(s.state, me, {99, "x"}, s.now).empty());
  EXPECT_TRUE(check_common_ground_respond(s.state, partner, {0, true}, s.now).empty());
  s.commit(CommonGroundResponded{partner, 0, true});
  const auto view = common_ground_view(s.state, s.state.group_of.at(me), me);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->found, 1);
  EXPECT_EQ(view->cells[0].state, WireCellState::Found);
  // End the session: the shared item reaches the report record and the debrief.
  auto end = decide_host_command(s.state, 1, HostCommand{"t", HostAction::End, 0, 0, false, ""}, s.now, 1);
  for (auto& e : end.events) s.commit(e);
  const GroupRecord* g = nullptr;
  for (const auto& grp : s.state.groups) {
    if (grp.rotation == 2 && std::find(grp.ever_members.begin(), grp.ever_members.end(), me) != grp.ever_members.end()) g = &grp;
  }
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->rounds.back().shared_items.size(), 1u);
}

TEST(RoundPlay, ProfileAnswersAreValidatedAgainstTheDeck) {
  Sprint s;
  const auto questions = profile_questions(s.state);
  ASSERT_FALSE(questions.categories.empty());
  EXPECT_TRUE(check_profile(s.state, 10, {{questions.categories[0]}, {"by the sea"}}).empty());
  EXPECT_FALSE(check_profile(s.state, 10, {{"no-such-category"}, {"x"}}).empty());
}


TEST(RoundPlay, RepairScenarioOpensWithDamagedRapportThatAGoodRepairRestores) {
  SessionState state;
  state.model_config = load_model_config(assets()).config;
  state.rounds.content = content();
  auto program = parse_program(R"({"id": "repair-check", "title": "Repair check", "audience": "team-building",
    "rotations": [{"rounds": [{"kind": "role-play", "seconds": 300, "scenario": "late-delivery"}]}]})",
                               "repair-check.json");
  ASSERT_TRUE(program.program) << program.error;
  std::int64_t now = 0;
  auto commit = [&](SessionEventBody body) { apply(state, SessionEvent{now, std::move(body)}); };
  SessionOpened opened;
  opened.code = "ACD349";
  opened.host_token = "t";
  opened.program = *program.program;
  opened.host.id = 1;
  opened.host.host = true;
  commit(opened);
  for (std::uint32_t id : {10u, 11u}) {
    Seat seat;
    seat.id = id;
    seat.name = "P" + std::to_string(id);
    commit(PlayerJoined{seat});
  }
  const double before = 50.0;  // every model starts at the baseline
  auto d = decide_host_command(state, 1, HostCommand{"t", HostAction::Start, 0, 0, false, ""}, now, 42);
  for (auto& e : d.events) commit(e);
  ASSERT_EQ(state.round_spec()->kind, RoundKind::RolePlay);
  const GroupRecord* g = state.group_of_player(10);
  ASSERT_NE(g, nullptr);
  const auto& live = state.rounds.live.at(g->id);
  ASSERT_TRUE(live.role_play);
  EXPECT_EQ(live.role_play->scenario_id, "late-delivery");
  const double opened_at = state.models.at(g->id).meter().overall;
  EXPECT_LT(opened_at, before - 10.0) << "the repair scenario starts with rapport already damaged";

  // The agent acknowledges, apologises and commits; the customer warms up.
  const auto view = role_play_view(state, g->id, 10, now);
  ASSERT_TRUE(view.has_value());
  ASSERT_FALSE(view->cards.empty());
  const std::uint32_t agent = view->cards.front().role_title == "Customer" ? 11u : 10u;
  const std::uint32_t customer = agent == 10 ? 11 : 10;
  const std::vector<std::pair<std::uint32_t, std::string>> lines = {
      {customer, "My order never arrived and it was a birthday present."},
      {agent, "I hear you, that must have been really frustrating. I am so sorry."},
      {customer, "Thank you. What can you do now?"},
      {agent, "I will send a replacement by express today and I'll call you when it ships."},
      {customer, "That helps, thanks for sorting it out."},
      {agent, "Glad to help. Is there anything else I can check for you?"}};
  now = live.role_play_timings.briefing_ms + 1'000;
  for (const auto& [who, text] : lines) {
    commit(ChatSent{who, text});
    commit(GestureMade{who == agent ? customer : agent, Gesture::Nod});
    now += 5'000;
  }
  state.models.at(g->id).advance(now + 20'000);
  const double repaired = state.models.at(g->id).meter().overall;
  std::printf("[ repair    ] late-delivery opened at %.1f, after a good repair %.1f\n", opened_at, repaired);
  EXPECT_GT(repaired, opened_at + 10.0) << "rapport recovers in the meter when the repair is played well";
}

}  // namespace
}  // namespace rapport
