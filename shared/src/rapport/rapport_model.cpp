#include "rapport/rapport/rapport_model.hpp"

#include "rapport_model_internal.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rapport {
namespace {

using detail::MemberState;
using namespace model_internal;

// Keeps a rate defined when a config sets prior_acts to 0 and nobody has acted.
constexpr double kMinActs = 1e-9;

void check_members(const std::vector<std::uint32_t>& members) {
  std::vector<std::uint32_t> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.size() < 2 || sorted.size() > RapportModel::kMaxMembers ||
      std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw std::invalid_argument("RapportModel needs 2 to 4 distinct members");
  }
}

struct Accumulate {
  double value_sum = 0;
  double confidence_sum = 0;
  std::size_t count = 0;
  void add(double value, double confidence) {
    value_sum += value * confidence;
    confidence_sum += confidence;
    ++count;
  }
  [[nodiscard]] double value() const { return confidence_sum > 0 ? value_sum / confidence_sum : 0; }
  [[nodiscard]] double confidence() const {
    return count > 0 ? confidence_sum / static_cast<double>(count) : 0;
  }
};

}  // namespace

PairEvent PairEvent::chat(std::int64_t t_ms, std::uint32_t actor, std::string text) {
  PairEvent e;
  e.t_ms = t_ms;
  e.actor = actor;
  e.kind = PairEventKind::Chat;
  e.text = std::move(text);
  return e;
}

PairEvent PairEvent::gesture_by(std::int64_t t_ms, std::uint32_t actor, Gesture g) {
  PairEvent e;
  e.t_ms = t_ms;
  e.actor = actor;
  e.kind = PairEventKind::Gesture;
  e.gesture = g;
  return e;
}

PairEvent PairEvent::setback(std::int64_t t_ms, Component component, double level) {
  PairEvent e;
  e.kind = PairEventKind::Setback;
  e.t_ms = t_ms;
  e.text = std::string(component_name(component));
  e.value = level;
  return e;
}

PairEvent PairEvent::of(PairEventKind kind, std::int64_t t_ms, std::uint32_t actor, double value) {
  PairEvent e;
  e.t_ms = t_ms;
  e.actor = actor;
  e.kind = kind;
  e.value = value;
  return e;
}

std::string_view component_name(Component c) {
  switch (c) {
    case Component::Attentiveness: return "attentiveness";
    case Component::Positivity: return "positivity";
    case Component::Coordination: return "coordination";
    case Component::Balance: return "balance";
    case Component::kCount: break;
  }
  return "unknown";
}

std::string_view reason_tag_key(ReasonTag tag) {
  switch (tag) {
    case ReasonTag::Replied: return "replied";
    case ReasonTag::AcknowledgedWithGesture: return "acknowledged_with_gesture";
    case ReasonTag::OpenQuestion: return "open_question";
    case ReasonTag::ClosedQuestion: return "closed_question";
    case ReasonTag::PickedUpWords: return "picked_up_words";
    case ReasonTag::Acknowledged: return "acknowledged";
    case ReasonTag::Empathy: return "empathy";
    case ReasonTag::Unanswered: return "unanswered";
    case ReasonTag::QuietSpell: return "quiet_spell";
    case ReasonTag::FriendlyGesture: return "friendly_gesture";
    case ReasonTag::Kudos: return "kudos";
    case ReasonTag::WarmWords: return "warm_words";
    case ReasonTag::HostileWords: return "hostile_words";
    case ReasonTag::Apologised: return "apologised";
    case ReasonTag::CommonGround: return "common_ground";
    case ReasonTag::FirstImpression: return "first_impression";
    case ReasonTag::ArmsCrossed: return "arms_crossed";
    case ReasonTag::StyleMatch: return "style_match";
    case ReasonTag::Tempo: return "tempo";
    case ReasonTag::MessageLength: return "message_length";
    case ReasonTag::Mirrored: return "mirrored";
    case ReasonTag::OverCopying: return "over_copying";
    case ReasonTag::Challenge: return "challenge";
    case ReasonTag::Balance: return "balance";
    case ReasonTag::Setback: return "setback";
    case ReasonTag::NegativeWords: return "negative_words";
    case ReasonTag::NeutralTone: return "neutral_tone";
    case ReasonTag::PersonalFocus: return "personal_focus";
    case ReasonTag::kCount: break;
  }
  return "unknown";
}

