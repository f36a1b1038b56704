#include "app/app.hpp"

#include "rapport/build_info.hpp"
#include "app/demo_state.hpp"

#include <SFML/Graphics/RenderTexture.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/System/Sleep.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace rapport::client {
namespace {

// 60 frames a second in the window; the headless driver polls at the same pace.
constexpr unsigned kFrameRate = 60;
constexpr std::int32_t kHeadlessFrameMs = 16;
// After the scene is ready, keep going this long so arrivals and eased
// animations settle before the picture is taken.
constexpr std::int64_t kSettleMs = 450;

std::int64_t elapsed_ms(const sf::Clock& clock) { return clock.getElapsedTime().asMilliseconds(); }

}  // namespace

App::App(ClientOptions options)
    : options_(std::move(options)),
      avatars_(theme_.avatar),
      ctx_{session_, theme_, avatars_, stack_, options_, 0} {
  session_.set_facilitator_key_file(options_.facilitator_key_file);
  theme_.load_fonts(options_.font_path);
  theme_.set_ui_scale(options_.ui_scale);
  theme_.set_reduced_motion(options_.reduced_motion);
  theme_.set_window_size({static_cast<float>(options_.width), static_cast<float>(options_.height)});
}

App::~App() { session_.leave(); }

void App::start(std::int64_t now_ms) {
  ctx_.now_ms = now_ms;
  stack_.push(make_connect_scene(ctx_));
  stack_.apply_pending(ctx_);
  if (options_.demo()) {
    start_demo(now_ms);
    return;
  }
  if (options_.auto_connect()) {
    Profile profile{options_.name, options_.team, {}, options_.avatar};
    if (options_.host) {
      (void)session_.host(options_.server, profile, options_.program, now_ms);
    } else {
      (void)session_.join(options_.server, options_.join_code, profile, now_ms);
    }
  }
}

void App::start_demo(std::int64_t now_ms) {
  const char* env = std::getenv("RAPPORT_ASSETS");
  const std::string assets = env != nullptr && *env != '\0' ? std::string(env) : std::string(build::kAssetsDir);
  auto script = demo_script(options_.scene_variant, assets, demo_error_);
  if (!script) return;
  session_.play_demo(script->me, script->my_name, script->messages, now_ms);
  stack_.replace(make_scene(options_.scene == SceneName::Profile ? SceneName::Profile : scene_for(session_), ctx_));
  stack_.apply_pending(ctx_);
}

void App::step(std::int64_t now_ms) {
  ctx_.now_ms = now_ms;
  session_.update(now_ms);
  if (session_.view().notices().empty()) toasts_.reset();  // a new session
  toasts_.update(session_.view(), theme_, now_ms);
  stack_.update(ctx_);
  stack_.apply_pending(ctx_);
  write_code_file();
  auto_start();
}

void App::auto_start() {
  if (!options_.start_session || start_sent_ || !session_.is_host() || session_.view().started()) return;
  constexpr std::size_t kPeopleToStart = 2;  // the server pairs no fewer
  if (session_.participant_count() < std::max(kPeopleToStart, options_.wait_roster)) return;
  start_sent_ = session_.host_command(HostAction::Start);
}

bool App::capture_conditions_met() const {
  switch (options_.scene) {
    case SceneName::Lobby: return session_.participant_count() >= options_.wait_roster;
    case SceneName::PairRoom:
    case SceneName::RolePlay: return session_.view().my_chat().size() >= options_.wait_chat;
    case SceneName::Dashboard: {
      std::size_t seated = 0;
      for (const GroupTile& tile : session_.view().tiles()) seated += tile.members.size();
      return seated >= options_.wait_roster;
    }
    default: return true;
  }
}

void App::write_code_file() {
  if (code_written_ || options_.code_file.empty() || session_.session_code().empty() || !session_.is_host()) return;
  // Write then rename, so a script polling the file never reads half a code.
  const std::string temp = options_.code_file + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << session_.session_code() << "\n";
  }
  if (std::rename(temp.c_str(), options_.code_file.c_str()) != 0) {
    std::fprintf(stderr, "rapport-client: could not write the join code to %s\n", options_.code_file.c_str());
  }
  code_written_ = true;
}

