#include "rapport/rapport/rapport_model_config.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>

namespace rapport {
namespace {

using Json = nlohmann::json;

constexpr int kFormatVersion = 2;
constexpr double kMillisPerSecond = 1000.0;
// Weights must add up to one; allow for decimals written by hand.
constexpr double kWeightSumTolerance = 0.001;
constexpr const char* kFixHint = "See docs/RAPPORT_MODEL.md for every field and its range.";
// A word list entry longer than this is surely a pasted paragraph.
constexpr std::size_t kMaxPhraseBytes = 64;
constexpr std::size_t kMaxContentWordLength = 10;
// Ten minutes: no window or time constant of a conversation model needs more.
constexpr double kMaxSeconds = 600.0;
constexpr double kMaxPoints = 100.0;
constexpr std::uint32_t kMaxCount = 1000;

struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string describe(const Json& value) {
  std::string dumped = value.dump();
  constexpr std::size_t kMaxShown = 40;
  if (dumped.size() > kMaxShown) dumped = dumped.substr(0, kMaxShown) + "...";
  return dumped;
}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// A JSON value with the file it came from and its path, so every problem can
// say exactly where it is.
class Node {
 public:
  Node(const Json& value, std::string file, std::string path)
      : value_(value), file_(std::move(file)), path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw LoadError(file_ + ": at " + (path_.empty() ? std::string("the top level") : path_) + ": " +
                    problem + ". " + kFixHint);
  }

  const Json& json() const { return value_; }

  Node member(std::string_view key, std::string_view expected) const {
    if (!value_.is_object()) fail("expected an object, got " + describe(value_));
    const auto found = value_.find(std::string(key));
    if (found == value_.end()) {
      fail("missing \"" + std::string(key) + "\" (" + std::string(expected) + ")");
    }
    return Node(*found, file_, path_.empty() ? std::string(key) : path_ + "." + std::string(key));
  }

  Node element(std::size_t index) const {
    return Node(value_[index], file_, path_ + "[" + std::to_string(index) + "]");
  }

  Node object(std::string_view key) const {
    Node child = member(key, "an object");
    if (!child.value_.is_object()) child.fail("expected an object, got " + describe(child.value_));
    return child;
  }

  // Typos are errors: an unknown key would otherwise silently keep the old value.
  void only_keys(std::initializer_list<std::string_view> keys) const {
    for (const auto& item : value_.items()) {
      bool known = false;
      for (const auto key : keys) known = known || item.key() == key;
      if (!known) {
        std::string list;
        for (const auto key : keys) list += (list.empty() ? "" : ", ") + std::string(key);
        fail("unknown key \"" + item.key() + "\" (expected one of: " + list + ")");
      }
    }
  }

  double number(std::string_view key, double min, double max) const {
    const std::string range = "a number from " + format_number(min) + " to " + format_number(max);
    const Node child = member(key, range);
    if (!child.value_.is_number() || !std::isfinite(child.value_.get<double>()) ||
        child.value_.get<double>() < min || child.value_.get<double>() > max) {
      child.fail("expected " + range + ", got " + describe(child.value_));
    }
    return child.value_.get<double>();
  }

  std::int64_t seconds_as_ms(std::string_view key, double min_s, double max_s) const {
    return static_cast<std::int64_t>(std::llround(number(key, min_s, max_s) * kMillisPerSecond));
  }

  std::uint32_t count(std::string_view key, std::uint32_t min, std::uint32_t max) const {
    const double value = number(key, min, max);
    if (value != std::floor(value)) {
      member(key, "").fail("expected a whole number, got " + describe(member(key, "").value_));
    }
    return static_cast<std::uint32_t>(value);
  }

  std::string text(std::string_view key) const {
    const Node child = member(key, "a text");
    if (!child.value_.is_string() || child.value_.get<std::string>().empty()) {
      child.fail("expected a non-empty text, got " + describe(child.value_));
    }
    return child.value_.get<std::string>();
  }

  // A list of non-empty strings, each checked by `check` (which returns a
  // problem or an empty string).
  template <class Check>
  std::vector<std::string> strings(std::string_view key, Check check) const {
    const Node list = member(key, "a list of texts");
    if (!list.value_.is_array() || list.value_.empty()) {
      list.fail("expected a non-empty list of texts, got " + describe(list.value_));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list.value_.size(); ++i) {
      const Node entry = list.element(i);
      if (!entry.value_.is_string() || entry.value_.get<std::string>().empty() ||
          entry.value_.get<std::string>().size() > kMaxPhraseBytes) {
        entry.fail("expected a text of 1 to " + std::to_string(kMaxPhraseBytes) + " bytes, got " +
                   describe(entry.value_));
      }
      std::string value = entry.value_.get<std::string>();
      if (const std::string problem = check(value); !problem.empty()) entry.fail(problem);
      out.push_back(std::move(value));
    }
    return out;
  }

