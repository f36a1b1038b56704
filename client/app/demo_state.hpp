#pragma once
// Realistic fake state for the round scenes, so `--scene NAME` renders them
// headless without a server (screenshots, tests). Built from the shipped
// content (decks, scenarios) and the shared rules (puzzle and course
// generation), then fed to ClientSession::play_demo as if a server sent it.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::client {

struct DemoScript {
  std::uint32_t me = 0;
  std::string my_name;
  std::vector<Message> messages;
};

// `variant` is a --scene text: profile, commonground, blueprint-describer,
// blueprint-builder, instep, roleplay, roleplay-SETTING, guess, reveal.
// nullopt with `error` set when the variant is unknown or content is missing.
[[nodiscard]] std::optional<DemoScript> demo_script(const std::string& variant, const std::string& assets_dir,
                                                    std::string& error);

}  // namespace rapport::client
