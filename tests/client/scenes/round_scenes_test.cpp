// The round scenes' logic and wiring: what clicks and keys send (through the
// real scenes on demo state, reading ClientSession::demo_sent), routing by
// round kind, and In Step's prediction and interpolation under simulated
// delay and loss (figures printed; no timed assertions).
#include "render/canvas.hpp"
#include "app/demo_state.hpp"
#include "scenes/scene_rounds.hpp"
#include "rapport/protocol/impairment.hpp"
#include "rapport/rounds/role_play/role_play.hpp"

#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <cstdio>

namespace rapport::client {
namespace {

std::string assets_dir() {
  if (const char* env = std::getenv("RAPPORT_ASSETS")) return env;
  return build::kAssetsDir;
}

// A scene context over a session fed with one demo variant.
struct Harness {
  explicit Harness(const std::string& variant) {
    theme.load_fonts("");
    std::string error;
    auto script = demo_script(variant, assets_dir(), error);
    if (!script) throw std::runtime_error(error);
    session.play_demo(script->me, script->my_name, script->messages, 0);
  }
  ClientSession session;
  Theme theme;
  AvatarRenderer avatars{theme.avatar};
  SceneStack stack;
  ClientOptions options;
  SceneContext ctx{session, theme, avatars, stack, options, 0};