 private:
  const Json& value_;
  std::string file_;
  std::string path_;
};

std::string problem_if_not_words(const std::string& value) {
  std::string storage;
  const auto tokens = tokenize(value, storage);
  if (tokens.empty()) return "\"" + value + "\" has no words in it";
  std::string lower;
  for (const char c : value) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower != value) return "\"" + value + "\" must be written in lower case";
  return {};
}

std::string problem_if_not_one_word(const std::string& value) {
  if (std::string problem = problem_if_not_words(value); !problem.empty()) return problem;
  std::string storage;
  const auto tokens = tokenize(value, storage);
  if (tokens.size() != 1 || tokens.front() != value) {
    return "\"" + value + "\" must be a single word (letters, digits or an apostrophe)";
  }
  return {};
}

std::string no_problem(const std::string&) { return {}; }

Json parse_json(std::string_view text, const std::string& file) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& error) {
    // nlohmann reports the byte where reading stopped; people need a line.
    const std::size_t byte = std::min<std::size_t>(error.byte, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    // Keep nlohmann's explanation, without its own prefix and position.
    std::string what = error.what();
    if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw LoadError(file + ": not valid JSON near line " + std::to_string(line) + ", column " +
                    std::to_string(column) + " (" + what +
                    "). Fix the syntax there, or restore the file from the repository.");
  }
}

void check_format(const Node& root) {
  if (!root.json().is_object()) root.fail("expected a JSON object");
  const double format = root.number("format", 0, kMaxCount);
  if (static_cast<int>(format) != kFormatVersion) {
    root.member("format", "").fail("this build reads format " + std::to_string(kFormatVersion) +
                                    ", the file says " + format_number(format));
  }
}

RateConfig read_rate(const Node& parent) {
  const Node node = parent.object("rate");
  node.only_keys({"scale", "prior_acts", "half_life_acts"});
  // A scale below 0.1 point per act would make one word swing the meter end to end.
  constexpr double kMinScale = 0.1;
  return RateConfig{node.number("scale", kMinScale, kMaxPoints), node.number("prior_acts", 0, kMaxPoints),
                    node.number("half_life_acts", 0, kMaxCount)};
}

ComponentWeights read_weights(const Node& node) {
  node.only_keys({"attentiveness", "positivity", "coordination", "balance"});
  ComponentWeights w;
  w.attentiveness = node.number("attentiveness", 0, 1);
  w.positivity = node.number("positivity", 0, 1);
  w.coordination = node.number("coordination", 0, 1);
  w.balance = node.number("balance", 0, 1);
  const double sum = w.attentiveness + w.positivity + w.coordination + w.balance;
  if (std::abs(sum - 1.0) > kWeightSumTolerance) {
    node.fail("the four weights must add up to 1, they add up to " + format_number(sum));
  }
  return w;
}

AttentivenessConfig read_attentiveness(const Node& node) {
  node.only_keys({"rate", "reply_points", "fast_reply_s", "slow_reply_s", "full_reply_words",
                  "gesture_ack_factor", "open_question_points", "closed_question_points",
                  "pickup_points_per_word", "pickup_max_words", "pickup_window_s",
                  "acknowledgement_points", "personal_focus_points", "empathy_points", "unanswered_after_s",
                  "unanswered_points", "quiet_after_s", "quiet_points"});
  AttentivenessConfig c;
  c.rate = read_rate(node);
  c.reply_points = node.number("reply_points", 0, kMaxPoints);
  c.fast_reply_ms = node.seconds_as_ms("fast_reply_s", 0, kMaxSeconds);
  c.slow_reply_ms = node.seconds_as_ms("slow_reply_s", 0, kMaxSeconds);
  if (c.slow_reply_ms <= c.fast_reply_ms) {
    node.member("slow_reply_s", "").fail("must be longer than fast_reply_s");
  }
  c.full_reply_words = node.count("full_reply_words", 1, kMaxCount);
  c.gesture_ack_factor = node.number("gesture_ack_factor", 0, 1);
  c.open_question_points = node.number("open_question_points", 0, kMaxPoints);
  c.closed_question_points = node.number("closed_question_points", 0, kMaxPoints);
  c.pickup_points_per_word = node.number("pickup_points_per_word", 0, kMaxPoints);
  c.pickup_max_words = node.count("pickup_max_words", 0, kMaxCount);
  c.pickup_window_ms = node.seconds_as_ms("pickup_window_s", 1, kMaxSeconds);
  c.acknowledgement_points = node.number("acknowledgement_points", 0, kMaxPoints);
  c.personal_focus_points = node.number("personal_focus_points", 0, kMaxPoints);
  c.empathy_points = node.number("empathy_points", 0, kMaxPoints);
  c.unanswered_after_ms = node.seconds_as_ms("unanswered_after_s", 1, kMaxSeconds);
  c.unanswered_points = node.number("unanswered_points", 0, kMaxPoints);
  c.quiet_after_ms = node.seconds_as_ms("quiet_after_s", 1, kMaxSeconds);
  c.quiet_points = node.number("quiet_points", 0, kMaxPoints);
  return c;
}

