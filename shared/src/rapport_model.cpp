#include "rapport/rapport_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rapport {
namespace {

using detail::MemberState;

constexpr double kFullScale = 100.0;
constexpr double kMillisPerSecond = 1000.0;
// Changes smaller than this are rounding noise, not something to explain.
constexpr double kMinReasonDelta = 1e-9;
// Content words remembered per member for "picked up the partner's words":
// a few messages' worth; older ones also expire by pickup_window_ms.
constexpr std::size_t kMaxRecentContentWords = 48;

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// Evidence after a lapse (see Loss). Increasing in `points` (slope 1 or
// 1 - share), so more evidence before a loss always means more after it.
double after_loss(double points, const Loss& loss) {
  return points - std::max(loss.points, loss.share * std::max(points, 0.0));
}

std::string seconds_text(std::int64_t ms) {
  const auto seconds = static_cast<long long>(std::llround(static_cast<double>(ms) / kMillisPerSecond));
  return std::to_string(seconds) + " s";
}

std::string percent_text(double fraction) {
  return std::to_string(static_cast<long long>(std::llround(fraction * kFullScale))) + "%";
}

// 1 - |a - b| / (a + b): how alike two positive amounts are, 0..1.
double similarity(double a, double b) {
  if (a + b <= 0.0) return 1.0;
  return 1.0 - std::abs(a - b) / (a + b);
}

// A running average that is the plain mean for the first 1/alpha values and
// then weighs the newest value by alpha.
void update_average(double& average, std::uint32_t& count, double value, double alpha,
                    double weight = 1.0) {
  ++count;
  const double w = std::min(1.0, std::max(alpha, 1.0 / static_cast<double>(count)) * weight);
  average += (value - average) * w;
}

bool mirrors(Gesture a, Gesture b) {
  if (a == b) return true;
  // Facing each other, a mirror image is the natural mirror.
  return (a == Gesture::ChinOnHandLeft && b == Gesture::ChinOnHandRight) ||
         (a == Gesture::ChinOnHandRight && b == Gesture::ChinOnHandLeft);
}

std::string friendly_gesture_text(Gesture g) {
  switch (g) {
    case Gesture::Smile: return "smiled";
    case Gesture::Nod: return "nodded";
    case Gesture::Laugh: return "laughed";
    case Gesture::Wave: return "waved";
    case Gesture::LeanIn: return "leaned in";
    default: return "made a friendly gesture";
  }
}

bool acknowledges(Gesture g) {
  return g == Gesture::Nod || g == Gesture::Smile || g == Gesture::Laugh;
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
    case ReasonTag::kCount: break;
  }
  return "unknown";
}

RapportModel::RapportModel(std::shared_ptr<const ModelConfig> config,
                           std::vector<std::uint32_t> members, std::int64_t start_ms)
    : config_(std::move(config)),
      member_ids_(std::move(members)),
      start_ms_(start_ms),
      now_ms_(start_ms),
      last_activity_ms_(start_ms),
      recent_words_ms_(start_ms) {
  if (!config_) throw std::invalid_argument("RapportModel needs a loaded ModelConfig");
  std::vector<std::uint32_t> sorted = member_ids_;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.size() < 2 || sorted.size() > kMaxMembers ||
      std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw std::invalid_argument("RapportModel needs 2 to 4 distinct members");
  }
  for (const auto id : member_ids_) {
    MemberState m;
    m.id = id;
    m.posture_since_ms = start_ms;
    members_.push_back(std::move(m));
  }
  for (std::size_t c = 0; c < kComponentCount; ++c) components_[c] = compute(static_cast<Component>(c));
  overall_ = target();
  timeline_interval_ms_ = config_->timeline_interval_ms;
  sample(start_ms);
}

// ---- scoring ----------------------------------------------------------------

