#pragma once
// Command-line options of rapport-client, parsed without side effects (no
// window, no files) so every bad flag can be tested for a clear message.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::client {

enum class SceneName : std::uint8_t {
  Connect,
  Lobby,
  PairRoom,
  Reflection,
  Dashboard,
  Debrief,
  Summary,
  // The round modules (participant views).
  CommonGround,
  Blueprint,
  InStep,
  RolePlay,
  Profile,  // the lobby's profile questions
  kCount
};
[[nodiscard]] bool is_round_scene(SceneName scene);

// "pair-room"-style names as --scene takes them; nullopt for unknown text.
[[nodiscard]] const char* scene_flag_name(SceneName scene);
[[nodiscard]] std::optional<SceneName> scene_from_flag(const std::string& text);

struct ClientOptions {
  std::string server = "127.0.0.1:7777";
  std::string name;
  std::string team;
  std::string join_code;  // --join CODE
  bool host = false;      // --host
  std::string program = "quick-icebreaker";
  Avatar avatar;
  bool avatar_given = false;
  // Headless mode: drive to `scene`, save a PNG, exit.
  std::string screenshot_path;
  SceneName scene = SceneName::Connect;
  // The --scene text as given ("blueprint-builder", "roleplay-cafe"): a round
  // scene without --join renders this variant from built-in demo state.
  std::string scene_variant;
  unsigned width = 1280;
  unsigned height = 720;
  float ui_scale = 1.0F;
  bool reduced_motion = false;
  std::string font_path;       // empty: the system's DejaVu Sans
  std::string code_file;       // host: write the join code here once the session exists
  std::string facilitator_key_file;  // host: the server's key (empty: the local default)
  std::size_t wait_roster = 0;  // headless: wait until this many participants are in the lobby
  std::size_t wait_chat = 0;    // headless: pair room: wait until this many chat lines are shown
  bool start_session = false;   // --start: the host starts the session once wait_roster people are in
  int timeout_seconds = 20;     // headless: give up after this long
  int delay_seconds = 0;        // headless: keep running this long after the scene is ready, then capture
  bool help = false;
  bool version = false;

  [[nodiscard]] bool headless() const { return !screenshot_path.empty(); }
  // Headless round scene with no session named: show demo state, connect nowhere.
  [[nodiscard]] bool demo() const { return headless() && is_round_scene(scene) && !host && join_code.empty(); }
  // Whether the client connects by itself at start (flags name a session and
  // the person did not ask for the connect screen).
  [[nodiscard]] bool auto_connect() const {
    return (host || !join_code.empty()) && !(headless() && scene == SceneName::Connect);
  }
};

struct ParsedClientOptions {
  std::optional<ClientOptions> options;
  std::string error;  // set when options is empty
};

[[nodiscard]] ParsedClientOptions parse_client_options(const std::vector<std::string>& args);
[[nodiscard]] std::string client_usage();

}  // namespace rapport::client
