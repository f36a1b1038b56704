#pragma once
// The explainable rapport model. Rapport has three parts two people share
// (Tickle-Degnen and Rosenthal): mutual attentiveness, positivity and
// coordination; we add the balance of the conversation. The model turns a
// group's timestamped events into four components and an overall meter, all
// 0..100, and every change of a component carries a reason in plain words.
//
// Pure and copyable: state in, event or time in, state out. No clock reads:
// the server calls apply() for each event and advance() on its tick. One
// model per pair (or trio); see docs/RAPPORT_MODEL.md for the formulas.
#include "rapport/protocol/gestures.hpp"
#include "rapport/rapport/rapport_model_config.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport {

enum class Component : std::uint8_t;

enum class PairEventKind : std::uint8_t {
  Chat,               // text: the message
  Gesture,            // gesture: what the actor's avatar did
  Kudos,              // the actor gave the partner a kudos
  RoundResult,        // value 0..1: how well the pair did a shared challenge (actor unused)
  CommonGroundFound,  // the actor confirmed something both share
  Empathy,            // value 0..1: how well the actor guessed the partner's feelings/goal
  FirstImpression,    // value -1..1: the impression the actor made at the start
  // The scene begins with rapport already damaged (a repair scenario). text:
  // the component ("attentiveness", "positivity" or "coordination"); value
  // 0..1: the level it starts at, at most. Actor unused. Opens a repair window.
  Setback,
  kCount
};

struct PairEvent {
  std::int64_t t_ms = 0;
  std::uint32_t actor = 0;
  PairEventKind kind = PairEventKind::Chat;
  std::string text;
  Gesture gesture = Gesture::Relaxed;
  double value = 0.0;

  [[nodiscard]] static PairEvent chat(std::int64_t t_ms, std::uint32_t actor, std::string text);
  [[nodiscard]] static PairEvent gesture_by(std::int64_t t_ms, std::uint32_t actor, Gesture g);
  [[nodiscard]] static PairEvent of(PairEventKind kind, std::int64_t t_ms, std::uint32_t actor,
                                    double value = 0.0);
  [[nodiscard]] static PairEvent setback(std::int64_t t_ms, Component component, double level);
};

enum class Component : std::uint8_t { Attentiveness, Positivity, Coordination, Balance, kCount };
inline constexpr std::size_t kComponentCount = static_cast<std::size_t>(Component::kCount);
[[nodiscard]] std::string_view component_name(Component c);

struct Meter {
  double overall = 0;  // smoothed blend of the four
  std::array<double, kComponentCount> components{};

  [[nodiscard]] double get(Component c) const { return components[static_cast<std::size_t>(c)]; }
  [[nodiscard]] double attentiveness() const { return get(Component::Attentiveness); }
  [[nodiscard]] double positivity() const { return get(Component::Positivity); }
  [[nodiscard]] double coordination() const { return get(Component::Coordination); }
  [[nodiscard]] double balance() const { return get(Component::Balance); }
  bool operator==(const Meter&) const = default;
};

// A stable identifier per kind of reason, for icons and debrief counts.
enum class ReasonTag : std::uint8_t {
  Replied,
  AcknowledgedWithGesture,
  OpenQuestion,
  ClosedQuestion,
  PickedUpWords,
  Acknowledged,
  Empathy,
  Unanswered,
  QuietSpell,
  FriendlyGesture,
  Kudos,
  WarmWords,
  HostileWords,
  Apologised,
  CommonGround,
  FirstImpression,
  ArmsCrossed,
  StyleMatch,
  Tempo,
  MessageLength,
  Mirrored,
  OverCopying,
  Challenge,
  Balance,
  Setback,
  NegativeWords,  // mild negative sentiment ("unfortunately", "that's sad")
  NeutralTone,    // a plain message: warmth and attention are averages over acts
  PersonalFocus,  // talked with the partner (I, you, we) or about things (the, a)
  kCount
};

// A stable snake_case key per tag for exports and logs ("open_question").
[[nodiscard]] std::string_view reason_tag_key(ReasonTag tag);

struct Reason {
  Component component = Component::Attentiveness;
  double delta = 0;  // change of the component, in meter points
  ReasonTag tag = ReasonTag::Replied;
  std::string text;  // "asked an open question"; never contains chat text
  std::int64_t t_ms = 0;
  std::optional<std::uint32_t> actor;  // empty: the pair as a whole
};

struct TimelinePoint {
  std::int64_t t_ms = 0;
  Meter meter;
};

