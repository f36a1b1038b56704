// What each event does to the rapport model's state, with its reasons.
#include "rapport_model_internal.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace rapport {
namespace {

using detail::MemberState;
using namespace model_internal;

// Content words remembered per member for "picked up the partner's words":
// a few messages' worth; older ones also expire by pickup_window_ms.
constexpr std::size_t kMaxRecentContentWords = 48;

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

}  // namespace

void RapportModel::on_chat(MemberState& m, const PairEvent& e) {
  const auto& cfg = *config_;
  const auto& ac = cfg.attentiveness;
  const auto& pc = cfg.positivity;
  const auto& cc = cfg.coordination;
  const std::int64_t t = e.t_ms;
  const MessageFeatures f = analyse_message(e.text, cfg.words);
  const bool in_repair = repairing(t);
  const double repair_factor = in_repair ? cfg.repair.multiplier : 1.0;
  const bool real_timing = timing_ == ModelTiming::Real;

  // Attentiveness: what this message did for the partner.
  std::optional<std::int64_t> reply_latency;
  double reply = 0;
  if (m.pending_first_ms) {
    const std::int64_t latency = t - m.pending_last_ms;
    reply_latency = latency;
    // Without real timestamps every reply counts as timely.
    const double speed = real_timing ? clamp01(static_cast<double>(ac.slow_reply_ms - latency) /
                                               static_cast<double>(ac.slow_reply_ms - ac.fast_reply_ms))
                                     : 1.0;
    // A one-word "ok" is a reply, but a thin one.
    const double substance = clamp01(static_cast<double>(f.word_count) / ac.full_reply_words);
    reply = ac.reply_points * speed * substance * repair_factor;
  }
  const double question = f.question == QuestionKind::Open     ? ac.open_question_points
                          : f.question == QuestionKind::Closed ? ac.closed_question_points
                                                               : 0.0;
  if (f.question == QuestionKind::Open) ++m.open_questions;
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
  if (picked > 0) ++m.pickups;
  const double pickup = ac.pickup_points_per_word * picked;
  const double acknowledged = ac.acknowledgement_points * f.acknowledgements * repair_factor;
  // Talking with the partner (I, you, we) rather than about things (the, a).
  double focus = 0;
  if (f.word_count > 0 && cfg.personal_category < kMaxStyleCategories && cfg.article_category < kMaxStyleCategories) {
    focus = ac.personal_focus_points *
            (static_cast<double>(f.category_counts[cfg.personal_category]) -
             static_cast<double>(f.category_counts[cfg.article_category])) /
            static_cast<double>(f.word_count);
  }
  // The message is one act; what it did for the partner earns points on top,
  // each part with its own reason.
  const bool timely = reply_latency && (!real_timing || *reply_latency <= ac.slow_reply_ms);
  change(
      Component::Attentiveness, reply_latency ? ReasonTag::Replied : ReasonTag::NeutralTone, t, m.id,
      [&] {
        credit(m, Component::Attentiveness, reply, 1.0);
        m.pending_first_ms.reset();
        m.pending_penalised = false;
      },
      [&](double) -> std::string {
        if (!reply_latency) return "wrote a message (attention is an average over messages)";
        if (!real_timing) return "replied to the partner";
        if (!timely) return "replied after " + seconds_text(*reply_latency);
        return (in_repair ? std::string("followed through: replied within ") : std::string("replied within ")) +
               seconds_text(*reply_latency);
      });
  const auto part = [&](ReasonTag tag, double points, auto&& describe) {
    if (points == 0.0) return;
    change(Component::Attentiveness, tag, t, m.id, [&] { m.attention_points += points; }, describe);
  };
  if (f.question == QuestionKind::Open) {
    part(ReasonTag::OpenQuestion, question, [](double) { return std::string("asked an open question"); });
  } else if (f.question == QuestionKind::Closed) {
    part(ReasonTag::ClosedQuestion, question, [](double) { return std::string("asked a yes/no question"); });
  }
  part(ReasonTag::PickedUpWords, pickup, [&](double) {
    return picked == 1 ? std::string("picked up a word the partner used")
                       : "picked up " + std::to_string(picked) + " words the partner used";
  });
  part(ReasonTag::Acknowledged, acknowledged, [&](double) {
    return std::string(in_repair ? "acknowledged the partner after a setback" : "acknowledged what the partner said");
  });
  part(ReasonTag::PersonalFocus, focus, [&](double) {
    return std::string(focus > 0 ? "talked with the partner (I, you, we)" : "talked about things more than with the partner");
  });
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

  // Positivity: the message's tone, as one act. An apology repairs only
  // after a setback; elsewhere "sorry" mostly comes with a refusal.
  const double cap = pc.max_words_per_message;
  const std::uint32_t hostile = std::min(f.hostile, static_cast<std::uint32_t>(cap));
  const bool apologised = f.apology && in_repair;
  const double tone = pc.positive_word_points * std::min(f.positive, cap) +
                      (f.exclaimed ? pc.exclamation_points : 0.0) -
                      pc.negative_word_points * std::min(f.negative, cap) -
                      pc.hostile_word_points * hostile + (apologised ? pc.apology_points : 0.0);
  m.hostile += hostile;
  const ReasonTag tone_tag = hostile > 0   ? ReasonTag::HostileWords
                             : apologised  ? ReasonTag::Apologised
                             : tone > 0    ? ReasonTag::WarmWords
                             : tone < 0    ? ReasonTag::NegativeWords
                                           : ReasonTag::NeutralTone;
  change(
      Component::Positivity, tone_tag, t, m.id,
      [&] {
        credit(m, Component::Positivity, tone, 1.0);
      },
      [&](double) -> std::string {
        switch (tone_tag) {
          case ReasonTag::HostileWords: return "used hostile words";
          case ReasonTag::Apologised: return "apologised";
          case ReasonTag::WarmWords: return "used warm words";
          case ReasonTag::NegativeWords: return "sounded negative";
          default: return "kept a neutral tone";
        }
      });
  if (hostile > 0) lose_rapport(t);

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
  if (reply_latency && real_timing) {
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

  // A nod or smile answers a waiting message ("I heard you") like a typed
  // "ok", but as a smaller act: it moves attentiveness a share of the way.
  if (m.pending_first_ms && acknowledges(g)) {
    const std::int64_t latency = t - m.pending_last_ms;
    const double speed = timing_ == ModelTiming::Real
                             ? clamp01(static_cast<double>(ac.slow_reply_ms - latency) /
                                       static_cast<double>(ac.slow_reply_ms - ac.fast_reply_ms))
                             : 1.0;
    const double factor = repairing(t) ? cfg.repair.multiplier : 1.0;
    change(
        Component::Attentiveness, ReasonTag::AcknowledgedWithGesture, t, m.id,
        [&] {
          credit(m, Component::Attentiveness, ac.acknowledgement_points * ac.gesture_ack_factor * speed * factor,
                 ac.gesture_ack_factor);
          m.pending_first_ms.reset();
          m.pending_penalised = false;
        },
        [&](double) { return "acknowledged a message with a " + std::string(gesture_name(g)); });
  }

  // Friendly gestures. No cooldown here: any rule where one gesture changes
  // what another earns could make an extra smile cost points; the server
  // rate-limits gesture spam instead. A gesture is a smaller act than a
  // message, so a smile lifts the average without diluting it much.
  if (is_friendly(g) && pc.gesture_points[gi] > 0) {
    change(
        Component::Positivity, ReasonTag::FriendlyGesture, t, m.id,
        [&] {
          credit(m, Component::Positivity, pc.gesture_points[gi], pc.gesture_act_weight);
        },
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

void RapportModel::on_setback(const PairEvent& e) {
  const std::int64_t t = e.t_ms;
  // Levels are kept off the very ends so the logistic display can be inverted.
  constexpr double kLowest = 0.02, kHighest = 0.98;
  const double level = std::clamp(e.value, kLowest, kHighest);
  const auto what = e.text;
  const auto describe = [&](double) { return "the scene starts after a setback: " + what + " is low"; };
  if (what == component_name(Component::Coordination)) {
    // Counts as one failed attempt at working together.
    change(
        Component::Coordination, ReasonTag::Setback, t, std::nullopt,
        [&] {
          challenge_avg_ = challenge_rounds_ == 0 ? level : std::min(challenge_avg_, level);
          challenge_rounds_ = std::max<std::uint32_t>(challenge_rounds_, 1);
        },
        describe);
  } else {
    // The points whose rate shows as `level`: the inverse of display().
    const bool attentive = what == component_name(Component::Attentiveness);
    const RateConfig& rate = attentive ? config_->attentiveness.rate : config_->positivity.rate;
    change(
        attentive ? Component::Attentiveness : Component::Positivity, ReasonTag::Setback, t, std::nullopt,
        [&] {
          for (auto& m : members_) {
            double& p = attentive ? m.attention_points : m.positivity_points;
            const double acts = attentive ? m.attention_acts : m.positivity_acts;
            p = std::min(p, points_for_level(level, acts, rate));
          }
        },
        describe);
  }
  // The damage is already there when the scene opens: the overall meter
  // starts low instead of easing down, and repairs count extra from here.
  overall_ = std::min(overall_, target());
  lose_rapport(t);
}

void RapportModel::on_simple(MemberState& m, const PairEvent& e) {
  const auto& cfg = *config_;
  const std::int64_t t = e.t_ms;
  switch (e.kind) {
    case PairEventKind::Kudos:
      change(
          Component::Positivity, ReasonTag::Kudos, t, m.id,
          [&] {
            credit(m, Component::Positivity, cfg.positivity.kudos_points, 1.0);
          },
          [](double) { return std::string("gave kudos"); });
      break;
    case PairEventKind::CommonGroundFound:
      change(
          Component::Positivity, ReasonTag::CommonGround, t, m.id,
          [&] {
            decay(Component::Positivity, 1.0);
            for (auto& member : members_) {
              member.positivity_points += cfg.positivity.common_ground_points;
              member.positivity_acts += 1;
            }
          },
          [](double) { return std::string("found common ground"); });
      break;
    case PairEventKind::Empathy:
      change(
          Component::Attentiveness, ReasonTag::Empathy, t, m.id,
          [&] {
            credit(m, Component::Attentiveness, cfg.attentiveness.empathy_points * (2.0 * e.value - 1.0), 1.0);
          },
          [&](double) {
            return std::string(e.value >= 0.5 ? "read the partner's point of view well ("
                                              : "misread the partner's point of view (") +
                   percent_text(e.value) + ")";
          });
      break;
    case PairEventKind::FirstImpression:
      change(
          Component::Positivity, ReasonTag::FirstImpression, t, m.id,
          [&] {
            credit(m, Component::Positivity, cfg.positivity.first_impression_points * e.value, 1.0);
          },
          [&](double) {
            return std::string(e.value >= 0 ? "made a warm first impression"
                                            : "made a cool first impression");
          });
      break;
    default: break;
  }
}

}  // namespace rapport
