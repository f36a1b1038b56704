#include "scenes/scene.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {
// One slow drift cycle of the background shapes: calm, barely noticeable.
constexpr float kDriftPeriodMs = 24000.0F;
constexpr float kTwoPi = 6.2831853F;
}  // namespace

void SceneStack::push(std::unique_ptr<Scene> scene) { pending_.push_back({Change::Kind::Push, std::move(scene)}); }
void SceneStack::pop() { pending_.push_back({Change::Kind::Pop, nullptr}); }
void SceneStack::replace(std::unique_ptr<Scene> scene) {
  pending_.push_back({Change::Kind::Replace, std::move(scene)});
}

void SceneStack::apply_pending(SceneContext& ctx) {
  // Scenes removed here are destroyed after the loop, never inside their own handlers.
  std::vector<std::unique_ptr<Scene>> retired;
  auto changes = std::move(pending_);
  pending_.clear();
  for (auto& change : changes) {
    if ((change.kind == Change::Kind::Pop || change.kind == Change::Kind::Replace) && !scenes_.empty()) {
      retired.push_back(std::move(scenes_.back()));
      scenes_.pop_back();
    }
    if (change.scene) {
      change.scene->layout(ctx);
      scenes_.push_back(std::move(change.scene));
    }
  }
}

void SceneStack::layout_all(SceneContext& ctx) {
  for (auto& scene : scenes_) scene->layout(ctx);
}

void SceneStack::handle_event(const sf::Event& event, SceneContext& ctx) {
  if (Scene* scene = top()) scene->handle_event(event, ctx);
}

void SceneStack::update(SceneContext& ctx) {
  for (auto& scene : scenes_) scene->update(ctx);
}

void SceneStack::draw(Canvas& canvas, SceneContext& ctx) {
  std::size_t first = 0;
  for (std::size_t i = scenes_.size(); i-- > 0;) {
    if (scenes_[i]->opaque()) {
      first = i;
      break;
    }
  }
  for (std::size_t i = first; i < scenes_.size(); ++i) {
    if (i > first) canvas.next_layer();
    scenes_[i]->draw(canvas, ctx);
  }
}

std::unique_ptr<Scene> make_scene(SceneName name, SceneContext& ctx) {
  switch (name) {
    case SceneName::Lobby: return make_lobby_scene(ctx);
    case SceneName::PairRoom: return make_pair_room_scene(ctx);
    case SceneName::Reflection: return make_reflection_scene(ctx);
    case SceneName::Dashboard: return make_dashboard_scene(ctx);
    case SceneName::Debrief: return make_debrief_scene(ctx);
    case SceneName::Summary: return make_summary_scene(ctx);
    case SceneName::CommonGround: return make_common_ground_scene(ctx);
    case SceneName::Blueprint: return make_blueprint_scene(ctx);
    case SceneName::InStep: return make_in_step_scene(ctx);
    case SceneName::RolePlay: return make_role_play_scene(ctx);
    case SceneName::Profile: return make_profile_scene(ctx);
    case SceneName::Connect:
    case SceneName::kCount: break;
  }
  return make_connect_scene(ctx);
}

namespace {
// The module's scene once its view for my group is in; the pair room otherwise
// (a conversation round, or a module view still on its way).
SceneName round_scene_for(const SessionView& view) {
  const std::uint32_t group = view.group().group_id;
  switch (view.status().status.round_kind) {
    case RoundKind::CommonGround:
      return view.common_ground() && view.common_ground()->group_id == group ? SceneName::CommonGround
                                                                              : SceneName::PairRoom;
    case RoundKind::Blueprint:
      return view.blueprint() && view.blueprint()->group_id == group ? SceneName::Blueprint : SceneName::PairRoom;
    case RoundKind::InStep:
      return view.in_step() && view.in_step()->group_id == group ? SceneName::InStep : SceneName::PairRoom;
    case RoundKind::RolePlay:
      return view.role_play() && view.role_play()->group_id == group ? SceneName::RolePlay : SceneName::PairRoom;
    case RoundKind::Conversation:
    case RoundKind::kCount: break;
  }
  return SceneName::PairRoom;
}
}  // namespace

SceneName scene_for(const ClientSession& session) {
  const SessionStatus status = session.status();
  if (status != SessionStatus::InSession && status != SessionStatus::Reconnecting) return SceneName::Connect;
  const SessionView& view = session.view();
  if (session.is_host()) {
    if (view.summary()) return SceneName::Summary;
    return view.started() ? SceneName::Dashboard : SceneName::Lobby;
  }
  if (view.debrief()) return SceneName::Debrief;
  if (!view.started()) return SceneName::Lobby;
  switch (view.phase()) {
    case SessionPhase::Round: return round_scene_for(view);
    case SessionPhase::Reflection: return SceneName::Reflection;
    case SessionPhase::Ended: return SceneName::Debrief;
    case SessionPhase::Lobby:
    case SessionPhase::kCount: break;
  }
  return SceneName::Lobby;
}

bool follow_session(SceneContext& ctx, SceneName current) {
  const SceneName wanted = scene_for(ctx.session);
  if (wanted == current) return false;
  ctx.stack.replace(make_scene(wanted, ctx));
  return true;
}

DesignFrame design_frame(const Theme& theme) {
  const sf::Vector2f window = theme.window_size();
  const float s = theme.scale();
  // Never start above or left of the window: with a large UI scale the
  // content runs off the far edges rather than the near ones.
  return {{std::max(0.0F, (window.x - kDesignWidth * s) / 2.0F), std::max(0.0F, (window.y - kDesignHeight * s) / 2.0F)},
          s};
}

void paint_background(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  const sf::Vector2f size = theme.window_size();
  ShapeBatch& shapes = canvas.shapes();
  // The paper colour itself comes from clearing the target (no full-screen fill).
  const float drift =
      theme.reduced_motion() ? 0.0F : std::sin(kTwoPi * static_cast<float>(now_ms % static_cast<std::int64_t>(kDriftPeriodMs)) / kDriftPeriodMs);
  const float s = theme.scale();
  const sf::Color blob = theme.colours.background_accent;
  shapes.circle({size.x * 0.92F + 12.0F * s * drift, size.y * 0.08F}, 260.0F * s, blob);
  shapes.circle({size.x * 0.04F, size.y * 0.98F - 10.0F * s * drift}, 220.0F * s, blob);
  shapes.circle({size.x * 0.55F - 8.0F * s * drift, size.y * 1.1F}, 160.0F * s, mix(blob, theme.colours.background, 0.5F));
}

}  // namespace rapport::client
