#include "app/session_view.hpp"

#include <algorithm>

namespace rapport::client {
namespace {

constexpr std::int64_t kMsPerSecond = 1000;
constexpr std::int64_t kSecondsPerMinute = 60;
// A host reading reports needs the recent ones; a flood must not grow memory.
constexpr std::size_t kMaxReports = 64;

template <class T>
void push_bounded(std::deque<T>& queue, T value, std::size_t limit) {
  queue.push_back(std::move(value));
  while (queue.size() > limit) queue.pop_front();
}

}  // namespace

bool SessionView::apply(const Message& message, std::int64_t now_ms) {
  return std::visit(
      [&](const auto& m) -> bool {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, rapport::SessionStatus>) {
          apply_status(m, now_ms);
        } else if constexpr (std::is_same_v<T, GroupAssigned>) {
          apply_group(m);
        } else if constexpr (std::is_same_v<T, ChatLine>) {
          push_bounded(chat_[m.group_id], ChatEntry{next_seq_++, m.group_id, m.from, m.text, now_ms},
                       kMaxChatLinesPerGroup);
        } else if constexpr (std::is_same_v<T, GestureShown>) {
          GestureEntry entry{next_seq_++, m.group_id, m.from, m.gesture, now_ms};
          latest_gesture_[m.from] = entry;
          push_bounded(gestures_, std::move(entry), kMaxGestures);
        } else if constexpr (std::is_same_v<T, Notice>) {
          add_notice(m, now_ms);
        } else if constexpr (std::is_same_v<T, RapportUpdate>) {
          apply_meter(m, now_ms);
        } else if constexpr (std::is_same_v<T, GroupTiles>) {
          apply_tiles(m);
        } else if constexpr (std::is_same_v<T, Debrief>) {
          debrief_ = m;
        } else if constexpr (std::is_same_v<T, GroupSummary>) {
          summary_ = m;
        } else if constexpr (std::is_same_v<T, BlueprintView>) {
          blueprint_ = m;
        } else if constexpr (std::is_same_v<T, InStepSnapshot>) {
          // Snapshots may arrive out of order on the motion channel: keep the newest tick.
          if (!in_step_ || in_step_->group_id != m.group_id || m.tick >= in_step_->tick) in_step_ = m;
        } else if constexpr (std::is_same_v<T, RolePlayView>) {
          role_play_ = m;
        } else if constexpr (std::is_same_v<T, CommonGroundView>) {
          common_ground_ = m;
        } else if constexpr (std::is_same_v<T, ProfileQuestions>) {
          profile_questions_ = m;
        } else {
          return false;
        }
        return true;
      },
      message);
}

void SessionView::apply_status(const rapport::SessionStatus& status, std::int64_t now_ms) {
  const bool new_round = !status_.known || status.rotation != status_.status.rotation ||
                         status.round != status_.status.round || status.phase != status_.status.phase;
  // The server's clock rate, from how much its remaining time fell over at
  // least a second of ours within one unpaused phase. Pauses, extensions and
  // new phases start a new baseline; implausible samples are ignored.
  constexpr std::int64_t kMinSampleMs = 1000;
  // Remaining time going up means the host extended the round.
  const bool same_run = !new_round && !status.paused && !status_.status.paused &&
                        status.duration_ms == status_.status.duration_ms &&
                        status.remaining_ms <= status_.status.remaining_ms;
  if (!same_run || !status_.anchored) {
    status_.anchored = !status.paused;
    status_.anchor_remaining_ms = status.remaining_ms;
    status_.anchor_received_ms = now_ms;
  } else if (const std::int64_t waited = now_ms - status_.anchor_received_ms; waited >= kMinSampleMs) {
    const double rate = (static_cast<double>(status_.anchor_remaining_ms) - static_cast<double>(status.remaining_ms)) /
                        static_cast<double>(waited);
    if (rate >= 0.01 && rate <= 1000.0) {
      status_.clock_rate = rate;
    } else {  // an extension or a clock jump: measure again from here
      status_.anchor_remaining_ms = status.remaining_ms;
      status_.anchor_received_ms = now_ms;
    }
  }
  status_.status = status;
  status_.received_ms = now_ms;
  status_.known = true;
  if (new_round && status.phase == SessionPhase::Reflection && status.rotation != 0) {
    // A new reflection: nothing answered yet for this rotation.
    reflections_.clear();
  }
}

void SessionView::apply_group(const GroupAssigned& assigned) {
  if (assigned.rotation != group_.rotation) {
    clear_round_views();
    reflections_.clear();
  }
  if (assigned.group_id != group_.group_id) {
    meter_ = MeterView{};
    meter_.group_id = assigned.group_id;
  }
  group_.group_id = assigned.group_id;
  group_.rotation = assigned.rotation;
  group_.members = assigned.members;
  group_.solo = assigned.solo;
  group_.prompt = assigned.prompt;
}

