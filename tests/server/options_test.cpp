// rapport-server's durability flags: --db, --org, --restart-hold.
#include "rapport/server/options.hpp"

#include <gtest/gtest.h>

namespace rapport::server {
namespace {

TEST(ServerOptionsDurability, DefaultsAndGoodValues) {
  const auto defaults = parse_server_options({});
  ASSERT_TRUE(defaults.options) << defaults.error;
  EXPECT_EQ(defaults.options->db_path, "rapport.db");
  EXPECT_TRUE(defaults.options->org.empty());
  EXPECT_EQ(defaults.options->restart_hold_seconds, 30);

  const auto parsed = parse_server_options({"--db", "/tmp/x.db", "--org", "acme-eu_2", "--restart-hold", "0"});
  ASSERT_TRUE(parsed.options) << parsed.error;
  EXPECT_EQ(parsed.options->db_path, "/tmp/x.db");
  EXPECT_EQ(parsed.options->org, "acme-eu_2");
  EXPECT_EQ(parsed.options->restart_hold_seconds, 0);
}

TEST(ServerOptionsDurability, BadValuesAreNamedInTheError) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--db", ""}, "--db needs a file path"},
      {{"--org", ""}, "--org must be"},
      {{"--org", "two words"}, "--org must be"},
      {{"--org", std::string(65, 'a')}, "--org must be"},
      {{"--restart-hold", "-1"}, "--restart-hold must be 0..3600"},
      {{"--restart-hold", "3601"}, "--restart-hold must be 0..3600"},
      {{"--restart-hold", "soon"}, "--restart-hold must be 0..3600"},
      {{"--org"}, "needs a value"},
  };
  for (const auto& [args, expected] : cases) {
    const auto parsed = parse_server_options(args);
    EXPECT_FALSE(parsed.options) << args[0];
    EXPECT_NE(parsed.error.find(expected), std::string::npos) << parsed.error;
  }
  EXPECT_NE(server_usage().find("--org NAME"), std::string::npos);
  EXPECT_NE(server_usage().find("--restart-hold S"), std::string::npos);
}

}  // namespace
}  // namespace rapport::server