  template <class T>
  [[nodiscard]] std::vector<T> sent() const {
    std::vector<T> out;
    for (const Message& m : session.demo_sent()) {
      if (const auto* t = std::get_if<T>(&m)) out.push_back(*t);
    }
    return out;
  }
};

sf::Event click(sf::Vector2f at, sf::Mouse::Button button = sf::Mouse::Left) {
  sf::Event e{};
  e.type = sf::Event::MouseButtonPressed;
  e.mouseButton.button = button;
  e.mouseButton.x = static_cast<int>(at.x);
  e.mouseButton.y = static_cast<int>(at.y);
  return e;
}

sf::Event key(sf::Keyboard::Key code, bool pressed = true) {
  sf::Event e{};
  e.type = pressed ? sf::Event::KeyPressed : sf::Event::KeyReleased;
  e.key.code = code;
  return e;
}

sf::Vector2f centre(sf::FloatRect r) { return {r.left + r.width / 2, r.top + r.height / 2}; }

// ---- pure logic ----------------------------------------------------------------------

BlueprintView builder_view() {
  BlueprintView v;
  v.role = BlueprintRole::Builder;
  v.grid_size = 3;
  v.tray = {{0, 1, 0, 0, 0}, {1, 2, 1, 0, 1}, {2, 3, 0, 0, 2}};  // tray 1 already used
  v.grid = {{1, 2, 2, 2, 0}};
  v.checks_left = 1;
  return v;
}

TEST(BuilderHand, TrayThenCellPlacesThatPiece) {
  const BlueprintView v = builder_view();
  BuilderHand hand;
  EXPECT_FALSE(pick_tray(v, hand, 1)) << "a used piece cannot be picked";
  EXPECT_FALSE(pick_tray(v, hand, 9)) << "no such piece";
  ASSERT_TRUE(pick_tray(v, hand, 2));
  EXPECT_EQ(builder_click(v, hand, 2, 2), std::nullopt) << "the cell is taken: that picks up the placed piece instead";
  EXPECT_FALSE(hand.tray);
  ASSERT_TRUE(pick_tray(v, hand, 2));
  const auto act = builder_click(v, hand, 0, 1);
  ASSERT_TRUE(act);
  EXPECT_EQ(act->kind, BlueprintActKind::Place);
  EXPECT_EQ(act->tray_index, 2);
  EXPECT_EQ(act->to_x, 0);
  EXPECT_EQ(act->to_y, 1);
  EXPECT_FALSE(hand.tray) << "the hand is empty after placing";
  EXPECT_EQ(builder_click(v, hand, 3, 0), std::nullopt) << "outside the grid";
}

TEST(BuilderHand, PlacedPieceMovesAndRemoves) {
  const BlueprintView v = builder_view();
  BuilderHand hand;
  EXPECT_EQ(builder_click(v, hand, 2, 2), std::nullopt);
  ASSERT_TRUE(hand.placed);
  const auto move = builder_click(v, hand, 0, 0);
  ASSERT_TRUE(move);
  EXPECT_EQ(move->kind, BlueprintActKind::Move);
  EXPECT_EQ(std::tie(move->from_x, move->from_y, move->to_x, move->to_y), std::make_tuple(2, 2, 0, 0));
  const auto remove = builder_remove(v, 2, 2);
  ASSERT_TRUE(remove);
  EXPECT_EQ(remove->kind, BlueprintActKind::Remove);
  EXPECT_EQ(builder_remove(v, 1, 1), std::nullopt) << "nothing there";
}

TEST(BuilderHand, DescriberAndFinishedRoundsSendNothing) {
  BlueprintView v = builder_view();
  ASSERT_TRUE(builder_check(v));
  v.checks_left = 0;
  EXPECT_EQ(builder_check(v), std::nullopt) << "no checks left";
  v = builder_view();
  v.role = BlueprintRole::Describer;
  BuilderHand hand;
  EXPECT_FALSE(pick_tray(v, hand, 0));
  EXPECT_EQ(builder_click(v, hand, 0, 0), std::nullopt);
  EXPECT_EQ(builder_submit(v), std::nullopt);
  v = builder_view();
  v.finished = true;
  EXPECT_EQ(builder_submit(v), std::nullopt);
  EXPECT_EQ(builder_remove(v, 2, 2), std::nullopt);
}

TEST(CommonGroundCells, ProposeOnlyOpenRespondOnlyToThePartner) {
  CommonGroundView v;
  v.cells = {{"Travel", "Where next?", WireCellState::Open, 0, ""},
             {"Food", "Best meal?", WireCellState::Proposed, 2, "We both love curry"},
             {"Music", "A song?", WireCellState::Proposed, 1, "We both sing"},
             {"Sport", "How do you move?", WireCellState::Found, 0, "We both swim"}};
  EXPECT_EQ(cell_action(v, 0, 1), CellAction::Propose);
  EXPECT_EQ(cell_action(v, 1, 1), CellAction::Respond);
  EXPECT_EQ(cell_action(v, 2, 1), CellAction::Waiting);
  EXPECT_EQ(cell_action(v, 3, 1), CellAction::None);
  EXPECT_EQ(cell_action(v, 9, 1), CellAction::None);
  const auto p = propose_cell(v, 0, 1, "  We both want to see Japan  ");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->cell, 0);
  EXPECT_EQ(p->text, "We both want to see Japan") << "trimmed";
  EXPECT_EQ(propose_cell(v, 0, 1, "   "), std::nullopt) << "empty";
  EXPECT_EQ(propose_cell(v, 0, 1, std::string(kMaxChatBytes + 1, 'a')), std::nullopt) << "too long";
  EXPECT_EQ(propose_cell(v, 3, 1, "We both"), std::nullopt) << "already found";
  EXPECT_EQ(respond_cell(v, 2, 1, true), std::nullopt) << "cannot confirm my own proposal";
  const auto r = respond_cell(v, 1, 1, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, 1);
  EXPECT_FALSE(r->accept);
}

TEST(RolePlayGuess, NeedsGuessingPhaseATargetAndBothChoices) {
  RolePlayView v;
  v.phase = static_cast<std::uint8_t>(RolePlayPhase::Guessing);
  v.goal_options = {"a", "b", "c"};
  v.feeling_options = {"x", "y"};
  v.guess_targets = {7};
  const auto g = make_guess(v, 7, 2, 1);
  ASSERT_TRUE(g);
  EXPECT_EQ(std::tie(g->target, g->goal_option, g->feeling_option), std::make_tuple(7U, 2, 1));
  EXPECT_EQ(make_guess(v, 7, -1, 1), std::nullopt) << "no goal chosen";
  EXPECT_EQ(make_guess(v, 7, 3, 1), std::nullopt) << "no such option";
  EXPECT_EQ(make_guess(v, 8, 0, 0), std::nullopt) << "not someone I guess about";
  v.phase = static_cast<std::uint8_t>(RolePlayPhase::Acting);
  EXPECT_EQ(make_guess(v, 7, 0, 0), std::nullopt) << "too early";
}

TEST(InStepKeys, OppositeKeysCancel) {
  EXPECT_EQ(steer_from_keys(false, false, false, false).dx, 0);
  EXPECT_EQ(steer_from_keys(true, false, false, true).dy, -in_step::kAxisMax);
  EXPECT_EQ(steer_from_keys(true, false, false, true).dx, in_step::kAxisMax);
  EXPECT_EQ(steer_from_keys(true, true, true, true).dx, 0);
  EXPECT_EQ(steer_from_keys(true, true, true, true).dy, 0);
}

// ---- routing ---------------------------------------------------------------------------

TEST(RoundRouting, EachModuleGetsItsSceneAndReflectionFollows) {
  const std::vector<std::pair<std::string, SceneName>> cases = {{"commonground", SceneName::CommonGround},
                                                                {"blueprint-builder", SceneName::Blueprint},
                                                                {"instep", SceneName::InStep},
                                                                {"roleplay-park", SceneName::RolePlay},
                                                                {"reveal", SceneName::RolePlay}};
  for (const auto& [variant, scene] : cases) {
    Harness h(variant);
    EXPECT_EQ(scene_for(h.session), scene) << variant;
  }
  std::string error;
  auto script = demo_script("blueprint-describer", assets_dir(), error);
  ASSERT_TRUE(script) << error;
  // The status says blueprint but the view has not come yet: the pair room meanwhile.
  std::erase_if(script->messages, [](const Message& m) { return std::holds_alternative<BlueprintView>(m); });
  ClientSession early;
  early.play_demo(script->me, script->my_name, script->messages, 0);
  EXPECT_EQ(scene_for(early), SceneName::PairRoom);
  // Then the reflection, as after any round.
  rapport::SessionStatus reflection;
  reflection.phase = SessionPhase::Reflection;
  reflection.rotation = 2;
  early.play_demo(script->me, script->my_name, {reflection}, 0);
  EXPECT_EQ(scene_for(early), SceneName::Reflection);
}

TEST(RoundRouting, SceneFlagsAndDemoOptions) {
  const auto parse = [](std::vector<std::string> args) { return parse_client_options(args); };
  const auto ok = parse({"--scene", "roleplay-video-call", "--screenshot", "x.png"});
  ASSERT_TRUE(ok.options) << ok.error;
  EXPECT_EQ(ok.options->scene, SceneName::RolePlay);
  EXPECT_TRUE(ok.options->demo());
  EXPECT_EQ(ok.options->scene_variant, "roleplay-video-call");
  const auto live = parse({"--scene", "blueprint-builder", "--screenshot", "x.png", "--join", "K7MQXR"});
  ASSERT_TRUE(live.options);
  EXPECT_FALSE(live.options->demo()) << "with --join the scene is awaited live";
  const auto bad = parse({"--scene", "roleplay-moon", "--screenshot", "x.png"});
  EXPECT_FALSE(bad.options);
  EXPECT_NE(bad.error.find("roleplay-SETTING"), std::string::npos) << bad.error;
  const auto host = parse({"--scene", "instep", "--screenshot", "x.png", "--host"});
  EXPECT_FALSE(host.options) << "a participant's view";
  std::string error;
  EXPECT_FALSE(demo_script("roleplay-moon", assets_dir(), error));
  EXPECT_FALSE(error.empty());
}

// ---- scenes: clicks and keys -> messages --------------------------------------------------

TEST(RoundScenes, BuilderClicksPlaceMoveAndCheck) {
  Harness h("blueprint-builder");
  BlueprintScene scene(h.ctx);
  scene.layout(h.ctx);
  scene.update(h.ctx);
  const BlueprintView& v = *h.session.view().blueprint();
  // The first unused tray piece, then the first free cell.
  std::size_t tray = 0;
  while (tray < v.tray.size() && v.tray[tray].x != 0) ++tray;
  ASSERT_LT(tray, v.tray.size());
  int fx = -1;
  int fy = -1;
  for (int y = 0; y < v.grid_size && fx < 0; ++y) {
    for (int x = 0; x < v.grid_size && fx < 0; ++x) {
      if (!piece_at(v.grid, x, y)) {
        fx = x;
        fy = y;
      }
    }
  }
  ASSERT_GE(fx, 0);
  const DesignFrame f = design_frame(h.theme);
  const sf::FloatRect grid = f.rect(44, 150, 430, 430);
  const float side = grid.width / static_cast<float>(v.grid_size);
  const sf::FloatRect tray_box = f.rect(506, 150, 300, 430);
  const float tray_side = tray_box.width / 4.0F;
  const sf::Vector2f tray_at{tray_box.left + tray_side * (static_cast<float>(tray % 4) + 0.5F),
                             tray_box.top + h.theme.px(40.0F) + tray_side * (static_cast<float>(tray / 4) + 0.5F)};
  scene.handle_event(click(tray_at), h.ctx);
  ASSERT_TRUE(scene.hand().tray);
  scene.handle_event(click({grid.left + side * (static_cast<float>(fx) + 0.5F), grid.top + side * (static_cast<float>(fy) + 0.5F)}), h.ctx);
  auto acts = h.sent<BlueprintAct>();
  ASSERT_EQ(acts.size(), 1U);
  EXPECT_EQ(acts[0].kind, BlueprintActKind::Place);
  EXPECT_EQ(acts[0].tray_index, tray);
  EXPECT_EQ(std::make_pair(int{acts[0].to_x}, int{acts[0].to_y}), std::make_pair(fx, fy));
  // Right click on a placed piece removes it.
  const WirePiece& placed = v.grid.front();
  scene.handle_event(click({grid.left + side * (placed.x + 0.5F), grid.top + side * (placed.y + 0.5F)}, sf::Mouse::Right), h.ctx);
  acts = h.sent<BlueprintAct>();
  ASSERT_EQ(acts.size(), 2U);
  EXPECT_EQ(acts[1].kind, BlueprintActKind::Remove);
  // The check button.
  scene.handle_event(click(centre(f.rect(506, 600, 300, 48))), h.ctx);
  sf::Event release = click(centre(f.rect(506, 600, 300, 48)));
  release.type = sf::Event::MouseButtonReleased;
  scene.handle_event(release, h.ctx);
  acts = h.sent<BlueprintAct>();
  ASSERT_EQ(acts.size(), 3U);
  EXPECT_EQ(acts[2].kind, BlueprintActKind::Check);
}

TEST(RoundScenes, DescriberClicksOnTheTargetSendNothing) {
  Harness h("blueprint-describer");
  BlueprintScene scene(h.ctx);
  scene.layout(h.ctx);
  scene.update(h.ctx);
  scene.handle_event(click(centre(design_frame(h.theme).rect(44, 150, 430, 430))), h.ctx);
  EXPECT_TRUE(h.sent<BlueprintAct>().empty());
}

TEST(RoundScenes, CommonGroundConfirmsThePartnersProposalThenProposes) {
  Harness h("commonground");
  CommonGroundScene scene(h.ctx);
  scene.layout(h.ctx);
  scene.update(h.ctx);
  const CommonGroundView& v = *h.session.view().common_ground();
  ASSERT_TRUE(scene.selected());
  EXPECT_EQ(cell_action(v, *scene.selected(), h.session.my_id()), CellAction::Respond)
      << "the partner's proposal is selected first";
  const DesignFrame f = design_frame(h.theme);
  sf::Event press = click(centre(f.rect(32, 614, 300, 52)));
  scene.handle_event(press, h.ctx);
  press.type = sf::Event::MouseButtonReleased;
  scene.handle_event(press, h.ctx);
  auto responses = h.sent<CommonGroundRespond>();
  ASSERT_EQ(responses.size(), 1U);
  EXPECT_TRUE(responses[0].accept);
  EXPECT_EQ(responses[0].cell, *scene.selected());
  // Click the open "Travel" cell (index 1), type, Enter.
  const sf::FloatRect area = f.rect(32, 150, 780, 420);
  scene.handle_event(click({area.left + area.width / 2, area.top + 10}), h.ctx);
  ASSERT_EQ(scene.selected(), std::optional<std::size_t>(1));
  scene.update(h.ctx);
  scene.proposal_field().set_text("We both want to go back to Lisbon");
  scene.handle_event(key(sf::Keyboard::Enter), h.ctx);
  const auto proposals = h.sent<CommonGroundPropose>();
  ASSERT_EQ(proposals.size(), 1U);
  EXPECT_EQ(proposals[0].cell, 1);
  EXPECT_EQ(proposals[0].text, "We both want to go back to Lisbon");
}

TEST(RoundScenes, RolePlayGestureKeysAndGuess) {
  Harness h("roleplay-office");
  {
    RolePlayScene scene(h.ctx);
    scene.layout(h.ctx);
    scene.update(h.ctx);
    scene.handle_event(key(sf::Keyboard::Escape), h.ctx);  // out of the chat field
    scene.handle_event(key(sf::Keyboard::Num4), h.ctx);
    const auto posts = h.sent<GesturePost>();
    ASSERT_EQ(posts.size(), 1U);
    EXPECT_EQ(posts[0].gesture, Gesture::LeanIn);
  }
  Harness g("guess");
  RolePlayScene scene(g.ctx);
  scene.layout(g.ctx);
  scene.update(g.ctx);
  EXPECT_FALSE(scene.pending_guess(g.ctx)) << "nothing chosen yet";
  scene.choose(1, 2);
  const auto guess = scene.pending_guess(g.ctx);
  ASSERT_TRUE(guess);
  EXPECT_EQ(guess->goal_option, 1);
  EXPECT_EQ(guess->feeling_option, 2);
}

// The role card is longer than its panel: who and want first, then the facts
// the partner may discover, then "try saying" lines; PgDn or a click turns.
TEST(RoundScenes, RolePlayCardPagesShowFactsAndSuggestedLines) {
  if (!test::have_display()) GTEST_SKIP() << "needs a display (ctest runs these under Xvfb)";
  Harness h("roleplay-shop-counter");
  RolePlayScene scene(h.ctx);
  scene.layout(h.ctx);
  scene.update(h.ctx);
  const auto drawn = [&] {
    Canvas canvas;
    scene.draw(canvas, h.ctx);
    return scene.texts_drawn();
  };
  const auto has = [](const std::vector<std::string>& texts, const std::string& part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
  };
  std::vector<std::string> texts = drawn();
  ASSERT_TRUE(has(texts, "page 1/")) << "the card needs more than one page at 720p";
  EXPECT_TRUE(has(texts, "You want: "));
  EXPECT_FALSE(has(texts, "may find out about you"));
  bool saw_facts = false;
  bool saw_lines = false;
  for (int turn = 0; turn < 4; ++turn) {
    scene.handle_event(key(sf::Keyboard::PageDown), h.ctx);
    texts = drawn();
    saw_facts = saw_facts || has(texts, "\u2022 You started this job last month");
    saw_lines = saw_lines || has(texts, "Stuck? Try saying:");
  }
  EXPECT_TRUE(saw_facts) << "every fact on the card is readable";
  EXPECT_TRUE(saw_lines) << "the suggested lines are readable";
  // The reveal shows both cards, without the suggestions.
  Harness r("reveal");
  RolePlayScene reveal(r.ctx);
  reveal.layout(r.ctx);
  reveal.update(r.ctx);
  for (int turn = 0; turn < 4; ++turn) {
    Canvas canvas;
    reveal.draw(canvas, r.ctx);
    EXPECT_FALSE(has(reveal.texts_drawn(), "Try saying")) << "page " << turn;
    reveal.handle_event(key(sf::Keyboard::PageDown), r.ctx);
  }
}

TEST(RoundScenes, InStepArrowKeysSendInputsAheadOfTheServer) {
  Harness h("instep");
  InStepScene scene(h.ctx);
  scene.layout(h.ctx);
  scene.update(h.ctx);
  ASSERT_TRUE(scene.netcode().started());
  scene.handle_event(key(sf::Keyboard::Right), h.ctx);
  scene.handle_event(key(sf::Keyboard::Up), h.ctx);
  EXPECT_EQ(scene.steer().dx, in_step::kAxisMax);
  EXPECT_EQ(scene.steer().dy, -in_step::kAxisMax);
  const in_step::Vec2 before = scene.netcode().own();
  h.ctx.now_ms = 120;
  scene.update(h.ctx);
  const auto inputs = h.sent<InStepInput>();
  ASSERT_FALSE(inputs.empty());
  const WireInput& last = inputs.back().inputs.back();
  EXPECT_EQ(last.dx, in_step::kAxisMax);
  EXPECT_GE(last.tick, h.session.view().in_step()->tick + InStepClient::kInputLeadTicks);
  EXPECT_GT(scene.netcode().own().x, before.x) << "my avatar moves at once (prediction)";
  scene.handle_event(key(sf::Keyboard::Right, false), h.ctx);
  EXPECT_EQ(scene.steer().dx, 0);
  EXPECT_FALSE(scene.chat_field().focused()) << "In Step starts with the keys on the map";
  scene.handle_event(key(sf::Keyboard::A), h.ctx);
  EXPECT_EQ(scene.steer().dx, -in_step::kAxisMax) << "WASD walks while not typing";
}

TEST(RoundScenes, ProfileSendsTheAnswers) {
  Harness h("profile");
  ProfileScene scene(h.ctx);
  scene.update(h.ctx);
  ASSERT_EQ(scene.fields().size(), 4U);
  scene.fields()[0].set_text("By the sea");
  scene.fields()[2].set_text("Swimming");
  const ProfileAnswers a = scene.answers();
  ASSERT_EQ(a.answers.size(), 4U);
  EXPECT_EQ(a.answers[0], "By the sea");
  EXPECT_EQ(a.answers[1], "") << "unanswered stays empty (skipped)";
  EXPECT_EQ(a.categories.size(), 4U);
  // Save sends them and goes back to the lobby.
  scene.layout(h.ctx);
  sf::Event press = click(centre(design_frame(h.theme).rect(272, 588, 300, 52)));
  scene.handle_event(press, h.ctx);
  press.type = sf::Event::MouseButtonReleased;
  scene.handle_event(press, h.ctx);
  const auto sent = h.sent<ProfileAnswers>();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].answers[2], "Swimming");
  h.stack.apply_pending(h.ctx);
  ASSERT_NE(h.stack.top(), nullptr);
  EXPECT_EQ(h.stack.top()->name(), SceneName::Lobby);
}

