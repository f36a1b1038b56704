#include "rapport/rounds/in_step/in_step_netcode.hpp"

#include <algorithm>

namespace rapport::in_step {

namespace {
constexpr std::int64_t kMsPerSecond = 1000;
}  // namespace

std::size_t InputBuffer::offer(std::span<const PlayerInput> inputs, std::uint32_t current_tick) {
  std::size_t added = 0;
  for (const PlayerInput& input : inputs) {
    if (input.sequence == 0 || input.tick < current_tick ||
        input.tick - current_tick > kMaxInputLeadTicks) {
      continue;
    }
    if (by_tick_.emplace(input.tick, input).second) ++added;
  }
  return added;
}

std::optional<PlayerInput> InputBuffer::take(std::uint32_t tick) {
  by_tick_.erase(by_tick_.begin(), by_tick_.lower_bound(tick));
  const auto it = by_tick_.find(tick);
  if (it == by_tick_.end()) return std::nullopt;
  const PlayerInput input = it->second;
  by_tick_.erase(it);
  return input;
}

Vec2 predict(Vec2 from, std::span<const PlayerInput> inputs) {
  for (const PlayerInput& input : inputs) from = move_avatar(from, input.dx, input.dy, kTickMs);
  return from;
}

Reconciled reconcile(Vec2 server_position, std::uint32_t processed_ticks,
                     std::span<const PlayerInput> unacknowledged, Vec2 shown_position) {
  Vec2 position = server_position;
  for (const PlayerInput& input : unacknowledged) {
    if (input.tick >= processed_ticks) position = move_avatar(position, input.dx, input.dy, kTickMs);
  }
  return {position, distance(position, shown_position)};
}

void PredictedAvatar::apply_local(const PlayerInput& input) {
  pending_.push_back(input);
  if (pending_.size() > kMaxPendingInputs) pending_.pop_front();
  position_ = move_avatar(position_, input.dx, input.dy, kTickMs);
}

std::int64_t PredictedAvatar::on_server_state(Vec2 server_position, std::uint32_t processed_ticks) {
  if (processed_ticks < processed_ticks_) return 0;
  processed_ticks_ = processed_ticks;
  while (!pending_.empty() && pending_.front().tick < processed_ticks) pending_.pop_front();
  const std::vector<PlayerInput> unacknowledged(pending_.begin(), pending_.end());
  const Reconciled result = reconcile(server_position, processed_ticks, unacknowledged, position_);
  position_ = result.position;
  largest_correction_ = std::max(largest_correction_, result.correction);
  return result.correction;
}

InputPacket PredictedAvatar::packet() const {
  InputPacket packet;
  const std::size_t count = std::min(pending_.size(), kInputsPerPacket);
  packet.inputs.assign(pending_.end() - static_cast<std::ptrdiff_t>(count), pending_.end());
  return packet;
}

void Interpolator::push(std::int64_t time_ms, Vec2 position) {
  if (!snapshots_.empty() && time_ms <= snapshots_.back().time_ms) return;
  snapshots_.push_back({time_ms, position});
  if (snapshots_.size() > kMaxSnapshots) snapshots_.pop_front();
}

Vec2 Interpolator::sample(std::int64_t now_ms) {
  const std::int64_t render_ms = now_ms - delay_ms_;
  if (snapshots_.empty()) {
    ++starved_;
    return last_sample_ ? last_sample_->position : Vec2{};
  }
  Vec2 position;
  {
    // Forget snapshots that render time has passed, keeping one at or before it.
    while (snapshots_.size() >= 2 && snapshots_[1].time_ms <= render_ms) snapshots_.pop_front();
    const Snapshot& older = snapshots_.front();
    if (render_ms <= older.time_ms) {
      position = older.position;
    } else if (snapshots_.size() == 1) {
      position = older.position;  // starved: hold, never extrapolate
      ++starved_;
    } else {
      const Snapshot& newer = snapshots_[1];
      const std::int64_t span = newer.time_ms - older.time_ms;
      const std::int64_t into = render_ms - older.time_ms;
      position.x = static_cast<std::int32_t>(older.position.x +
                                             (newer.position.x - older.position.x) * into / span);
      position.y = static_cast<std::int32_t>(older.position.y +
                                             (newer.position.y - older.position.y) * into / span);
    }
  }
  if (last_sample_) {
    const std::int64_t elapsed = std::max<std::int64_t>(0, now_ms - last_sample_->time_ms);
    // +1 absorbs the rounding of integer interpolation.
    const std::int64_t allowed = kMaxSpeedPerSecond * elapsed / kMsPerSecond + 1;
    largest_jump_ = std::max(largest_jump_, distance(position, last_sample_->position) - allowed);
  }
  last_sample_ = Snapshot{now_ms, position};
  return position;
}

}  // namespace rapport::in_step
