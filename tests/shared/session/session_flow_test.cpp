// Drives a whole session through the pure rules and the reducer: no sockets,
// no clock. This is the same path the server takes, minus the network.
#include "rapport/session/debrief.hpp"
#include "rapport/session/session_rules.hpp"

#include "rapport/build_info.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <map>
#include <set>

namespace rapport {
namespace {

std::string assets() {
  const char* env = std::getenv("RAPPORT_ASSETS");
  return env ? env : build::kAssetsDir;
}

struct Driver {
  SessionState state;
  std::int64_t now = 0;
  std::uint64_t seed = 1;

  explicit Driver(const std::string& program_id, int players, std::vector<std::string> teams = {"A", "B", "C"}) {
    auto model = load_model_config(assets());
    EXPECT_TRUE(model.ok()) << model.error;
    state.model_config = model.config;
    auto program = load_program(assets() + "/programs/" + program_id + ".json");
    EXPECT_TRUE(program.program) << program.error;
    SessionOpened opened;
    opened.code = "ACD349";
    opened.host_token = "host-token";
    opened.program = *program.program;
    opened.pairing = program.program->pairing;
    opened.host.id = 1;
    opened.host.name = "Host";
    opened.host.host = true;
    commit(opened);
    for (int i = 0; i < players; ++i) {
      Seat seat;
      seat.id = static_cast<std::uint32_t>(100 + i);
      seat.name = "P" + std::to_string(i);
      seat.team = teams[static_cast<std::size_t>(i) % teams.size()];
      seat.role = i % 2 ? "veteran" : "new-hire";
      commit(PlayerJoined{seat});
    }
  }
  void commit(SessionEventBody body) { apply(state, SessionEvent{now, std::move(body)}); }
  // A latecomer joins and is placed at once (seeded).
  void join_late(std::uint32_t id) {
    Seat late;
    late.id = id;
    late.name = "Late";
    commit(PlayerJoined{late});
    commit_all(place_arrival(state, id, 7));
  }
  void commit_all(const std::vector<SessionEventBody>& events) {
    for (const auto& e : events) commit(e);
  }
  Decision host(HostAction action, std::uint32_t target = 0) {
    HostCommand command{"host-token", action, target, 0, false, "hello"};
    auto d = decide_host_command(state, 1, command, now, ++seed);
    commit_all(d.events);
    return d;
  }
  // Advances time in 1 s steps, committing due transitions.
  void run_for(std::int64_t ms) {
    for (std::int64_t end = now + ms; now < end;) {
      now += 1000;
      commit_all(due_transitions(state, now, ++seed));
    }
  }
  void run_to_end() {
    for (int guard = 0; guard < 100000 && !state.ended(); ++guard) {
      now += 1000;
      commit_all(due_transitions(state, now, ++seed));
      if (state.phase == SessionPhase::Reflection) reflect_all();
    }
  }
  void reflect_all() {
    for (const auto& g : state.groups) {
      if (g.rotation != state.rotation) continue;
      for (auto a : g.ever_members) {
        for (auto b : g.ever_members) {
          if (a == b) continue;
          auto d = decide_reflection(state, a, ReflectionAnswer{b, static_cast<std::uint8_t>(1 + (a + b) % 7), 1});
          commit_all(d.events);
        }
      }
    }
  }
};

TEST(SessionFlow, OnlyTheHostWithTheTokenCanStartAndAtLeastTwoAreNeeded) {
  Driver d("quick-icebreaker", 1);
  EXPECT_TRUE(d.host(HostAction::Start).rejected());  // only one participant
  Seat seat;
  seat.id = 200;
  seat.name = "Late";
  d.commit(PlayerJoined{seat});
  HostCommand forged{"wrong", HostAction::Start, 0, 0, false, ""};
  EXPECT_TRUE(decide_host_command(d.state, 1, forged, 0, 1).rejected());
  HostCommand by_participant{"host-token", HostAction::Start, 0, 0, false, ""};
  EXPECT_TRUE(decide_host_command(d.state, 100, by_participant, 0, 1).rejected());
  EXPECT_FALSE(d.host(HostAction::Start).rejected());
  EXPECT_EQ(d.state.phase, SessionPhase::Round);
  EXPECT_EQ(d.state.rotation, 1);
}

TEST(SessionFlow, ElevenPlayersEveryoneEveryRotationOneTrioNoRepeats) {
  Driver d("quick-icebreaker", 11);
  ASSERT_FALSE(d.host(HostAction::Start).rejected());
  d.run_to_end();
  ASSERT_TRUE(d.state.ended());
  EXPECT_EQ(d.state.rotation, 3);
  std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint16_t r = 1; r <= 3; ++r) {
    std::multiset<std::uint32_t> placed;
    int trios = 0;
    for (const auto& g : d.state.groups) {
      if (g.rotation != r) continue;
      trios += g.ever_members.size() == 3 ? 1 : 0;
      EXPECT_GE(g.ever_members.size(), 2u);
      for (auto id : g.ever_members) placed.insert(id);
      for (auto a : g.ever_members) {
        for (auto b : g.ever_members) {
          if (a < b) {
            EXPECT_TRUE(pairs.insert({a, b}).second) << "repeat pair " << a << "-" << b;
          }
        }
      }
      EXPECT_FALSE(g.reflections.empty()) << "group " << g.id << " has no IOS answers";
    }
    EXPECT_EQ(trios, 1) << "rotation " << r;
    EXPECT_EQ(placed.size(), 11u) << "rotation " << r;
    EXPECT_EQ(std::set<std::uint32_t>(placed.begin(), placed.end()).size(), 11u);
  }
}

TEST(SessionFlow, PauseFreezesTheTimerAndExtendAddsTime) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  d.run_for(10'000);
  const auto left = d.state.remaining_ms(d.now);
  d.host(HostAction::Pause);
  d.run_for(60'000);
  EXPECT_EQ(d.state.remaining_ms(d.now), left);
  EXPECT_EQ(d.state.round, 1);
  d.host(HostAction::Resume);
  d.host(HostAction::ExtendRound);
  EXPECT_EQ(d.state.remaining_ms(d.now), left + 60'000);
  EXPECT_TRUE(d.host(HostAction::Resume).rejected());
}

TEST(SessionFlow, SkipNextRotationAndEnd) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  d.host(HostAction::SkipRound);
  EXPECT_EQ(d.state.round, 2);
  d.host(HostAction::NextRotation);
  EXPECT_EQ(d.state.phase, SessionPhase::Reflection);
  d.host(HostAction::NextRotation);
  EXPECT_EQ(d.state.rotation, 2);
  d.host(HostAction::End);
  EXPECT_TRUE(d.state.ended());
  EXPECT_TRUE(d.host(HostAction::Pause).rejected());
}

TEST(SessionFlow, ChatNeedsAPartnerIsFilteredAndMutedPeopleCannotChat) {
  Driver d("classroom", 4);
  EXPECT_TRUE(decide_chat(d.state, 100, "hi", nullptr).rejected());  // lobby: no partner yet
  d.host(HostAction::Start);
  ChatFilter filter{{"darn"}};
  d.state.chat_filter = true;
  auto ok = decide_chat(d.state, 100, "Well darn, DARN it", &filter);
  ASSERT_FALSE(ok.rejected());
  EXPECT_EQ(std::get<ChatSent>(ok.events[0]).text, "Well ****, **** it");
  EXPECT_TRUE(decide_chat(d.state, 100, "   ", &filter).rejected());
  EXPECT_TRUE(decide_chat(d.state, 100, "bad\x01", &filter).rejected());
  d.host(HostAction::Mute, 100);
  EXPECT_TRUE(decide_chat(d.state, 100, "hello", &filter).rejected());
  d.host(HostAction::Unmute, 100);
  EXPECT_FALSE(decide_chat(d.state, 100, "hello", &filter).rejected());
}

TEST(SessionFlow, ReflectionOnlyAboutYourOwnPartnerAndOnlyDuringReflection) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  const GroupRecord* g = d.state.group_of_player(100);
  ASSERT_NE(g, nullptr);
  const std::uint32_t partner = g->members[0] == 100 ? g->members[1] : g->members[0];
  EXPECT_TRUE(decide_reflection(d.state, 100, {partner, 5, 0}).rejected());  // still in the round
  d.host(HostAction::NextRotation);
  std::uint32_t stranger = 0;
  for (std::uint32_t id = 100; id < 104; ++id) {
    if (id != 100 && id != partner) stranger = id;
  }
  EXPECT_TRUE(decide_reflection(d.state, 100, {stranger, 5, 0}).rejected());
  EXPECT_TRUE(decide_reflection(d.state, 100, {100, 5, 0}).rejected());
  EXPECT_TRUE(decide_reflection(d.state, 100, {partner, 8, 0}).rejected());
  EXPECT_FALSE(decide_reflection(d.state, 100, {partner, 5, 2}).rejected());
}

TEST(SessionFlow, AReflectionSentAgainAfterAReconnectReplacesTheFirstAndCountsKudosOnce) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  const GroupRecord* g = d.state.group_of_player(100);
  ASSERT_NE(g, nullptr);
  const std::uint32_t group_id = g->id;
  const std::uint32_t partner = g->members[0] == 100 ? g->members[1] : g->members[0];
  d.host(HostAction::NextRotation);
  ASSERT_EQ(d.state.phase, SessionPhase::Reflection);
  auto kudos_reasons = [&] {
    const auto model = d.state.models.find(group_id);
    if (model == d.state.models.end()) return -1;
    auto copy = model->second;
    const auto reasons = copy.take_reasons();
    return static_cast<int>(std::count_if(reasons.begin(), reasons.end(),
                                          [](const Reason& r) { return r.tag == ReasonTag::Kudos; }));
  };
  const int before = kudos_reasons();
  for (int i = 0; i < 2; ++i) d.commit_all(decide_reflection(d.state, 100, {partner, 5, 2}).events);
  const GroupRecord* reflected = d.state.group(group_id);
  ASSERT_NE(reflected, nullptr);
  ASSERT_EQ(reflected->reflections.at(100).size(), 1u);
  EXPECT_EQ(reflected->reflections.at(100).front().ios, 5);
  ASSERT_GE(before, 0) << "the rotation's model is live during its reflection";
  EXPECT_EQ(kudos_reasons(), before + 1) << "the same kudos sent twice counts once";
  // A changed answer replaces the first.
  d.commit_all(decide_reflection(d.state, 100, {partner, 6, 2}).events);
  ASSERT_EQ(reflected->reflections.at(100).size(), 1u);
  EXPECT_EQ(reflected->reflections.at(100).front().ios, 6);
}

