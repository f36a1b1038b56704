// rapport-deck: validates prompt decks and prints their statistics.
//   rapport-deck [--json] [--strict] [--blocked FILE] [--assets DIR] FILE...
// Exit codes: 0 every deck valid, 1 some deck invalid, 2 usage error.
#include "rapport/build_info.hpp"
#include "rapport/content/deck.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

using rapport::DeckProblem;

constexpr int kExitValid = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

constexpr const char* kHelp = R"(rapport-deck - check Rapport prompt decks and show their statistics

Usage: rapport-deck [options] FILE...

Checks each deck file: the JSON shape (required fields, types, ids, depths),
then the content (duplicate prompts, empty categories, prompt lengths,
open-ended starters, synonym groups, and for classroom decks the blocked
words). Every problem names the file and the place, like
  decks/mine.json: categories[2].prompts[4]: error: ...

Options:
  --json          print one JSON object (the last line) instead of the report:
                  {"files":N,"valid":N,"prompts":T,"categories":T,"errors":[...],...}
  --strict        treat warnings as errors (the bar for decks shipped with Rapport:
                  at least 60 prompts in 12 categories, no unknown fields)
  --blocked FILE  words a classroom deck must not contain
                  (default: ASSETS/decks/blocked-words-classroom.txt)
  --assets DIR    the assets folder (default: $RAPPORT_ASSETS, else the build's)
  --version       print the version
  -h, --help      show this help

Exit status: 0 when every deck is valid, 1 when any is not, 2 for a usage error.
The deck format is described in docs/DECKS.md.
)";

struct Options {
  bool json = false;
  bool strict = false;
  std::string blocked;
  std::string assets;
  std::vector<std::string> files;
};

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

int usage_error(const std::string& message) {
  std::cerr << "rapport-deck: " << message << "\nTry 'rapport-deck --help'.\n";
  return kExitUsage;
}

nlohmann::json problem_json(const DeckProblem& p) {
  return {{"file", p.file}, {"where", p.where}, {"message", p.message}};
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kHelp;
      return kExitValid;
    }
    if (a == "--version") {
      std::cout << "rapport-deck " << rapport::build::kVersion << "\n";
      return kExitValid;
    }
    if (a == "--json") {
      options.json = true;
    } else if (a == "--strict") {
      options.strict = true;
    } else if (a == "--blocked" || a == "--assets") {
      if (i + 1 >= args.size()) return usage_error(a + " needs a path after it");
      (a == "--blocked" ? options.blocked : options.assets) = args[++i];
    } else if (a == "--") {
      options.files.insert(options.files.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option " + a);
    } else {
      options.files.push_back(a);
    }
  }
  if (options.files.empty()) return usage_error("no deck files given");

  if (options.assets.empty()) {
    const char* env = std::getenv("RAPPORT_ASSETS");
    options.assets = env != nullptr && *env != '\0' ? env : rapport::build::kAssetsDir;
  }
  if (options.blocked.empty()) options.blocked = options.assets + "/decks/blocked-words-classroom.txt";

  rapport::DeckLintRules rules;
  rules.strict = options.strict;
  if (auto list = rapport::load_word_list(options.blocked)) {
    rules.classroom_blocked = std::move(*list);
    rules.classroom_list_loaded = true;
  }

  std::size_t valid = 0;
  std::size_t prompts = 0;
  std::size_t categories = 0;
  nlohmann::json errors = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  nlohmann::json decks = nlohmann::json::array();
  for (const std::string& file : options.files) {
    const rapport::DeckLoad load = rapport::load_and_lint_deck(file, rules);
    std::size_t error_count = 0;
    for (const DeckProblem& p : load.problems) {
      const bool is_error = p.severity == DeckProblem::Severity::Error;
      error_count += is_error ? 1u : 0u;
      (is_error ? errors : warnings).push_back(problem_json(p));
    }
    const bool ok = load.ok();
    valid += ok ? 1u : 0u;
    nlohmann::json entry = {{"file", file}, {"valid", ok}, {"errors", error_count},
                            {"warnings", load.problems.size() - error_count}};
    std::string summary;
    if (load.deck) {
      const rapport::DeckStats stats = rapport::deck_stats(*load.deck);
      prompts += stats.prompts;
      categories += stats.categories;
      entry["id"] = load.deck->id;
      entry["audience"] = std::string(rapport::audience_key(load.deck->audience));
      entry["categories"] = stats.categories;
      entry["prompts"] = stats.prompts;
      entry["depth"] = stats.by_depth;
      entry["synonym_groups"] = stats.synonym_groups;
      entry["synonym_terms"] = stats.synonym_terms;
      summary = " (" + std::string(rapport::audience_key(load.deck->audience)) + ", " +
                std::to_string(stats.categories) + " categories, " + std::to_string(stats.prompts) +
                " prompts: depth 1: " + std::to_string(stats.by_depth[0]) + ", depth 2: " +
                std::to_string(stats.by_depth[1]) + ", depth 3: " + std::to_string(stats.by_depth[2]) + "; " +
                std::to_string(stats.synonym_groups) + " synonym groups with " +
                std::to_string(stats.synonym_terms) + " terms)";
    }
    decks.push_back(std::move(entry));
    if (!options.json) {
      std::cout << file << ": " << (ok ? "OK" : "INVALID") << summary << "\n";
      for (const DeckProblem& p : load.problems) std::cout << "  " << p.describe() << "\n";
    }
  }

  if (options.json) {
    const nlohmann::json report = {{"files", options.files.size()}, {"valid", valid},       {"prompts", prompts},
                                   {"categories", categories},       {"errors", errors},    {"warnings", warnings},
                                   {"decks", decks}};
    std::cout << report.dump() << "\n";
  } else {
    std::cout << "Checked " << count(options.files.size(), "deck", "decks") << ": " << valid << " valid, "
              << count(errors.size(), "error", "errors") << ", " << count(warnings.size(), "warning", "warnings") << "; "
              << count(prompts, "prompt", "prompts") << " in " << count(categories, "category", "categories") << ".\n";
  }
  return valid == options.files.size() ? kExitValid : kExitInvalid;
}
