#pragma once
// The round modules inside a session: which module state each group has for
// the current round, how events drive them, what time does to them, and the
// view each player may see. Pure: state, event and time in, state out. The
// session reducer (session_state.cpp) calls these; the server only sends the
// views and journals the events.
#include "rapport/rounds/blueprint/blueprint.hpp"
#include "rapport/rounds/common_ground/common_ground.hpp"
#include "rapport/content/deck.hpp"
#include "rapport/rounds/in_step/in_step.hpp"
#include "rapport/rounds/in_step/in_step_netcode.hpp"
#include "rapport/protocol/messages.hpp"
#include "rapport/rounds/role_play/role_play.hpp"
#include "rapport/content/scenario.hpp"
#include "rapport/session/session_events.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rapport {

struct RoundSpec;
struct SessionState;
struct GroupRecord;

// Decks (by audience) and scenarios, loaded once at start-up.
struct RoundContent {
  std::map<Audience, Deck> decks;
  std::vector<Scenario> scenarios;
  [[nodiscard]] const Deck* deck_for(Audience audience) const;
};

// One group's module state for the round that is running.
struct LiveRound {
  RoundKind kind = RoundKind::Conversation;
  std::int64_t started_ms = 0;
  std::int64_t duration_ms = 0;
  std::optional<blueprint::BlueprintRound> blueprint;
  std::optional<CommonGroundState> common_ground;
  std::optional<RolePlayState> role_play;
  RolePlayTimings role_play_timings;
  std::uint8_t role_play_scenes = 1;
  std::vector<RolePlayResults> role_play_done;  // scenes already scored
  std::vector<SceneLine> scene_lines;           // role-play chat, for repair cues (never in reports)
  std::optional<in_step::InStepState> in_step;  // real-time: stepped by the server, result journaled
  std::map<std::uint32_t, in_step::InputBuffer> in_step_inputs;
  std::int64_t in_step_clock_ms = 0;            // game time simulated so far
  bool scored = false;
};

// The running round's clock, the one every module reads: game time less the
// time the round stood still (host pause, restart hold). Module deadlines are
// kept in this time, so a pause stops them all and a resume continues them
// where they were.
struct RoundClock {
  std::int64_t stopped_ms = 0;     // time spent paused in this round
  std::int64_t paused_at_ms = -1;  // game time the pause in effect began; -1 while running
  [[nodiscard]] std::int64_t at(std::int64_t game_ms) const {
    return (paused_at_ms >= 0 && paused_at_ms < game_ms ? paused_at_ms : game_ms) - stopped_ms;
  }
  [[nodiscard]] bool paused() const { return paused_at_ms >= 0; }
};

// Per-session extras the modules need.
struct RoundBook {
  std::shared_ptr<const RoundContent> content;
  RoundClock clock;
  std::map<std::uint32_t, LiveRound> live;          // by group id
  std::map<std::uint32_t, Profile> profiles;        // by player (answers never leave the server)
  std::map<std::uint32_t, SeenPrompts> seen;        // by player: no prompt shown twice
};

// ---- driven by the reducer -----------------------------------------------------
// A round starts for every open group of the current rotation.
void start_live_rounds(SessionState& state, const RoundSpec& round, std::uint64_t seed, std::int64_t now_ms);
// Time passes: puzzles expire and swap roles, role-play phases advance, grids close.
void advance_live_rounds(SessionState& state, std::int64_t now_ms);
// The round is over: results go to each group's RoundRecord and the meter.
void finish_live_rounds(SessionState& state, std::int64_t now_ms);
// The session was paused or held / resumed: every module's clock stops / runs on.
void pause_live_rounds(SessionState& state, std::int64_t now_ms);
void resume_live_rounds(SessionState& state, std::int64_t now_ms);
// The host gave more time: each module's running deadline moves by `by_ms`
// (Blueprint: the current puzzle; common ground: the grid; role play: the
// current phase of the scene; In Step: the walk).
void extend_live_rounds(SessionState& state, std::int64_t by_ms, std::int64_t now_ms);
// A scene's scores, journaled (RolePlaySceneScored): recorded, fed to the meter,
// and the next scene (if any) starts.
void score_role_play_scene(SessionState& state, const RolePlaySceneScored& scored, std::int64_t now_ms);
// The modules' time at game time `now_ms` (see RoundClock).
[[nodiscard]] std::int64_t module_time(const SessionState& state, std::int64_t now_ms);