RapportModel::RapportModel(std::shared_ptr<const ModelConfig> config,
                           std::vector<std::uint32_t> members, std::int64_t start_ms, ModelTiming timing)
    : config_(std::move(config)),
      timing_(timing),
      start_ms_(start_ms),
      now_ms_(start_ms),
      last_activity_ms_(start_ms),
      recent_words_ms_(start_ms) {
  if (!config_) throw std::invalid_argument("RapportModel needs a loaded ModelConfig");
  check_members(members);
  member_ids_ = std::move(members);
  for (const auto id : member_ids_) add_member(id, start_ms);
  for (std::size_t c = 0; c < kComponentCount; ++c) components_[c] = compute(static_cast<Component>(c));
  overall_ = target();
  timeline_interval_ms_ = config_->timeline_interval_ms;
  sample(start_ms);
}

void RapportModel::add_member(std::uint32_t id, std::int64_t t) {
  MemberState m;
  m.id = id;
  m.posture_since_ms = t;
  members_.push_back(std::move(m));
}

void RapportModel::change_members(std::vector<std::uint32_t> members, std::int64_t now_ms) {
  check_members(members);
  advance(now_ms);
  std::vector<MemberState> kept;
  for (const auto id : members) {
    const auto it = std::find_if(members_.begin(), members_.end(), [&](const MemberState& m) { return m.id == id; });
    if (it != members_.end()) {
      kept.push_back(std::move(*it));
    } else {
      MemberState m;
      m.id = id;
      m.posture_since_ms = now_ms_;
      kept.push_back(std::move(m));
    }
  }
  members_ = std::move(kept);
  member_ids_ = std::move(members);
  for (std::size_t c = 0; c < kComponentCount; ++c) components_[c] = compute(static_cast<Component>(c));
}

void RapportModel::finish(std::int64_t now_ms) {
  pause(now_ms);
  overall_ = target();
}

void RapportModel::pause(std::int64_t now_ms) {
  if (paused_) return;
  advance(now_ms);
  paused_ = true;
  paused_at_ms_ = std::max(now_ms, now_ms_ + paused_total_ms_);
}

void RapportModel::resume(std::int64_t now_ms) {
  if (!paused_) return;
  paused_ = false;
  paused_total_ms_ += std::max<std::int64_t>(0, now_ms - paused_at_ms_);
}

// ---- scoring ----------------------------------------------------------------

// Recent acts count most: every act in the group first fades everyone's
// earlier evidence of that component by 2^(-weight / half_life_acts), so the
// meter tells how the conversation is going now (and people judge a
// conversation by how it went lately). Fading moves a member toward the
// baseline, never past it.
void RapportModel::decay(Component c, double weight) {
  const bool attentive = c == Component::Attentiveness;
  const RateConfig& rate = attentive ? config_->attentiveness.rate : config_->positivity.rate;
  if (rate.half_life_acts <= 0) return;
  const double keep = std::exp2(-weight / rate.half_life_acts);
  for (auto& m : members_) {
    (attentive ? m.attention_points : m.positivity_points) *= keep;
    (attentive ? m.attention_acts : m.positivity_acts) *= keep;
  }
}

void RapportModel::credit(MemberState& m, Component c, double points, double weight) {
  decay(c, weight);
  if (c == Component::Attentiveness) {
    m.attention_points += points;
    m.attention_acts += weight;
  } else {
    m.positivity_points += points;
    m.positivity_acts += weight;
  }
}

double RapportModel::display(double points, double acts, const RateConfig& rate) const {
  const double b = config_->baseline / kFullScale;
  const double offset = std::log(b / (1.0 - b));
  const double per_act = points / (acts + rate.prior_acts + kMinActs);
  return kFullScale / (1.0 + std::exp(-(per_act / rate.scale + offset)));
}

double RapportModel::points_for_level(double level, double acts, const RateConfig& rate) const {
  const double b = config_->baseline / kFullScale;
  const double per_act = rate.scale * (std::log(level / (1.0 - level)) - std::log(b / (1.0 - b)));
  return per_act * (acts + rate.prior_acts + kMinActs);
}

