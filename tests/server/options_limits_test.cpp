// rapport-server's admission flags: --max-conns-per-address, the facilitator
// key file, the session caps and the lobby expiry.
#include "rapport/server/options.hpp"

#include <gtest/gtest.h>

namespace rapport::server {
namespace {

TEST(ServerOptionsLimits, MaxConnsPerAddressDefaultsTo64AndIsChecked) {
  const auto defaults = parse_server_options({});
  ASSERT_TRUE(defaults.options);
  EXPECT_EQ(defaults.options->max_conns_per_address, 64u);
  const auto set = parse_server_options({"--max-conns-per-address", "200"});
  ASSERT_TRUE(set.options) << set.error;
  EXPECT_EQ(set.options->max_conns_per_address, 200u);
  for (const char* bad : {"0", "4001", "-1", "many", ""}) {
    const auto parsed = parse_server_options({"--max-conns-per-address", bad});
    EXPECT_FALSE(parsed.options) << bad;
    EXPECT_NE(parsed.error.find("--max-conns-per-address must be 1..4000"), std::string::npos) << parsed.error;
  }
  const auto missing = parse_server_options({"--max-conns-per-address"});
  EXPECT_FALSE(missing.options);
  EXPECT_NE(missing.error.find("needs a value"), std::string::npos);
  EXPECT_NE(server_usage().find("--max-conns-per-address"), std::string::npos);
}

TEST(ServerOptionsLimits, FacilitatorKeyAndSessionCaps) {
  const auto defaults = parse_server_options({});
  ASSERT_TRUE(defaults.options);
  EXPECT_TRUE(defaults.options->facilitator_key_file.empty()) << "default: beside --db";
  EXPECT_EQ(defaults.options->max_sessions_per_address, 8u);
  EXPECT_EQ(defaults.options->max_sessions_per_key, 100u);
  EXPECT_EQ(defaults.options->lobby_expiry_seconds, 300);
  const auto set = parse_server_options({"--facilitator-key-file", "/srv/k.key", "--max-sessions-per-address", "3",
                                         "--max-sessions-per-key", "40", "--lobby-expiry", "60"});
  ASSERT_TRUE(set.options) << set.error;
  EXPECT_EQ(set.options->facilitator_key_file, "/srv/k.key");
  EXPECT_EQ(set.options->max_sessions_per_address, 3u);
  EXPECT_EQ(set.options->max_sessions_per_key, 40u);
  EXPECT_EQ(set.options->lobby_expiry_seconds, 60);
  const std::pair<const char*, const char*> bad[] = {{"--facilitator-key-file", ""},
                                                     {"--max-sessions-per-address", "0"},
                                                     {"--max-sessions-per-address", "1001"},
                                                     {"--max-sessions-per-key", "x"},
                                                     {"--lobby-expiry", "0"},
                                                     {"--lobby-expiry", "86401"}};
  for (const auto& [flag, value] : bad) {
    const auto parsed = parse_server_options({flag, value});
    EXPECT_FALSE(parsed.options) << flag << " " << value;
    EXPECT_NE(parsed.error.find(flag), std::string::npos) << parsed.error;
  }
  for (const char* flag : {"--facilitator-key-file", "--max-sessions-per-address", "--max-sessions-per-key",
                           "--lobby-expiry"}) {
    EXPECT_NE(server_usage().find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace rapport::server