// For one member's debrief: their strongest component and one concrete tip
// for the weakest. Attentiveness and positivity are the member's own
// contribution; coordination and balance belong to the group.
struct Insight {
  Component strongest = Component::Attentiveness;
  Component weakest = Component::Attentiveness;
  Tip tip = Tip::AskOpenQuestions;
  std::string tip_text;
  Meter own;  // the member's view: own attentiveness/positivity, shared rest
};

namespace detail {

struct MemberState {
  std::uint32_t id = 0;
  // Points and the acts they were earned over: the component shows their
  // rate (see RateConfig), so long conversations do not win by length.
  double attention_points = 0;
  double attention_acts = 0;
  double positivity_points = 0;
  double positivity_acts = 0;

  // Replies: the first and latest message from someone else not yet answered.
  std::optional<std::int64_t> pending_first_ms;
  std::int64_t pending_last_ms = 0;
  bool pending_penalised = false;

  // Style, tempo, length and balance statistics.
  std::array<double, kMaxStyleCategories> category_words{};
  double words_total = 0;
  double recent_words = 0;  // decays with balance.half_life_ms
  double reply_latency_avg_ms = 0;
  std::uint32_t replies = 0;
  double message_length_avg = 0;
  std::uint32_t messages = 0;
  std::vector<std::pair<std::string, std::int64_t>> recent_content;  // for pickup

  // Gestures.
  Gesture posture = Gesture::Relaxed;
  std::int64_t posture_since_ms = 0;
  std::uint32_t arms_crossed_penalties = 0;
  std::optional<Gesture> last_gesture;
  std::int64_t last_gesture_ms = 0;
  bool last_gesture_mirrored = false;
  // This member's recent gestures, newest in bit 0: 1 = a partner copied it.
  std::uint32_t copied_bits = 0;
  std::uint32_t gesture_history = 0;  // how many bits are in use

  // Counts for the debrief tip.
  std::uint32_t open_questions = 0;
  std::uint32_t unanswered = 0;
  std::uint32_t pickups = 0;
  std::uint32_t hostile = 0;
};

}  // namespace detail

// Where event times come from. Live sessions have real timestamps; a corpus
// without them gets times from a typing-time model, so reply speed, tempo and
// the unanswered/quiet deadlines say nothing and are switched off.
enum class ModelTiming : std::uint8_t { Real, Estimated };

class RapportModel {
 public:
  // Members: 2 to kMaxMembers distinct ids (a pair, or a trio when the group
  // is odd). Throws std::invalid_argument otherwise: that is a caller bug.
  static constexpr std::size_t kMaxMembers = 4;
  RapportModel(std::shared_ptr<const ModelConfig> config, std::vector<std::uint32_t> members,
               std::int64_t start_ms, ModelTiming timing = ModelTiming::Real);

  // Advances to the event's time, then applies it. Events older than the
  // model's clock are applied at the current time. False when ignored
  // (unknown actor, value out of range, empty chat, paused but for kudos).
  [[nodiscard]] bool apply(const PairEvent& event);
  // Time passes: unanswered messages, long crossed arms, quiet spells, the
  // overall meter's smoothing and the timeline. Cheap enough for every tick.
  // Does nothing while paused.
  void advance(std::int64_t now_ms);

  // The meter only runs while a round does. pause() advances to `now_ms` and
  // stops the clock: no deadline fires and no chat or gesture counts until
  // resume(). A kudos while paused still counts (it is given in reflection).
  // Time spent paused is skipped, so a message left waiting when the round
  // ended is still waiting, no older, when the next round starts, and a pause
  // and resume change nothing else (a restored session continues exactly).
  // Both are idempotent.
  void pause(std::int64_t now_ms);
  void resume(std::int64_t now_ms);
  // The round is over: pause, and settle the overall meter on its target (the
  // smoothing is for watching it move, not part of the figure, which must not
  // depend on who spoke last).
  void finish(std::int64_t now_ms);
  [[nodiscard]] bool paused() const { return paused_; }

  // The group changed (a latecomer makes a trio, a trio member left): members
  // who stay keep their evidence, newcomers start from the prior, leavers'
  // evidence goes; the group's coordination evidence and the timeline carry
  // over. Same rules as the constructor for the new member list.
  void change_members(std::vector<std::uint32_t> members, std::int64_t now_ms);

