// rapport-server's admission flag: --max-conns-per-address.
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

}  // namespace
}  // namespace rapport::server