double RapportModel::attentiveness_of(const MemberState& m) const {
  return display(m.attention_points, m.attention_acts, config_->attentiveness.rate);
}

double RapportModel::positivity_of(const MemberState& m) const {
  return display(m.positivity_points, m.positivity_acts, config_->positivity.rate);
}

// Rapport is mutual: blend the members' mean with the lowest contribution, so
// one warm person cannot carry an indifferent partner.
double RapportModel::mutual(double (RapportModel::*of)(const MemberState&) const) const {
  double sum = 0;
  double lowest = kFullScale;
  for (const auto& m : members_) {
    const double v = (this->*of)(m);
    sum += v;
    lowest = std::min(lowest, v);
  }
  const double mean = sum / static_cast<double>(members_.size());
  return (1.0 - config_->mutuality) * mean + config_->mutuality * lowest;
}

RapportModel::CoordinationSignals RapportModel::coordination_signals() const {
  const auto& cc = config_->coordination;
  const std::size_t categories = config_->words.style_category_names.size();
  Accumulate style, tempo, length;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    for (std::size_t j = i + 1; j < members_.size(); ++j) {
      const MemberState& a = members_[i];
      const MemberState& b = members_[j];
      if (a.words_total > 0 && b.words_total > 0) {
        std::array<double, kMaxStyleCategories> pa{};
        std::array<double, kMaxStyleCategories> pb{};
        for (std::size_t c = 0; c < categories; ++c) {
          pa[c] = kFullScale * a.category_words[c] / a.words_total;
          pb[c] = kFullScale * b.category_words[c] / b.words_total;
        }
        if (const auto match = style_matching(std::span(pa.data(), categories),
                                              std::span(pb.data(), categories))) {
          const double scaled = (*match - cc.style_floor) / (cc.style_ceiling - cc.style_floor);
          style.add(kFullScale * clamp01(scaled),
                    clamp01(std::min(a.words_total, b.words_total) / cc.style_full_words));
        } else {
          style.add(0, 0);
        }
      } else {
        style.add(0, 0);
      }
      const double tempo_confidence =
          clamp01(static_cast<double>(std::min(a.replies, b.replies)) / cc.tempo_full_replies);
      tempo.add(tempo_confidence > 0
                    ? kFullScale * similarity(a.reply_latency_avg_ms, b.reply_latency_avg_ms)
                    : 0,
                tempo_confidence);
      const double length_confidence =
          clamp01(static_cast<double>(std::min(a.messages, b.messages)) / cc.length_full_messages);
      length.add(length_confidence > 0
                     ? kFullScale * similarity(a.message_length_avg, b.message_length_avg)
                     : 0,
                 length_confidence);
    }
  }
  CoordinationSignals s;
  s.style = {style.value(), style.confidence()};
  s.tempo = {tempo.value(), tempo.confidence()};
  s.length = {length.value(), length.confidence()};
  const double mirror_events = natural_mirrors_ + overcopies_;
  s.mirroring = {mirror_events > 0 ? kFullScale * natural_mirrors_ / mirror_events : 0,
                 clamp01(mirror_events / cc.mirror_full_count)};
  s.challenge = {kFullScale * challenge_avg_,
                 clamp01(static_cast<double>(challenge_rounds_) / cc.challenge_full_rounds)};
  return s;
}