// ---- In Step under delay and loss ----------------------------------------------------------

struct InStepRun {
  std::int64_t correction[2] = {0, 0};
  std::int64_t jump[2] = {0, 0};
  std::size_t reached = 0;
  std::uint32_t starved = 0;
};

// Two clients and the authoritative server (the shared rules and input
// buffer), joined by simulated links. Each client steers its predicted
// avatar to the next waypoint.
// With `measured` ({rtt, variance} in ms), the clients set their input lead from
// it each frame, as the scene does from ENet's measurement.
InStepRun simulate(const sim::Impairment& impairment, std::uint64_t seed,
                   std::optional<std::pair<std::uint32_t, std::uint32_t>> measured = std::nullopt) {
  constexpr std::int64_t kFrameMs = 16;
  constexpr std::int64_t kDurationMs = 60'000;
  const std::array<std::uint32_t, 2> ids = {1, 2};
  in_step::InStepState state = in_step::start_in_step({ids[0], ids[1]}, in_step::generate_course(seed), kDurationMs);
  std::array<in_step::InputBuffer, 2> buffers;
  sim::Impairment down = impairment;
  down.sequenced = true;  // the Motion channel is unreliable-sequenced
  std::array<sim::ImpairedLink<InStepInput>, 2> up = {sim::ImpairedLink<InStepInput>(impairment, seed + 1),
                                                      sim::ImpairedLink<InStepInput>(impairment, seed + 2)};
  std::array<sim::ImpairedLink<InStepSnapshot>, 2> to = {sim::ImpairedLink<InStepSnapshot>(down, seed + 3),
                                                         sim::ImpairedLink<InStepSnapshot>(down, seed + 4)};
  std::array<InStepClient, 2> clients = {InStepClient(ids[0]), InStepClient(ids[1])};
  std::array<std::optional<InStepSnapshot>, 2> latest;
  const auto snapshot = [&] {
    InStepSnapshot s;
    s.tick = state.tick;
    for (const auto& a : state.avatars) s.avatars.push_back({a.player_id, a.position.x, a.position.y, state.tick});
    for (const auto& w : state.course.waypoints) s.waypoints.push_back({w.x, w.y});
    s.next_waypoint = static_cast<std::uint8_t>(state.next_waypoint);
    s.finished = state.phase != in_step::Phase::Walking;
    return s;
  };
  std::int64_t next_tick_ms = 0;
  for (std::int64_t now = 0; now < kDurationMs && state.phase == in_step::Phase::Walking; now += kFrameMs) {
    while (next_tick_ms <= now) {
      std::vector<in_step::MemberInput> inputs;
      for (std::size_t i = 0; i < 2; ++i) {
        if (auto in = buffers[i].take(state.tick)) inputs.push_back({ids[i], *in});
      }
      (void)in_step::step(state, inputs, in_step::kTickMs);
      next_tick_ms += in_step::kTickMs;
      for (auto& link : to) link.send(snapshot(), next_tick_ms);
    }
    for (std::size_t i = 0; i < 2; ++i) {
      for (const InStepInput& packet : up[i].receive(now)) {
        std::vector<in_step::PlayerInput> inputs;
        for (const auto& w : packet.inputs) inputs.push_back({w.sequence, w.dx, w.dy, w.tick});
        (void)buffers[i].offer(inputs, state.tick);
      }
      for (const InStepSnapshot& s : to[i].receive(now)) {
        clients[i].on_snapshot(s, now);
        latest[i] = s;
      }
      Steer steer;
      if (latest[i] && clients[i].started() && latest[i]->next_waypoint < latest[i]->waypoints.size()) {
        const WirePoint w = latest[i]->waypoints[latest[i]->next_waypoint];
        const in_step::Vec2 me = clients[i].own();
        const double dx = w.x - me.x;
        const double dy = w.y - me.y;
        const double d = std::sqrt(dx * dx + dy * dy);
        if (d > 200) {
          steer.dx = in_step::quantise_axis(dx / d);
          steer.dy = in_step::quantise_axis(dy / d);
        }
      }
      if (measured) clients[i].set_link(measured->first, measured->second);
      if (auto packet = clients[i].update(steer, now)) up[i].send(*packet, now);
      (void)clients[i].partner(ids[1 - i], now);
    }
  }
  InStepRun run;
  for (std::size_t i = 0; i < 2; ++i) {
    run.correction[i] = clients[i].largest_correction();
    run.jump[i] = clients[i].largest_partner_jump();
  }
  run.reached = state.next_waypoint;
  return run;
}

