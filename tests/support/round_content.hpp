#pragma once
// The shipped decks and scenarios, loaded once, for tests that drive round
// modules through the reducer without a server.
#include "rapport/build_info.hpp"
#include "rapport/content/deck.hpp"
#include "rapport/content/program.hpp"
#include "rapport/rounds/round_play.hpp"
#include "rapport/content/scenario.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace rapport::testing {

inline std::string content_assets() {
  const char* env = std::getenv("RAPPORT_ASSETS");
  return env ? env : build::kAssetsDir;
}

inline std::shared_ptr<const RoundContent> round_content() {
  static const auto loaded = [] {
    auto c = std::make_shared<RoundContent>();
    for (auto a : {Audience::TeamBuilding, Audience::Onboarding, Audience::Classroom}) {
      auto deck = load_deck(content_assets() + "/decks/" + std::string(audience_id(a)) + ".json");
      EXPECT_TRUE(deck.ok());
      if (deck.deck) c->decks.emplace(a, *deck.deck);
    }
    auto scenarios = load_scenarios(content_assets() + "/scenarios");
    EXPECT_TRUE(scenarios.ok()) << scenarios.describe();
    c->scenarios = scenarios.scenarios;
    return c;
  }();
  return loaded;
}

}  // namespace rapport::testing
