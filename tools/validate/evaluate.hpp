#pragma once
// Runs each dialogue through the rapport model exactly as the server does
// (the same loaded config, PairEvent::chat for every message, the meter paused
// when the conversation ends) and compares the meter with people's ratings.
#include "corpus.hpp"
#include "rapport/rapport/rapport_model.hpp"
#include "rapport/util/statistics.hpp"

#include <array>
#include <optional>
#include <vector>

namespace rapport::validate {

// Times for corpora without timestamps (see docs/RAPPORT_MODEL.md): a message
// is sent kThinkMs after the previous one, plus kReadMsPerByte for each byte of
// the message before it and kTypeMsPerByte for each byte of its own.
struct TypingModel {
  static constexpr std::int64_t kThinkMs = 2000;
  static constexpr std::int64_t kReadMsPerByte = 40;   // about 300 words a minute
  static constexpr std::int64_t kTypeMsPerByte = 200;  // about 60 words a minute
  [[nodiscard]] static std::int64_t gap_ms(std::size_t previous_bytes, std::size_t own_bytes);
};

struct PersonScore {
  double rating = 0;                                  // what this rater said
  std::array<double, kComponentCount> about_own{};    // the rated member's own components
};

struct ScoredDialogue {
  std::array<double, kComponentCount> components{};  // final, of the group
  double overall = 0;                                 // the meter's final overall
  double rating = 0;                                  // mean of the ratings
  std::vector<PersonScore> people;
  // Baselines from the same messages.
  double messages = 0;
  double words = 0;
  double lexicon = 0;  // (warm - negative - hostile words) per word, from the model's own lists
};

struct ScoreResult {
  std::optional<ScoredDialogue> scored;
  std::string error;
};
[[nodiscard]] ScoreResult score_dialogue(const std::shared_ptr<const ModelConfig>& config, const Dialogue& d);

struct Figure {
  std::size_t n = 0;
  double rho = 0;  // NaN when undefined
  std::optional<Interval> interval;
};
[[nodiscard]] Figure figure(const std::vector<double>& predicted, const std::vector<double>& observed);

[[nodiscard]] double blend(const ComponentWeights& w, const std::array<double, kComponentCount>& c);

// The four overall weights that maximise the mean Spearman rho over the
// corpora (each corpus ranked on its own), searched on a grid of `step` over
// the weights that add up to one, each at least `step`.
[[nodiscard]] ComponentWeights fit_weights(const std::vector<std::vector<const ScoredDialogue*>>& corpora,
                                           double step);

}  // namespace rapport::validate