TEST(InStepNetcode, PredictionIsExactWithoutImpairment) {
  const InStepRun run = simulate({}, 11);
  EXPECT_EQ(run.correction[0], 0) << "same rules on both sides: nothing to correct";
  EXPECT_EQ(run.correction[1], 0);
  EXPECT_EQ(run.jump[0], 0);
  EXPECT_GE(run.reached, 3U) << "the steering reaches waypoints together";
}

// A link impaired both ways: loss, one-way delay and jitter.
sim::Impairment lossy_link(double loss, std::int64_t delay_ms, std::int64_t jitter_ms) {
  sim::Impairment link;
  link.loss = loss;
  link.delay_ms = delay_ms;
  link.jitter_ms = jitter_ms;
  return link;
}

TEST(InStepNetcode, SmoothUnder80msJitterAndLoss) {
  const sim::Impairment bad = lossy_link(0.05, 80, 20);
  std::int64_t worst_correction = 0;
  std::int64_t worst_jump = 0;
  std::size_t reached = 0;
  for (std::uint64_t seed : {11U, 12U, 13U, 14U, 15U}) {
    const InStepRun run = simulate(bad, seed);
    worst_correction = std::max({worst_correction, run.correction[0], run.correction[1]});
    worst_jump = std::max({worst_jump, run.jump[0], run.jump[1]});
    reached += run.reached;
  }
  std::printf("[ figures  ] In Step, 80 ms +/- 20 ms one way, 5%% loss, 5 courses x 2 players: largest own-avatar "
              "correction %lld milli-units, largest partner jump %lld milli-units, waypoints reached %zu\n",
              static_cast<long long>(worst_correction), static_cast<long long>(worst_jump), reached);
  EXPECT_GE(reached, 10U) << "the pairs still make progress";
  // Inputs are resent 8 at a time and sent 300 ms ahead: one tick's movement
  // (200 milli-units) is the most a rare double loss can cost.
  EXPECT_LE(worst_correction, 2 * in_step::kMaxSpeedPerSecond * in_step::kTickMs / 1000);
  EXPECT_LE(worst_jump, in_step::kMilli) << "no visible snap of the partner";
}

