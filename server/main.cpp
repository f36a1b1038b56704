// rapport-server: parses flags, opens the ENet host, runs the loop until
// SIGINT/SIGTERM, then shuts down cleanly.
#include "rapport/build_info.hpp"
#include "rapport/server/enet_server.hpp"
#include "rapport/server/facilitator_key_file.hpp"
#include "rapport/server/journal_store.hpp"
#include "rapport/server/options.hpp"
#include "rapport/server/secure_random.hpp"
#include "rapport/server/server_core.hpp"

#include "rapport/content/program.hpp"
#include "rapport/rounds/round_play.hpp"
#include "rapport/rapport/rapport_model_config.hpp"

#include <atomic>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {
std::atomic<bool> g_stop{false};

// Loads programs, the rapport model and the chat filter; a broken file stops
// the server with a message that names it.
void load_content(rapport::server::ServerConfig& config, rapport::server::Logger& log) {
  const std::string programs_dir = config.assets_dir + "/programs";
  auto catalog = rapport::load_program_dir(programs_dir);
  for (const auto& e : catalog.errors) log.error(e);
  if (!catalog.errors.empty()) throw std::runtime_error("fix the program files above and start again");
  if (catalog.programs.empty()) throw std::runtime_error("no programs found in " + programs_dir);
  config.programs = std::move(catalog.programs);
  auto model = rapport::load_model_config(config.assets_dir);
  if (!model.config) throw std::runtime_error(model.error);
  config.model_config = std::move(model.config);
  auto content = std::make_shared<rapport::RoundContent>();
  for (const auto audience : {rapport::Audience::TeamBuilding, rapport::Audience::Onboarding, rapport::Audience::Classroom}) {
    const std::string path = config.assets_dir + "/decks/" + std::string(rapport::audience_id(audience)) + ".json";
    auto deck = rapport::load_deck(path);
    if (!deck.ok() || !deck.deck) {
      for (const auto& problem : deck.problems) log.error(problem.describe());
      throw std::runtime_error("the deck " + path + " could not be loaded");
    }
    content->decks.emplace(audience, std::move(*deck.deck));
  }
  auto scenarios = rapport::load_scenarios(config.assets_dir + "/scenarios");
  if (!scenarios.ok()) throw std::runtime_error(scenarios.describe());
  content->scenarios = std::move(scenarios.scenarios);
  config.round_content = content;
  const std::string filter_path = config.assets_dir + "/filters/classroom.txt";
  std::ifstream filter(filter_path);
  for (std::string line; std::getline(filter, line);) {
    if (line.empty() || line[0] == '#') continue;
    for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    config.chat_filter.words.push_back(line);
  }
  log.info("loaded " + std::to_string(config.programs.size()) + " programs, " + std::to_string(content->decks.size()) +
           " decks, " + std::to_string(content->scenarios.size()) + " scenarios, the rapport model and " +
           std::to_string(config.chat_filter.words.size()) + " filtered words from " + config.assets_dir);
}
void on_signal(int) { g_stop.store(true); }