double RapportModel::display(double points) const {
  const double b = config_->baseline / kFullScale;
  const double offset = std::log(b / (1.0 - b));
  return kFullScale / (1.0 + std::exp(-(points / config_->evidence_scale + offset)));
}

// Rapport is mutual: blend the members' mean with the lowest contribution, so
// one warm person cannot carry an indifferent partner.
double RapportModel::mutual(double MemberState::*points) const {
  double sum = 0;
  double lowest = kFullScale;
  for (const auto& m : members_) {
    const double v = display(m.*points);
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
    case Component::Attentiveness: return mutual(&MemberState::attentiveness_points);
    case Component::Positivity: return mutual(&MemberState::positivity_points);
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

double RapportModel::target() const {
  const auto& cfg = *config_;
  const auto elapsed = now_ms_ - start_ms_;
  double late = 0;
  if (cfg.weights_ramp_end_ms <= cfg.weights_ramp_start_ms) {
    late = elapsed >= cfg.weights_ramp_start_ms ? 1.0 : 0.0;
  } else {
    late = clamp01(static_cast<double>(elapsed - cfg.weights_ramp_start_ms) /
                   static_cast<double>(cfg.weights_ramp_end_ms - cfg.weights_ramp_start_ms));
  }
  const auto blend = [&](double early_w, double late_w) { return early_w + (late_w - early_w) * late; };
  const auto& e = cfg.early_weights;
  const auto& l = cfg.late_weights;
  return blend(e.attentiveness, l.attentiveness) * components_[0] +
         blend(e.positivity, l.positivity) * components_[1] +
         blend(e.coordination, l.coordination) * components_[2] +
         blend(e.balance, l.balance) * components_[3];
}

Meter RapportModel::meter() const {
  Meter m;
  m.overall = std::clamp(overall_, 0.0, kFullScale);
  for (std::size_t c = 0; c < kComponentCount; ++c) m.components[c] = std::clamp(components_[c], 0.0, kFullScale);
  return m;
}

template <class Mutate, class Describe>
void RapportModel::change(Component c, ReasonTag tag, std::int64_t t,
                          std::optional<std::uint32_t> actor, Mutate&& mutate,
                          Describe&& describe) {
  const auto index = static_cast<std::size_t>(c);
  const double before = components_[index];
  mutate();
  components_[index] = compute(c);
  const double delta = components_[index] - before;
  if (std::abs(delta) <= kMinReasonDelta) return;
  if (reasons_.size() >= kMaxPendingReasons) reasons_.erase(reasons_.begin());
  reasons_.push_back(Reason{c, delta, tag, describe(delta), t, actor});
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
  if (event.kind != PairEventKind::RoundResult && actor == nullptr) return false;
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
    case PairEventKind::FirstImpression:
      if (!(event.value >= -1.0 && event.value <= 1.0)) return false;
      break;
    default: break;
  }
  advance(std::max(event.t_ms, now_ms_));
  PairEvent e = event;
  e.t_ms = now_ms_;
  last_activity_ms_ = now_ms_;
  quiet_penalised_ = false;
  switch (e.kind) {
    case PairEventKind::Chat: on_chat(*actor, e); break;
    case PairEventKind::Gesture: on_gesture(*actor, e); break;
    case PairEventKind::RoundResult: on_round_result(e); break;
    default: on_simple(*actor, e); break;
  }
  return true;
}

void RapportModel::on_chat(MemberState& m, const PairEvent& e) {
  const auto& cfg = *config_;
  const auto& ac = cfg.attentiveness;
  const auto& pc = cfg.positivity;
  const auto& cc = cfg.coordination;
  const std::int64_t t = e.t_ms;
  const MessageFeatures f = analyse_message(e.text, cfg.words);
  const bool in_repair = repairing(t);
  const double repair_factor = in_repair ? cfg.repair.multiplier : 1.0;

  // Attentiveness: a reply, and how quickly it came.
  std::optional<std::int64_t> reply_latency;
  if (m.pending_first_ms) {
    const std::int64_t latency = t - m.pending_last_ms;
    reply_latency = latency;
    const double speed = clamp01(static_cast<double>(ac.slow_reply_ms - latency) /
                                 static_cast<double>(ac.slow_reply_ms - ac.fast_reply_ms));
    // A one-word "ok" is a reply, but a thin one.
    const double substance = clamp01(static_cast<double>(f.word_count) / ac.full_reply_words);
    change(
        Component::Attentiveness, ReasonTag::Replied, t, m.id,
        [&] {
          m.attentiveness_points += ac.reply_points * speed * substance * repair_factor;
          m.pending_first_ms.reset();
          m.pending_penalised = false;
        },
        [&](double) {
          if (speed <= 0) return "replied after " + seconds_text(latency);
          return (in_repair ? std::string("followed through: replied within ")
                            : std::string("replied within ")) +
                 seconds_text(latency);
        });
  }
  // Everyone else now owes a reply. In a trio, once someone answered, the
  // others' clock restarts: the group took the message up.
  for (auto& other : members_) {
    if (other.id == m.id) continue;
    if (!other.pending_first_ms || other.pending_penalised || reply_latency) {
      other.pending_first_ms = t;
      other.pending_penalised = false;
    }
    other.pending_last_ms = t;
  }

  if (f.question == QuestionKind::Open) {
    ++m.open_questions;
    change(
        Component::Attentiveness, ReasonTag::OpenQuestion, t, m.id,
        [&] { m.attentiveness_points += ac.open_question_points; },
        [](double) { return std::string("asked an open question"); });
  } else if (f.question == QuestionKind::Closed) {
    change(
        Component::Attentiveness, ReasonTag::ClosedQuestion, t, m.id,
        [&] { m.attentiveness_points += ac.closed_question_points; },
        [](double) { return std::string("asked a yes/no question"); });
  }

  // Picking up the partner's own content words shows they were heard.
  std::uint32_t picked = 0;
  for (const auto& word : f.content_words) {
    bool found = false;
    for (const auto& other : members_) {
      if (other.id == m.id) continue;
      for (const auto& [said, when] : other.recent_content) {
        if (t - when <= ac.pickup_window_ms && said == word) {
          found = true;
          break;
        }
      }
      if (found) break;
    }
    if (found) ++picked;
  }
  picked = std::min(picked, ac.pickup_max_words);
  if (picked > 0) {
    ++m.pickups;
    change(
        Component::Attentiveness, ReasonTag::PickedUpWords, t, m.id,
        [&] { m.attentiveness_points += ac.pickup_points_per_word * picked; },
        [&](double) {
          return picked == 1 ? std::string("picked up a word the partner used")
                             : "picked up " + std::to_string(picked) + " words the partner used";
        });
  }
  if (f.acknowledgement) {
    change(
        Component::Attentiveness, ReasonTag::Acknowledged, t, m.id,
        [&] { m.attentiveness_points += ac.acknowledgement_points * repair_factor; },
        [&](double) {
          return std::string(in_repair ? "acknowledged the partner after a setback"
                                       : "acknowledged what the partner said");
        });
  }

  // Positivity: warm and hostile words, apologies.
  if (f.positive > 0) {
    const auto n = std::min(f.positive, pc.max_words_per_message);
    change(
        Component::Positivity, ReasonTag::WarmWords, t, m.id,
        [&] { m.positivity_points += pc.positive_word_points * n; },
        [](double) { return std::string("used warm words"); });
  }
  if (f.apology) {
    change(
        Component::Positivity, ReasonTag::Apologised, t, m.id,
        [&] { m.positivity_points += pc.apology_points; },
        [&](double) { return std::string(in_repair ? "apologised" : "showed concern"); });
  }
  if (f.hostile > 0) {
    const auto n = std::min(f.hostile, pc.max_words_per_message);
    m.hostile += n;
    change(
        Component::Positivity, ReasonTag::HostileWords, t, m.id,
        [&] {
          for (std::uint32_t k = 0; k < n; ++k) m.positivity_points = after_loss(m.positivity_points, pc.hostile_word_loss);
        },
        [](double) { return std::string("used hostile words"); });
    lose_rapport(t);
  }

  // Coordination: word style, reply pace and message length.
  change(
      Component::Coordination, ReasonTag::StyleMatch, t, m.id,
      [&] {
        for (std::size_t c = 0; c < kMaxStyleCategories; ++c) m.category_words[c] += f.category_counts[c];
        m.words_total += f.word_count;
      },
      [](double delta) {
        return std::string(delta > 0 ? "matched the partner's way of wording"
                                     : "wording style drifted from the partner's");
      });
  if (reply_latency) {
    change(
        Component::Coordination, ReasonTag::Tempo, t, m.id,
        [&] {
          update_average(m.reply_latency_avg_ms, m.replies, static_cast<double>(*reply_latency),
                         cc.average_alpha);
        },
        [](double delta) {
          return std::string(delta > 0 ? "kept a reply pace like the partner's"
                                       : "reply pace drifted from the partner's");
        });
  }
  change(
      Component::Coordination, ReasonTag::MessageLength, t, m.id,
      [&] {
        update_average(m.message_length_avg, m.messages, static_cast<double>(f.word_count),
                       cc.average_alpha);
      },
      [](double delta) {
        return std::string(delta > 0 ? "wrote messages about as long as the partner's"
                                     : "message lengths drifted apart");
      });
  for (const auto& word : f.content_words) m.recent_content.emplace_back(word, t);
  std::erase_if(m.recent_content,
                [&](const auto& entry) { return t - entry.second > ac.pickup_window_ms; });
  if (m.recent_content.size() > kMaxRecentContentWords) {
    m.recent_content.erase(m.recent_content.begin(),
                           m.recent_content.begin() +
                               static_cast<std::ptrdiff_t>(m.recent_content.size() - kMaxRecentContentWords));
  }

  // Balance: everyone's recent words decay together, which keeps their ratio.
  const double decay =
      std::exp2(-static_cast<double>(t - recent_words_ms_) / static_cast<double>(cfg.balance.half_life_ms));
  for (auto& member : members_) member.recent_words *= decay;
  recent_words_ms_ = t;
  change(
      Component::Balance, ReasonTag::Balance, t, m.id,
      [&] {
        m.recent_words += f.word_count;
        balance_words_total_ += f.word_count;
      },
      [&](double delta) {
        double total = 0;
        for (const auto& member : members_) total += member.recent_words;
        const std::string share = total > 0 ? percent_text(m.recent_words / total) : "0%";
        return (delta > 0 ? "evened out the conversation (" : "did more of the talking (") + share +
               " of the words lately)";
      });
}

void RapportModel::on_gesture(MemberState& m, const PairEvent& e) {
  const auto& cfg = *config_;
  const auto& ac = cfg.attentiveness;
  const auto& pc = cfg.positivity;
  const auto& cc = cfg.coordination;
  const std::int64_t t = e.t_ms;
  const Gesture g = e.gesture;
  const auto gi = static_cast<std::size_t>(g);

  // A nod or smile answers a message too, for a share of a reply's points.
  if (m.pending_first_ms && acknowledges(g)) {
    const std::int64_t latency = t - m.pending_last_ms;
    const double speed = clamp01(static_cast<double>(ac.slow_reply_ms - latency) /
                                 static_cast<double>(ac.slow_reply_ms - ac.fast_reply_ms));
    const double factor = repairing(t) ? cfg.repair.multiplier : 1.0;
    change(
        Component::Attentiveness, ReasonTag::AcknowledgedWithGesture, t, m.id,
        [&] {
          m.attentiveness_points += ac.reply_points * ac.gesture_ack_factor * speed * factor;
          m.pending_first_ms.reset();
          m.pending_penalised = false;
        },
        [&](double) { return "acknowledged a message with a " + std::string(gesture_name(g)); });
  }

  // Friendly gestures. No cooldown here: any rule where one gesture changes
  // what another earns could make an extra smile cost points; the server
  // rate-limits gesture spam instead.
  if (is_friendly(g) && pc.gesture_points[gi] > 0) {
    change(
        Component::Positivity, ReasonTag::FriendlyGesture, t, m.id,
        [&] { m.positivity_points += pc.gesture_points[gi]; },
        [&](double) { return friendly_gesture_text(g); });
  }

  if (is_posture(g) && m.posture != g) {
    m.posture = g;
    m.posture_since_ms = t;
    m.arms_crossed_penalties = 0;
  }

  if (g == Gesture::Relaxed) return;  // going back to neutral is not a gesture to mirror

  // Mirroring: copying a partner's recent gesture. Sooner than the minimum
  // delay it is an instant, mechanical copy and earns nothing; copying nearly
  // every gesture a partner makes is mechanical too, however delayed.
  MemberState* source = nullptr;
  std::int64_t delay = 0;
  for (auto& other : members_) {
    if (other.id == m.id || !other.last_gesture || other.last_gesture_mirrored ||
        !mirrors(*other.last_gesture, g)) {
      continue;
    }
    delay = t - other.last_gesture_ms;
    if (delay > cc.mirror_max_delay_ms) continue;
    source = &other;
    break;
  }
  const std::uint32_t history_mask = cc.copy_history >= 32 ? ~0u : ((1u << cc.copy_history) - 1u);
  if (source != nullptr) {
    source->last_gesture_mirrored = true;
    source->copied_bits |= 1u;  // bit 0 is the source's newest gesture
    const double copied_share = static_cast<double>(std::popcount(source->copied_bits)) /
                                static_cast<double>(source->gesture_history);
    if (source->gesture_history >= cc.overcopy_min_gestures && copied_share >= cc.overcopy_ratio) {
      change(
          Component::Coordination, ReasonTag::OverCopying, t, m.id, [&] { overcopies_ += 1; },
          [](double) {
            return std::string("copied nearly every gesture; mirroring works when it is subtle");
          });
    } else if (delay >= cc.mirror_min_delay_ms) {
      change(
          Component::Coordination, ReasonTag::Mirrored, t, m.id, [&] { natural_mirrors_ += 1; },
          [&](double) { return "mirrored a gesture after " + seconds_text(delay); });
    }
  }
  m.copied_bits = (m.copied_bits << 1u) & history_mask;
  m.gesture_history = std::min(m.gesture_history + 1, cc.copy_history);
  m.last_gesture = g;
  m.last_gesture_ms = t;
  m.last_gesture_mirrored = false;
}

void RapportModel::on_round_result(const PairEvent& e) {
  const auto& cc = config_->coordination;
  const std::int64_t t = e.t_ms;
  const bool failed = e.value < cc.challenge_failed_below;
  const bool follow_through = !failed && repairing(t);
  // Succeeding together after a setback is following through: it counts extra.
  const double weight = follow_through ? config_->repair.multiplier : 1.0;
  change(
      Component::Coordination, ReasonTag::Challenge, t, std::nullopt,
      [&] { update_average(challenge_avg_, challenge_rounds_, e.value, cc.average_alpha, weight); },
      [&](double) {
        if (failed) return "the challenge did not work out (" + percent_text(e.value) + ")";
        if (follow_through) return "followed through together after a setback (" + percent_text(e.value) + ")";
        return "did the challenge together (" + percent_text(e.value) + ")";
      });
  if (failed) lose_rapport(t);
}

void RapportModel::on_simple(MemberState& m, const PairEvent& e) {
  const auto& cfg = *config_;
  const std::int64_t t = e.t_ms;
  switch (e.kind) {
    case PairEventKind::Kudos:
      change(
          Component::Positivity, ReasonTag::Kudos, t, m.id,
          [&] { m.positivity_points += cfg.positivity.kudos_points; },
          [](double) { return std::string("gave kudos"); });
      break;
    case PairEventKind::CommonGroundFound:
      change(
          Component::Positivity, ReasonTag::CommonGround, t, m.id,
          [&] {
            for (auto& member : members_) member.positivity_points += cfg.positivity.common_ground_points;
          },
          [](double) { return std::string("found common ground"); });
      break;
    case PairEventKind::Empathy:
      change(
          Component::Attentiveness, ReasonTag::Empathy, t, m.id,
          [&] { m.attentiveness_points += cfg.attentiveness.empathy_points * (2.0 * e.value - 1.0); },
          [&](double) {
            return std::string(e.value >= 0.5 ? "read the partner's point of view well ("
                                              : "misread the partner's point of view (") +
                   percent_text(e.value) + ")";
          });
      break;
    case PairEventKind::FirstImpression:
      change(
          Component::Positivity, ReasonTag::FirstImpression, t, m.id,
          [&] { m.positivity_points += cfg.positivity.first_impression_points * e.value; },
          [&](double) {
            return std::string(e.value >= 0 ? "made a warm first impression"
                                            : "made a cool first impression");
          });
      break;
    default: break;
  }
}

// ---- time -------------------------------------------------------------------

std::int64_t RapportModel::next_deadline() const {
  const auto& cfg = *config_;
  std::int64_t next = next_sample_ms_;
  bool anyone_waiting = false;
  for (const auto& m : members_) {
    if (m.pending_first_ms) {
      anyone_waiting = true;
      if (!m.pending_penalised) {
        next = std::min(next, *m.pending_first_ms + cfg.attentiveness.unanswered_after_ms);
      }
    }
    if (m.posture == Gesture::ArmsCrossed) {
      next = std::min(next, m.posture_since_ms + static_cast<std::int64_t>(m.arms_crossed_penalties + 1) *
                                                     cfg.positivity.arms_crossed_after_ms);
    }
  }
  // A quiet spell only counts when nobody is waiting for an answer (that is
  // the unanswered rule's job).
  if (!quiet_penalised_ && !anyone_waiting) {
    next = std::min(next, last_activity_ms_ + cfg.attentiveness.quiet_after_ms);
  }
  return next;
}

void RapportModel::process_deadlines(std::int64_t t) {
  const auto& cfg = *config_;
  const auto& ac = cfg.attentiveness;
  bool anyone_waiting = false;
  for (auto& m : members_) {
    if (m.pending_first_ms && !m.pending_penalised && *m.pending_first_ms + ac.unanswered_after_ms <= t) {
      ++m.unanswered;
      change(
          Component::Attentiveness, ReasonTag::Unanswered, t, m.id,
          [&] {
            m.attentiveness_points = after_loss(m.attentiveness_points, ac.unanswered_loss);
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
          [&] { m.positivity_points = after_loss(m.positivity_points, cfg.positivity.arms_crossed_loss); },
          [&](double) { return "kept arms crossed for " + seconds_text(held); });
    }
  }
  if (!quiet_penalised_ && !anyone_waiting && last_activity_ms_ + ac.quiet_after_ms <= t) {
    quiet_penalised_ = true;
    change(
        Component::Attentiveness, ReasonTag::QuietSpell, t, std::nullopt,
        [&] {
          for (auto& m : members_) m.attentiveness_points = after_loss(m.attentiveness_points, ac.quiet_loss);
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

void RapportModel::advance(std::int64_t now_ms) {
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
  out.own.components[static_cast<std::size_t>(Component::Attentiveness)] = display(m->attentiveness_points);
  out.own.components[static_cast<std::size_t>(Component::Positivity)] = display(m->positivity_points);
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