double RapportModel::compute(Component c) const {
  switch (c) {
    case Component::Attentiveness: return mutual(&RapportModel::attentiveness_of);
    case Component::Positivity: return mutual(&RapportModel::positivity_of);
    case Component::Coordination: {
      // Signals without evidence yet do not count; with little evidence in
      // total the score stays near the baseline (shrinkage toward a prior).
      const auto& cc = config_->coordination;
      const CoordinationSignals s = coordination_signals();
      const std::array<std::pair<Signal, double>, 5> weighted = {{{s.style, cc.style_weight},
                                                                   {s.tempo, cc.tempo_weight},
                                                                   {s.length, cc.length_weight},
                                                                   {s.mirroring, cc.mirroring_weight},
                                                                   {s.challenge, cc.challenge_weight}}};
      double sum = cc.prior_weight * config_->baseline;
      double weight = cc.prior_weight;
      for (const auto& [signal, w] : weighted) {
        sum += w * signal.confidence * signal.value;
        weight += w * signal.confidence;
      }
      return weight > 0 ? sum / weight : config_->baseline;
    }
    case Component::Balance: {
      // 1 - |w1 - w2| / (w1 + w2) for a pair; for n members the sum of
      // distances from the mean share, scaled so a one-person monologue is 0.
      const auto& bc = config_->balance;
      double total = 0;
      for (const auto& m : members_) total += m.recent_words;
      const double n = static_cast<double>(members_.size());
      double raw = 0;
      if (total > 0) {
        double spread = 0;
        for (const auto& m : members_) spread += std::abs(m.recent_words - total / n);
        raw = kFullScale * clamp01(1.0 - spread / (2.0 * (n - 1.0) / n * total));
      }
      const double confidence = clamp01(balance_words_total_ / bc.full_words);
      const double weight = bc.prior_weight + confidence;
      return weight > 0 ? (bc.prior_weight * config_->baseline + confidence * raw) / weight
                        : config_->baseline;
    }
    case Component::kCount: break;
  }
  return config_->baseline;
}

double RapportModel::blend(const std::array<double, kComponentCount>& c) const {
  const auto& w = config_->weights;
  return w.attentiveness * c[0] + w.positivity * c[1] + w.coordination * c[2] + w.balance * c[3];
}

double RapportModel::target() const { return blend(components_); }

Meter RapportModel::meter() const {
  Meter m;
  m.overall = std::clamp(overall_, 0.0, kFullScale);
  for (std::size_t c = 0; c < kComponentCount; ++c) m.components[c] = std::clamp(components_[c], 0.0, kFullScale);
  return m;
}


std::vector<Reason> RapportModel::take_reasons() {
  std::vector<Reason> out;
  out.swap(reasons_);
  return out;
}

void RapportModel::lose_rapport(std::int64_t t) {
  repair_until_ms_ = std::max(repair_until_ms_, t + config_->repair.window_ms);
}