PositivityConfig read_positivity(const Node& node) {
  node.only_keys({"rate", "gestures", "gesture_act_weight", "kudos_points", "positive_word_points",
                  "negative_word_points", "hostile_word_points", "exclamation_points",
                  "max_words_per_message", "apology_points", "common_ground_points",
                  "first_impression_points", "arms_crossed_after_s", "arms_crossed_points"});
  PositivityConfig c;
  c.rate = read_rate(node);
  const Node gestures = node.object("gestures");
  for (const auto& item : gestures.json().items()) {
    bool known = false;
    for (std::size_t g = 0; g < kGestureCount; ++g) {
      const auto gesture = static_cast<Gesture>(g);
      if (item.key() != gesture_name(gesture)) continue;
      known = true;
      if (!is_friendly(gesture)) {
        gestures.fail("\"" + item.key() + "\" is not a friendly gesture; only smile, nod, laugh, "
                      "wave and lean in earn positivity");
      }
    }
    if (!known) gestures.fail("unknown gesture \"" + item.key() + "\"");
  }
  for (std::size_t g = 0; g < kGestureCount; ++g) {
    const auto gesture = static_cast<Gesture>(g);
    if (is_friendly(gesture)) {
      c.gesture_points[g] = gestures.number(gesture_name(gesture), 0, kMaxPoints);
    }
  }
  c.gesture_act_weight = node.number("gesture_act_weight", 0, 1);
  c.kudos_points = node.number("kudos_points", 0, kMaxPoints);
  c.positive_word_points = node.number("positive_word_points", 0, kMaxPoints);
  c.negative_word_points = node.number("negative_word_points", 0, kMaxPoints);
  c.hostile_word_points = node.number("hostile_word_points", 0, kMaxPoints);
  c.exclamation_points = node.number("exclamation_points", 0, kMaxPoints);
  c.max_words_per_message = node.number("max_words_per_message", 1, kMaxCount);
  c.apology_points = node.number("apology_points", 0, kMaxPoints);
  c.common_ground_points = node.number("common_ground_points", 0, kMaxPoints);
  c.first_impression_points = node.number("first_impression_points", 0, kMaxPoints);
  c.arms_crossed_after_ms = node.seconds_as_ms("arms_crossed_after_s", 1, kMaxSeconds);
  c.arms_crossed_points = node.number("arms_crossed_points", 0, kMaxPoints);
  return c;
}