void App::render(sf::RenderTarget& target) {
  canvas_.clear();
  stack_.draw(canvas_, ctx_);
  canvas_.next_layer();
  toasts_.draw(canvas_, theme_, ctx_.now_ms);
  target.clear(theme_.colours.background);
  canvas_.draw(target);
}

void App::resize(sf::Vector2f size) {
  theme_.set_window_size(size);
  stack_.layout_all(ctx_);
}

int App::run_window() {
  sf::RenderWindow window(sf::VideoMode(options_.width, options_.height), "Rapport", sf::Style::Default);
  if (!window.isOpen()) {
    std::fprintf(stderr, "rapport-client: could not open a window. Is a display available (DISPLAY set)?\n");
    return kExitStartup;
  }
  window.setFramerateLimit(kFrameRate);
  window.setKeyRepeatEnabled(true);
  sf::Clock clock;
  start(elapsed_ms(clock));
  while (window.isOpen()) {
    sf::Event event{};
    while (window.pollEvent(event)) {
      if (event.type == sf::Event::Closed) {
        window.close();
      } else if (event.type == sf::Event::Resized) {
        const sf::Vector2f size{static_cast<float>(event.size.width), static_cast<float>(event.size.height)};
        window.setView(sf::View(sf::FloatRect(0, 0, size.x, size.y)));
        resize(size);
      } else {
        stack_.handle_event(event, ctx_);
      }
    }
    step(elapsed_ms(clock));
    if (stack_.empty()) break;
    render(window);
    window.display();
  }
  session_.leave();
  return kExitOk;
}

int App::run_headless() {
  sf::RenderTexture target;
  if (!target.create(options_.width, options_.height)) {
    std::fprintf(stderr,
                 "rapport-client: could not create an off-screen image of %ux%u. Headless mode still needs an X "
                 "display: run it under Xvfb (e.g. 'Xvfb :99 &' and DISPLAY=:99).\n",
                 options_.width, options_.height);
    return kExitStartup;
  }
  sf::Clock clock;
  start(elapsed_ms(clock));
  if (!demo_error_.empty()) {
    std::fprintf(stderr, "rapport-client: %s\n", demo_error_.c_str());
    return kExitStartup;
  }
  const std::int64_t deadline = static_cast<std::int64_t>(options_.timeout_seconds) * 1000;
  std::int64_t ready_since = -1;
  for (;;) {
    const std::int64_t now = elapsed_ms(clock);
    step(now);
    render(target);
    const Scene* top = stack_.top();
    const bool at_scene = top && top->name() == options_.scene && top->ready(ctx_);
    if (at_scene && capture_conditions_met()) {
      if (ready_since < 0) ready_since = now;
      if (now - ready_since >= kSettleMs + static_cast<std::int64_t>(options_.delay_seconds) * 1000) break;
    } else {
      ready_since = -1;
    }
    if (options_.scene != SceneName::Connect && session_.status() == SessionStatus::Failed) {
      std::fprintf(stderr, "rapport-client: %s\n", session_.last_error().c_str());
      return kExitSession;
    }
    if (now > deadline) {
      std::fprintf(stderr,
                   "rapport-client: gave up after %d s waiting for the %s scene (status: %s, showing %s, %zu "
                   "participants, %zu chat lines).\n",
                   options_.timeout_seconds, scene_flag_name(options_.scene), status_name(session_.status()),
                   top ? scene_flag_name(top->name()) : "nothing", session_.participant_count(),
                   session_.view().my_chat().size());
      return kExitTimeout;
    }
    sf::sleep(sf::milliseconds(kHeadlessFrameMs));
  }
  target.display();
  if (!target.getTexture().copyToImage().saveToFile(options_.screenshot_path)) {
    std::fprintf(stderr, "rapport-client: could not save the screenshot to %s (does the folder exist?)\n",
                 options_.screenshot_path.c_str());
    return kExitScreenshot;
  }
  return kExitOk;
}

}  // namespace rapport::client
