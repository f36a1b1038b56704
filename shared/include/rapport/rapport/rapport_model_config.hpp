#pragma once
// Weights, windows, points and word lists of the rapport model, loaded from
// assets/model/model.json and assets/model/language.json. Every field is
// required and range-checked; docs/RAPPORT_MODEL.md describes each one and why
// it has its value. Times are seconds in the files and milliseconds here.
#include "rapport/protocol/gestures.hpp"
#include "rapport/rapport/language_analysis.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace rapport {

inline constexpr std::size_t kGestureCount = static_cast<std::size_t>(Gesture::kCount);

// One concrete tip per weak spot, chosen for the debrief (see RapportModel::insight).
enum class Tip : std::uint8_t {
  AnswerMessages,     // attentiveness: messages were left unanswered
  AskOpenQuestions,   // attentiveness: few open questions
  PickUpWords,        // attentiveness: rarely built on the partner's words
  KindWords,          // positivity: hostile words
  OpenPosture,        // positivity: arms crossed for long
  ShowWarmth,         // positivity: few friendly signals
  MatchWords,         // coordination: word style far apart
  MatchPace,          // coordination: reply pace far apart
  MatchLength,        // coordination: message lengths far apart
  MirrorSubtly,       // coordination: copied too much, or never mirrored
  CoordinateTasks,    // coordination: challenges went badly
  ShareTheFloor,      // balance: did most of the talking
  ShareMore,          // balance: said much less than the partner
  kCount
};
inline constexpr std::size_t kTipCount = static_cast<std::size_t>(Tip::kCount);
// The key of each tip in model.json's "tips" object.
[[nodiscard]] std::string_view tip_key(Tip tip);

struct ComponentWeights {
  double attentiveness = 0;
  double positivity = 0;
  double coordination = 0;
  double balance = 0;
};

// Attentiveness and positivity are rates, not sums: each member's points are
// averaged over their acts (messages, and gestures at a smaller weight), with
// `prior_acts` neutral acts to start from, so a long conversation does not score
// higher than a short one just by being long. The meter shows the rate through
// 100 / (1 + exp(-(rate / scale + logit(baseline)))).
struct RateConfig {
  double scale = 0;       // points per act that move the meter by about a quarter of its range
  double prior_acts = 0;  // neutral acts every member starts with (shrinkage toward the baseline)
  // Recent acts count most: earlier evidence weighs half after this many more
  // acts in the group (people judge a conversation by how it went lately). 0: never fades.
  double half_life_acts = 0;
};

struct AttentivenessConfig {
  RateConfig rate;
  double reply_points = 0;            // a reply at full speed
  std::int64_t fast_reply_ms = 0;     // replies this quick earn full points (real timing only)
  std::int64_t slow_reply_ms = 0;     // replies this slow earn none (real timing only)
  std::uint32_t full_reply_words = 0; // shorter replies ("ok") earn a share
  // A nod or smile answers a message as an act of this weight, worth this
  // share of an acknowledgement: a typed "ok" moves the meter further.
  double gesture_ack_factor = 0;
  double open_question_points = 0;
  double closed_question_points = 0;
  double pickup_points_per_word = 0;  // reused a content word the partner said lately
  std::uint32_t pickup_max_words = 0;
  std::int64_t pickup_window_ms = 0;
  double acknowledgement_points = 0;  // "good point", "exactly", "me too" (up to two a message)
  // Talking with the partner rather than about things: per message, this
  // times (personal pronouns - articles) / words, from the style categories
  // "personal_pronouns" and "articles" (0 when a list lacks them).
  double personal_focus_points = 0;
  double empathy_points = 0;          // per unit of (2 * accuracy - 1)
  std::int64_t unanswered_after_ms = 0;
  double unanswered_points = 0;       // an act worth this many points less (real timing only)
  std::int64_t quiet_after_ms = 0;
  double quiet_points = 0;            // lost by everyone, as one act each (real timing only)
};

