#include "rapport/server/options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

namespace rapport::server {
namespace {

template <class T>
bool parse_number(const std::string& text, T& out) {
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

std::string server_usage() {
  return R"(rapport-server — the authoritative Rapport game server

Usage: rapport-server [options]

  --port P          UDP port to serve on (default 7777)
  --bind ADDR       address to bind (default 0.0.0.0; 127.0.0.1 for local only)
  --max-players N   seated players across all sessions (default 500, 1..4000)
  --log-level L     debug | info | warn | error | off (default info)
  --tick-hz N       fixed tick rate for timed work (default 20, 1..120)
  --time-scale F    run every game timer F times faster (default 1; tests use 20-200);
                    --grace and --restart-hold stay in real seconds
  --assets DIR      content folder (programs, decks, scenarios; default: the build's assets/)
  --report-dir DIR  where session reports are written (default ./reports)
  --db PATH         SQLite file for the journal (default ./rapport.db)
  --grace S         real seconds a dropped participant keeps their seat (default 120)
  --org NAME        organisation: who met whom is kept across its sessions, so
                    pairings avoid repeats next time too (default: none)
  --restart-hold S  after a restart, running timers wait up to S real seconds
                    for everyone to reconnect (default 30, 0..3600)
  --max-conns-per-address N
                    live connections one address may hold once they said hello
                    (default 64, 1..4000; a classroom behind one NAT address
                    shares it; connections still silent have a small cap of their own)
  --facilitator-key-file PATH
                    the key a host needs to create a session: read from PATH, or
                    made (random, mode 0600) if PATH does not exist
                    (default: rapport.key beside --db)
  --max-sessions-per-address N
                    open sessions hosted from one address (default 8, 1..1000)
  --max-sessions-per-key N
                    open sessions hosted with one facilitator key (default 100, 1..4000)
  --lobby-expiry S  a lobby whose host has gone closes after S real seconds
                    (default 300, 1..86400)
  --help            show this help
  --version         show the version
)";
}

ParsedOptions parse_server_options(const std::vector<std::string>& args) {
  ServerOptions o;
  ParsedOptions result;
  const auto fail = [&](std::string text) {
    result.error = std::move(text) + " (see --help)";
    return result;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") {
      o.help = true;
      continue;
    }
    if (flag == "--version") {
      o.version = true;
      continue;
    }
    if (flag.rfind("--", 0) != 0) return fail("unexpected argument '" + flag + "'");
    static const std::set<std::string> kValueFlags = {"--port",   "--bind",       "--max-players", "--log-level",
                                                      "--tick-hz", "--time-scale", "--assets",      "--report-dir",
                                                      "--db",     "--grace",      "--org",         "--restart-hold",
                                                      "--max-conns-per-address", "--facilitator-key-file",
                                                      "--max-sessions-per-address", "--max-sessions-per-key",
                                                      "--lobby-expiry"};
    if (!kValueFlags.contains(flag)) return fail("unknown option '" + flag + "'");
    if (i + 1 >= args.size()) return fail("option " + flag + " needs a value");
    const std::string& value = args[++i];
    if (value.rfind("--", 0) == 0) return fail("option " + flag + " needs a value before " + value);
    if (flag == "--port") {
      unsigned port = 0;
      if (!parse_number(value, port) || port > 65535) return fail("--port must be a number from 0 to 65535, got '" + value + "'");
      o.port = static_cast<std::uint16_t>(port);
    } else if (flag == "--bind") {
      if (value.empty()) return fail("--bind needs an address");
      o.bind = value;
    } else if (flag == "--max-players") {
      std::size_t n = 0;
      if (!parse_number(value, n) || n < 1 || n > 4000) return fail("--max-players must be 1..4000, got '" + value + "'");
      o.max_players = n;
    } else if (flag == "--log-level") {
      const auto level = parse_log_level(value);
      if (!level) return fail("--log-level must be debug, info, warn, error or off, got '" + value + "'");
      o.log_level = *level;
    } else if (flag == "--tick-hz") {
      int hz = 0;
      if (!parse_number(value, hz) || hz < 1 || hz > 120) return fail("--tick-hz must be 1..120, got '" + value + "'");
      o.tick_hz = hz;
    } else if (flag == "--time-scale") {
      double f = 0;
      if (!parse_number(value, f) || !std::isfinite(f) || f < 0.01 || f > 1000) {
        return fail("--time-scale must be a number from 0.01 to 1000, got '" + value + "'");
      }
      o.time_scale = f;
    } else if (flag == "--assets") {
      o.assets_dir = value;
    } else if (flag == "--report-dir") {
      if (value.empty()) return fail("--report-dir needs a folder");
      o.report_dir = value;
    } else if (flag == "--db") {
      if (value.empty()) return fail("--db needs a file path");
      o.db_path = value;
    } else if (flag == "--grace") {
      int s = 0;
      if (!parse_number(value, s) || s < 0 || s > 3600) return fail("--grace must be 0..3600 seconds, got '" + value + "'");
      o.grace_seconds = s;
    } else if (flag == "--org") {
      const bool ok = !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
      if (!ok) return fail("--org must be 1..64 letters, digits, '-', '_' or '.', got '" + value + "'");
      o.org = value;
    } else if (flag == "--restart-hold") {
      int s = 0;
      if (!parse_number(value, s) || s < 0 || s > 3600) return fail("--restart-hold must be 0..3600 seconds, got '" + value + "'");
      o.restart_hold_seconds = s;
    } else if (flag == "--max-conns-per-address") {
      std::size_t n = 0;
      if (!parse_number(value, n) || n < 1 || n > 4000) {
        return fail("--max-conns-per-address must be 1..4000, got '" + value + "'");
      }
      o.max_conns_per_address = n;
    } else if (flag == "--facilitator-key-file") {
      if (value.empty()) return fail("--facilitator-key-file needs a file path");
      o.facilitator_key_file = value;
    } else if (flag == "--max-sessions-per-address") {
      std::size_t n = 0;
      if (!parse_number(value, n) || n < 1 || n > 1000) {
        return fail("--max-sessions-per-address must be 1..1000, got '" + value + "'");
      }
      o.max_sessions_per_address = n;
    } else if (flag == "--max-sessions-per-key") {
      std::size_t n = 0;
      if (!parse_number(value, n) || n < 1 || n > 4000) {
        return fail("--max-sessions-per-key must be 1..4000, got '" + value + "'");
      }
      o.max_sessions_per_key = n;
    } else if (flag == "--lobby-expiry") {
      int s = 0;
      if (!parse_number(value, s) || s < 1 || s > 86400) {
        return fail("--lobby-expiry must be 1..86400 seconds, got '" + value + "'");
      }
      o.lobby_expiry_seconds = s;
    } else {
      return fail("unknown option '" + flag + "'");
    }
  }
  result.options = o;
  return result;
}

}  // namespace rapport::server
