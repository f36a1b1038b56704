#include "round_player.hpp"

#include "rapport/rounds/role_play/role_play.hpp"

#include <algorithm>

namespace rapport::bots {
namespace {

// Answers to the profile questions come from small pools, so partners often
// share one (which is what hints are for).
const std::vector<std::string> kProfilePool = {"the sea", "hiking", "cooking", "football", "jazz",
                                               "Lisbon", "trains", "gardening", "chess", "baking"};
const std::vector<std::string> kCommonThings = {"love long walks", "enjoy cooking", "grew up near water",
                                                "like early mornings", "follow football", "read before bed",
                                                "prefer tea", "have a sibling", "play an instrument",
                                                "like trains", "started a new hobby this year", "enjoy quiz shows"};
const std::vector<std::string> kRepairLines = {
    "I understand how frustrating that must have been, and I am sorry it happened.",
    "That was our mistake. Here is what I will do: I will check the order myself today.",
    "Thank you for telling me. I will call you tomorrow morning with an update, I promise.",
};
const std::vector<std::string> kInCharacter = {
    "Nice to meet you! What brings you here today?",
    "Tell me a bit about what you are hoping for.",
    "That makes sense. How can I help you with that?",
    "I had a similar experience once, it was a lot to take in.",
};

// In Step: how many ticks of input a bot sends ahead of the server's tick.
constexpr std::uint32_t kInputLeadTicks = 3;

}  // namespace

blueprint::BlueprintView RoundPlayer::to_rules_view(const BlueprintView& v) const {
  blueprint::BlueprintView out;
  out.role = v.role == BlueprintRole::Describer ? blueprint::Role::Describer
             : v.role == BlueprintRole::Builder ? blueprint::Role::Builder
                                                : blueprint::Role::Outsider;
  out.grid_size = v.grid_size;
  out.difficulty = static_cast<blueprint::Difficulty>(v.difficulty);
  for (const auto& p : v.target) out.target.push_back({static_cast<blueprint::Shape>(p.shape), p.colour, {p.x, p.y}});
  for (const auto& p : v.tray) {
    out.tray.push_back({static_cast<blueprint::Shape>(p.shape), p.colour});
    out.tray_used.push_back(p.x == 1);
  }
  for (const auto& p : v.grid) out.grid.push_back({static_cast<blueprint::Shape>(p.shape), p.colour, {p.x, p.y}});
  out.has_check = v.has_check;
  out.checks_left = v.checks_left;
  out.time_left_ms = v.time_left_ms;
  out.phase = v.finished ? blueprint::Phase::Finished : blueprint::Phase::Building;
  return out;
}

std::vector<Outgoing> RoundPlayer::on_message(const Message& message, std::int64_t now) {
  if (const auto* q = std::get_if<ProfileQuestions>(&message)) {
    ProfileAnswers answers;
    for (const auto& category : q->categories) {
      answers.categories.push_back(category);
      answers.answers.push_back(kProfilePool[rng_.below(static_cast<std::uint32_t>(kProfilePool.size())) % 4]);
    }
    return {{now + 1000, answers, false}};
  }
  if (const auto* v = std::get_if<BlueprintView>(&message)) return on_blueprint(*v, now);
  if (const auto* v = std::get_if<CommonGroundView>(&message)) return on_common_ground(*v, now);
  if (const auto* v = std::get_if<RolePlayView>(&message)) return on_role_play(*v, now);
  if (const auto* s = std::get_if<InStepSnapshot>(&message)) return on_in_step(*s, now);
  if (const auto* line = std::get_if<ChatLine>(&message)) {
    // A builder listens to the describer.
    if (line->from == me_ || !blueprint_ || blueprint_->role != BlueprintRole::Builder || blueprint_->finished) return {};
    last_heard_ms_ = now;
    std::vector<Outgoing> out;
    std::int64_t at = now + 1500;
    for (const auto& action : builder_.hear(line->text, to_rules_view(*blueprint_))) {
      BlueprintAct act;
      std::visit(
          [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, blueprint::Place>) {
              act.kind = BlueprintActKind::Place;
              act.tray_index = a.tray_index;
              act.to_x = a.cell.x;
              act.to_y = a.cell.y;
            } else if constexpr (std::is_same_v<A, blueprint::Move>) {
              act.kind = BlueprintActKind::Move;
              act.from_x = a.from.x;
              act.from_y = a.from.y;
              act.to_x = a.to.x;
              act.to_y = a.to.y;
            } else if constexpr (std::is_same_v<A, blueprint::Remove>) {
              act.kind = BlueprintActKind::Remove;
              act.from_x = a.cell.x;
              act.from_y = a.cell.y;
            } else if constexpr (std::is_same_v<A, blueprint::RequestCheck>) {
              act.kind = BlueprintActKind::Check;
            } else {
              act.kind = BlueprintActKind::Submit;
            }
          },
          action);
      out.push_back({at, act, false});
      at += 800;
    }
    return out;
  }
  return {};
}

