// rapport-server: parses flags, opens the ENet host, runs the loop until
// SIGINT/SIGTERM, then shuts down cleanly.
#include "rapport/build_info.hpp"
#include "rapport/server/enet_server.hpp"
#include "rapport/server/options.hpp"
#include "rapport/server/secure_random.hpp"
#include "rapport/server/server_core.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }
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
  try {
    EnetServer transport(options, log);
    SecureRandom random;
    ServerConfig config;
    config.max_players = options.max_players;
    config.assets_dir = options.assets_dir.empty() ? rapport::build::kAssetsDir : options.assets_dir;
    ServerCore core(config, transport, log, random);
    log.info("rapport-server " + std::string(rapport::build::kVersion) + " listening on " + options.bind + ":" +
             std::to_string(transport.port()) + " (tick " + std::to_string(options.tick_hz) + " Hz, time scale " +
             std::to_string(options.time_scale) + ")");
    transport.run(core, g_stop);
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
