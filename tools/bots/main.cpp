// rapport-bots: headless participants (and optionally the facilitator) on the
// real protocol, for tests, demos and benchmarks.
#include "bot.hpp"
#include "net/host_key.hpp"
#include "rapport/util/rng.hpp"
#include "rapport/build_info.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }

constexpr const char* kUsage = R"(rapport-bots — headless Rapport players on the real protocol

Usage: rapport-bots --server HOST:PORT --players N (--host | --code CODE) [options]

  --server HOST:PORT  server to join (default 127.0.0.1:7777)
  --players N         number of participant bots (0..2000)
  --host              one more bot acts as the facilitator and creates the session
  --code CODE         join an existing session instead of hosting
  --facilitator-key-file PATH
                      with --host: the server's facilitator key (default: the key of a
                      server on this machine at that port, else ./rapport.key)
  --program NAME      the host bot creates a session with this program, starts it once
                      everyone joined, and the bots play it to the end (chat, gestures,
                      reflection); returns when the report is written
  --play              with --code: the bots play whatever the joined session runs
                      (chat, gestures, reflection) until it ends (every bot has
                      its debrief) or --timeout
  --keep-chat         the host bot creates the session with chat kept after the end, so
                      the server also writes CODE-journal.json (for rapport-validate)
  --start-at N        the host bot starts once N participants are in (default --players;
                      more lets another client join before the start)
  --style S           warm | neutral | cold | mixed (default warm; mixed: each bot one of the others)
  --seed N            seed for the bots' choices (default 1)
  --time-scale F      the server's --time-scale, so bots reply at a human pace in game time
  --teams K           spread bots over K team tags (default 3)
  --pings K           round trips each bot measures (default 5)
  --linger            stay in the session until interrupted (for demos)
  --code-file PATH    write the join code to PATH once the session exists
  --wait-for N        the host starts the program once N participants joined (default --players;
                      the demo uses players+1 so a person can join the bots)
  --timeout S         give up after S seconds (default 60; 900 with --program or --play)
  --json              end with one JSON line: connected, errors, rtt_p50_ms, rtt_p99_ms,
                      ordered_checked / order_violations (reliable messages checked for
                      exactly-once, in-order arrival: roster revisions and pong nonces), ...
  --help              show this help
)";

std::string kNames[] = {"Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jun",
                        "Kai", "Lena", "Milo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess"};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double rank = p * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  return values[lo] * (1.0 - frac) + values[hi] * frac;
}