std::vector<Outgoing> RoundPlayer::on_blueprint(const BlueprintView& view, std::int64_t now) {
  if (view.puzzle != puzzle_) {
    puzzle_ = view.puzzle;
    describer_ = DescriberBot(rng_.next());
    builder_ = BuilderBot(rng_.next(), style_ == Style::Warm ? 0.0 : 0.2);
    last_heard_ms_ = now;
  }
  blueprint_ = view;
  std::vector<Outgoing> out;
  if (view.role == BlueprintRole::Describer && !view.finished) {
    std::int64_t at = now + (style_ == Style::Cold ? 9000 : 2500);
    for (const auto& line : describer_.speak(to_rules_view(view))) {
      out.push_back({at, ChatPost{line.substr(0, kMaxChatBytes)}, false});
      at += style_ == Style::Cold ? 8000 : 3500;
    }
  }
  return out;
}

std::vector<Outgoing> RoundPlayer::on_common_ground(const CommonGroundView& view, std::int64_t now) {
  common_ground_ = view;
  std::vector<Outgoing> out;
  for (std::size_t i = 0; i < view.cells.size(); ++i) {
    const WireCell& cell = view.cells[i];
    const auto cell_index = static_cast<std::uint8_t>(i);
    if (cell.state != WireCellState::Proposed || cell.proposed_by == me_) continue;
    if (std::find(answered_cells_.begin(), answered_cells_.end(), cell_index) != answered_cells_.end()) continue;
    answered_cells_.push_back(cell_index);
    if (style_ == Style::Cold && rng_.below(2) == 0) continue;  // ignores it
    const bool accept = style_ == Style::Warm || (style_ == Style::Neutral && rng_.below(10) < 7);
    out.push_back({now + 3000 + rng_.below(3000), CommonGroundRespond{cell_index, accept}, false});
  }
  // A declined or answered cell can be proposed again later.
  std::erase_if(answered_cells_, [&](std::uint8_t c) { return c < view.cells.size() && view.cells[c].state == WireCellState::Open; });
  return out;
}

std::vector<Outgoing> RoundPlayer::on_role_play(const RolePlayView& view, std::int64_t now) {
  role_play_ = view;
  std::vector<Outgoing> out;
  const auto phase = static_cast<RolePlayPhase>(view.phase);
  if (view.phase != role_play_phase_seen_) {
    role_play_phase_seen_ = view.phase;
    if (phase == RolePlayPhase::Acting && style_ != Style::Cold) {
      // Speak in character: the card's own "try saying" lines when it has
      // them (a repairing role's acknowledge, apologise and commit), else
      // generic lines.
      const auto mine = std::find_if(view.cards.begin(), view.cards.end(), [&](const WireCard& c) { return c.player == me_; });
      const bool repair = view.scenario_id == "late-delivery" || view.scenario_id == "missed-slide";
      const std::vector<std::string>& lines = mine != view.cards.end() && !mine->openers.empty() ? mine->openers
                                              : repair && style_ == Style::Warm                ? kRepairLines
                                                                                               : kInCharacter;
      std::int64_t at = now + 3000;
      // A neutral bot says less: the first line and a generic follow-up.
      std::vector<std::string> said = lines;
      if (style_ == Style::Neutral && said.size() > 1) said = {lines.front(), kInCharacter[2]};
      for (const auto& line : said) {
        out.push_back({at, ChatPost{line.substr(0, kMaxChatBytes)}, false});
        at += 9000;
      }
    }
    if (phase == RolePlayPhase::Guessing) {
      std::int64_t at = now + 2000;
      for (auto target : view.guess_targets) {
        RolePlayGuessPost guess;
        guess.target = target;
        guess.goal_option = static_cast<std::uint8_t>(rng_.below(static_cast<std::uint32_t>(std::max<std::size_t>(1, view.goal_options.size()))));
        guess.feeling_option = static_cast<std::uint8_t>(rng_.below(static_cast<std::uint32_t>(std::max<std::size_t>(1, view.feeling_options.size()))));
        out.push_back({at, guess, false});
        at += 1500;
      }
    }
  }
  return out;
}

