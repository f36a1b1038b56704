#include "app/client_options.hpp"

#include "rapport/text/names.hpp"
#include "rapport/content/scenario.hpp"

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace rapport::client {
namespace {

// A window smaller than this cannot fit the connect form at a readable size;
// larger than 8K is surely a typo.
constexpr unsigned kMinWidth = 480;
constexpr unsigned kMinHeight = 360;
constexpr unsigned kMaxSide = 7680;
// UI scale beyond these makes text either unreadable or larger than the window.
constexpr float kMinUiScale = 0.5F;
constexpr float kMaxUiScale = 3.0F;
constexpr unsigned kMaxTimeoutSeconds = 600;
// A lobby of more than this many is a conference, not something a screenshot waits for.
constexpr unsigned kMaxWaitRoster = 2000;
// A pair room shows a few dozen lines at most; waiting for more is a mistake.
constexpr unsigned kMaxWaitChat = 50;
// Waiting longer than a minute for a picture means something else is wrong.
constexpr unsigned kMaxDelaySeconds = 60;

constexpr const char* kUsage = R"(rapport-client — the Rapport app for participants and hosts

Usage: rapport-client [options]

  --server HOST:PORT     server address (default 127.0.0.1:7777)
  --name NAME            your display name
  --team TEAM            your team tag (optional)
  --join CODE            join the session with this code
  --host                 host a new session (as the facilitator)
  --program NAME         program to run when hosting (default quick-icebreaker)
  --facilitator-key-file PATH
                         host: the server's facilitator key (default: the key of a
                         server on this machine at that port, else ./rapport.key)
  --avatar S,K,H,O,F     avatar: shape (circle|square|hexagon|drop), skin, hair and
                         outfit colour (0-7), formality (0 casual .. 4 formal)
  --size WxH             window size (default 1280x720)
  --ui-scale F           make everything bigger or smaller (0.5 .. 3, default 1)
  --reduced-motion       no animations
  --font PATH            font file to use instead of DejaVu Sans
Headless (tests and docs):
  --screenshot PATH      reach --scene, save a PNG there and exit
  --scene NAME           which scene to capture: connect (default), lobby, pairroom,
                         reflection, debrief (participant), dashboard, summary (host);
                         round scenes: profile, commonground, blueprint-describer,
                         blueprint-builder, instep, roleplay-SETTING (cafe, office,
                         classroom, video-call, shop-counter, park, conference-hall),
                         guess, reveal. Without --join a round scene renders
                         built-in demo state (no server needed)
  --wait-roster N        lobby: wait until N participants are in before capturing
                         (with --start: the host starts once N are in)
  --wait-chat N          pairroom, roleplay: wait until N chat lines are shown before capturing
  --start                host: start the session once --wait-roster people are in
  --delay S              keep going S seconds after the scene is ready, then capture
                         (lets meters and chat fill up)
  --code-file PATH       host: write the join code to PATH once the session exists
  --timeout S            give up after S seconds (default 20)
  --help, --version
)";

bool parse_unsigned(const std::string& text, unsigned& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc{} && ptr == text.data() + text.size();
}

bool parse_float(const std::string& text, float& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  out = static_cast<float>(value);
  return true;
}

std::optional<Avatar> parse_avatar(const std::string& text, std::string& error) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');) parts.push_back(part);
  if (parts.size() != 5) {
    error = "--avatar needs five values like 'circle,2,3,4,1' (shape, skin, hair, outfit, formality)";
    return std::nullopt;
  }
  Avatar avatar;
  const std::string& shape = parts[0];
  if (shape == "circle") {
    avatar.shape = AvatarShape::Circle;
  } else if (shape == "square") {
    avatar.shape = AvatarShape::RoundedSquare;
  } else if (shape == "hexagon") {
    avatar.shape = AvatarShape::Hexagon;
  } else if (shape == "drop") {
    avatar.shape = AvatarShape::Drop;
  } else {
    error = "--avatar shape '" + shape + "' is not one of circle, square, hexagon, drop";
    return std::nullopt;
  }
  std::uint8_t* fields[] = {&avatar.skin, &avatar.hair, &avatar.outfit, &avatar.formality};
  const unsigned limits[] = {Avatar::kPaletteSize - 1U, Avatar::kPaletteSize - 1U, Avatar::kPaletteSize - 1U,
                             Avatar::kMaxFormality};
  for (std::size_t i = 0; i < 4; ++i) {
    unsigned value = 0;
    if (!parse_unsigned(parts[i + 1], value) || value > limits[i]) {
      error = "--avatar value '" + parts[i + 1] + "' must be a number from 0 to " + std::to_string(limits[i]);
      return std::nullopt;
    }
    *fields[i] = static_cast<std::uint8_t>(value);
  }
  return avatar;
}

