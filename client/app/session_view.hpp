#pragma once
// What the client knows of a running session, built only from what the
// server says: status and timer, my group, chat, gestures, notices, the live
// meter, the host's tiles, the debrief and the round views. Pure (no SFML,
// no sockets, no clock): `apply` takes each message with the time it arrived,
// and timers are read with the time passed in. Scenes read it every frame;
// new chat lines, gestures and notices carry growing sequence numbers so a
// scene can tell what it has not shown yet.
#include "rapport/protocol/messages.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rapport::client {

// The status the server last sent, and when it arrived (client time).
struct StatusView {
  rapport::SessionStatus status;
  std::int64_t received_ms = 0;
  bool known = false;
  // How fast the server's timers run against this client's clock (game ms
  // per client ms): 1, or --time-scale on a sped-up server. Measured between
  // statuses of one phase, so the countdown does not lag between them.
  double clock_rate = 1.0;
  // The first status of a run of this phase, unpaused (the rate's baseline).
  std::uint32_t anchor_remaining_ms = 0;
  std::int64_t anchor_received_ms = 0;
  bool anchored = false;
};

struct GroupView {
  std::uint32_t group_id = 0;  // 0: no group (waiting, on break, or not started)
  std::uint16_t rotation = 0;
  std::vector<std::uint32_t> members;  // me included
  bool solo = false;
  std::string prompt;
};

struct ChatEntry {
  std::uint64_t seq = 0;
  std::uint32_t group_id = 0;
  std::uint32_t from = 0;
  std::string text;
  std::int64_t at_ms = 0;
};

struct GestureEntry {
  std::uint64_t seq = 0;
  std::uint32_t group_id = 0;
  std::uint32_t from = 0;
  Gesture gesture = Gesture::Relaxed;
  std::int64_t at_ms = 0;
};

struct NoticeEntry {
  std::uint64_t seq = 0;
  NoticeKind kind = NoticeKind::Info;
  std::uint32_t about = 0;
  std::string text;
  std::int64_t at_ms = 0;
};

struct ReasonEntry {
  std::uint64_t seq = 0;
  MeterReason reason;
  std::int64_t at_ms = 0;
};

struct MeterView {
  std::uint32_t group_id = 0;
  MeterValues values;
  bool known = false;
  std::int64_t updated_ms = 0;
  std::deque<ReasonEntry> recent;  // newest last, bounded
};

class SessionView {
 public:
  // A long pair-room talk stays well under this; older lines scroll away.
  static constexpr std::size_t kMaxChatLinesPerGroup = 200;
  // Enough gestures for every avatar's latest move and a short history.
  static constexpr std::size_t kMaxGestures = 64;
  // Toasts show the newest few; older notices are dropped.
  static constexpr std::size_t kMaxNotices = 32;
  // Reason tags float in for a few seconds; a handful is plenty.
  static constexpr std::size_t kMaxReasons = 16;

  // Applies one message from the server. Returns false for messages this view
  // does not keep (lobby messages; the session keeps those).
  bool apply(const Message& message, std::int64_t now_ms);
  // An Error from the server, shown like a notice (a toast).
  void add_error(const std::string& text, std::int64_t now_ms);
  // Forgets everything (a new session).
  void reset();

  // ---- status and timer ----
  [[nodiscard]] const StatusView& status() const { return status_; }
  [[nodiscard]] SessionPhase phase() const { return status_.status.phase; }
  [[nodiscard]] bool started() const { return status_.known && status_.status.phase != SessionPhase::Lobby; }
  [[nodiscard]] bool paused() const { return status_.status.paused; }
  // Counted down locally from the last status (frozen while paused).
  [[nodiscard]] std::int64_t remaining_ms(std::int64_t now_ms) const;
  // True in a timed phase once fewer than warning_ms remain.
  [[nodiscard]] bool ending_soon(std::int64_t now_ms) const;

  // ---- my group ----
  [[nodiscard]] const GroupView& group() const { return group_; }
  [[nodiscard]] bool in_group() const { return group_.group_id != 0; }
  // The members other than `me`.
  [[nodiscard]] std::vector<std::uint32_t> partners(std::uint32_t me) const;