// A long link (300 ms +- 40 ms each way): the fixed 300 ms lead makes inputs
// arrive after their tick, so the server moves the avatar without them and
// the client must snap back; a lead that follows the measured round trip
// keeps prediction exact.
TEST(InStepNetcode, InputLeadFollowsTheMeasuredRoundTrip) {
  EXPECT_EQ(InStepClient::lead_for(0, 0), InStepClient::kMinLeadTicks);
  EXPECT_EQ(InStepClient::lead_for(160, 20), 5U) << "80 ms each way: 200 ms, 4 ticks, +1 for a loss";
  EXPECT_EQ(InStepClient::lead_for(5000, 1000), InStepClient::kMaxLeadTicks);
  InStepClient hysteresis;
  hysteresis.set_link(230, 10);  // wants 6, the default
  EXPECT_EQ(hysteresis.lead_ticks(), InStepClient::kInputLeadTicks);
  hysteresis.set_link(260, 10);  // wants 7: one tick off, kept
  EXPECT_EQ(hysteresis.lead_ticks(), InStepClient::kInputLeadTicks);
  hysteresis.set_link(600, 40);
  EXPECT_EQ(hysteresis.lead_ticks(), InStepClient::lead_for(600, 40));

  // When the lead grows mid-round, the ticks it opens are filled, not skipped:
  // inputs stay contiguous (the server would otherwise repeat the last one).
  {
    InStepClient c(1);
    InStepSnapshot snap;
    snap.tick = 100;
    snap.avatars = {{1, 0, 0, 100}};
    c.on_snapshot(snap, 5000);
    std::vector<std::uint32_t> ticks;
    for (std::int64_t now = 5000; now < 6000; now += 16) {
      if (now == 5400) c.set_link(600, 40);  // lead 6 -> 15 ticks
      if (auto packet = c.update({}, now)) {
        for (const auto& in : packet->inputs) {
          if (ticks.empty() || in.tick > ticks.back()) ticks.push_back(in.tick);
        }
      }
    }
    ASSERT_GT(ticks.size(), 20U);
    for (std::size_t i = 1; i < ticks.size(); ++i) EXPECT_EQ(ticks[i], ticks[i - 1] + 1) << "a gap after tick " << ticks[i - 1];
    EXPECT_EQ(c.lead_ticks(), InStepClient::lead_for(600, 40));
  }

  const sim::Impairment far = lossy_link(0.05, 300, 40);
  std::int64_t fixed = 0;
  std::int64_t adaptive = 0;
  for (std::uint64_t seed : {21U, 22U, 23U}) {
    const InStepRun a = simulate(far, seed);
    const InStepRun b = simulate(far, seed, std::make_pair(600U, 40U));
    fixed = std::max({fixed, a.correction[0], a.correction[1]});
    adaptive = std::max({adaptive, b.correction[0], b.correction[1]});
  }
  std::printf("[ figures  ] In Step, 300 ms +/- 40 ms one way, 5%% loss: largest correction %lld milli-units with the "
              "fixed lead, %lld with the lead from the measured round trip\n",
              static_cast<long long>(fixed), static_cast<long long>(adaptive));
  EXPECT_GT(fixed, 2 * in_step::kMaxSpeedPerSecond * in_step::kTickMs / 1000) << "the fixed lead is too short here";
  EXPECT_LE(adaptive, 2 * in_step::kMaxSpeedPerSecond * in_step::kTickMs / 1000);
}

}  // namespace
}  // namespace rapport::client