bool takes_value(const std::string& flag) {
  static const char* const kFlags[] = {"--server", "--name",  "--team",      "--join",        "--program",
                                       "--screenshot", "--font", "--code-file", "--scene",    "--size",
                                       "--ui-scale", "--timeout", "--wait-roster", "--avatar", "--wait-chat", "--delay",
                                       "--facilitator-key-file"};
  for (const char* f : kFlags) {
    if (flag == f) return true;
  }
  return false;
}

// Applies one flag that takes a value; returns an error text or empty.
std::string apply_value(ClientOptions& o, const std::string& a, const std::string& v) {
  if (a == "--server") {
    o.server = v;
  } else if (a == "--name") {
    o.name = v;
  } else if (a == "--team") {
    o.team = v;
  } else if (a == "--join") {
    const auto code = normalise_join_code(v);
    if (!code) return "the join code '" + v + "' should be 6 letters and digits, like K7MQXR";
    o.join_code = *code;
  } else if (a == "--program") {
    o.program = v;
  } else if (a == "--facilitator-key-file") {
    if (v.empty()) return "--facilitator-key-file needs a path";
    o.facilitator_key_file = v;
  } else if (a == "--screenshot") {
    o.screenshot_path = v;
  } else if (a == "--font") {
    o.font_path = v;
  } else if (a == "--code-file") {
    o.code_file = v;
  } else if (a == "--scene") {
    const auto scene = scene_from_flag(v);
    if (!scene) {
      return "--scene '" + v +
             "' is not one of connect, lobby, pairroom, reflection, dashboard, debrief, summary, profile, "
             "commonground, blueprint-describer, blueprint-builder, instep, roleplay, roleplay-SETTING "
             "(cafe, office, classroom, video-call, shop-counter, park, conference-hall), guess, reveal";
    }
    o.scene = *scene;
    o.scene_variant = v;
  } else if (a == "--size") {
    const auto x = v.find('x');
    unsigned w = 0;
    unsigned h = 0;
    if (x == std::string::npos || !parse_unsigned(v.substr(0, x), w) || !parse_unsigned(v.substr(x + 1), h)) {
      return "--size '" + v + "' should look like 1280x720";
    }
    if (w < kMinWidth || h < kMinHeight || w > kMaxSide || h > kMaxSide) {
      return "--size " + v + " is outside " + std::to_string(kMinWidth) + "x" + std::to_string(kMinHeight) + " .. " +
             std::to_string(kMaxSide) + "x" + std::to_string(kMaxSide);
    }
    o.width = w;
    o.height = h;
  } else if (a == "--ui-scale") {
    float f = 0;
    if (!parse_float(v, f) || f < kMinUiScale || f > kMaxUiScale) {
      return "--ui-scale '" + v + "' should be a number from 0.5 to 3";
    }
    o.ui_scale = f;
  } else if (a == "--timeout") {
    unsigned s = 0;
    if (!parse_unsigned(v, s) || s == 0 || s > kMaxTimeoutSeconds) return "--timeout '" + v + "' should be 1 to 600 seconds";
    o.timeout_seconds = static_cast<int>(s);
  } else if (a == "--delay") {
    unsigned n = 0;
    if (!parse_unsigned(v, n) || n > kMaxDelaySeconds) return "--delay '" + v + "' should be 0 to 60 seconds";
    o.delay_seconds = static_cast<int>(n);
  } else if (a == "--wait-chat") {
    unsigned n = 0;
    if (!parse_unsigned(v, n) || n > kMaxWaitChat) return "--wait-chat '" + v + "' should be 0 to 50";
    o.wait_chat = n;
  } else if (a == "--wait-roster") {
    unsigned n = 0;
    if (!parse_unsigned(v, n) || n > kMaxWaitRoster) return "--wait-roster '" + v + "' should be 0 to 2000";
    o.wait_roster = n;
  } else if (a == "--avatar") {
    std::string error;
    const auto avatar = parse_avatar(v, error);
    if (!avatar) return error;
    o.avatar = *avatar;
    o.avatar_given = true;
  }
  return {};
}

}  // namespace

