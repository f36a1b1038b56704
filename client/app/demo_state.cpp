#include "app/demo_state.hpp"

#include "rapport/rounds/blueprint/blueprint.hpp"
#include "rapport/content/deck.hpp"
#include "rapport/rounds/in_step/in_step.hpp"
#include "rapport/rounds/role_play/role_play.hpp"
#include "rapport/content/scenario.hpp"

#include <algorithm>

namespace rapport::client {
namespace {

constexpr std::uint32_t kMe = 101;
constexpr std::uint32_t kPartner = 102;
constexpr std::uint32_t kGroup = 7;
constexpr const char* kMyName = "Ada Lovelace";
constexpr const char* kPartnerName = "Sam Rivera";

RosterUpdate roster() {
  RosterUpdate update;
  update.revision = 1;
  update.reset = true;
  RosterEntry me{kMe, kMyName, "Design", "", Avatar{AvatarShape::Drop, 1, 4, 3, 3}, PlayerStatus::Paired};
  RosterEntry partner{kPartner, kPartnerName, "Sales", "", Avatar{AvatarShape::Circle, 4, 1, 5, 2},
                      PlayerStatus::Paired};
  update.upserts = {me, partner};
  return update;
}

rapport::SessionStatus round_status(RoundKind kind, const std::string& title, std::uint32_t remaining_ms,
                                    std::uint32_t duration_ms) {
  rapport::SessionStatus s;
  s.phase = SessionPhase::Round;
  s.rotation = 2;
  s.rotations_total = 3;
  s.round = 1;
  s.rounds_total = 2;
  s.round_kind = kind;
  s.round_title = title;
  s.remaining_ms = remaining_ms;
  s.duration_ms = duration_ms;
  s.warning_ms = 30'000;
  s.joined = 12;
  s.paired = 12;
  return s;
}

void add_group(DemoScript& script, const std::string& prompt, MeterValues meter, std::vector<MeterReason> reasons) {
  script.messages.push_back(GroupAssigned{kGroup, 2, {kMe, kPartner}, false, prompt});
  script.messages.push_back(RapportUpdate{kGroup, meter, std::move(reasons)});
}

void add_chat(DemoScript& script, const std::vector<std::pair<bool, std::string>>& lines) {
  for (const auto& [mine, text] : lines) script.messages.push_back(ChatLine{kGroup, mine ? kMe : kPartner, text});
}

std::optional<Deck> team_deck(const std::string& assets_dir, std::string& error) {
  DeckLoad load = load_deck(assets_dir + "/decks/team-building.json");
  if (!load.deck || load.deck->categories.size() < 9) {
    error = "demo: could not read the team-building deck under " + assets_dir + "/decks";
    return std::nullopt;
  }
  return std::move(load.deck);
}

std::optional<DemoScript> profile_demo(const std::string& assets_dir, std::string& error) {
  const auto deck = team_deck(assets_dir, error);
  if (!deck) return std::nullopt;
  DemoScript script{kMe, kMyName, {roster()}};
  rapport::SessionStatus lobby;
  lobby.joined = 12;
  script.messages.push_back(lobby);
  ProfileQuestions q;
  for (std::size_t i : {0U, 2U, 4U, 5U}) {
    q.categories.push_back(deck->categories[i].id);
    q.questions.push_back(deck->categories[i].profile_question);
  }
  script.messages.push_back(q);
  return script;
}

std::optional<DemoScript> common_ground_demo(const std::string& assets_dir, std::string& error) {
  const auto deck = team_deck(assets_dir, error);
  if (!deck) return std::nullopt;
  DemoScript script{kMe, kMyName, {roster(), round_status(RoundKind::CommonGround, "Common ground", 104'000, 180'000)}};
  add_group(script, "", {64, 70, 66, 55, 62},
            {{MeterComponent::Attentiveness, 3, "Open question"}, {MeterComponent::Positivity, 2, "Shared a laugh"}});
  CommonGroundView view;
  view.group_id = kGroup;
  view.columns = 3;
  const std::array<std::size_t, 9> picks = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  for (std::size_t i : picks) {
    const DeckCategory& c = deck->categories[i];
    view.cells.push_back({c.title, c.starter, WireCellState::Open, 0, ""});
  }
  auto found = [&](std::size_t i, const char* text) {
    view.cells[i].state = WireCellState::Found;
    view.cells[i].text = text;
  };
  found(0, "We both grew up by the sea");
  found(2, "We both cook a big curry on Sundays");
  found(4, "We both swim before work");
  view.cells[5].state = WireCellState::Proposed;
  view.cells[5].proposed_by = kPartner;
  view.cells[5].text = "We both go to the Saturday market";
  view.cells[3].state = WireCellState::Proposed;
  view.cells[3].proposed_by = kMe;
  view.cells[3].text = "We both play in a band";
  view.found = 3;
  view.lines = 0;
  view.score = 33;
  view.hint = "Hint: ask each other about " + deck->categories[1].title + ".";
  script.messages.push_back(view);
  add_chat(script, {{false, "Where did you grow up?"},
                    {true, "Near the coast in Cornwall, you?"},
                    {false, "Brighton! So we both grew up by the sea."},
                    {true, "What do you do on a perfect Saturday?"},
                    {false, "The market first, always. Then a long lunch."}});
  script.messages.push_back(GestureShown{kGroup, kPartner, Gesture::Smile});
  return script;
}

std::uint8_t tray_index_of(const blueprint::Puzzle& puzzle, const blueprint::Piece& piece) {
  for (std::size_t i = 0; i < puzzle.tray.size(); ++i) {
    if (puzzle.tray[i] == piece.kind()) return static_cast<std::uint8_t>(i);
  }
  return 0;
}

std::optional<DemoScript> blueprint_demo(bool builder) {
  constexpr std::int64_t kNow = 95'000;
  constexpr std::int64_t kDuration = 240'000;
  const blueprint::Puzzle puzzle = blueprint::generate_puzzle(2026, blueprint::Difficulty::Medium);
  const std::uint32_t describer = builder ? kPartner : kMe;
  const std::uint32_t the_builder = builder ? kMe : kPartner;
  blueprint::BlueprintState state = blueprint::start_blueprint(describer, {the_builder}, puzzle, 0, kDuration);
  // Three pieces right, one in the wrong cell, then a check.
  const std::size_t right = std::min<std::size_t>(3, puzzle.target.size());
  for (std::size_t i = 0; i < right; ++i) {
    (void)blueprint::apply(state, the_builder, blueprint::Place{tray_index_of(puzzle, puzzle.target[i]), puzzle.target[i].cell},
                           10'000 * static_cast<std::int64_t>(i + 1));
  }
  if (puzzle.target.size() > right) {
    const blueprint::Piece& p = puzzle.target[right];
    for (std::uint8_t y = 0; y < puzzle.grid_size; ++y) {
      for (std::uint8_t x = 0; x < puzzle.grid_size; ++x) {
        const bool taken = std::any_of(puzzle.target.begin(), puzzle.target.end(),
                                       [&](const blueprint::Piece& t) { return t.cell == blueprint::Cell{x, y}; });
        if (!taken && blueprint::apply(state, the_builder, blueprint::Place{tray_index_of(puzzle, p), {x, y}}, 50'000).ok()) {
          x = puzzle.grid_size;
          y = puzzle.grid_size;
        }
      }
    }
  }
  (void)blueprint::apply(state, the_builder, blueprint::RequestCheck{}, 60'000);
  const blueprint::BlueprintView v = blueprint::view_for(state, kMe, kNow);
  BlueprintView out;
  out.group_id = kGroup;
  out.role = builder ? BlueprintRole::Builder : BlueprintRole::Describer;
  out.puzzle = 1;
  out.puzzles = 2;
  out.grid_size = v.grid_size;
  out.difficulty = static_cast<std::uint8_t>(v.difficulty);
  for (const auto& p : v.target) out.target.push_back({static_cast<std::uint8_t>(p.shape), p.colour, p.cell.x, p.cell.y, 0});
  for (std::size_t i = 0; i < v.tray.size(); ++i) {
    const bool used = i < v.tray_used.size() && v.tray_used[i];
    out.tray.push_back({static_cast<std::uint8_t>(v.tray[i].shape), v.tray[i].colour, static_cast<std::uint8_t>(used ? 1 : 0),
                        0, static_cast<std::uint8_t>(i)});
  }
  for (const auto& p : v.grid) out.grid.push_back({static_cast<std::uint8_t>(p.shape), p.colour, p.cell.x, p.cell.y, 0});
  out.has_check = v.has_check;
  out.checks_left = v.checks_left;
  out.time_left_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(0, v.time_left_ms));

  DemoScript script{kMe, kMyName,
                    {roster(), round_status(RoundKind::Blueprint, "Blueprint", out.time_left_ms, kDuration)}};
  add_group(script, "", {58, 61, 52, 66, 57}, {{MeterComponent::Coordination, 4, "Worked it out together"}});
  script.messages.push_back(out);
  const auto& t = puzzle.target;
  const std::string first = t.empty() ? "circle" : std::string(blueprint::colour_name(t[0].colour)) + " " +
                                                        std::string(blueprint::shape_name(t[0].shape));
  add_chat(script, {{!builder, "Top row first: a " + first + " in the left corner."},
                    {builder, "Got it. What goes next to it?"},
                    {!builder, "The check shows one piece in the wrong place: try the bottom row."},
                    {builder, "Moving it now, tell me if it looks right."}});
  script.messages.push_back(GestureShown{kGroup, kPartner, Gesture::Nod});
  return script;
}

std::optional<DemoScript> in_step_demo() {
  const in_step::Course course = in_step::generate_course(42);
  InStepSnapshot snap;
  snap.group_id = kGroup;
  snap.tick = 640;
  for (const auto& w : course.waypoints) snap.waypoints.push_back({w.x, w.y});
  snap.next_waypoint = 2;
  const in_step::Vec2 target = course.waypoints[2];
  const in_step::Vec2 from = course.waypoints[1];
  // Both on the way from the second waypoint to the third, close together.
  const std::int32_t mx = from.x + (target.x - from.x) * 6 / 10;
  const std::int32_t my = from.y + (target.y - from.y) * 6 / 10;
  snap.avatars = {{kMe, mx - 700, my + 300, snap.tick}, {kPartner, mx + 600, my - 200, snap.tick}};
  snap.in_step = true;
  snap.score = 71;
  snap.time_left_ms = 58'000;
  DemoScript script{kMe, kMyName, {roster(), round_status(RoundKind::InStep, "In Step", 58'000, 150'000)}};
  add_group(script, "", {68, 66, 63, 78, 64}, {{MeterComponent::Coordination, 5, "Moving in step"}});
  InStepSnapshot earlier = snap;
  earlier.tick -= 1;
  earlier.avatars[1].x -= 150;
  script.messages.push_back(earlier);
  script.messages.push_back(snap);
  add_chat(script, {{false, "Next one is the flag on the right, wait for me!"}, {true, "Walking with you, slow down a bit."}});
  return script;
}

// A short in-character exchange for each setting.
std::vector<std::pair<bool, std::string>> scene_lines(SceneSetting setting) {
  switch (setting) {
    case SceneSetting::Cafe:
      return {{false, "Is this seat free? The rest of the café is packed."}, {true, "Sure! Are you new here too?"},
              {false, "First week. I still get lost between rooms."}};
    case SceneSetting::Office:
      return {{false, "Welcome! How was the journey in this morning?"}, {true, "Busy, but I found the place fine."},
              {false, "Great. What are you most curious about this week?"}};
    case SceneSetting::Classroom:
      return {{false, "So, how do we want to split this up?"}, {true, "What would you enjoy working on most?"},
              {false, "I like the research part, honestly."}};
    case SceneSetting::VideoCall:
      return {{false, "Can you hear me all right? It's evening here."}, {true, "Loud and clear! What time is it there?"},
              {false, "Almost seven, the sun is just setting."}};
    case SceneSetting::ShopCounter:
      return {{false, "My order was two weeks late and nobody answered my emails."},
              {true, "I understand, that must have been really frustrating. I'm sorry."},
              {true, "Let me fix this now and I will call you tomorrow."}};
    case SceneSetting::Park:
      return {{true, "Hi! Sorry to bother you, have you got a minute?"}, {false, "Of course, what's up?"},
              {true, "I'm away next week. Could you water my plants?"}};
    case SceneSetting::ConferenceHall:
      return {{false, "Great talk this morning, wasn't it?"}, {true, "It was! Which session are you going to next?"},
              {false, "The one on team rituals. You?"}};
    case SceneSetting::kCount: break;
  }
  return {};
}

std::optional<DemoScript> role_play_demo(const std::string& variant, const std::string& assets_dir, std::string& error) {
  const ScenarioLoadResult loaded = load_scenarios(assets_dir + "/scenarios");
  if (loaded.scenarios.empty()) {
    error = "demo: no scenarios under " + assets_dir + "/scenarios";
    return std::nullopt;
  }
  RolePlayPhase phase = RolePlayPhase::Acting;
  std::optional<SceneSetting> setting = SceneSetting::Cafe;
  if (variant == "guess") {
    phase = RolePlayPhase::Guessing;
  } else if (variant == "reveal") {
    phase = RolePlayPhase::Reveal;
    setting = SceneSetting::ShopCounter;
  } else if (variant.rfind("roleplay-", 0) == 0) {
    setting = setting_from_id(variant.substr(9));
  }
  const auto it = std::find_if(loaded.scenarios.begin(), loaded.scenarios.end(),
                               [&](const Scenario& s) { return setting && s.setting == *setting; });
  if (it == loaded.scenarios.end()) {
    error = "demo: no shipped scenario uses the setting in '" + variant + "'";
    return std::nullopt;
  }
  const Scenario& sc = *it;
  const bool reveal = phase == RolePlayPhase::Reveal;
  RolePlayView view;
  view.group_id = kGroup;
  view.scenario_id = sc.id;
  view.title = sc.title;
  view.summary = sc.summary;
  view.setting = static_cast<std::uint8_t>(sc.setting);
  view.dress_code = sc.dress_code;
  view.phase = static_cast<std::uint8_t>(phase);
  // In the shop, I am the support agent (the role that repairs).
  const std::size_t my_role = sc.repair && sc.roles.size() > 1 ? 1 : 0;
  const std::size_t their_role = my_role == 0 ? 1 : 0;
  auto card = [&](std::uint32_t player, const ScenarioRole& role, bool answers) {
    WireCard c{player, role.title, role.card.who, role.card.want, {}, "", "", {}};
    for (const auto& f : role.card.facts) {
      if (c.facts.size() < kMaxWireCardFacts) c.facts.push_back(f);
    }
    if (player == kMe) {
      for (const auto& line : role.card.openers) {
        if (c.openers.size() < kMaxWireCardOpeners) c.openers.push_back(line);
      }
    }
    if (answers) {
      c.feeling = role.card.feeling;
      c.goal = role.card.goal;
    }
    return c;
  };
  view.cards.push_back(card(kMe, sc.roles[my_role], true));
  if (reveal) view.cards.push_back(card(kPartner, sc.roles[their_role], true));
  for (const auto& o : sc.goal_options) {
    if (view.goal_options.size() < kMaxOptions) view.goal_options.push_back(o);
  }
  for (const auto& o : sc.feeling_options) {
    if (view.feeling_options.size() < kMaxOptions) view.feeling_options.push_back(o);
  }
  if (phase == RolePlayPhase::Guessing) view.guess_targets = {kPartner};
  if (reveal) {
    const auto index_of = [](const std::vector<std::string>& options, const std::string& text) {
      const auto at = std::find(options.begin(), options.end(), text);
      return static_cast<std::uint8_t>(at == options.end() ? 0 : at - options.begin());
    };
    const RoleCard& theirs = sc.roles[their_role].card;
    const RoleCard& mine = sc.roles[my_role].card;
    const std::uint8_t their_goal = index_of(view.goal_options, theirs.goal);
    const std::uint8_t wrong_feeling =
        static_cast<std::uint8_t>((index_of(view.feeling_options, theirs.feeling) + 1) % view.feeling_options.size());
    view.results.push_back({kMe, kPartner, their_goal, wrong_feeling, true, false});
    view.results.push_back(
        {kPartner, kMe, index_of(view.goal_options, mine.goal), index_of(view.feeling_options, mine.feeling), true, true});
  }
  view.first_impression = "A little smarter than the setting: a good start.";
  view.phase_left_ms = reveal ? 31'000 : 152'000;
  DemoScript script{kMe, kMyName,
                    {roster(), round_status(RoundKind::RolePlay, "Role play", view.phase_left_ms, 300'000)}};
  const bool repair = sc.repair;
  add_group(script, "", repair ? MeterValues{52, 58, 41, 55, 60} : MeterValues{66, 71, 64, 58, 69},
            {{MeterComponent::Positivity, 4, repair ? "Acknowledged what happened" : "Warm greeting"}});
  script.messages.push_back(view);
  add_chat(script, scene_lines(sc.setting));
  script.messages.push_back(GestureShown{kGroup, kPartner, repair ? Gesture::ArmsCrossed : Gesture::LeanIn});
  script.messages.push_back(GestureShown{kGroup, kMe, repair ? Gesture::Nod : Gesture::Smile});
  return script;
}

}  // namespace

std::optional<DemoScript> demo_script(const std::string& variant, const std::string& assets_dir, std::string& error) {
  if (variant == "profile") return profile_demo(assets_dir, error);
  if (variant == "commonground" || variant == "common-ground") return common_ground_demo(assets_dir, error);
  if (variant == "blueprint" || variant == "blueprint-describer") return blueprint_demo(false);
  if (variant == "blueprint-builder") return blueprint_demo(true);
  if (variant == "instep" || variant == "in-step") return in_step_demo();
  if (variant == "roleplay" || variant == "guess" || variant == "reveal" || variant.rfind("roleplay-", 0) == 0) {
    return role_play_demo(variant, assets_dir, error);
  }
  error = "demo: no demo state for the scene '" + variant + "'";
  return std::nullopt;
}

}  // namespace rapport::client
