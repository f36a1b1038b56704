#pragma once
// What the round scenes turn clicks and keys into, and In Step's client-side
// netcode. Pure (no SFML, no sockets, no clock) so tests can drive it: the
// scenes call these and send what comes back; the server still decides.
#include "rapport/rounds/in_step/in_step_netcode.hpp"
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rapport::client {

// ---- Blueprint (builder) ------------------------------------------------------------
// What the builder holds in hand between two clicks.
struct BuilderHand {
  std::optional<std::uint8_t> tray;  // a tray piece picked up (to place)
  std::optional<std::pair<std::uint8_t, std::uint8_t>> placed;  // a placed piece picked up (to move)
  void clear() {
    tray.reset();
    placed.reset();
  }
};

// The piece at (x, y) in `pieces`, or nullptr.
[[nodiscard]] const WirePiece* piece_at(const std::vector<WirePiece>& pieces, int x, int y);
// Picks up an unused tray piece (a second click on it puts it back). False when
// the view is not a builder's, the round is over or the piece is used.
bool pick_tray(const BlueprintView& view, BuilderHand& hand, std::uint8_t tray_index);
// A click on cell (x, y): places the tray piece in hand, moves the placed piece
// in hand, or picks up the piece lying there. Returns the act to send, if any.
[[nodiscard]] std::optional<BlueprintAct> builder_click(const BlueprintView& view, BuilderHand& hand, int x, int y);
// Removing the piece at (x, y) (right click, or Delete on the picked piece).
[[nodiscard]] std::optional<BlueprintAct> builder_remove(const BlueprintView& view, int x, int y);
// "Ask for a check": only while checks are left.
[[nodiscard]] std::optional<BlueprintAct> builder_check(const BlueprintView& view);
// "We are done".
[[nodiscard]] std::optional<BlueprintAct> builder_submit(const BlueprintView& view);

// ---- Common ground --------------------------------------------------------------------
// What the player can do with a cell right now.
enum class CellAction : std::uint8_t { None, Propose, Respond, Waiting };
[[nodiscard]] CellAction cell_action(const CommonGroundView& view, std::size_t cell, std::uint32_t me);
// "we both ..." for an open cell; nullopt for an empty text or a cell that is not open.
[[nodiscard]] std::optional<CommonGroundPropose> propose_cell(const CommonGroundView& view, std::size_t cell,
                                                              std::uint32_t me, const std::string& text);
// Confirm or decline the partner's proposal on a cell.
[[nodiscard]] std::optional<CommonGroundRespond> respond_cell(const CommonGroundView& view, std::size_t cell,
                                                              std::uint32_t me, bool accept);

// ---- Role play --------------------------------------------------------------------------
// A guess once both a goal and a feeling are chosen for the target.
[[nodiscard]] std::optional<RolePlayGuessPost> make_guess(const RolePlayView& view, std::uint32_t target,
                                                          int goal_option, int feeling_option);

// ---- In Step ----------------------------------------------------------------------------
// Arrow keys / WASD held down -> an input direction (diagonals at full speed per axis).
struct Steer {
  std::int8_t dx = 0;
  std::int8_t dy = 0;
};
[[nodiscard]] Steer steer_from_keys(bool up, bool down, bool left, bool right);

// Predicts my avatar and interpolates the partners from Motion-channel
// snapshots. Inputs are addressed to the server tick they should apply at:
// the client's estimate of the server's tick plus a lead. The lead starts at
// kInputLeadTicks (a 200 ms round trip and a lost packet; inputs are resent
// 8 at a time) and follows the measured link once set_link() is called.
class InStepClient {
 public:
  static constexpr std::uint32_t kInputLeadTicks = 6;
  static constexpr std::uint32_t kMinLeadTicks = 3;
  // Below the server's kMaxInputLeadTicks, so no input is ever refused as too far ahead.
  static constexpr std::uint32_t kMaxLeadTicks = 30;
  // The lead an input needs on this link: the round trip (the clock estimate
  // lags the server by the down leg, the input travels the up leg), two
  // deviations of jitter, and one tick for a lost packet.
  [[nodiscard]] static std::uint32_t lead_for(std::uint32_t rtt_ms, std::uint32_t variance_ms);
  // The measured link (ENet's RTT and variance). The lead changes only when
  // it differs by two ticks or more, so it does not flutter.
  void set_link(std::uint32_t rtt_ms, std::uint32_t variance_ms);
  [[nodiscard]] std::uint32_t lead_ticks() const { return lead_; }
  // Inputs made in one update at most (after a stall the client does not flood).
  static constexpr std::uint32_t kMaxInputsPerUpdate = 4;

  explicit InStepClient(std::uint32_t me = 0) : me_(me) {}
  // A snapshot arrived at client time `now_ms`.
  void on_snapshot(const InStepSnapshot& snapshot, std::int64_t now_ms);
  // Once per frame with the held direction: makes the inputs for the ticks
  // that came due and returns the packet to send (nullopt when nothing new).
  [[nodiscard]] std::optional<InStepInput> update(Steer steer, std::int64_t now_ms);

  [[nodiscard]] bool started() const { return avatar_.has_value(); }
  [[nodiscard]] in_step::Vec2 own() const { return avatar_ ? avatar_->position() : in_step::Vec2{}; }
  // Where to draw a partner now (interpolated in the past).
  [[nodiscard]] in_step::Vec2 partner(std::uint32_t id, std::int64_t now_ms);
  [[nodiscard]] std::vector<std::uint32_t> partner_ids() const;
  // Client time -> the server's clock, from the freshest snapshot seen.
  [[nodiscard]] std::int64_t server_time(std::int64_t now_ms) const { return now_ms + offset_ms_; }
  [[nodiscard]] std::int64_t largest_correction() const { return avatar_ ? avatar_->largest_correction() : 0; }
  [[nodiscard]] std::int64_t largest_partner_jump() const;
  [[nodiscard]] std::uint32_t next_tick() const { return next_tick_; }

 private:
  std::uint32_t me_;
  std::optional<in_step::PredictedAvatar> avatar_;
  std::map<std::uint32_t, in_step::Interpolator> partners_;
  std::int64_t offset_ms_ = 0;
  bool have_offset_ = false;
  std::uint32_t next_tick_ = 0;
  std::uint32_t sequence_ = 0;
  std::uint32_t lead_ = kInputLeadTicks;
  std::uint32_t fill_ = 0;  // ticks still to fill after the lead grew
};

}  // namespace rapport::client
