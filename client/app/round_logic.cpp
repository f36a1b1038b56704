#include "app/round_logic.hpp"

#include "rapport/rounds/role_play/role_play.hpp"

#include <algorithm>

namespace rapport::client {
namespace {

bool builder_can_act(const BlueprintView& view) { return view.role == BlueprintRole::Builder && !view.finished; }

bool in_grid(const BlueprintView& view, int x, int y) {
  return x >= 0 && y >= 0 && x < view.grid_size && y < view.grid_size;
}

BlueprintAct act(BlueprintActKind kind) {
  BlueprintAct a;
  a.kind = kind;
  return a;
}

const WireCell* cell_of(const CommonGroundView& view, std::size_t cell) {
  return cell < view.cells.size() ? &view.cells[cell] : nullptr;
}

}  // namespace

const WirePiece* piece_at(const std::vector<WirePiece>& pieces, int x, int y) {
  const auto it = std::find_if(pieces.begin(), pieces.end(), [&](const WirePiece& p) { return p.x == x && p.y == y; });
  return it == pieces.end() ? nullptr : &*it;
}

bool pick_tray(const BlueprintView& view, BuilderHand& hand, std::uint8_t tray_index) {
  if (!builder_can_act(view) || tray_index >= view.tray.size() || view.tray[tray_index].x != 0) return false;
  const bool same = hand.tray && *hand.tray == tray_index;
  hand.clear();
  if (!same) hand.tray = tray_index;
  return true;
}

std::optional<BlueprintAct> builder_click(const BlueprintView& view, BuilderHand& hand, int x, int y) {
  if (!builder_can_act(view) || !in_grid(view, x, y)) return std::nullopt;
  const auto cx = static_cast<std::uint8_t>(x);
  const auto cy = static_cast<std::uint8_t>(y);
  const WirePiece* there = piece_at(view.grid, x, y);
  if (hand.tray && !there) {
    BlueprintAct a = act(BlueprintActKind::Place);
    a.tray_index = *hand.tray;
    a.to_x = cx;
    a.to_y = cy;
    hand.clear();
    return a;
  }
  if (hand.placed && !there) {
    BlueprintAct a = act(BlueprintActKind::Move);
    a.from_x = hand.placed->first;
    a.from_y = hand.placed->second;
    a.to_x = cx;
    a.to_y = cy;
    hand.clear();
    return a;
  }
  // A click on a piece picks it up (or puts it back down when it was in hand).
  if (there) {
    const bool same = hand.placed && hand.placed->first == cx && hand.placed->second == cy;
    hand.clear();
    if (!same) hand.placed = std::make_pair(cx, cy);
  }
  return std::nullopt;
}

std::optional<BlueprintAct> builder_remove(const BlueprintView& view, int x, int y) {
  if (!builder_can_act(view) || !in_grid(view, x, y) || !piece_at(view.grid, x, y)) return std::nullopt;
  BlueprintAct a = act(BlueprintActKind::Remove);
  a.from_x = static_cast<std::uint8_t>(x);
  a.from_y = static_cast<std::uint8_t>(y);
  return a;
}

std::optional<BlueprintAct> builder_check(const BlueprintView& view) {
  if (!builder_can_act(view) || view.checks_left == 0) return std::nullopt;
  return act(BlueprintActKind::Check);
}

std::optional<BlueprintAct> builder_submit(const BlueprintView& view) {
  if (!builder_can_act(view)) return std::nullopt;
  return act(BlueprintActKind::Submit);
}

CellAction cell_action(const CommonGroundView& view, std::size_t cell, std::uint32_t me) {
  const WireCell* c = cell_of(view, cell);
  if (!c) return CellAction::None;
  switch (c->state) {
    case WireCellState::Open: return CellAction::Propose;
    case WireCellState::Proposed: return c->proposed_by == me ? CellAction::Waiting : CellAction::Respond;
    case WireCellState::Found:
    case WireCellState::kCount: break;
  }
  return CellAction::None;
}

std::optional<CommonGroundPropose> propose_cell(const CommonGroundView& view, std::size_t cell, std::uint32_t me,
                                                const std::string& text) {
  if (cell_action(view, cell, me) != CellAction::Propose) return std::nullopt;
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  const auto last = text.find_last_not_of(" \t");
  std::string clean = text.substr(first, last - first + 1);
  if (clean.size() > kMaxChatBytes) return std::nullopt;
  return CommonGroundPropose{static_cast<std::uint8_t>(cell), std::move(clean)};
}

std::optional<CommonGroundRespond> respond_cell(const CommonGroundView& view, std::size_t cell, std::uint32_t me,
                                                bool accept) {
  if (cell_action(view, cell, me) != CellAction::Respond) return std::nullopt;
  return CommonGroundRespond{static_cast<std::uint8_t>(cell), accept};
}

std::optional<RolePlayGuessPost> make_guess(const RolePlayView& view, std::uint32_t target, int goal_option,
                                            int feeling_option) {
  if (view.phase != static_cast<std::uint8_t>(RolePlayPhase::Guessing)) return std::nullopt;
  if (std::find(view.guess_targets.begin(), view.guess_targets.end(), target) == view.guess_targets.end()) {
    return std::nullopt;
  }
  if (goal_option < 0 || feeling_option < 0 || static_cast<std::size_t>(goal_option) >= view.goal_options.size() ||
      static_cast<std::size_t>(feeling_option) >= view.feeling_options.size()) {
    return std::nullopt;
  }
  return RolePlayGuessPost{target, static_cast<std::uint8_t>(goal_option), static_cast<std::uint8_t>(feeling_option)};
}

Steer steer_from_keys(bool up, bool down, bool left, bool right) {
  constexpr auto kFull = static_cast<std::int8_t>(in_step::kAxisMax);
  Steer s;
  if (left != right) s.dx = left ? static_cast<std::int8_t>(-kFull) : kFull;
  if (up != down) s.dy = up ? static_cast<std::int8_t>(-kFull) : kFull;
  return s;
}

std::uint32_t InStepClient::lead_for(std::uint32_t rtt_ms, std::uint32_t variance_ms) {
  static_assert(kMaxLeadTicks < in_step::kMaxInputLeadTicks, "the server would refuse inputs that far ahead");
  constexpr auto kTick = static_cast<std::uint64_t>(in_step::kTickMs);
  const std::uint64_t need_ms = std::uint64_t{rtt_ms} + 2u * std::uint64_t{variance_ms};
  const std::uint64_t ticks = (need_ms + kTick - 1) / kTick + 1;
  return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(ticks, kMinLeadTicks, kMaxLeadTicks));
}