std::vector<Outgoing> RoundPlayer::on_in_step(const InStepSnapshot& snap, std::int64_t now) {
  if (snap.finished || snap.next_waypoint >= snap.waypoints.size()) return {};
  in_step::Vec2 self{};
  std::vector<in_step::Vec2> partners;
  for (const auto& a : snap.avatars) {
    if (a.player == me_) {
      self = {a.x, a.y};
    } else {
      partners.push_back({a.x, a.y});
    }
  }
  const auto& w = snap.waypoints[snap.next_waypoint];
  Steer steer = steer_in_step(self, partners, {w.x, w.y});
  if (style_ == Style::Cold) steer = Steer{static_cast<std::int8_t>(steer.dx), 0};  // wanders off pace
  for (std::uint32_t k = 1; k <= kInputLeadTicks; ++k) {
    recent_inputs_.push_back({++input_sequence_, steer.dx, steer.dy, snap.tick + k});
  }
  if (recent_inputs_.size() > kMaxInputsPerPacket) {
    recent_inputs_.erase(recent_inputs_.begin(), recent_inputs_.end() - static_cast<std::ptrdiff_t>(kMaxInputsPerPacket));
  }
  return {{now, InStepInput{recent_inputs_}, true}};
}

std::vector<Outgoing> RoundPlayer::on_tick(std::int64_t now) {
  std::vector<Outgoing> out;
  if (common_ground_ && now >= next_proposal_ms_) {
    next_proposal_ms_ = now + (style_ == Style::Cold ? 60000 : style_ == Style::Neutral ? 30000 : 15000) + rng_.below(8000);
    std::vector<std::uint8_t> open;
    bool mine_pending = false;
    for (std::size_t i = 0; i < common_ground_->cells.size(); ++i) {
      const auto& c = common_ground_->cells[i];
      if (c.state == WireCellState::Open) open.push_back(static_cast<std::uint8_t>(i));
      if (c.state == WireCellState::Proposed && c.proposed_by == me_) mine_pending = true;
    }
    if (!open.empty() && !mine_pending) {
      const std::uint8_t cell = open[rng_.below(static_cast<std::uint32_t>(open.size()))];
      const std::string& thing = kCommonThings[rng_.below(static_cast<std::uint32_t>(kCommonThings.size()))];
      out.push_back({now, ChatPost{"What about " + common_ground_->cells[cell].category + "? " + common_ground_->cells[cell].starter}, false});
      out.push_back({now + 4000, CommonGroundPropose{cell, "we both " + thing}, false});
    }
  }
  if (blueprint_ && blueprint_->role == BlueprintRole::Builder && !blueprint_->finished && now - last_heard_ms_ > 25000) {
    last_heard_ms_ = now;
    const blueprint::Action action = builder_.idle(to_rules_view(*blueprint_));
    BlueprintAct act;
    act.kind = std::holds_alternative<blueprint::Submit>(action) ? BlueprintActKind::Submit : BlueprintActKind::Check;
    out.push_back({now, act, false});
  }
  return out;
}

}  // namespace rapport::bots