  [[nodiscard]] Meter meter() const;
  // The model's own clock: session time minus the time spent paused.
  [[nodiscard]] std::int64_t now_ms() const { return now_ms_; }
  [[nodiscard]] const std::vector<std::uint32_t>& members() const { return member_ids_; }
  // Reasons since the last call, oldest first. If nobody takes them, only the
  // newest kMaxPendingReasons are kept.
  [[nodiscard]] std::vector<Reason> take_reasons();
  static constexpr std::size_t kMaxPendingReasons = 512;
  // One point per timeline interval since the start; thinned (every other
  // point dropped, interval doubled) once it reaches kMaxTimelinePoints.
  [[nodiscard]] const std::vector<TimelinePoint>& timeline() const { return timeline_; }
  static constexpr std::size_t kMaxTimelinePoints = 720;
  [[nodiscard]] std::optional<Insight> insight(std::uint32_t member) const;

 private:
  struct Signal {
    double value = 0;       // 0..100
    double confidence = 0;  // 0..1
  };
  struct CoordinationSignals {
    Signal style, tempo, length, mirroring, challenge;
  };

  detail::MemberState* find(std::uint32_t id);
  [[nodiscard]] double compute(Component c) const;
  [[nodiscard]] CoordinationSignals coordination_signals() const;
  [[nodiscard]] double target() const;
  [[nodiscard]] bool repairing(std::int64_t t) const { return t < repair_until_ms_; }

  // Runs `change`, recomputes component `c` and records the difference as a
  // reason. `describe(delta)` gives the reason's text.
  template <class Mutate, class Describe>
  void change(Component c, ReasonTag tag, std::int64_t t, std::optional<std::uint32_t> actor,
              Mutate&& mutate, Describe&& describe);
  // A rate of points per act -> 0..100: the baseline at zero, gains shrink
  // near 100 and losses near 0.
  [[nodiscard]] double display(double points, double acts, const RateConfig& rate) const;
  [[nodiscard]] double attentiveness_of(const detail::MemberState& m) const;
  [[nodiscard]] double positivity_of(const detail::MemberState& m) const;
  [[nodiscard]] double mutual(double (RapportModel::*of)(const detail::MemberState&) const) const;
  // Points that make `m`'s rate show as `level` (0..1) with its current acts.
  [[nodiscard]] double points_for_level(double level, double acts, const RateConfig& rate) const;
  [[nodiscard]] double blend(const std::array<double, kComponentCount>& components) const;
  [[nodiscard]] std::int64_t to_model_time(std::int64_t session_ms) const { return session_ms - paused_total_ms_; }
  void lose_rapport(std::int64_t t);

  void add_member(std::uint32_t id, std::int64_t t);
  void decay(Component c, double weight);
  // One act of `weight` by `m` worth `points` (after everyone's evidence fades).
  void credit(detail::MemberState& m, Component c, double points, double weight);
  void on_chat(detail::MemberState& m, const PairEvent& e);
  void on_gesture(detail::MemberState& m, const PairEvent& e);
  void on_round_result(const PairEvent& e);
  void on_setback(const PairEvent& e);
  void on_simple(detail::MemberState& m, const PairEvent& e);
  void process_deadlines(std::int64_t t);
  [[nodiscard]] std::int64_t next_deadline() const;
  void smooth_to(std::int64_t t);
  void sample(std::int64_t t);

  std::shared_ptr<const ModelConfig> config_;
  ModelTiming timing_ = ModelTiming::Real;
  bool paused_ = false;
  std::int64_t paused_at_ms_ = 0;     // session time when pause() was called
  std::int64_t paused_total_ms_ = 0;  // session time spent paused so far
  std::vector<std::uint32_t> member_ids_;
  std::vector<detail::MemberState> members_;
  std::int64_t start_ms_ = 0;
  std::int64_t now_ms_ = 0;
  std::int64_t last_activity_ms_ = 0;
  bool quiet_penalised_ = false;
  std::int64_t repair_until_ms_ = 0;
  std::int64_t recent_words_ms_ = 0;  // when recent_words were last decayed
  double balance_words_total_ = 0;    // all words ever, for balance confidence

  // Mirroring and challenge evidence for the group.
  double natural_mirrors_ = 0;
  double overcopies_ = 0;
  double challenge_avg_ = 0;
  std::uint32_t challenge_rounds_ = 0;

  std::array<double, kComponentCount> components_{};
  double overall_ = 0;
  std::vector<Reason> reasons_;
  std::vector<TimelinePoint> timeline_;
  std::int64_t timeline_interval_ms_ = 0;
  std::int64_t next_sample_ms_ = 0;
};

}  // namespace rapport
