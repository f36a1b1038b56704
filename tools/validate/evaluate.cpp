#include "evaluate.hpp"

#include "rapport/rapport/language_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rapport::validate {
namespace {

// The conversation ends a second after its last message: then the meter stops
// (as the server pauses it when a round ends) and shows its settled value.
constexpr std::int64_t kEndAfterLastMs = 1000;
constexpr std::uint64_t kBootstrapSeed = 20261204;
constexpr std::size_t kBootstrapResamples = 1000;

struct Lexicon {
  double words = 0;
  double sentiment = 0;
  void add(const MessageFeatures& f) {
    words += f.word_count;
    sentiment += f.positive - f.negative - static_cast<double>(f.hostile);
  }
};

}  // namespace

std::int64_t TypingModel::gap_ms(std::size_t previous_bytes, std::size_t own_bytes) {
  return kThinkMs + kReadMsPerByte * static_cast<std::int64_t>(previous_bytes) +
         kTypeMsPerByte * static_cast<std::int64_t>(own_bytes);
}

double blend(const ComponentWeights& w, const std::array<double, kComponentCount>& c) {
  return w.attentiveness * c[0] + w.positivity * c[1] + w.coordination * c[2] + w.balance * c[3];
}

ScoreResult score_dialogue(const std::shared_ptr<const ModelConfig>& config, const Dialogue& d) {
  ScoredDialogue out;
  Lexicon lexicon;
  std::optional<RapportModel> model;
  if (!d.ops.empty()) {
    std::string error;
    model = replay_model(config, d.ops, &error);
    if (!model) return {std::nullopt, error};
    model->finish(model->now_ms() + kEndAfterLastMs);
    for (const auto& op : d.ops) {
      if (op.kind != ModelOp::Kind::Apply || op.event.kind != PairEventKind::Chat) continue;
      ++out.messages;
      lexicon.add(analyse_message(op.event.text, config->words));
    }
  } else {
    model.emplace(config, d.speakers, 0, ModelTiming::Estimated);
    std::int64_t t = 0;
    std::size_t previous_bytes = 0;
    for (const auto& turn : d.turns) {
      t += TypingModel::gap_ms(previous_bytes, turn.text.size());
      previous_bytes = turn.text.size();
      (void)model->apply(PairEvent::chat(t, d.speakers[turn.speaker], turn.text));
      ++out.messages;
      lexicon.add(analyse_message(turn.text, config->words));
    }
    model->finish(t + kEndAfterLastMs);
  }
  const Meter meter = model->meter();
  out.components = meter.components;
  out.overall = meter.overall;
  out.words = lexicon.words;
  out.lexicon = lexicon.words > 0 ? lexicon.sentiment / lexicon.words : 0.0;
  double sum = 0;
  for (std::size_t i = 0; i < d.ratings.size(); ++i) {
    const Rating& r = d.ratings[i];
    sum += r.value;
    // Whom the rating is about: given, or the other one of a pair.
    std::optional<std::uint32_t> about;
    if (i < d.rated_about.size()) about = d.rated_about[i];
    if (!about && d.speakers.size() == 2) about = 1u - r.rater;
    if (!about || *about == r.rater) continue;
    if (const auto insight = model->insight(d.speakers[*about])) {
      out.people.push_back({r.value, insight->own.components});
    }
  }
  out.rating = sum / static_cast<double>(d.ratings.size());
  return {out, {}};
}

Figure figure(const std::vector<double>& predicted, const std::vector<double>& observed) {
  Figure f;
  f.n = predicted.size();
  f.rho = spearman(predicted, observed);
  f.interval = spearman_interval(predicted, observed, 0.95, kBootstrapResamples, kBootstrapSeed);
  return f;
}

ComponentWeights fit_weights(const std::vector<std::vector<const ScoredDialogue*>>& corpora, double step) {
  const int steps = static_cast<int>(std::lround(1.0 / step));
  std::vector<std::vector<double>> observed(corpora.size());
  for (std::size_t c = 0; c < corpora.size(); ++c) {
    for (const auto* d : corpora[c]) observed[c].push_back(d->rating);
  }
  ComponentWeights best{0.25, 0.25, 0.25, 0.25};
  double best_score = -std::numeric_limits<double>::infinity();
  std::vector<double> predicted;
  // Every component keeps at least one step of the overall: a text corpus
  // cannot show what gestures and challenges add to coordination, and a
  // component with no say in the overall would be a meter that lies about it.
  const int low = 1;
  for (int a = low; a <= steps; ++a) {
    for (int p = low; p <= steps - a; ++p) {
      for (int c = low; c <= steps - a - p; ++c) {
        const int b = steps - a - p - c;
        if (b < low) continue;
        const ComponentWeights w{a * step, p * step, c * step, b * step};
        double score = 0;
        for (std::size_t k = 0; k < corpora.size(); ++k) {
          predicted.clear();
          for (const auto* d : corpora[k]) predicted.push_back(blend(w, d->components));
          const double rho = spearman(predicted, observed[k]);
          score += std::isfinite(rho) ? rho : 0.0;
        }
        if (score > best_score + 1e-12) {
          best_score = score;
          best = w;
        }
      }
    }
  }
  return best;
}

}  // namespace rapport::validate
