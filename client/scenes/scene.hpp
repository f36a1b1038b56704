#pragma once
// Scenes and the scene stack. A scene is one screen (connect, lobby, later
// the pair room, dashboard, debrief...). It reads the ClientSession, draws
// into a Canvas and reacts to events; it never owns game rules.
//
// Adding a scene: subclass Scene in scene_<name>.hpp/.cpp, add its SceneName,
// build its widgets in the constructor, place them in layout(), list the
// focusable ones in a FocusChain, and push or replace it from the scene that
// leads to it (stack changes are deferred to between frames, so a scene may
// replace itself from inside its own update or event handler).
#include "render/avatar_renderer.hpp"
#include "render/canvas.hpp"
#include "app/client_options.hpp"
#include "app/client_session.hpp"
#include "ui/theme.hpp"

#include <SFML/Window/Event.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace rapport::client {

class SceneStack;

// What every scene may use. Owned by the App; valid for the scene's life.
struct SceneContext {
  ClientSession& session;
  Theme& theme;
  const AvatarRenderer& avatars;
  SceneStack& stack;
  const ClientOptions& options;
  // Wall time of the current frame in ms (the same value update/draw get).
  std::int64_t now_ms = 0;
};

class Scene {
 public:
  virtual ~Scene() = default;
  [[nodiscard]] virtual SceneName name() const = 0;
  // The window size or UI scale changed (also called once before the first frame).
  virtual void layout(SceneContext& ctx) = 0;
  virtual void handle_event(const sf::Event& event, SceneContext& ctx) {
    (void)event;
    (void)ctx;
  }
  // Once per frame, before draw, for every scene on the stack (bottom first).
  virtual void update(SceneContext& ctx) { (void)ctx; }
  virtual void draw(Canvas& canvas, SceneContext& ctx) = 0;
  // True once the scene shows real content (headless capture waits for it).
  [[nodiscard]] virtual bool ready(const SceneContext& ctx) const {
    (void)ctx;
    return true;
  }
  // Opaque scenes hide the scenes below them; overlays (dialogs) are not.
  [[nodiscard]] virtual bool opaque() const { return true; }
};

class SceneStack {
 public:
  // Deferred: applied by apply_pending() between frames.
  void push(std::unique_ptr<Scene> scene);
  void pop();
  void replace(std::unique_ptr<Scene> scene);

  // Applies queued changes and lays out the scenes that arrived.
  void apply_pending(SceneContext& ctx);
  void layout_all(SceneContext& ctx);
  void handle_event(const sf::Event& event, SceneContext& ctx);
  void update(SceneContext& ctx);
  // Draws from the topmost opaque scene up, each scene on its own layer.
  void draw(Canvas& canvas, SceneContext& ctx);

  [[nodiscard]] Scene* top() const { return scenes_.empty() ? nullptr : scenes_.back().get(); }
  [[nodiscard]] std::size_t size() const { return scenes_.size(); }
  [[nodiscard]] bool empty() const { return scenes_.empty(); }

 private:
  struct Change {
    enum class Kind : std::uint8_t { Push, Pop, Replace } kind;
    std::unique_ptr<Scene> scene;
  };
  std::vector<std::unique_ptr<Scene>> scenes_;
  std::vector<Change> pending_;
};

// Layouts are written in design pixels for 1280x720; this maps them into
// the window at the theme's scale, centred when the window's shape differs.
struct DesignFrame {
  sf::Vector2f origin;
  float scale = 1.0F;
  [[nodiscard]] sf::FloatRect rect(float x, float y, float w, float h) const {
    return {origin.x + x * scale, origin.y + y * scale, w * scale, h * scale};
  }
};
[[nodiscard]] DesignFrame design_frame(const Theme& theme);

// The warm backdrop every opaque scene starts from: paper colour and a few
// large soft shapes, drifting very slowly unless motion is reduced.
void paint_background(Canvas& canvas, const Theme& theme, std::int64_t now_ms);

// Scene factories (each defined in its scene_*.cpp).
[[nodiscard]] std::unique_ptr<Scene> make_connect_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_lobby_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_pair_room_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_reflection_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_dashboard_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_debrief_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_summary_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_common_ground_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_blueprint_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_in_step_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_role_play_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_profile_scene(SceneContext& ctx);
[[nodiscard]] std::unique_ptr<Scene> make_scene(SceneName name, SceneContext& ctx);

// The scene the session calls for: connect when not in a session; the lobby
// before the start; then by role and phase (participant: pair room during
// rounds, reflection, debrief; host: dashboard, then the group summary).
// While a round module (common ground, Blueprint, In Step, role play) is live
// and its view for my group has arrived, that module's scene instead.
[[nodiscard]] SceneName scene_for(const ClientSession& session);
// Replaces `current` with the scene the session calls for when they differ;
// true when it did (the caller should stop its update).
bool follow_session(SceneContext& ctx, SceneName current);

}  // namespace rapport::client
