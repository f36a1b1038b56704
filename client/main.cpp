// rapport-client: parses flags, then runs the window or the headless driver.
#include "rapport/build_info.hpp"
#include "app/app.hpp"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace rapport::client;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const ParsedClientOptions parsed = parse_client_options(args);
  if (!parsed.options) {
    std::fprintf(stderr, "rapport-client: %s (see --help)\n", parsed.error.c_str());
    return kExitUsage;
  }
  const ClientOptions& options = *parsed.options;
  if (options.help) {
    std::fputs(client_usage().c_str(), stdout);
    return kExitOk;
  }
  if (options.version) {
    std::printf("rapport-client %s (protocol %u)\n", rapport::build::kVersion,
                static_cast<unsigned>(rapport::kProtocolVersion));
    return kExitOk;
  }
  try {
    App app(options);
    return options.headless() ? app.run_headless() : app.run_window();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rapport-client: %s\n", e.what());
    return kExitStartup;
  }
}
