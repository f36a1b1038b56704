#pragma once
// Command-line options of rapport-server, parsed without side effects so
// tests can check every bad flag gets a clear message.
#include "rapport/server/logger.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::server {

struct ServerOptions {
  std::uint16_t port = 7777;
  std::string bind = "0.0.0.0";
  std::size_t max_players = 500;
  LogLevel log_level = LogLevel::Info;
  int tick_hz = 20;
  double time_scale = 1.0;
  std::string assets_dir;  // empty: the build's assets folder
  std::string report_dir = "reports";
  std::string db_path = "rapport.db";
  int grace_seconds = 120;
  // Live connections one address may hold (a classroom may share one NAT address).
  std::size_t max_conns_per_address = 64;
  // Where the facilitator key is read from (or created); empty: beside --db.
  std::string facilitator_key_file;
  // Open sessions one address, and one facilitator key, may hold at once.
  std::size_t max_sessions_per_address = 8;
  std::size_t max_sessions_per_key = 100;
  // A lobby whose host has gone closes after this many real seconds.
  int lobby_expiry_seconds = 300;
  std::string org;               // empty: no cross-session history
  int restart_hold_seconds = 30;  // game seconds
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  std::optional<ServerOptions> options;
  std::string error;  // set when options is empty
};

[[nodiscard]] ParsedOptions parse_server_options(const std::vector<std::string>& args);
[[nodiscard]] std::string server_usage();

}  // namespace rapport::server