TEST(SessionFlow, LatecomerIsPlacedAtOnceAndALeaverDoesNotLeaveAnEmptyScreen) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  d.join_late(300);
  const GroupRecord* g = d.state.group_of_player(300);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->members.size(), 3u);  // joined a pair as a trio
  // Someone in a plain pair leaves: the partner joins another group or gets a solo card.
  std::uint32_t leaver = 0;
  for (const auto& grp : d.state.groups) {
    if (grp.members.size() == 2) leaver = grp.members[0];
  }
  ASSERT_NE(leaver, 0u);
  const GroupRecord* before = d.state.group_of_player(leaver);
  const std::uint32_t left_behind = before->members[0] == leaver ? before->members[1] : before->members[0];
  auto patch = patch_departure(d.state, leaver, 9);
  d.commit(PlayerLeft{leaver});
  d.commit_all(patch);
  const GroupRecord* now = d.state.group_of_player(left_behind);
  ASSERT_NE(now, nullptr) << "the one left behind must not face an empty screen";
  if (now->members.size() == 1) {
    EXPECT_EQ(now->prompt, kSoloCard);
  }
}

TEST(SessionFlow, DebriefAndSummaryAfterAFullProgram) {
  Driver d("quick-icebreaker", 6);
  d.host(HostAction::Start);
  d.run_to_end();
  const Debrief debrief = build_debrief(d.state, 100);
  EXPECT_EQ(debrief.partners.size(), 3u);
  EXPECT_FALSE(debrief.kudos_received.empty());
  EXPECT_FALSE(debrief.tip.empty());
  const GroupSummary summary = build_summary(d.state, "x.json");
  EXPECT_EQ(summary.participants, 6);
  EXPECT_EQ(summary.rotations, 3);
  EXPECT_EQ(summary.groups, 9);
  EXPECT_TRUE(d.state.chat.empty());  // retention: chat purged at the end
}