// The rules' action for a wire action; false for an unknown kind.
[[nodiscard]] bool to_blueprint_action(const BlueprintAct& act, blueprint::Action& out);

// ---- decisions (validate without changing anything) -------------------------------
// Empty string: accepted. Otherwise a sentence for the player.
[[nodiscard]] std::string check_blueprint_act(const SessionState& state, std::uint32_t player, const BlueprintAct& act,
                                              std::int64_t now_ms);
[[nodiscard]] std::string check_role_play_guess(const SessionState& state, std::uint32_t player,
                                                const RolePlayGuessPost& guess, std::int64_t now_ms);
[[nodiscard]] std::string check_common_ground_propose(const SessionState& state, std::uint32_t player,
                                                      const CommonGroundPropose& propose, std::int64_t now_ms);
[[nodiscard]] std::string check_common_ground_respond(const SessionState& state, std::uint32_t player,
                                                      const CommonGroundRespond& respond, std::int64_t now_ms);
[[nodiscard]] std::string check_profile(const SessionState& state, std::uint32_t player, const ProfileAnswers& answers);
// A hint due for a common-ground group at `now` (at most one a minute).
[[nodiscard]] std::optional<HintGiven> due_hint(const SessionState& state, std::uint32_t group_id, std::int64_t now_ms);
// Role-play scenes whose time is up and that wait for their scores to be journaled.
[[nodiscard]] std::vector<RolePlaySceneScored> due_scene_scores(const SessionState& state, std::int64_t now_ms);
// What a player is told when they act in a round while the session is paused.
inline constexpr const char* kPausedRoundText =
    "The session is paused, so the round is on hold. You can carry on when the host resumes.";

// ---- views -------------------------------------------------------------------------
[[nodiscard]] std::optional<BlueprintView> blueprint_view(const SessionState& state, std::uint32_t group_id,
                                                          std::uint32_t viewer, std::int64_t now_ms);
[[nodiscard]] std::optional<RolePlayView> role_play_view(const SessionState& state, std::uint32_t group_id,
                                                         std::uint32_t viewer, std::int64_t now_ms);
[[nodiscard]] std::optional<CommonGroundView> common_ground_view(const SessionState& state, std::uint32_t group_id,
                                                                 std::uint32_t viewer);
[[nodiscard]] std::optional<InStepSnapshot> in_step_snapshot(const SessionState& state, std::uint32_t group_id);
[[nodiscard]] ProfileQuestions profile_questions(const SessionState& state);

// In Step inputs from a member (sender from the connection, never the payload).
// They wait in the group's input buffers (server memory, not journaled) until
// their tick is simulated.
void offer_in_step_inputs(SessionState& state, std::uint32_t player, const InStepInput& input);
// The ticks due by `now` for every walking group (at most kMaxInStepStepsPerCall
// each), with the inputs taken from the buffers: the event to journal. Nothing
// else changes until it is applied.
[[nodiscard]] std::optional<InStepStepped> take_in_step_steps(SessionState& state, std::int64_t now_ms);
// Applies journaled ticks (the reducer's part); ticks already simulated are skipped.
void apply_in_step_steps(SessionState& state, const InStepStepped& steps);
// take + apply in one go (for tests and tools that journal nothing).
void step_in_step(SessionState& state, std::int64_t now_ms);
// What goes first in a batch of `events` that ends a round (RoundStarted,
// ReflectionStarted, RotationStarted, SessionEnded): In Step's result for every
// walk not yet scored. A replay walks the same walk from its InStepStepped
// events; the result is what reports read. Empty when the batch ends no round.
[[nodiscard]] std::vector<SessionEventBody> round_end_results(const SessionState& state,
                                                              const std::vector<SessionEventBody>& events);
inline constexpr int kMaxInStepStepsPerCall = 4;

// The number of profile questions offered in the lobby.
inline constexpr std::size_t kProfileQuestions = 4;

}  // namespace rapport