struct PositivityConfig {
  RateConfig rate;
  std::array<double, kGestureCount> gesture_points{};  // by Gesture; only friendly ones non-zero
  double gesture_act_weight = 0;       // a gesture counts as this share of an act
  double kudos_points = 0;
  double positive_word_points = 0;     // per warm word or emoticon (negation and intensifiers apply)
  double negative_word_points = 0;     // per negative word or sad emoticon
  double hostile_word_points = 0;      // per hostile word
  double exclamation_points = 0;       // a message with an exclamation mark
  double max_words_per_message = 0;    // sentiment counted per message at most
  double apology_points = 0;           // inside a repair window only
  double common_ground_points = 0;     // everyone, per shared item found
  double first_impression_points = 0;  // per unit of impression (-1..1)
  std::int64_t arms_crossed_after_ms = 0;
  double arms_crossed_points = 0;      // lost per period held, as one act
};

struct CoordinationConfig {
  double prior_weight = 0;  // how much "no evidence yet" pulls toward the baseline
  double style_weight = 0;
  double tempo_weight = 0;
  double length_weight = 0;
  double mirroring_weight = 0;
  double challenge_weight = 0;
  double style_floor = 0;    // raw style match at or below this scores 0
  double style_ceiling = 0;  // at or above this scores 100
  std::uint32_t style_full_words = 0;      // words each before style counts fully
  std::uint32_t tempo_full_replies = 0;    // replies each before tempo counts fully
  std::uint32_t length_full_messages = 0;  // messages each before length counts fully
  double average_alpha = 0;  // weight of the newest value in running averages
  std::int64_t mirror_min_delay_ms = 0;  // sooner is an instant copy: no credit
  std::int64_t mirror_max_delay_ms = 0;  // later is no longer a response
  std::uint32_t copy_history = 0;        // a partner's recent gestures checked for over-copying
  std::uint32_t overcopy_min_gestures = 0;
  double overcopy_ratio = 0;             // share of them copied at or above this is mechanical
  std::uint32_t mirror_full_count = 0;   // mirroring events before the signal counts fully
  std::uint32_t challenge_full_rounds = 0;
  double challenge_failed_below = 0;     // a round result below this is a failure
};

struct BalanceConfig {
  double prior_weight = 0;
  std::uint32_t full_words = 0;     // words in total before balance counts fully
  std::int64_t half_life_ms = 0;    // older words count less: balance is about lately
};

struct RepairConfig {
  std::int64_t window_ms = 0;  // after a loss, repairs count extra for this long
  double multiplier = 0;       // on replies, acknowledgements and challenge successes in the window
};

struct SmoothingConfig {
  std::int64_t rise_ms = 0;         // time constant when rapport grows
  std::int64_t fall_ms = 0;         // when it drops (losses show quickly)
  std::int64_t repair_rise_ms = 0;  // growing back inside a repair window
};

struct ModelConfig {
  // Indexes of the style categories personal focus compares (kMaxStyleCategories: none).
  std::size_t personal_category = kMaxStyleCategories;
  std::size_t article_category = kMaxStyleCategories;
  double baseline = 0;   // where a new pair's components start (0..100)
  double mutuality = 0;  // 0: members' mean .. 1: the lower member's contribution
  // The overall meter: a blend of the four components, fitted to real
  // conversations (see docs/RAPPORT_MODEL.md and `rapport-validate --fit`).
  ComponentWeights weights;
  SmoothingConfig smoothing;
  std::int64_t timeline_interval_ms = 0;
  AttentivenessConfig attentiveness;
  PositivityConfig positivity;
  CoordinationConfig coordination;
  BalanceConfig balance;
  RepairConfig repair;
  std::array<std::string, kTipCount> tips;
  WordLists words;
};

struct ModelConfigLoad {
  std::shared_ptr<const ModelConfig> config;  // null on error
  std::string error;  // names the file, the JSON path and what to do
  [[nodiscard]] bool ok() const { return config != nullptr; }
};

// Reads <assets_dir>/model/model.json and <assets_dir>/model/language.json.
[[nodiscard]] ModelConfigLoad load_model_config(const std::string& assets_dir);

// The same from text; the names appear in error messages.
[[nodiscard]] ModelConfigLoad parse_model_config(std::string_view model_json,
                                                 std::string_view language_json,
                                                 std::string_view model_name = "model.json",
                                                 std::string_view language_name = "language.json");

}  // namespace rapport
