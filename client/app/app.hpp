#pragma once
// The application: window, main loop and the headless driver. It owns the
// session, the theme and the scene stack, polls the network each frame and
// lets the scenes read the state and draw it.
#include "app/client_options.hpp"
#include "app/client_session.hpp"
#include "scenes/scene.hpp"
#include "ui/ui_toasts.hpp"

#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/System/Clock.hpp>

#include <memory>

namespace rapport::client {

// Exit codes of rapport-client, so scripts can tell failures apart.
enum ExitCode : int {
  kExitOk = 0,
  kExitStartup = 1,      // no font, no display, no off-screen image
  kExitUsage = 2,        // bad flags
  kExitSession = 3,      // the server refused or could not be reached (headless)
  kExitTimeout = 4,      // the scene did not get real content in time (headless)
  kExitScreenshot = 5,   // the PNG could not be written
};

class App {
 public:
  // Loads fonts; throws std::runtime_error with a message a person can act on.
  explicit App(ClientOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Opens the window and runs until it is closed.
  int run_window();
  // Drives to options.scene, saves options.screenshot_path, returns an ExitCode.
  int run_headless();

 private:
  void start(std::int64_t now_ms);
  // Headless round scene without a session: built-in demo state (demo_state.hpp).
  void start_demo(std::int64_t now_ms);
  // One frame of model and scene updates.
  void step(std::int64_t now_ms);
  void render(sf::RenderTarget& target);
  void write_code_file();
  void resize(sf::Vector2f size);
  // Headless: the host starts the session once enough people are in (--start).
  void auto_start();
  // Headless: whether the scene shows what the flags asked to wait for.
  [[nodiscard]] bool capture_conditions_met() const;

  ClientOptions options_;
  ClientSession session_;
  Theme theme_;
  AvatarRenderer avatars_;
  SceneStack stack_;
  SceneContext ctx_;
  Canvas canvas_;
  ToastArea toasts_;
  bool code_written_ = false;
  bool start_sent_ = false;
  std::string demo_error_;
};

}  // namespace rapport::client