void InStepClient::set_link(std::uint32_t rtt_ms, std::uint32_t variance_ms) {
  const std::uint32_t wanted = lead_for(rtt_ms, variance_ms);
  if (wanted + 2 <= lead_ || wanted >= lead_ + 2) {
    // A longer lead opens ticks between the last input and the new horizon:
    // fill them (a few per frame) rather than skip them as after a stall.
    if (wanted > lead_ && avatar_) fill_ += wanted - lead_;
    lead_ = wanted;
  }
}

void InStepClient::on_snapshot(const InStepSnapshot& snapshot, std::int64_t now_ms) {
  const std::int64_t server_ms = static_cast<std::int64_t>(snapshot.tick) * in_step::kTickMs;
  // The freshest snapshot (least delayed) gives the best estimate of the server's clock.
  if (!have_offset_ || server_ms - now_ms > offset_ms_) {
    offset_ms_ = server_ms - now_ms;
    have_offset_ = true;
  }
  for (const WireAvatarPosition& a : snapshot.avatars) {
    const in_step::Vec2 position{a.x, a.y};
    if (a.player == me_) {
      if (!avatar_) {
        avatar_.emplace(position);
        next_tick_ = snapshot.tick + lead_;
      } else {
        (void)avatar_->on_server_state(position, a.processed);
      }
    } else {
      partners_[a.player].push(server_ms, position);
    }
  }
}

std::optional<InStepInput> InStepClient::update(Steer steer, std::int64_t now_ms) {
  if (!avatar_ || !have_offset_) return std::nullopt;
  const auto due = static_cast<std::uint32_t>(std::max<std::int64_t>(0, server_time(now_ms)) / in_step::kTickMs) +
                   lead_;
  // After a long stall, skip ahead rather than replaying every missed tick
  // (but not over ticks opened by a longer lead: those are filled).
  const std::uint32_t allowance = kMaxInputsPerUpdate + fill_;
  if (due > next_tick_ + allowance) next_tick_ = due - allowance;
  std::uint32_t made = 0;
  // At most one packet's worth per update, so every input is sent at least once.
  while (next_tick_ <= due && made < in_step::kInputsPerPacket) {
    avatar_->apply_local({++sequence_, steer.dx, steer.dy, next_tick_});
    ++next_tick_;
    ++made;
  }
  fill_ = next_tick_ <= due ? due - next_tick_ + 1 : 0;
  if (made == 0) return std::nullopt;
  InStepInput packet;
  for (const in_step::PlayerInput& in : avatar_->packet().inputs) packet.inputs.push_back({in.sequence, in.dx, in.dy, in.tick});
  return packet;
}

in_step::Vec2 InStepClient::partner(std::uint32_t id, std::int64_t now_ms) {
  const auto it = partners_.find(id);
  return it == partners_.end() ? in_step::Vec2{} : it->second.sample(server_time(now_ms));
}

std::vector<std::uint32_t> InStepClient::partner_ids() const {
  std::vector<std::uint32_t> ids;
  for (const auto& [id, interpolator] : partners_) ids.push_back(id);
  return ids;
}

std::int64_t InStepClient::largest_partner_jump() const {
  std::int64_t jump = 0;
  for (const auto& [id, interpolator] : partners_) jump = std::max(jump, interpolator.largest_jump());
  return jump;
}

}  // namespace rapport::client