MemberState* RapportModel::find(std::uint32_t id) {
  for (auto& m : members_) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

// ---- events -----------------------------------------------------------------

bool RapportModel::apply(const PairEvent& event) {
  if (event.kind >= PairEventKind::kCount) return false;
  MemberState* actor = find(event.actor);
  const bool needs_actor = event.kind != PairEventKind::RoundResult && event.kind != PairEventKind::Setback;
  if (needs_actor && actor == nullptr) return false;
  const bool unit_value = event.value >= 0.0 && event.value <= 1.0;  // false for NaN too
  switch (event.kind) {
    case PairEventKind::Chat:
      if (event.text.empty()) return false;
      break;
    case PairEventKind::Gesture:
      if (event.gesture >= Gesture::kCount) return false;
      break;
    case PairEventKind::RoundResult:
    case PairEventKind::Empathy:
      if (!unit_value) return false;
      break;
    case PairEventKind::Setback:
      if (!unit_value || (event.text != component_name(Component::Attentiveness) &&
                          event.text != component_name(Component::Positivity) &&
                          event.text != component_name(Component::Coordination))) {
        return false;
      }
      break;
    case PairEventKind::FirstImpression:
      if (!(event.value >= -1.0 && event.value <= 1.0)) return false;
      break;
    default: break;
  }
  if (paused_) {
    // Reflection comes after the round: only a kudos still counts.
    if (event.kind != PairEventKind::Kudos) return false;
  } else {
    advance(event.t_ms);
  }
  PairEvent e = event;
  e.t_ms = now_ms_;
  last_activity_ms_ = now_ms_;
  quiet_penalised_ = false;
  switch (e.kind) {
    case PairEventKind::Chat: on_chat(*actor, e); break;
    case PairEventKind::Gesture: on_gesture(*actor, e); break;
    case PairEventKind::RoundResult: on_round_result(e); break;
    case PairEventKind::Setback: on_setback(e); break;
    default: on_simple(*actor, e); break;
  }
  if (paused_) overall_ = target();
  return true;
}


// ---- time -------------------------------------------------------------------

std::int64_t RapportModel::next_deadline() const {
  const auto& cfg = *config_;
  std::int64_t next = next_sample_ms_;
  bool anyone_waiting = false;
  const bool real = timing_ == ModelTiming::Real;
  for (const auto& m : members_) {
    if (m.pending_first_ms) {
      anyone_waiting = true;
      if (!m.pending_penalised && real) {
        next = std::min(next, *m.pending_first_ms + cfg.attentiveness.unanswered_after_ms);
      }
    }
    if (m.posture == Gesture::ArmsCrossed) {
      next = std::min(next, m.posture_since_ms + static_cast<std::int64_t>(m.arms_crossed_penalties + 1) *
                                                     cfg.positivity.arms_crossed_after_ms);
    }
  }
  // The end of a repair window changes the smoothing's time constant: stop
  // there, so the meter is the same however often advance() is called (a
  // restored session, replaying only its events, ends where the live one did).
  if (repair_until_ms_ > now_ms_) next = std::min(next, repair_until_ms_);
  // A quiet spell only counts when nobody is waiting for an answer (that is
  // the unanswered rule's job).
  if (!quiet_penalised_ && !anyone_waiting && real) {
    next = std::min(next, last_activity_ms_ + cfg.attentiveness.quiet_after_ms);
  }
  return next;
}

void RapportModel::process_deadlines(std::int64_t t) {
  const auto& cfg = *config_;
  const auto& ac = cfg.attentiveness;
  const bool real = timing_ == ModelTiming::Real;
  bool anyone_waiting = false;
  for (auto& m : members_) {
    if (real && m.pending_first_ms && !m.pending_penalised && *m.pending_first_ms + ac.unanswered_after_ms <= t) {
      ++m.unanswered;
      change(
          Component::Attentiveness, ReasonTag::Unanswered, t, m.id,
          [&] {
            credit(m, Component::Attentiveness, -ac.unanswered_points, 1.0);
            m.pending_penalised = true;
          },
          [&](double) { return "left a message unanswered for " + seconds_text(ac.unanswered_after_ms); });
      lose_rapport(t);
    }
    anyone_waiting = anyone_waiting || m.pending_first_ms.has_value();
    while (m.posture == Gesture::ArmsCrossed &&
           m.posture_since_ms + static_cast<std::int64_t>(m.arms_crossed_penalties + 1) *
                                    cfg.positivity.arms_crossed_after_ms <=
               t) {
      ++m.arms_crossed_penalties;
      const std::int64_t held = static_cast<std::int64_t>(m.arms_crossed_penalties) *
                                cfg.positivity.arms_crossed_after_ms;
      change(
          Component::Positivity, ReasonTag::ArmsCrossed, t, m.id,
          [&] {
            credit(m, Component::Positivity, -cfg.positivity.arms_crossed_points, 1.0);
          },
          [&](double) { return "kept their arms crossed for " + seconds_text(held); });
    }
  }
  if (real && !quiet_penalised_ && !anyone_waiting && last_activity_ms_ + ac.quiet_after_ms <= t) {
    quiet_penalised_ = true;
    change(
        Component::Attentiveness, ReasonTag::QuietSpell, t, std::nullopt,
        [&] {
          decay(Component::Attentiveness, 1.0);
          for (auto& m : members_) {
            m.attention_points -= ac.quiet_points;
            m.attention_acts += 1;
          }
        },
        [&](double) { return "the conversation went quiet for " + seconds_text(ac.quiet_after_ms); });
  }
  while (next_sample_ms_ <= t) sample(next_sample_ms_);
}

void RapportModel::smooth_to(std::int64_t t) {
  if (t <= now_ms_) return;
  const auto& sc = config_->smoothing;
  const double dt = static_cast<double>(t - now_ms_);
  const bool was_repairing = repairing(now_ms_);
  now_ms_ = t;
  const double goal = target();
  std::int64_t tau = sc.rise_ms;
  if (goal < overall_) {
    tau = sc.fall_ms;
  } else if (was_repairing) {
    tau = sc.repair_rise_ms;
  }
  overall_ += (goal - overall_) * (1.0 - std::exp(-dt / static_cast<double>(tau)));
}

void RapportModel::advance(std::int64_t session_ms) {
  if (paused_) return;
  const std::int64_t now_ms = to_model_time(session_ms);
  if (now_ms <= now_ms_) return;
  for (std::int64_t next = next_deadline(); next <= now_ms; next = next_deadline()) {
    smooth_to(next);
    process_deadlines(next);
  }
  smooth_to(now_ms);
}

void RapportModel::sample(std::int64_t t) {
  timeline_.push_back({t, meter()});
  next_sample_ms_ = t + timeline_interval_ms_;
  if (timeline_.size() < kMaxTimelinePoints) return;
  // Keep a long session's chart small: every other point, twice the interval.
  std::vector<TimelinePoint> thinned;
  thinned.reserve(timeline_.size() / 2 + 1);
  for (std::size_t i = 0; i < timeline_.size(); i += 2) thinned.push_back(timeline_[i]);
  timeline_.swap(thinned);
  timeline_interval_ms_ *= 2;
  next_sample_ms_ = timeline_.back().t_ms + timeline_interval_ms_;
}

// ---- debrief ----------------------------------------------------------------

std::optional<Insight> RapportModel::insight(std::uint32_t member) const {
  const MemberState* m = nullptr;
  for (const auto& candidate : members_) {
    if (candidate.id == member) m = &candidate;
  }
  if (m == nullptr) return std::nullopt;
  Insight out;
  out.own = meter();
  out.own.components[static_cast<std::size_t>(Component::Attentiveness)] = attentiveness_of(*m);
  out.own.components[static_cast<std::size_t>(Component::Positivity)] = positivity_of(*m);
  out.own.overall = blend(out.own.components);
  std::size_t best = 0;
  std::size_t worst = 0;
  for (std::size_t c = 1; c < kComponentCount; ++c) {
    if (out.own.components[c] > out.own.components[best]) best = c;
    if (out.own.components[c] < out.own.components[worst]) worst = c;
  }
  out.strongest = static_cast<Component>(best);
  out.weakest = static_cast<Component>(worst);

  // Pick the tip that names what actually held this component back.
  constexpr std::uint32_t kEnoughOpenQuestions = 3;
  switch (out.weakest) {
    case Component::Attentiveness:
      if (m->unanswered > 0) {
        out.tip = Tip::AnswerMessages;
      } else if (m->open_questions < kEnoughOpenQuestions) {
        out.tip = Tip::AskOpenQuestions;
      } else {
        out.tip = Tip::PickUpWords;
      }
      break;
    case Component::Positivity:
      if (m->hostile > 0) {
        out.tip = Tip::KindWords;
      } else if (m->arms_crossed_penalties > 0 || m->posture == Gesture::ArmsCrossed) {
        out.tip = Tip::OpenPosture;
      } else {
        out.tip = Tip::ShowWarmth;
      }
      break;
    case Component::Coordination: {
      const CoordinationSignals s = coordination_signals();
      const std::array<std::pair<Signal, Tip>, 5> signals = {{{s.style, Tip::MatchWords},
                                                               {s.tempo, Tip::MatchPace},
                                                               {s.length, Tip::MatchLength},
                                                               {s.mirroring, Tip::MirrorSubtly},
                                                               {s.challenge, Tip::CoordinateTasks}}};
      out.tip = Tip::MirrorSubtly;  // nothing measured yet: mirroring is the easiest start
      double lowest = kFullScale + 1;
      for (const auto& [signal, tip] : signals) {
        if (signal.confidence > 0 && signal.value < lowest) {
          lowest = signal.value;
          out.tip = tip;
        }
      }
      break;
    }
    case Component::Balance: {
      double total = 0;
      for (const auto& other : members_) total += other.recent_words;
      const double fair = 1.0 / static_cast<double>(members_.size());
      out.tip = total > 0 && m->recent_words / total > fair ? Tip::ShareTheFloor : Tip::ShareMore;
      break;
    }
    case Component::kCount: break;
  }
  out.tip_text = config_->tips[static_cast<std::size_t>(out.tip)];
  return out;
}

}  // namespace rapport