CoordinationConfig read_coordination(const Node& node) {
  node.only_keys({"prior_weight", "weights", "style_floor", "style_ceiling", "style_full_words",
                  "tempo_full_replies", "length_full_messages", "average_alpha",
                  "mirror_min_delay_s", "mirror_max_delay_s", "copy_history",
                  "overcopy_min_gestures", "overcopy_ratio", "mirror_full_count",
                  "challenge_full_rounds", "challenge_failed_below"});
  CoordinationConfig c;
  c.prior_weight = node.number("prior_weight", 0, kMaxCount);
  const Node weights = node.object("weights");
  weights.only_keys({"style", "tempo", "length", "mirroring", "challenge"});
  c.style_weight = weights.number("style", 0, 1);
  c.tempo_weight = weights.number("tempo", 0, 1);
  c.length_weight = weights.number("length", 0, 1);
  c.mirroring_weight = weights.number("mirroring", 0, 1);
  c.challenge_weight = weights.number("challenge", 0, 1);
  const double sum =
      c.style_weight + c.tempo_weight + c.length_weight + c.mirroring_weight + c.challenge_weight;
  if (std::abs(sum - 1.0) > kWeightSumTolerance) {
    weights.fail("the five weights must add up to 1, they add up to " + format_number(sum));
  }
  c.style_floor = node.number("style_floor", 0, 1);
  c.style_ceiling = node.number("style_ceiling", 0, 1);
  if (c.style_ceiling <= c.style_floor) {
    node.member("style_ceiling", "").fail("must be greater than style_floor");
  }
  c.style_full_words = node.count("style_full_words", 1, kMaxCount);
  c.tempo_full_replies = node.count("tempo_full_replies", 1, kMaxCount);
  c.length_full_messages = node.count("length_full_messages", 1, kMaxCount);
  c.average_alpha = node.number("average_alpha", 0.01, 1);
  c.mirror_min_delay_ms = node.seconds_as_ms("mirror_min_delay_s", 0, kMaxSeconds);
  c.mirror_max_delay_ms = node.seconds_as_ms("mirror_max_delay_s", 0, kMaxSeconds);
  if (c.mirror_max_delay_ms <= c.mirror_min_delay_ms) {
    node.member("mirror_max_delay_s", "").fail("must be longer than mirror_min_delay_s");
  }
  // The copy history is kept as bits of one 32-bit word.
  constexpr std::uint32_t kMaxCopyHistory = 32;
  c.copy_history = node.count("copy_history", 1, kMaxCopyHistory);
  c.overcopy_min_gestures = node.count("overcopy_min_gestures", 1, c.copy_history);
  c.overcopy_ratio = node.number("overcopy_ratio", 0.01, 1);
  c.mirror_full_count = node.count("mirror_full_count", 1, kMaxCount);
  c.challenge_full_rounds = node.count("challenge_full_rounds", 1, kMaxCount);
  c.challenge_failed_below = node.number("challenge_failed_below", 0, 1);
  return c;
}

void read_model(const Node& root, ModelConfig& config) {
  root.only_keys({"format", "baseline", "mutuality", "weights", "smoothing", "timeline_interval_s",
                  "attentiveness", "positivity", "coordination", "balance", "repair", "tips",
                  "comment", "fit"});
  check_format(root);
  // Strictly inside 0..100: the logistic display needs a finite logit.
  constexpr double kMinBaseline = 1.0;
  constexpr double kMaxBaseline = 99.0;
  config.baseline = root.number("baseline", kMinBaseline, kMaxBaseline);
  config.mutuality = root.number("mutuality", 0, 1);
  config.weights = read_weights(root.object("weights"));
  // "fit" records how the weights were fitted (for people); it must be an object if present.
  if (root.json().contains("fit")) (void)root.object("fit");
  const Node smoothing = root.object("smoothing");
  smoothing.only_keys({"rise_s", "fall_s", "repair_rise_s"});
  // A time constant of zero would mean no smoothing at all; keep it positive.
  constexpr double kMinTimeConstantS = 0.05;
  config.smoothing.rise_ms = smoothing.seconds_as_ms("rise_s", kMinTimeConstantS, kMaxSeconds);
  config.smoothing.fall_ms = smoothing.seconds_as_ms("fall_s", kMinTimeConstantS, kMaxSeconds);
  config.smoothing.repair_rise_ms =
      smoothing.seconds_as_ms("repair_rise_s", kMinTimeConstantS, kMaxSeconds);
  // At least a second between timeline points keeps a long session's chart small.
  config.timeline_interval_ms = root.seconds_as_ms("timeline_interval_s", 1, kMaxSeconds);
  config.attentiveness = read_attentiveness(root.object("attentiveness"));
  config.positivity = read_positivity(root.object("positivity"));
  config.coordination = read_coordination(root.object("coordination"));

  const Node balance = root.object("balance");
  balance.only_keys({"prior_weight", "full_words", "half_life_s"});
  config.balance.prior_weight = balance.number("prior_weight", 0, kMaxCount);
  config.balance.full_words = balance.count("full_words", 1, kMaxCount);
  config.balance.half_life_ms = balance.seconds_as_ms("half_life_s", 1, kMaxSeconds);

  const Node repair = root.object("repair");
  repair.only_keys({"window_s", "multiplier"});
  config.repair.window_ms = repair.seconds_as_ms("window_s", 0, kMaxSeconds);
  // Up to five times: repairs count more, but one apology must not max the meter.
  constexpr double kMaxRepairMultiplier = 5.0;
  config.repair.multiplier = repair.number("multiplier", 1, kMaxRepairMultiplier);

  const Node tips = root.object("tips");
  for (std::size_t t = 0; t < kTipCount; ++t) {
    const auto tip = static_cast<Tip>(t);
    config.tips[t] = tips.text(tip_key(tip));
  }
  for (const auto& item : tips.json().items()) {
    bool known = false;
    for (std::size_t t = 0; t < kTipCount; ++t) known = known || item.key() == tip_key(static_cast<Tip>(t));
    if (!known) tips.fail("unknown tip \"" + item.key() + "\"");
  }
}

