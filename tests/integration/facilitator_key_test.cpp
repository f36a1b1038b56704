// Facilitator keys on a real server (127.0.0.1): who may host, the key file
// the server makes, and the acceptance run: after any number of keyless hosts,
// a keyed host still gets its session and ten players.
#include "net/host_key.hpp"
#include "server_process.hpp"

#include "rapport/protocol/facilitator_key.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace rapport {
namespace {

using test::ServerProcess;

// A folder with no key and no server notes: bots run there (HOME too) have no key.
class Keyless {
 public:
  Keyless() : dir_(std::filesystem::temp_directory_path() / ("rapport-keyless-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~Keyless() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  [[nodiscard]] std::string prefix() const {
    return "cd " + dir_.string() + " && HOME=" + dir_.string() + " XDG_RUNTIME_DIR= ";
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

nlohmann::json last_json(const test::CommandResult& result) {
  return nlohmann::json::parse(result.last_line(), nullptr, false);
}

TEST(FacilitatorKey, HostingWithoutTheKeyIsRefusedInPlainWords) {
  ServerProcess server;
  Keyless keyless;
  const auto result = test::run_command(keyless.prefix() + test::bin_dir() + "/rapport-bots --server " +
                                        server.endpoint() + " --host --players 0 --json --timeout 10");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  const auto json = last_json(result);
  ASSERT_TRUE(json.is_object()) << result.output;
  EXPECT_NE(json.value("first_failure", "").find("needs its facilitator key"), std::string::npos) << result.output;
  EXPECT_LT(json.value("elapsed_s", 99.0), 5.0) << "refused at once, not at --timeout";
}

TEST(FacilitatorKey, AWrongKeyIsRefusedAndTheRightOneWorks) {
  ServerProcess server;
  Keyless keyless;
  const std::string wrong = (keyless.dir() / "other.key").string();
  std::ofstream(wrong) << std::string(64, 'a') << "\n";
  const std::string bots = keyless.prefix() + test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                           " --host --players 2 --json --timeout 10 --facilitator-key-file ";
  const auto refused = test::run_command(bots + wrong);
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(last_json(refused).value("first_failure", "").find("not this server's key"), std::string::npos)
      << refused.output;
  // The server's own file, named explicitly, from a folder without a default.
  const auto keyed = test::run_command(bots + server.key_file());
  EXPECT_EQ(keyed.exit_code, 0) << keyed.output;
  EXPECT_EQ(test::json_number(keyed.last_line(), "connected"), 2) << keyed.output;
  // A key file that is not one is a usage error, before any connection.
  const std::string broken = (keyless.dir() / "broken.key").string();
  std::ofstream(broken) << "not a key\n";
  EXPECT_EQ(test::run_command(bots + broken + " 2>/dev/null").exit_code, 2);
}

TEST(FacilitatorKey, TheServerMakesAPrivateKeyFileAndKeepsIt) {
  Keyless keyless;
  const std::string path = (keyless.dir() / "made.key").string();
  std::string first;
  {
    ServerProcess server({"--facilitator-key-file", path});
    ASSERT_TRUE(server.running());
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0) << "the server should have created " << path;
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const auto read = read_facilitator_key_file(path);
    ASSERT_TRUE(read.key.has_value()) << read.error;
    first = format_facilitator_key(*read.key);
    // Bots on this machine find it through the server's note, with no flag.
    const auto local = test::run_command(test::bin_dir() + "/rapport-bots --server " + server.endpoint() +
                                         " --host --players 1 --json --timeout 10");
    EXPECT_EQ(local.exit_code, 0) << local.output;
  }
  ServerProcess again({"--facilitator-key-file", path});
  ASSERT_TRUE(again.running());
  const auto read = read_facilitator_key_file(path);
  ASSERT_TRUE(read.key.has_value());
  EXPECT_EQ(format_facilitator_key(*read.key), first) << "an existing key is read, never replaced";
  // A file that is not a key stops the server with the reason (exit 3).
  const std::string broken = (keyless.dir() / "broken.key").string();
  std::ofstream(broken) << "0123\n";
  const auto bad = test::run_command(test::bin_dir() + "/rapport-server --port 0 --bind 127.0.0.1 --db " +
                                     (keyless.dir() / "x.db").string() + " --report-dir " +
                                     (keyless.dir() / "reports").string() + " --facilitator-key-file " + broken + " 2>&1");
  EXPECT_EQ(bad.exit_code, 3) << bad.output;
  EXPECT_NE(bad.output.find("is not a facilitator key file"), std::string::npos) << bad.output;
  EXPECT_EQ(bad.output.find(first), std::string::npos) << "the key is never printed";
}

// The prank: many hosts from one address. Keyless ones are refused
// (and counted), keyed ones whose host has gone leave lobbies that make room;
// either way a keyed host with ten players still gets in.
TEST(FacilitatorKey, AfterManyKeylessAndAbandonedHostsAKeyedHostStillGetsTenPlayers) {
  ServerProcess server({"--max-players", "10", "--max-sessions-per-address", "3"});
  Keyless keyless;
  const std::string bots = test::bin_dir() + "/rapport-bots --server " + server.endpoint() + " ";
  int keyless_refused = 0;
  for (int i = 0; i < 30; ++i) {
    const auto r = test::run_command(keyless.prefix() + bots + "--host --players 0 --json --timeout 10");
    keyless_refused += r.exit_code == 1 ? 1 : 0;
  }
  EXPECT_EQ(keyless_refused, 30);
  // Keyed hosts that leave at once: their lobbies wait (host gone), and the
  // oldest makes room when the per-address cap is reached.
  int keyed_ok = 0;
  for (int i = 0; i < 10; ++i) {
    const auto r = test::run_command(bots + "--host --players 0 --json --timeout 10 --facilitator-key-file " +
                                     server.key_file());
    keyed_ok += r.exit_code == 0 ? 1 : 0;
  }
  EXPECT_EQ(keyed_ok, 10);
  const auto result = test::run_command(bots + "--host --players 10 --json --timeout 30 --facilitator-key-file " +
                                        server.key_file());
  EXPECT_EQ(test::json_number(result.last_line(), "connected"), 10) << result.output;
  EXPECT_EQ(test::json_number(result.last_line(), "errors"), 0) << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(server.running());
}

}  // namespace
}  // namespace rapport