std::string client_usage() { return kUsage; }

ParsedClientOptions parse_client_options(const std::vector<std::string>& args) {
  ClientOptions o;
  const auto fail = [](std::string text) { return ParsedClientOptions{std::nullopt, std::move(text)}; };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--version") {
      o.version = true;
    } else if (a == "--start") {
      o.start_session = true;
    } else if (a == "--host") {
      o.host = true;
    } else if (a == "--reduced-motion") {
      o.reduced_motion = true;
    } else if (takes_value(a)) {
      if (i + 1 >= args.size()) return fail(a + " needs a value");
      if (auto error = apply_value(o, a, args[++i]); !error.empty()) return fail(error);
    } else {
      return fail("unknown option '" + a + "'");
    }
  }
  if (o.host && !o.join_code.empty()) return fail("choose either --host or --join CODE, not both");
  if (o.scene != SceneName::Connect && !is_round_scene(o.scene) && o.headless() && !o.host && o.join_code.empty()) {
    return fail(std::string("--scene ") + scene_flag_name(o.scene) + " needs --host or --join CODE");
  }
  const bool host_scene = o.scene == SceneName::Dashboard || o.scene == SceneName::Summary;
  const bool participant_scene = o.scene == SceneName::PairRoom || o.scene == SceneName::Reflection ||
                                 o.scene == SceneName::Debrief || is_round_scene(o.scene);
  if (o.headless() && host_scene && !o.host) {
    return fail(std::string("--scene ") + scene_flag_name(o.scene) + " is the host's view: add --host");
  }
  if (o.headless() && participant_scene && o.host) {
    return fail(std::string("--scene ") + scene_flag_name(o.scene) + " is a participant's view: use --join CODE");
  }
  if (o.start_session && !o.host) return fail("--start only makes sense with --host");
  if (!o.code_file.empty() && !o.host) return fail("--code-file only makes sense with --host");
  return ParsedClientOptions{o, {}};
}

const char* scene_flag_name(SceneName scene) {
  switch (scene) {
    case SceneName::Connect: return "connect";
    case SceneName::Lobby: return "lobby";
    case SceneName::PairRoom: return "pairroom";
    case SceneName::Reflection: return "reflection";
    case SceneName::Dashboard: return "dashboard";
    case SceneName::Debrief: return "debrief";
    case SceneName::Summary: return "summary";
    case SceneName::CommonGround: return "commonground";
    case SceneName::Blueprint: return "blueprint";
    case SceneName::InStep: return "instep";
    case SceneName::RolePlay: return "roleplay";
    case SceneName::Profile: return "profile";
    case SceneName::kCount: break;
  }
  return "unknown";
}

std::optional<SceneName> scene_from_flag(const std::string& text) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(SceneName::kCount); ++i) {
    const auto scene = static_cast<SceneName>(i);
    if (text == scene_flag_name(scene)) return scene;
  }
  if (text == "pair-room") return SceneName::PairRoom;
  if (text == "common-ground") return SceneName::CommonGround;
  if (text == "in-step") return SceneName::InStep;
  if (text == "blueprint-describer" || text == "blueprint-builder") return SceneName::Blueprint;
  if (text == "guess" || text == "reveal") return SceneName::RolePlay;
  if (text.rfind("roleplay-", 0) == 0 && setting_from_id(text.substr(9))) return SceneName::RolePlay;
  return std::nullopt;
}

bool is_round_scene(SceneName scene) {
  return scene == SceneName::CommonGround || scene == SceneName::Blueprint || scene == SceneName::InStep ||
         scene == SceneName::RolePlay || scene == SceneName::Profile;
}

}  // namespace rapport::client
