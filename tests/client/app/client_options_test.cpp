// rapport-client flags: good ones parse, bad ones get a clear message.
#include "app/client_options.hpp"

#include <gtest/gtest.h>

namespace rapport::client {
namespace {

ParsedClientOptions parse(std::vector<std::string> args) { return parse_client_options(args); }

TEST(ClientOptions, DefaultsOpenTheConnectScreen) {
  const auto p = parse({});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->server, "127.0.0.1:7777");
  EXPECT_EQ(p.options->width, 1280U);
  EXPECT_EQ(p.options->height, 720U);
  EXPECT_FALSE(p.options->headless());
  EXPECT_FALSE(p.options->auto_connect());
}

TEST(ClientOptions, HeadlessLobbyJoin) {
  const auto p = parse({"--server", "10.0.0.5:9000", "--name", "Ada", "--join", "k7mqxr", "--screenshot", "/tmp/x.png",
                        "--scene", "lobby", "--size", "1920x1080", "--ui-scale", "1.5", "--reduced-motion",
                        "--wait-roster", "8", "--avatar", "drop,1,2,3,4", "--timeout", "30"});
  ASSERT_TRUE(p.options) << p.error;
  const ClientOptions& o = *p.options;
  EXPECT_EQ(o.join_code, "K7MQXR");
  EXPECT_TRUE(o.headless());
  EXPECT_TRUE(o.auto_connect());
  EXPECT_EQ(o.scene, SceneName::Lobby);
  EXPECT_EQ(o.width, 1920U);
  EXPECT_EQ(o.height, 1080U);
  EXPECT_FLOAT_EQ(o.ui_scale, 1.5F);
  EXPECT_TRUE(o.reduced_motion);
  EXPECT_EQ(o.wait_roster, 8U);
  EXPECT_EQ(o.timeout_seconds, 30);
  EXPECT_TRUE(o.avatar_given);
  EXPECT_EQ(o.avatar, (Avatar{AvatarShape::Drop, 1, 2, 3, 4}));
}

TEST(ClientOptions, ConnectScreenshotDoesNotConnect) {
  const auto p = parse({"--host", "--screenshot", "a.png", "--scene", "connect"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_FALSE(p.options->auto_connect());
}

TEST(ClientOptions, BadFlagsSayWhatIsWrong) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"--name"}, "--name needs a value"},
      {{"--join", "ABC"}, "6 letters and digits"},
      {{"--join", "OOOOOO"}, "6 letters and digits"},  // O is not in the alphabet (looks like 0)
      {{"--size", "big"}, "should look like 1280x720"},
      {{"--size", "100x100"}, "is outside"},
      {{"--ui-scale", "9"}, "0.5 to 3"},
      {{"--ui-scale", "1.5x"}, "0.5 to 3"},
      {{"--scene", "ballroom"}, "not one of connect, lobby, pairroom"},
      {{"--screenshot", "x.png", "--scene", "dashboard", "--join", "K7MQXR"}, "host's view: add --host"},
      {{"--screenshot", "x.png", "--scene", "pairroom", "--host"}, "participant's view: use --join"},
      {{"--start"}, "only makes sense with --host"},
      {{"--wait-chat", "99"}, "0 to 50"},
      {{"--delay", "-1"}, "0 to 60 seconds"},
      {{"--timeout", "0"}, "1 to 600 seconds"},
      {{"--avatar", "star,1,1,1,1"}, "not one of circle"},
      {{"--avatar", "circle,1,9,1,1"}, "from 0 to 7"},
      {{"--avatar", "circle,1,1,1,5"}, "from 0 to 4"},
      {{"--avatar", "circle,1"}, "five values"},
      {{"--host", "--join", "K7MQXR"}, "either --host or --join"},
      {{"--screenshot", "x.png", "--scene", "lobby"}, "needs --host or --join"},
      {{"--code-file", "c.txt"}, "only makes sense with --host"},
  };
  for (const auto& [args, expected] : cases) {
    const auto p = parse(args);
    EXPECT_FALSE(p.options) << args[0];
    EXPECT_NE(p.error.find(expected), std::string::npos) << "for " << args[0] << ": " << p.error;
  }
}

TEST(ClientOptions, SessionScenesAndWaitsParse) {
  const auto p = parse({"--join", "K7MQXR", "--screenshot", "p.png", "--scene", "pairroom", "--wait-chat", "4",
                        "--delay", "3"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->scene, SceneName::PairRoom);
  EXPECT_EQ(p.options->wait_chat, 4U);
  EXPECT_EQ(p.options->delay_seconds, 3);
  const auto h = parse({"--host", "--start", "--wait-roster", "12", "--screenshot", "d.png", "--scene", "dashboard"});
  ASSERT_TRUE(h.options) << h.error;
  EXPECT_TRUE(h.options->start_session);
  EXPECT_EQ(h.options->scene, SceneName::Dashboard);
}

TEST(ClientOptions, UsageListsEveryFlag) {
  const std::string usage = client_usage();
  for (const char* flag : {"--server", "--name", "--team", "--join", "--host", "--program", "--avatar", "--size",
                           "--ui-scale", "--reduced-motion", "--font", "--screenshot", "--scene", "--wait-roster",
                           "--code-file", "--timeout", "--wait-chat", "--start", "--delay"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace rapport::client