void SessionView::apply_meter(const RapportUpdate& update, std::int64_t now_ms) {
  // The host gets tiles instead; a participant only cares about their own group.
  if (group_.group_id != 0 && update.group_id != group_.group_id) return;
  if (meter_.group_id != update.group_id) meter_ = MeterView{};
  meter_.group_id = update.group_id;
  meter_.values = update.meter;
  meter_.known = true;
  meter_.updated_ms = now_ms;
  for (const MeterReason& reason : update.reasons) {
    push_bounded(meter_.recent, ReasonEntry{next_seq_++, reason, now_ms}, kMaxReasons);
  }
}

void SessionView::apply_tiles(const GroupTiles& tiles) {
  if (tiles.reset) tiles_.clear();
  for (const GroupTile& tile : tiles.tiles) {
    const auto it = std::find_if(tiles_.begin(), tiles_.end(),
                                 [&](const GroupTile& t) { return t.group_id == tile.group_id; });
    if (it != tiles_.end()) {
      *it = tile;
    } else {
      tiles_.push_back(tile);
    }
  }
  ++tiles_revision_;
}

void SessionView::add_notice(const Notice& notice, std::int64_t now_ms) {
  NoticeEntry entry{next_seq_++, notice.kind, notice.about, notice.text, now_ms};
  switch (notice.kind) {
    case NoticeKind::Muted: muted_ = true; break;
    case NoticeKind::Unmuted: muted_ = false; break;
    case NoticeKind::Kicked: kicked_ = notice.text; break;
    case NoticeKind::Report:
      reports_.push_back(entry);
      if (reports_.size() > kMaxReports) reports_.erase(reports_.begin());
      break;
    default: break;
  }
  push_bounded(notices_, std::move(entry), kMaxNotices);
}

void SessionView::add_error(const std::string& text, std::int64_t now_ms) {
  add_notice(Notice{NoticeKind::Warning, 0, text}, now_ms);
}

void SessionView::clear_round_views() {
  blueprint_.reset();
  in_step_.reset();
  role_play_.reset();
  common_ground_.reset();
}

void SessionView::reset() { *this = SessionView{}; }

std::int64_t SessionView::remaining_ms(std::int64_t now_ms) const {
  if (!status_.known) return 0;
  const auto sent = static_cast<std::int64_t>(status_.status.remaining_ms);
  if (status_.status.paused) return sent;
  const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - status_.received_ms)) * status_.clock_rate;
  return std::max<std::int64_t>(0, sent - static_cast<std::int64_t>(elapsed));
}

bool SessionView::ending_soon(std::int64_t now_ms) const {
  const SessionPhase p = status_.status.phase;
  if (!status_.known || status_.status.paused || (p != SessionPhase::Round && p != SessionPhase::Reflection)) {
    return false;
  }
  return remaining_ms(now_ms) < static_cast<std::int64_t>(status_.status.warning_ms);
}

std::vector<std::uint32_t> SessionView::partners(std::uint32_t me) const {
  std::vector<std::uint32_t> out;
  for (auto id : group_.members) {
    if (id != me) out.push_back(id);
  }
  return out;
}

const std::deque<ChatEntry>& SessionView::chat(std::uint32_t group_id) const {
  static const std::deque<ChatEntry> kNone;
  const auto it = chat_.find(group_id);
  return it == chat_.end() ? kNone : it->second;
}

std::vector<NoticeEntry> SessionView::notices_after(std::uint64_t seq) const {
  std::vector<NoticeEntry> out;
  for (const auto& n : notices_) {
    if (n.seq > seq) out.push_back(n);
  }
  return out;
}

void SessionView::note_reflection(const ReflectionAnswer& answer) { reflections_[answer.about] = answer; }

std::string format_countdown(std::int64_t remaining_ms) {
  const std::int64_t seconds = (std::max<std::int64_t>(0, remaining_ms) + kMsPerSecond - 1) / kMsPerSecond;
  const std::int64_t s = seconds % kSecondsPerMinute;
  return std::to_string(seconds / kSecondsPerMinute) + ":" + (s < 10 ? "0" : "") + std::to_string(s);
}

std::string_view meter_component_name(MeterComponent component) {
  switch (component) {
    case MeterComponent::Attentiveness: return "Attentiveness";
    case MeterComponent::Positivity: return "Positivity";
    case MeterComponent::Coordination: return "Coordination";
    case MeterComponent::Balance: return "Balance";
    case MeterComponent::Overall: return "Rapport";
    case MeterComponent::kCount: break;
  }
  return "";
}

std::uint8_t meter_value(const MeterValues& values, MeterComponent component) {
  switch (component) {
    case MeterComponent::Attentiveness: return values.attentiveness;
    case MeterComponent::Positivity: return values.positivity;
    case MeterComponent::Coordination: return values.coordination;
    case MeterComponent::Balance: return values.balance;
    case MeterComponent::Overall:
    case MeterComponent::kCount: break;
  }
  return values.overall;
}

}  // namespace rapport::client
