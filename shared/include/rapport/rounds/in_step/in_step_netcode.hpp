#pragma once
// In Step netcode helpers, pure and clock-free (time comes in as values):
// - InputBuffer (server): holds each member's inputs by target tick, so the
//   authoritative step uses the input meant for that tick however the packets
//   were delayed, duplicated or reordered;
// - PredictedAvatar (client): predicts its own avatar with the shared
//   move_avatar and reconciles against server state;
// - Interpolator (client): shows the partner smoothly, kInterpolationDelayMs
//   in the past, and measures any visible jump.
#include "rapport/rounds/in_step/in_step.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace rapport::in_step {

// Each input packet repeats the newest unacknowledged inputs, so a lost packet
// is covered by the next ones (at 20 Hz, 8 inputs cover 400 ms of loss).
inline constexpr std::size_t kInputsPerPacket = 8;
// The server accepts inputs this far ahead of its tick (2 s): enough for any
// sane client lead, small enough that a flood cannot grow the buffer.
inline constexpr std::uint32_t kMaxInputLeadTicks = 40;
// Partners are drawn this far in the past: two snapshots at 20 Hz, so one
// lost snapshot is bridged without a stall.
inline constexpr std::int64_t kInterpolationDelayMs = 100;
// Snapshots kept for interpolation (1 s at 20 Hz).
inline constexpr std::size_t kMaxSnapshots = 20;

// What one input packet carries: up to kInputsPerPacket inputs, oldest first.
struct InputPacket {
  std::vector<PlayerInput> inputs;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(inputs);
  }
};

// ---- server ----------------------------------------------------------------------
class InputBuffer {
 public:
  // Keeps inputs meant for ticks in [current_tick, current_tick +
  // kMaxInputLeadTicks]; stale, far-future and repeated ones are dropped.
  // Returns how many inputs were new.
  std::size_t offer(std::span<const PlayerInput> inputs, std::uint32_t current_tick);
  // Removes and returns the input for `tick`; drops anything older.
  [[nodiscard]] std::optional<PlayerInput> take(std::uint32_t tick);
  [[nodiscard]] std::size_t size() const { return by_tick_.size(); }

 private:
  std::map<std::uint32_t, PlayerInput> by_tick_;
};

// ---- client: own avatar -----------------------------------------------------------
// Inputs are addressed to ticks, so the server acknowledges by tick: a snapshot
// taken after `processed_ticks` ticks has dealt with every input whose tick is
// below it (applied, or missed and covered by the held direction). Acking by
// tick rather than by the last applied sequence keeps a missed input from being
// counted twice during reconciliation.

// Replays inputs from a position with the shared movement rule.
[[nodiscard]] Vec2 predict(Vec2 from, std::span<const PlayerInput> inputs);

struct Reconciled {
  Vec2 position;                 // the new prediction
  std::int64_t correction = 0;   // how far the shown avatar jumps, milli-units
};
// The server says the avatar was at `server_position` after `processed_ticks`
// ticks; replays the inputs meant for that tick or later (others are skipped).
[[nodiscard]] Reconciled reconcile(Vec2 server_position, std::uint32_t processed_ticks,
                                   std::span<const PlayerInput> unacknowledged, Vec2 shown_position);

// Pending inputs kept at most (6.4 s at 20 Hz); a client that has heard nothing
// for that long is reconnecting, not predicting.
inline constexpr std::size_t kMaxPendingInputs = 128;

class PredictedAvatar {
 public:
  explicit PredictedAvatar(Vec2 spawn) : position_(spawn) {}
  // Applies a local input at once (the player feels no latency) and keeps it
  // until the server has processed its tick.
  void apply_local(const PlayerInput& input);
  // Returns the correction in milli-units (0 when the prediction was right).
  // Snapshots older than one already seen are ignored and return 0.
  std::int64_t on_server_state(Vec2 server_position, std::uint32_t processed_ticks);
  // The packet to send now: the newest unacknowledged inputs, oldest first.
  [[nodiscard]] InputPacket packet() const;
  [[nodiscard]] Vec2 position() const { return position_; }
  [[nodiscard]] std::size_t pending() const { return pending_.size(); }
  [[nodiscard]] std::int64_t largest_correction() const { return largest_correction_; }

 private:
  Vec2 position_;
  std::deque<PlayerInput> pending_;
  std::uint32_t processed_ticks_ = 0;
  std::int64_t largest_correction_ = 0;
};

// ---- client: partner avatar -------------------------------------------------------
class Interpolator {
 public:
  explicit Interpolator(std::int64_t delay_ms = kInterpolationDelayMs) : delay_ms_(delay_ms) {}
  // A snapshot of the partner at server time `time_ms`. Older or repeated
  // snapshots are ignored (the channel is sequenced; this is a second guard).
  void push(std::int64_t time_ms, Vec2 position);
  // The position to draw when the client's estimate of server time is
  // `now_ms`: interpolated at now_ms - delay. When starved it holds the newest
  // snapshot rather than guessing where the partner went. Before the first
  // snapshot there is nothing to show: it returns {0, 0} and counts as starved.
  [[nodiscard]] Vec2 sample(std::int64_t now_ms);
  // The biggest movement between two samples beyond what max speed allows:
  // the "snap" a player would notice. Milli-units.
  [[nodiscard]] std::int64_t largest_jump() const { return largest_jump_; }
  [[nodiscard]] std::uint32_t starved_samples() const { return starved_; }

 private:
  struct Snapshot {
    std::int64_t time_ms = 0;
    Vec2 position;
  };
  std::int64_t delay_ms_;
  std::deque<Snapshot> snapshots_;
  std::optional<Snapshot> last_sample_;
  std::int64_t largest_jump_ = 0;
  std::uint32_t starved_ = 0;
};

}  // namespace rapport::in_step
