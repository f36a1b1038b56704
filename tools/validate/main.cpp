// rapport-validate: checks the rapport meter against what real people felt.
//   rapport-validate [--json] [--fit K] [--assets DIR] --format casino|topical|rapport FILE...
// Exit codes: 0 done, 1 bad input (a file that cannot be read), 2 usage error.
#include "corpus.hpp"
#include "evaluate.hpp"
#include "rapport/build_info.hpp"
#include "rapport/rapport/rapport_model_config.hpp"
#include "rapport/util/rng.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

namespace {

using namespace rapport;
using namespace rapport::validate;
using Json = nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;
// Grid step of the weight search: 0.05 is 1,771 blends, a fraction of a second.
constexpr double kFitStep = 0.05;
constexpr int kMaxFolds = 20;
constexpr std::uint64_t kFoldSeed = 7;

constexpr const char* kHelp = R"(rapport-validate - check the rapport meter against real people's ratings

Usage: rapport-validate [options] --format FORMAT FILE... [--format FORMAT FILE...]

Feeds every dialogue of each file through the rapport model exactly as the
server does (the same assets/model config, one chat event per message, the
meter stopped when the conversation ends) and prints Spearman's rho between
the meter's final values and the people's ratings, with a 95% bootstrap
interval, beside baselines measured on the same dialogues.

Formats:
  casino    CaSiNo: a list of dialogues; rating = opponent_likeness (1-5)
  topical   Topical-Chat: an object of conversations; rating = conversation_rating (1-5)
  rapport   a Rapport model export (rapport-server --export-journal CODE);
            rating = each person's IOS answer about the partner (1-7)
Corpora without timestamps are timed by a typing model: a message comes
2 s + 40 ms per byte of the previous message + 200 ms per byte of its own
after the previous one; reply speed, tempo and the unanswered and quiet
deadlines are switched off for them.

Figures (per file and for all files of one format together):
  overall         the meter's final overall value vs the mean rating of the dialogue
  components      attentiveness, positivity, coordination, balance, each the same way
  baselines       message count, word count, and the (warm - negative - hostile) word rate
                  of the model's own lexicon
  per_person      each person's rating vs the rated partner's own contribution
                  (Insight::own: own attentiveness and positivity, the pair's rest)

Options:
  --format F      the format of the FILEs that follow (required before the first FILE)
  --json          also print one JSON object as the last line:
                  {"n":..,"overall":..,"overall_ci":[lo,hi],"components":{..},
                   "baselines":{"messages":..,"words":..,"lexicon":..},"per_person":..,..}
  --fit K         K-fold cross-validation (2-20) of the four overall weights: fit on
                  K-1 folds (a grid search for the best mean rho over the formats given),
                  predict the held-out fold; prints the cross-validated figures and the
                  weights fitted on everything (for assets/model/model.json)
  --assets DIR    the assets folder (default: $RAPPORT_ASSETS, else the build's)
  --version       print the version
  -h, --help      show this help

Exit status: 0 done, 1 a file could not be read (the message names the file and
the place), 2 usage error.
)";

struct Input {
  Format format;
  std::string path;
};

struct Options {
  bool json = false;
  int folds = 0;
  std::string assets;
  std::vector<Input> inputs;
};

int usage_error(const std::string& message) {
  std::cerr << "rapport-validate: " << message << "\nTry 'rapport-validate --help'.\n";
  return kExitUsage;
}

Json number_or_null(double x) { return std::isfinite(x) ? Json(std::round(x * 1000.0) / 1000.0) : Json(nullptr); }

Json interval_json(const std::optional<Interval>& i) {
  if (!i) return nullptr;
  return Json::array({number_or_null(i->low), number_or_null(i->high)});
}

std::string show(const Figure& f) {
  char buffer[96];
  if (!std::isfinite(f.rho)) return "   n/a";
  if (f.interval) {
    std::snprintf(buffer, sizeof buffer, "%+.3f [%+.2f, %+.2f]", f.rho, f.interval->low, f.interval->high);
  } else {
    std::snprintf(buffer, sizeof buffer, "%+.3f", f.rho);
  }
  return buffer;
}

struct Group {
  std::string name;  // a file, or "all casino"
  std::vector<const ScoredDialogue*> dialogues;
};

struct Report {
  Figure overall;
  std::array<Figure, kComponentCount> components;
  Figure messages, words, lexicon, per_person;
};

Report evaluate(const std::vector<const ScoredDialogue*>& ds) {
  Report r;
  std::vector<double> rating, overall, messages, words, lexicon;
  std::array<std::vector<double>, kComponentCount> comps;
  std::vector<double> person_rating, person_meter;
  for (const auto* d : ds) {
    rating.push_back(d->rating);
    overall.push_back(d->overall);
    messages.push_back(d->messages);
    words.push_back(d->words);
    lexicon.push_back(d->lexicon);
    for (std::size_t c = 0; c < kComponentCount; ++c) comps[c].push_back(d->components[c]);
  }
  r.overall = figure(overall, rating);
  for (std::size_t c = 0; c < kComponentCount; ++c) r.components[c] = figure(comps[c], rating);
  r.messages = figure(messages, rating);
  r.words = figure(words, rating);
  r.lexicon = figure(lexicon, rating);
  return r;
}

Figure per_person(const std::vector<const ScoredDialogue*>& ds, const ComponentWeights& w) {
  std::vector<double> rating, meter;
  for (const auto* d : ds) {
    for (const auto& p : d->people) {
      rating.push_back(p.rating);
      meter.push_back(blend(w, p.about_own));
    }
  }
  return figure(meter, rating);
}

void print_report(const std::string& name, const Report& r) {
  std::cout << name << " (n=" << r.overall.n << ")\n";
  std::cout << "  overall        " << show(r.overall) << "\n";
  for (std::size_t c = 0; c < kComponentCount; ++c) {
    std::string label(component_name(static_cast<Component>(c)));
    label.resize(15, ' ');
    std::cout << "  " << label << show(r.components[c]) << "\n";
  }
  std::cout << "  per person     " << show(r.per_person) << " (n=" << r.per_person.n << ")\n";
  std::cout << "  baselines: messages " << show(r.messages) << ", words " << show(r.words) << ", lexicon "
            << show(r.lexicon) << "\n";
}

Json report_json(const Report& r) {
  Json components;
  for (std::size_t c = 0; c < kComponentCount; ++c) {
    components[std::string(component_name(static_cast<Component>(c)))] = number_or_null(r.components[c].rho);
  }
  return {{"n", r.overall.n},
          {"overall", number_or_null(r.overall.rho)},
          {"overall_ci", interval_json(r.overall.interval)},
          {"components", components},
          {"baselines",
           {{"messages", number_or_null(r.messages.rho)},
            {"words", number_or_null(r.words.rho)},
            {"lexicon", number_or_null(r.lexicon.rho)}}},
          {"per_person", number_or_null(r.per_person.rho)},
          {"per_person_ci", interval_json(r.per_person.interval)},
          {"per_person_n", r.per_person.n}};
}

Json weights_json(const ComponentWeights& w) {
  return {{"attentiveness", number_or_null(w.attentiveness)},
          {"positivity", number_or_null(w.positivity)},
          {"coordination", number_or_null(w.coordination)},
          {"balance", number_or_null(w.balance)}};
}

// K-fold cross-validation of the overall weights. Each format's dialogues are
// split into K folds at random (seeded); fold k of every format is predicted
// with weights fitted on the other folds of all formats.
Json cross_validate(const std::vector<Group>& formats, int folds) {
  std::vector<std::vector<int>> fold_of(formats.size());
  for (std::size_t f = 0; f < formats.size(); ++f) {
    const std::size_t n = formats[f].dialogues.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(kFoldSeed + f);
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);
    fold_of[f].resize(n);
    for (std::size_t i = 0; i < n; ++i) fold_of[f][order[i]] = static_cast<int>(i % static_cast<std::size_t>(folds));
  }
  std::vector<std::vector<double>> predicted(formats.size()), person_predicted(formats.size()),
      person_observed(formats.size());
  for (std::size_t f = 0; f < formats.size(); ++f) predicted[f].resize(formats[f].dialogues.size());
  Json fold_weights = Json::array();
  for (int k = 0; k < folds; ++k) {
    std::vector<std::vector<const ScoredDialogue*>> train(formats.size());
    for (std::size_t f = 0; f < formats.size(); ++f) {
      for (std::size_t i = 0; i < formats[f].dialogues.size(); ++i) {
        if (fold_of[f][i] != k) train[f].push_back(formats[f].dialogues[i]);
      }
    }
    const ComponentWeights w = fit_weights(train, kFitStep);
    fold_weights.push_back(weights_json(w));
    for (std::size_t f = 0; f < formats.size(); ++f) {
      for (std::size_t i = 0; i < formats[f].dialogues.size(); ++i) {
        if (fold_of[f][i] != k) continue;
        const ScoredDialogue* d = formats[f].dialogues[i];
        predicted[f][i] = blend(w, d->components);
        for (const auto& p : d->people) {
          person_predicted[f].push_back(blend(w, p.about_own));
          person_observed[f].push_back(p.rating);
        }
      }
    }
  }
  std::vector<std::vector<const ScoredDialogue*>> all;
  for (const auto& g : formats) all.push_back(g.dialogues);
  const ComponentWeights fitted = fit_weights(all, kFitStep);
  Json per_format = Json::array();
  std::cout << "cross-validated (" << folds << " folds, weights refitted on each training part):\n";
  for (std::size_t f = 0; f < formats.size(); ++f) {
    std::vector<double> observed;
    for (const auto* d : formats[f].dialogues) observed.push_back(d->rating);
    const Figure overall = figure(predicted[f], observed);
    const Figure person = figure(person_predicted[f], person_observed[f]);
    std::cout << "  " << formats[f].name << ": overall " << show(overall) << ", per person " << show(person)
              << "\n";
    per_format.push_back({{"corpus", formats[f].name},
                          {"n", overall.n},
                          {"overall", number_or_null(overall.rho)},
                          {"overall_ci", interval_json(overall.interval)},
                          {"per_person", number_or_null(person.rho)}});
  }
  const Json fitted_json = weights_json(fitted);
  std::cout << "  weights fitted on all files: " << fitted_json.dump() << "\n";
  return {{"folds", folds}, {"corpora", per_format}, {"fold_weights", fold_weights}, {"weights", fitted_json}};
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  std::optional<Format> format;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (a == "-h" || a == "--help") {
      std::cout << kHelp;
      return kExitOk;
    }
    if (a == "--version") {
      std::cout << "rapport-validate " << build::kVersion << "\n";
      return kExitOk;
    }
    if (a == "--json") {
      opt.json = true;
    } else if (a == "--format") {
      const auto v = value();
      if (!v) return usage_error("--format needs a value: casino, topical or rapport");
      format = parse_format(*v);
      if (!format) return usage_error("unknown format '" + *v + "' (expected casino, topical or rapport)");
    } else if (a == "--fit") {
      const auto v = value();
      char* end = nullptr;
      const long k = v ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || end == v->c_str() || *end != '\0' || k < 2 || k > kMaxFolds) {
        return usage_error("--fit needs a number of folds from 2 to " + std::to_string(kMaxFolds));
      }
      opt.folds = static_cast<int>(k);
    } else if (a == "--assets") {
      const auto v = value();
      if (!v) return usage_error("--assets needs a folder");
      opt.assets = *v;
    } else if (a.starts_with("-") && a.size() > 1) {
      return usage_error("unknown option '" + a + "'");
    } else {
      if (!format) return usage_error("say the format of '" + a + "' first: --format casino|topical|rapport");
      opt.inputs.push_back({*format, a});
    }
  }
  if (opt.inputs.empty()) return usage_error("no corpus files given");
  if (opt.assets.empty()) {
    const char* env = std::getenv("RAPPORT_ASSETS");
    opt.assets = env && *env ? env : build::kAssetsDir;
  }
  const auto config = load_model_config(opt.assets);
  if (!config.ok()) {
    std::cerr << "rapport-validate: " << config.error << "\n";
    return kExitBadInput;
  }

  // Every dialogue of every file, scored once.
  std::vector<Corpus> corpora;
  std::vector<std::vector<ScoredDialogue>> scored;
  for (const auto& input : opt.inputs) {
    auto load = load_corpus(input.path, input.format);
    if (!load.corpus) {
      std::cerr << "rapport-validate: " << load.error << "\n";
      return kExitBadInput;
    }
    std::vector<ScoredDialogue> s;
    for (const auto& d : load.corpus->dialogues) {
      auto result = score_dialogue(config.config, d);
      if (!result.scored) {
        std::cerr << "rapport-validate: " << input.path << ": dialogue " << d.id << ": " << result.error << "\n";
        return kExitBadInput;
      }
      s.push_back(std::move(*result.scored));
    }
    corpora.push_back(std::move(*load.corpus));
    scored.push_back(std::move(s));
  }

  const ComponentWeights& weights = config.config->weights;
  std::vector<Group> by_format;
  Group everything{"all", {}};
  Json files = Json::array();
  for (std::size_t f = 0; f < corpora.size(); ++f) {
    Group g{corpora[f].file, {}};
    for (const auto& d : scored[f]) g.dialogues.push_back(&d);
    Report r = evaluate(g.dialogues);
    r.per_person = per_person(g.dialogues, weights);
    print_report(g.name + " [" + std::string(format_name(corpora[f].format)) + "]", r);
    Json j = report_json(r);
    j["file"] = corpora[f].file;
    j["format"] = format_name(corpora[f].format);
    files.push_back(j);
    const std::string fname(format_name(corpora[f].format));
    auto it = std::find_if(by_format.begin(), by_format.end(), [&](const Group& x) { return x.name == fname; });
    if (it == by_format.end()) {
      by_format.push_back({fname, {}});
      it = by_format.end() - 1;
    }
    it->dialogues.insert(it->dialogues.end(), g.dialogues.begin(), g.dialogues.end());
    everything.dialogues.insert(everything.dialogues.end(), g.dialogues.begin(), g.dialogues.end());
  }
  // The top-level figures: all files together when they share one format
  // (pooling different rating scales would mix them up; then per format only).
  Report top = evaluate(by_format.size() == 1 ? everything.dialogues : by_format.front().dialogues);
  top.per_person = per_person(by_format.size() == 1 ? everything.dialogues : by_format.front().dialogues, weights);
  if (corpora.size() > 1 && by_format.size() == 1) print_report("all files", top);
  Json out = report_json(top);
  out["format"] = by_format.front().name;
  out["files"] = files;
  out["weights"] = weights_json(weights);
  if (opt.folds > 0) out["cv"] = cross_validate(by_format, opt.folds);
  if (opt.json) std::cout << out.dump() << "\n";
  return kExitOk;
}
