#pragma once
// Scripted transcripts for the rapport model tests. One event per line:
//
//   # a comment
//   members A B C           (optional; default A B; letters map to ids 1, 2, 3...)
//   12.5 A chat How was your weekend?
//   14.0 B gesture nod      (smile nod laugh lean_in thinking chin_left chin_right
//                            arms_crossed wave relaxed)
//   20 A kudos
//   30 * round 0.9          (challenge result 0..1; the actor is the pair: *)
//   40 A common_ground
//   50 B empathy 0.8
//   0 A impression 0.5
//   60 * tick               (nothing happens; time runs to here)
//
// Times are seconds from the start of the pairing, in order.
#include "rapport/build_info.hpp"
#include "rapport/rapport/rapport_model.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::testing {

struct TranscriptStep {
  PairEvent event;
  bool tick_only = false;
};

struct Transcript {
  std::string name;
  std::vector<std::uint32_t> members{1, 2};
  std::vector<TranscriptStep> steps;
  [[nodiscard]] std::int64_t end_ms() const { return steps.empty() ? 0 : steps.back().event.t_ms; }
};

inline std::uint32_t member_id(char letter) { return static_cast<std::uint32_t>(letter - 'A') + 1; }

inline Gesture parse_gesture(const std::string& word) {
  static const std::vector<std::pair<std::string, Gesture>> kNames = {
      {"smile", Gesture::Smile},          {"nod", Gesture::Nod},
      {"laugh", Gesture::Laugh},          {"lean_in", Gesture::LeanIn},
      {"thinking", Gesture::Thinking},    {"chin_left", Gesture::ChinOnHandLeft},
      {"chin_right", Gesture::ChinOnHandRight}, {"arms_crossed", Gesture::ArmsCrossed},
      {"wave", Gesture::Wave},            {"relaxed", Gesture::Relaxed}};
  for (const auto& [name, gesture] : kNames) {
    if (name == word) return gesture;
  }
  throw std::runtime_error("unknown gesture '" + word + "'");
}

inline Transcript parse_transcript(const std::string& text, const std::string& name) {
  Transcript transcript;
  transcript.name = name;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  constexpr double kMillisPerSecond = 1000.0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string first;
    in >> first;
    const auto fail = [&](const std::string& what) {
      throw std::runtime_error(name + ":" + std::to_string(number) + ": " + what);
    };
    if (first == "members") {
      transcript.members.clear();
      std::string letter;
      while (in >> letter) transcript.members.push_back(member_id(letter[0]));
      continue;
    }
    TranscriptStep step;
    std::string who;
    std::string kind;
    in >> who >> kind;
    if (!in) fail("expected '<seconds> <member> <kind> ...'");
    step.event.t_ms = std::llround(std::stod(first) * kMillisPerSecond);
    step.event.actor = who == "*" ? 0 : member_id(who[0]);
    if (kind == "chat") {
      std::getline(in >> std::ws, step.event.text);
      step.event.kind = PairEventKind::Chat;
    } else if (kind == "gesture") {
      std::string g;
      in >> g;
      step.event.kind = PairEventKind::Gesture;
      step.event.gesture = parse_gesture(g);
    } else if (kind == "kudos") {
      step.event.kind = PairEventKind::Kudos;
    } else if (kind == "round") {
      step.event.kind = PairEventKind::RoundResult;
      in >> step.event.value;
    } else if (kind == "common_ground") {
      step.event.kind = PairEventKind::CommonGroundFound;
    } else if (kind == "empathy") {
      step.event.kind = PairEventKind::Empathy;
      in >> step.event.value;
    } else if (kind == "impression") {
      step.event.kind = PairEventKind::FirstImpression;
      in >> step.event.value;
    } else if (kind == "tick") {
      step.tick_only = true;
    } else {
      fail("unknown kind '" + kind + "'");
    }
    if (!transcript.steps.empty() && step.event.t_ms < transcript.steps.back().event.t_ms) {
      fail("time goes backwards");
    }
    transcript.steps.push_back(std::move(step));
  }
  return transcript;
}

inline std::string source_dir() {
  if (const char* env = std::getenv("RAPPORT_SOURCE")) return env;
  return std::string(build::kAssetsDir) + "/..";
}

inline std::string assets_dir() {
  if (const char* env = std::getenv("RAPPORT_ASSETS")) return env;
  return build::kAssetsDir;
}

inline Transcript load_transcript(const std::string& stem) {
  const std::string path = source_dir() + "/tests/data/model/" + stem + ".txt";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_transcript(text.str(), stem);
}

struct RunResult {
  Meter final_meter;
  std::vector<Reason> reasons;
  std::vector<TimelinePoint> timeline;
  // The meter right after each step, like a client would see it.
  std::vector<std::pair<std::int64_t, Meter>> after_step;
  std::vector<bool> accepted;
};

// Plays the transcript like the server: advance() on a fixed tick between
// events, apply() for each event, reasons collected as they come.
inline RunResult run_transcript(const std::shared_ptr<const ModelConfig>& config,
                                const Transcript& transcript, std::int64_t tick_ms = 50,
                                std::int64_t extra_ms = 0) {
  RapportModel model(config, transcript.members, 0);
  RunResult result;
  std::int64_t clock = 0;
  const auto run_until = [&](std::int64_t t) {
    while (clock + tick_ms <= t) {
      clock += tick_ms;
      model.advance(clock);
      for (auto& r : model.take_reasons()) result.reasons.push_back(std::move(r));
    }
  };
  for (const auto& step : transcript.steps) {
    run_until(step.event.t_ms);
    if (step.tick_only) {
      model.advance(step.event.t_ms);
      result.accepted.push_back(true);
    } else {
      result.accepted.push_back(model.apply(step.event));
    }
    for (auto& r : model.take_reasons()) result.reasons.push_back(std::move(r));
    result.after_step.emplace_back(step.event.t_ms, model.meter());
  }
  run_until(transcript.end_ms() + extra_ms);
  model.advance(transcript.end_ms() + extra_ms);
  for (auto& r : model.take_reasons()) result.reasons.push_back(std::move(r));
  result.final_meter = model.meter();
  result.timeline = model.timeline();
  return result;
}

}  // namespace rapport::testing