bool parse_int(const std::string& text, int& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

int usage_error(const std::string& text) {
  std::fprintf(stderr, "rapport-bots: %s (see --help)\n", text.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rapport;
  using namespace rapport::bots;
  std::string server = "127.0.0.1:7777";
  std::string code;
  std::string program = "quick-icebreaker";
  std::string code_file;
  std::string key_file;
  int players = -1;
  int teams = 3;
  int pings = 5;
  int timeout_s = -1;
  int wait_for = -1;
  int seed = 1;
  double time_scale = 1.0;
  std::string style_name_arg = "warm";
  bool play = false;
  bool keep_chat = false;
  bool program_given = false;
  int start_at = -1;
  bool host = false;
  bool json = false;
  bool linger = false;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--version") {
      std::printf("rapport-bots %s (protocol %u)\n", rapport::build::kVersion, static_cast<unsigned>(kProtocolVersion));
      return 0;
    } else if (a == "--host") {
      host = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--linger") {
      linger = true;
    } else if (a == "--server") {
      const auto* v = value();
      if (!v) return usage_error("--server needs HOST:PORT");
      server = *v;
    } else if (a == "--code") {
      const auto* v = value();
      if (!v) return usage_error("--code needs a join code");
      code = *v;
    } else if (a == "--program") {
      const auto* v = value();
      if (!v) return usage_error("--program needs a name");
      program = *v;
      play = true;
      program_given = true;
    } else if (a == "--play") {
      play = true;
    } else if (a == "--keep-chat") {
      keep_chat = true;
    } else if (a == "--style") {
      const auto* v = value();
      if (!v || (*v != "warm" && *v != "neutral" && *v != "cold" && *v != "mixed")) {
        return usage_error("--style must be warm, neutral, cold or mixed");
      }
      style_name_arg = *v;
    } else if (a == "--time-scale") {
      const auto* v = value();
      char* end = nullptr;
      time_scale = v ? std::strtod(v->c_str(), &end) : 0.0;
      if (!v || end == v->c_str() || *end != '\0' || !(time_scale >= 0.01 && time_scale <= 1000)) {
        return usage_error("--time-scale must be a number from 0.01 to 1000");
      }
    } else if (a == "--facilitator-key-file") {
      const auto* v = value();
      if (!v || v->empty()) return usage_error("--facilitator-key-file needs a path");
      key_file = *v;
    } else if (a == "--code-file") {
      const auto* v = value();
      if (!v) return usage_error("--code-file needs a path");
      code_file = *v;
    } else if (a == "--players" || a == "--start-at" || a == "--teams" || a == "--pings" || a == "--timeout" ||
               a == "--seed" || a == "--wait-for") {
      const auto* v = value();
      int n = 0;
      if (!v || !parse_int(*v, n) || n < 0) return usage_error(a + " needs a whole number");
      if (a == "--players") players = n;
      if (a == "--start-at") start_at = n;
      if (a == "--teams") teams = std::max(1, n);
      if (a == "--pings") pings = n;
      if (a == "--timeout" && n < 1) return usage_error("--timeout must be at least 1 second");
      if (a == "--timeout") timeout_s = n;
      if (a == "--seed") seed = n;
      if (a == "--wait-for") wait_for = n;
    } else {
      return usage_error("unknown option '" + a + "'");
    }
  }
  if (players < 0) return usage_error("--players N is required");
  if (players > 2000) return usage_error("--players must be at most 2000");
  if (!host && code.empty()) return usage_error("give --host to create a session or --code CODE to join one");
  if (host && !code.empty()) return usage_error("give either --host (create a session) or --code CODE (join one), not both");
  if (program_given && !host) return usage_error("--program needs --host (the host bot runs the program)");
  if (play && !host && code.empty()) return usage_error("--play needs --code CODE");
  if (timeout_s < 0) timeout_s = play ? 900 : 60;
  Rng style_rng(static_cast<std::uint64_t>(seed) * 7919u);
  const auto style_for = [&](int) {
    if (style_name_arg == "warm") return Style::Warm;
    if (style_name_arg == "neutral") return Style::Neutral;
    if (style_name_arg == "cold") return Style::Cold;
    return static_cast<Style>(style_rng.below(3));
  };
  const auto endpoint = net::parse_endpoint(server);
  if (!endpoint) return usage_error("--server must look like 127.0.0.1:7777, got '" + server + "'");
  if (!key_file.empty() && !host) return usage_error("--facilitator-key-file needs --host (only a host uses the key)");
  net::HostKey host_key;
  if (host) {
    host_key = net::find_host_key(key_file, endpoint->port);
    if (!host_key.error.empty()) {
      std::fprintf(stderr, "rapport-bots: %s\n", host_key.error.c_str());
      return 2;
    }
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  std::vector<std::unique_ptr<Bot>> bots;
  std::unique_ptr<Bot> facilitator;
  if (host) {
    BotConfig c;
    c.server = *endpoint;
    c.name = "Facilitator Bot";
    c.host = true;
    c.facilitator_key = host_key.key;
    c.program = program;
    c.pings = pings;
    c.play = play;
    c.keep_chat = keep_chat;
    c.time_scale = time_scale;
    c.expected_participants =
        static_cast<std::size_t>(wait_for >= 0 ? wait_for : (start_at >= 0 ? start_at : players));
    facilitator = std::make_unique<Bot>(c);
    facilitator->start();
  }
  const auto make_participant = [&](int i, const std::string& join_code) {
    BotConfig c;
    c.server = *endpoint;
    c.name = kNames[static_cast<std::size_t>(i) % std::size(kNames)] + std::string(" Bot");
    if (i >= static_cast<int>(std::size(kNames))) c.name += " " + std::to_string(i / static_cast<int>(std::size(kNames)) + 1);
    c.team = "Team " + std::string(1, static_cast<char>('A' + i % teams % 26));
    c.role = i % 2 == 0 ? "new-hire" : "veteran";
    c.code = join_code;
    c.pings = pings;
    c.avatar.shape = static_cast<AvatarShape>(i % static_cast<int>(AvatarShape::kCount));
    c.avatar.skin = static_cast<std::uint8_t>((i * 3) % Avatar::kPaletteSize);
    c.avatar.hair = static_cast<std::uint8_t>((i * 5 + 1) % Avatar::kPaletteSize);
    c.avatar.outfit = static_cast<std::uint8_t>((i * 7 + 2) % Avatar::kPaletteSize);
    c.avatar.formality = static_cast<std::uint8_t>(i % (Avatar::kMaxFormality + 1));
    c.style = style_for(i);
    c.seed = static_cast<std::uint64_t>(seed) * 1000003u + static_cast<std::uint64_t>(i);
    c.time_scale = time_scale;
    c.play = play;
    auto bot = std::make_unique<Bot>(c);
    bot->start();
    bots.push_back(std::move(bot));
  };
  if (!host) {
    for (int i = 0; i < players; ++i) make_participant(i, code);
  }

  const auto started = Clock::now();
  const auto deadline = started + std::chrono::seconds(timeout_s);
  bool code_written = false;
  bool complete = false;
  const std::size_t expected_roster = static_cast<std::size_t>(players) + (host ? 1u : 0u);
  while (!g_stop.load()) {
    const auto now = Clock::now();
    if (facilitator) {
      facilitator->poll(now);
      if (facilitator->failed()) break;
      if (facilitator->joined() && bots.empty() && players > 0) {
        for (int i = 0; i < players; ++i) make_participant(i, facilitator->session_code());
      }
      if (facilitator->joined() && !code_written && !code_file.empty()) {
        std::ofstream(code_file) << facilitator->session_code() << "\n";
        code_written = true;
      }
    }
    for (auto& bot : bots) bot->poll(now);
    const bool all_joined = std::all_of(bots.begin(), bots.end(), [](const auto& b) { return b->joined() || b->failed(); }) &&
                            (!facilitator || facilitator->joined());
    const bool rosters_full = std::all_of(bots.begin(), bots.end(), [&](const auto& b) {
      return b->failed() || b->roster_size() >= expected_roster;
    });
    if (play) {
      for (auto& bot : bots) bot->start_pinging();
      // Joined with --code there is no host bot: the session is over when a
      // participant has its debrief (then the others get theirs, below).
      const bool over = facilitator ? facilitator->session_over()
                                    : std::any_of(bots.begin(), bots.end(), [](const auto& b) { return b->session_over(); });
      if (over) {
        complete = true;
        // Give the participants time to receive their debriefs: on a lossy
        // link one reliable message can need several retransmissions with
        // doubling timeouts (tails of 5-10 s were seen at 10% loss and
        // 100 +- 50 ms). Only a slow link waits that long.
        const auto drain_until = Clock::now() + std::chrono::seconds(30);
        while (Clock::now() < drain_until &&
               !std::all_of(bots.begin(), bots.end(), [](const auto& b) { return b->session_over() || b->failed(); })) {
          for (auto& bot : bots) bot->poll(Clock::now());
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        break;
      }
      if (facilitator && facilitator->failed()) break;
      // A participant that could not join would leave the host waiting for
      // --wait-for until --timeout: stop and say why.
      if (std::any_of(bots.begin(), bots.end(), [](const auto& b) { return b->failed() && !b->joined(); })) break;
    } else if (all_joined && rosters_full && static_cast<int>(bots.size()) == players) {
      for (auto& bot : bots) bot->start_pinging();
      if (facilitator) facilitator->start_pinging();
      const bool pinged = std::all_of(bots.begin(), bots.end(), [](const auto& b) { return b->failed() || b->pings_done(); });
      if (pinged && !complete) {
        complete = true;
        if (!json) std::printf("all %d bots joined session %s and see the full roster\n", players,
                               facilitator ? facilitator->session_code().c_str() : code.c_str());
        std::fflush(stdout);
        if (!linger) break;
      }
    }
    if (!linger && now > deadline) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }

  int connected = 0;
  int errors = 0;
  int rejections = 0;
  int reconnects = 0;
  int chats = 0;
  int debriefs = 0;
  int styles[3] = {0, 0, 0};
  int roster_ok = 0;
  int ordered_checked = 0;
  int order_violations = 0;
  std::vector<double> rtts;
  std::string first_failure;
  for (auto& bot : bots) {
    connected += bot->connected() && bot->joined() ? 1 : 0;
    errors += bot->errors();
    roster_ok += bot->roster_size() >= expected_roster ? 1 : 0;
    rejections += bot->rejections();
    reconnects += bot->reconnects();
    chats += bot->chats_sent();
    ordered_checked += bot->ordered_checked();
    order_violations += bot->order_violations();
    debriefs += bot->session_over() ? 1 : 0;
    ++styles[static_cast<int>(bot->style())];
    rtts.insert(rtts.end(), bot->rtts_ms().begin(), bot->rtts_ms().end());
    if (bot->failed() && first_failure.empty()) first_failure = bot->failure();
  }
  if (facilitator) {
    errors += facilitator->errors();
    reconnects += facilitator->reconnects();
    ordered_checked += facilitator->ordered_checked();
    order_violations += facilitator->order_violations();
    if (facilitator->failed() && first_failure.empty()) first_failure = "facilitator: " + facilitator->failure();
  }
  // Say why it did not finish, rather than a bare exit code.
  const int waited = static_cast<int>(std::chrono::duration<double>(Clock::now() - started).count());
  if (first_failure.empty() && g_stop.load()) first_failure = "stopped by a signal";
  if (first_failure.empty() && !complete) {
    if (facilitator && !facilitator->joined()) {
      first_failure = "no session after " + std::to_string(waited) + " s: the server at " + server + " did not answer";
    } else if (!host && std::none_of(bots.begin(), bots.end(), [](const auto& b) { return b->joined(); })) {
      first_failure = "nobody could join after " + std::to_string(waited) + " s: the server at " + server + " did not answer";
    } else if (play) {
      first_failure = "timed out after " + std::to_string(waited) + " s before the session ended (raise --timeout?)";
    } else {
      first_failure = "timed out after " + std::to_string(waited) + " s before every bot joined and saw the full roster";
    }
  }
  if (first_failure.empty() && play && complete && facilitator && facilitator->report_path().empty()) {
    first_failure = "the session ended but the server wrote no report (see the server's log for the reason)";
  }
  for (auto& bot : bots) bot->leave();
  if (facilitator) facilitator->leave();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  if (json) {
    std::string escaped;
    for (char c : first_failure) {
      if (c == '"' || c == '\\') escaped.push_back('\\');
      if (static_cast<unsigned char>(c) >= 0x20) escaped.push_back(c);
    }
    std::printf(
        "{\"connected\":%d,\"players\":%d,\"host\":%s,\"code\":\"%s\",\"errors\":%d,\"roster_complete\":%d,"
        "\"rtt_samples\":%zu,\"rtt_p50_ms\":%.3f,\"rtt_p99_ms\":%.3f,\"elapsed_s\":%.2f,\"program\":\"%s\","
        "\"session_ended\":%s,\"report\":\"%s\",\"debriefs\":%d,\"chats\":%d,\"rejections\":%d,"
        "\"reconnects\":%d,\"warm\":%d,\"neutral\":%d,\"cold\":%d,\"ordered_checked\":%d,\"order_violations\":%d,"
        "\"first_failure\":\"%s\"}\n",
        connected, players, host ? "true" : "false",
        facilitator ? facilitator->session_code().c_str() : code.c_str(), errors, roster_ok, rtts.size(),
        percentile(rtts, 0.5), percentile(rtts, 0.99), elapsed, play ? program.c_str() : "",
        play && complete ? "true" : "false", facilitator ? facilitator->report_path().c_str() : "", debriefs, chats,
        rejections, reconnects, styles[0], styles[1], styles[2], ordered_checked, order_violations, escaped.c_str());
  } else if (!first_failure.empty()) {
    std::fprintf(stderr, "rapport-bots: %s\n", first_failure.c_str());
  }
  if (play && !json && facilitator) {
    const std::string code_text = facilitator->session_code().empty() ? "(none)" : facilitator->session_code();
    const std::string report = facilitator->report_path().empty() ? "none" : facilitator->report_path();
    std::printf("session %s: %s; report: %s\n", code_text.c_str(), complete ? "finished" : "did not finish",
                report.c_str());
  }
  const bool reported = !play || !facilitator || !facilitator->report_path().empty();
  return connected == players && errors == 0 && complete && reported ? 0 : 1;
}