void read_language(const Node& root, WordLists& words) {
  root.only_keys({"format", "style_categories", "positive", "negative", "hostile", "apology",
                  "acknowledgement", "negators", "intensifiers", "open_question_openers",
                  "open_prompts", "fillers", "stop_words", "positive_emoticons",
                  "negative_emoticons", "min_content_word_length", "comment"});
  check_format(root);
  const Node categories = root.object("style_categories");
  if (categories.json().empty() || categories.json().size() > kMaxStyleCategories) {
    categories.fail("expected 1 to " + std::to_string(kMaxStyleCategories) + " categories, got " +
                    std::to_string(categories.json().size()));
  }
  for (const auto& item : categories.json().items()) {
    const std::size_t index = words.style_category_names.size();
    words.style_category_names.push_back(item.key());
    for (const auto& word : categories.strings(item.key(), problem_if_not_one_word)) {
      words.function_words[word] |= 1u << index;
    }
  }
  const auto phrases = [&](std::string_view key, PhraseList& list) {
    for (const auto& phrase : root.strings(key, problem_if_not_words)) list.add(phrase);
  };
  phrases("positive", words.positive);
  phrases("negative", words.negative);
  phrases("hostile", words.hostile);
  phrases("apology", words.apology);
  phrases("acknowledgement", words.acknowledgement);
  phrases("open_question_openers", words.open_question_openers);
  phrases("open_prompts", words.open_prompts);
  const auto single_words = [&](std::string_view key, WordSet& set) {
    for (auto& word : root.strings(key, problem_if_not_one_word)) set.insert(std::move(word));
  };
  single_words("negators", words.negators);
  single_words("intensifiers", words.intensifiers);
  single_words("fillers", words.fillers);
  single_words("stop_words", words.stop_words);
  words.positive_emoticons = root.strings("positive_emoticons", no_problem);
  words.negative_emoticons = root.strings("negative_emoticons", no_problem);
  words.min_content_word_length =
      root.count("min_content_word_length", 1, static_cast<std::uint32_t>(kMaxContentWordLength));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw LoadError(path + ": cannot open the file. Check that --assets points at the assets "
                           "folder and that model/ is in it.");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string_view tip_key(Tip tip) {
  switch (tip) {
    case Tip::AnswerMessages: return "answer_messages";
    case Tip::AskOpenQuestions: return "ask_open_questions";
    case Tip::PickUpWords: return "pick_up_words";
    case Tip::KindWords: return "kind_words";
    case Tip::OpenPosture: return "open_posture";
    case Tip::ShowWarmth: return "show_warmth";
    case Tip::MatchWords: return "match_words";
    case Tip::MatchPace: return "match_pace";
    case Tip::MatchLength: return "match_length";
    case Tip::MirrorSubtly: return "mirror_subtly";
    case Tip::CoordinateTasks: return "coordinate_tasks";
    case Tip::ShareTheFloor: return "share_the_floor";
    case Tip::ShareMore: return "share_more";
    case Tip::kCount: break;
  }
  return "unknown";
}

ModelConfigLoad parse_model_config(std::string_view model_json, std::string_view language_json,
                                   std::string_view model_name, std::string_view language_name) {
  try {
    auto config = std::make_shared<ModelConfig>();
    const Json model = parse_json(model_json, std::string(model_name));
    read_model(Node(model, std::string(model_name), ""), *config);
    const Json language = parse_json(language_json, std::string(language_name));
    read_language(Node(language, std::string(language_name), ""), config->words);
    const auto& names = config->words.style_category_names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "personal_pronouns") config->personal_category = i;
      if (names[i] == "articles") config->article_category = i;
    }
    return {std::move(config), {}};
  } catch (const LoadError& error) {
    return {nullptr, error.what()};
  } catch (const Json::exception& error) {
    // Type errors the checks above did not foresee still name the file.
    return {nullptr, std::string(model_name) + " / " + std::string(language_name) + ": " +
                         error.what() + ". " + kFixHint};
  }
}

ModelConfigLoad load_model_config(const std::string& assets_dir) {
  const std::string model_path = assets_dir + "/model/model.json";
  const std::string language_path = assets_dir + "/model/language.json";
  try {
    const std::string model_text = read_file(model_path);
    const std::string language_text = read_file(language_path);
    return parse_model_config(model_text, language_text, model_path, language_path);
  } catch (const LoadError& error) {
    return {nullptr, error.what()};
  }
}

}  // namespace rapport
