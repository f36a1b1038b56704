#pragma once
// How a bot plays the round modules: profile answers, common-ground
// proposals, Blueprint describing/building, role-play guesses and In Step
// steering. It turns what the server shows into what the bot sends back.
#include "behaviour.hpp"
#include "rapport/rounds/challenge_bots.hpp"
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::bots {

struct Outgoing {
  std::int64_t at_ms = 0;
  Message message;
  bool motion = false;
};

class RoundPlayer {
 public:
  RoundPlayer(Style style, std::uint64_t seed) : style_(style), rng_(seed), describer_(seed), builder_(seed + 1) {}

  void set_me(std::uint32_t id) { me_ = id; }
  // A server message arrived at game time `now`; returns what to send (possibly later).
  std::vector<Outgoing> on_message(const Message& message, std::int64_t now_ms);
  // Called regularly: proposals and idle building.
  std::vector<Outgoing> on_tick(std::int64_t now_ms);
  void new_round() {
    blueprint_.reset();
    common_ground_.reset();
    role_play_.reset();
    puzzle_ = 0;
  }

 private:
  std::vector<Outgoing> on_blueprint(const BlueprintView& view, std::int64_t now_ms);
  std::vector<Outgoing> on_common_ground(const CommonGroundView& view, std::int64_t now_ms);
  std::vector<Outgoing> on_role_play(const RolePlayView& view, std::int64_t now_ms);
  std::vector<Outgoing> on_in_step(const InStepSnapshot& snapshot, std::int64_t now_ms);
  [[nodiscard]] blueprint::BlueprintView to_rules_view(const BlueprintView& view) const;

  Style style_;
  Rng rng_;
  std::uint32_t me_ = 0;
  DescriberBot describer_;
  BuilderBot builder_;
  std::uint8_t puzzle_ = 0;
  std::optional<BlueprintView> blueprint_;
  std::optional<CommonGroundView> common_ground_;
  std::optional<RolePlayView> role_play_;
  std::int64_t next_proposal_ms_ = 0;
  std::int64_t last_heard_ms_ = 0;
  std::vector<std::uint8_t> answered_cells_;
  std::uint8_t role_play_phase_seen_ = 255;
  std::uint32_t input_sequence_ = 0;
  std::vector<WireInput> recent_inputs_;
};

}  // namespace rapport::bots