// ---- the meter in a session ----------------------------------------------------

double shared_baseline(const Driver& d) { return d.state.model_config->baseline; }

void say(Driver& d, std::uint32_t player, const std::string& text) {
  auto decision = decide_chat(d.state, player, text, nullptr);
  ASSERT_FALSE(decision.rejected()) << text;
  d.commit_all(decision.events);
}

TEST(SessionFlow, TheMeterStopsWhenTheRoundEndsAndWhilePaused) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  const std::uint32_t gid = d.state.group_of_player(100)->id;
  say(d, 100, "Hi! What do you enjoy most about your work?");
  // Paused: the unanswered message does not cost anything while the clock stands.
  d.host(HostAction::Pause);
  const MeterValues at_pause = d.state.group(gid)->meter;
  d.run_for(120'000);
  d.state.models.at(gid).advance(d.now);
  EXPECT_EQ(d.state.group(gid)->meter, at_pause);
  EXPECT_TRUE(d.state.models.at(gid).paused());
  d.host(HostAction::Resume);
  EXPECT_FALSE(d.state.models.at(gid).paused());
  // Reflection: the round is over, so nothing that happens now changes the meter.
  for (int guard = 0; guard < 10000 && d.state.phase != SessionPhase::Reflection; ++guard) d.run_for(1'000);
  ASSERT_EQ(d.state.phase, SessionPhase::Reflection);
  const GroupRecord* g = d.state.group(gid);
  ASSERT_TRUE(g->meter_at_reflection.has_value());
  const MeterValues frozen = g->meter;
  EXPECT_EQ(*g->meter_at_reflection, frozen);
  d.run_for(20'000);
  d.state.models.at(gid).advance(d.now);
  EXPECT_EQ(d.state.group(gid)->meter, frozen) << "no penalties fire during reflection";
  EXPECT_FALSE(d.state.models.at(gid).apply(PairEvent::chat(d.now, 100, "still talking")));
}

TEST(SessionFlow, ALatecomerJoiningAPairKeepsTheirMeterAndTimeline) {
  Driver d("quick-icebreaker", 4);
  d.host(HostAction::Start);
  std::map<std::uint32_t, std::size_t> before;  // group -> timeline points
  std::map<std::uint32_t, double> own;          // player -> own positivity
  for (int i = 0; i < 4; ++i) {
    d.run_for(5'000);
    for (std::uint32_t p : {100u, 101u, 102u, 103u}) {
      say(d, p, i % 2 ? "Yes, exactly, I loved it! Thanks for asking :)"
                      : "That sounds great, thanks! What did you like most?");
    }
  }
  for (auto& [gid, model] : d.state.models) {
    model.advance(d.now);
    before[gid] = model.timeline().size();
    ASSERT_GT(model.meter().positivity(), 60.0);
    for (auto id : model.members()) own[id] = model.insight(id)->own.positivity();
  }
  d.join_late(300);
  const GroupRecord* g = d.state.group_of_player(300);
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(g->members.size(), 3u);
  const RapportModel& model = d.state.models.at(g->id);
  EXPECT_EQ(model.members().size(), 3u);
  // The newcomer starts from the baseline, so the mutual value dips, but the
  // pair's own evidence is kept (not reset to the baseline) and the chart goes on.
  for (auto id : model.members()) {
    if (id != 300) {
      EXPECT_EQ(model.insight(id)->own.positivity(), own.at(id));
    }
  }
  EXPECT_GT(model.meter().positivity(), shared_baseline(d) + 10.0);
  EXPECT_GE(model.timeline().size(), before.at(g->id));
}

}  // namespace
}  // namespace rapport