bool report_dir_writable(const std::string& dir, std::string& why) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    why = ec.message();
    return false;
  }
  const std::filesystem::path probe = std::filesystem::path(dir) / ".rapport-write-check";
  {
    std::ofstream out(probe, std::ios::trunc);
    if (!out || !(out << "ok")) {
      why = "the folder is not writable";
      return false;
    }
  }
  std::filesystem::remove(probe, ec);
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace rapport::server;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const ParsedOptions parsed = parse_server_options(args);
  if (!parsed.options) {
    std::fprintf(stderr, "rapport-server: %s\n", parsed.error.c_str());
    return 2;
  }
  const ServerOptions& options = *parsed.options;
  if (options.help) {
    std::fputs(server_usage().c_str(), stdout);
    return 0;
  }
  if (options.version) {
    std::printf("rapport-server %s (protocol %u)\n", rapport::build::kVersion,
                static_cast<unsigned>(rapport::kProtocolVersion));
    return 0;
  }
  Logger log(options.log_level);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  // Reports are the evidence a facilitator takes away: find out now, not at
  // the end of a 45-minute session, that they cannot be written.
  if (std::string why; !report_dir_writable(options.report_dir, why)) {
    std::fprintf(stderr, "rapport-server: cannot write reports to '%s': %s (choose another --report-dir)\n",
                 options.report_dir.c_str(), why.c_str());
    return 3;
  }
  // The journal first: a server that cannot keep its sessions must not pretend to.
  std::string db_error;
  auto store = JournalStore::open(options.db_path, log, &db_error);
  if (!store) {
    std::fprintf(stderr, "rapport-server: %s\n", db_error.c_str());
    return 3;
  }
  // The facilitator key: only someone holding it can host a session here.
  const std::string key_path =
      options.facilitator_key_file.empty() ? rapport::key_path_beside(options.db_path) : options.facilitator_key_file;
  const LoadedKey key = load_or_create_facilitator_key(key_path);
  if (!key.key) {
    std::fprintf(stderr, "rapport-server: %s\n", key.error.c_str());
    return 3;
  }
  if (!key.warning.empty()) log.warn(key.warning);
  log.info(std::string(key.created ? "created a new facilitator key in " : "facilitator key from ") + key_path +
           " (a co-facilitator needs a copy of this file to host here)");
  try {
    EnetServer transport(options, log);
    SecureRandom random;
    ServerConfig config;
    config.max_players = options.max_players;
    config.facilitator_key = key.key;
    config.max_sessions_per_address = options.max_sessions_per_address;
    config.max_sessions_per_key = options.max_sessions_per_key;
    config.max_conns_per_address = options.max_conns_per_address;
    config.assets_dir = options.assets_dir.empty() ? rapport::build::kAssetsDir : options.assets_dir;
    config.report_dir = options.report_dir;
    // Game timers run --time-scale times faster, but reconnecting takes real
    // seconds (backoff, retransmits), so the grace period and the restart
    // hold are wall-clock: counted in game ms, they are scaled up to match.
    const auto wall_clock_ms = [&](double seconds) {
      return static_cast<std::int64_t>(seconds * 1000.0 * options.time_scale);
    };
    config.grace_ms = wall_clock_ms(options.grace_seconds);
    config.org = options.org;
    config.restart_hold_ms = wall_clock_ms(options.restart_hold_seconds);
    config.lobby_expiry_ms = wall_clock_ms(options.lobby_expiry_seconds);
    config.hello_timeout_ms = wall_clock_ms(kHelloTimeoutSeconds);
    load_content(config, log);
    ServerCore core(config, transport, log, random);
    core.attach_store(*store);
    // Game time continues where the journal left off, so restored timers keep their meaning.
    const std::int64_t clock = store->load_clock();
    transport.set_game_time_base(clock);
    if (const std::size_t restored = core.restore(clock); restored > 0) {
      log.info("resumed " + std::to_string(restored) + " session(s) from " + options.db_path);
    }
    log.info("rapport-server " + std::string(rapport::build::kVersion) + " listening on " + options.bind + ":" +
             std::to_string(transport.port()) + " (tick " + std::to_string(options.tick_hz) + " Hz, time scale " +
             std::to_string(options.time_scale) + ")");
    // Hosts on this machine find the key through this note (no flag needed).
    if (std::string why; !write_key_note(transport.port(), key_path, &why)) {
      log.warn("could not note where the facilitator key is for local hosts (" + why +
               "); they need --facilitator-key-file " + key_path);
    }
    transport.run(core, g_stop);
    remove_key_note(transport.port());
    const ServerStats stats = core.stats();
    log.info("shutting down: " + std::to_string(stats.sessions) + " sessions, " + std::to_string(stats.players) +
             " players, " + std::to_string(stats.malformed) + " malformed packets, " +
             std::to_string(transport.dropped_datagrams()) + " datagrams dropped before parsing");
  } catch (const std::exception& e) {
    log.error(e.what());
    return 1;
  }
  return 0;
}