  // ---- chat and gestures ----
  // The lines of one group (empty when none), oldest first.
  [[nodiscard]] const std::deque<ChatEntry>& chat(std::uint32_t group_id) const;
  [[nodiscard]] const std::deque<ChatEntry>& my_chat() const { return chat(group_.group_id); }
  [[nodiscard]] const std::deque<GestureEntry>& gestures() const { return gestures_; }
  // The last gesture each player made (for avatar postures).
  [[nodiscard]] const std::map<std::uint32_t, GestureEntry>& latest_gestures() const { return latest_gesture_; }

  // ---- notices ----
  [[nodiscard]] const std::deque<NoticeEntry>& notices() const { return notices_; }
  // Notices newer than `seq` (what a toast area has not shown yet).
  [[nodiscard]] std::vector<NoticeEntry> notices_after(std::uint64_t seq) const;
  [[nodiscard]] bool muted() const { return muted_; }
  [[nodiscard]] const std::optional<std::string>& kicked() const { return kicked_; }

  // ---- meter ----
  [[nodiscard]] const MeterView& meter() const { return meter_; }

  // ---- host ----
  [[nodiscard]] const std::vector<GroupTile>& tiles() const { return tiles_; }
  // Grows whenever the tiles change, so a dashboard rebuilds only then.
  [[nodiscard]] std::uint64_t tiles_revision() const { return tiles_revision_; }
  // Reports from participants (also in notices).
  [[nodiscard]] const std::vector<NoticeEntry>& reports() const { return reports_; }

  // ---- the end ----
  [[nodiscard]] const std::optional<Debrief>& debrief() const { return debrief_; }
  [[nodiscard]] const std::optional<GroupSummary>& summary() const { return summary_; }

  // ---- round views (the latest of each, for the current rotation) ----
  [[nodiscard]] const std::optional<BlueprintView>& blueprint() const { return blueprint_; }
  [[nodiscard]] const std::optional<InStepSnapshot>& in_step() const { return in_step_; }
  [[nodiscard]] const std::optional<RolePlayView>& role_play() const { return role_play_; }
  [[nodiscard]] const std::optional<CommonGroundView>& common_ground() const { return common_ground_; }
  // The lobby's optional profile questions (from the session's deck).
  [[nodiscard]] const std::optional<ProfileQuestions>& profile_questions() const { return profile_questions_; }

  // ---- reflection (what I answered this rotation; kept by the client) ----
  void note_reflection(const ReflectionAnswer& answer);
  [[nodiscard]] const std::map<std::uint32_t, ReflectionAnswer>& reflections_sent() const { return reflections_; }

 private:
  void apply_status(const rapport::SessionStatus& status, std::int64_t now_ms);
  void apply_group(const GroupAssigned& assigned);
  void apply_meter(const RapportUpdate& update, std::int64_t now_ms);
  void apply_tiles(const GroupTiles& tiles);
  void add_notice(const Notice& notice, std::int64_t now_ms);
  void clear_round_views();

  std::uint64_t next_seq_ = 1;
  StatusView status_;
  GroupView group_;
  std::map<std::uint32_t, std::deque<ChatEntry>> chat_;
  std::deque<GestureEntry> gestures_;
  std::map<std::uint32_t, GestureEntry> latest_gesture_;
  std::deque<NoticeEntry> notices_;
  bool muted_ = false;
  std::optional<std::string> kicked_;
  MeterView meter_;
  std::vector<GroupTile> tiles_;
  std::uint64_t tiles_revision_ = 0;
  std::vector<NoticeEntry> reports_;
  std::optional<Debrief> debrief_;
  std::optional<GroupSummary> summary_;
  std::optional<BlueprintView> blueprint_;
  std::optional<InStepSnapshot> in_step_;
  std::optional<RolePlayView> role_play_;
  std::optional<CommonGroundView> common_ground_;
  std::optional<ProfileQuestions> profile_questions_;
  std::map<std::uint32_t, ReflectionAnswer> reflections_;
};

// "2:05"; minutes and seconds, rounded up so "0:00" means the time is up.
[[nodiscard]] std::string format_countdown(std::int64_t remaining_ms);
[[nodiscard]] std::string_view meter_component_name(MeterComponent component);
// The value of one component (Overall included).
[[nodiscard]] std::uint8_t meter_value(const MeterValues& values, MeterComponent component);

}  // namespace rapport::client
