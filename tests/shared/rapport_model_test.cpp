#include "rapport/rapport_model.hpp"

#include "model_transcript.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace rapport {
namespace {

using testing::load_transcript;
using testing::run_transcript;
using testing::Transcript;
using testing::TranscriptStep;

std::shared_ptr<const ModelConfig> shared_config() {
  static const std::shared_ptr<const ModelConfig> config = [] {
    const auto load = load_model_config(testing::assets_dir());
    if (!load.ok()) throw std::runtime_error(load.error);
    return load.config;
  }();
  return config;
}

constexpr std::uint32_t kA = 1;
constexpr std::uint32_t kB = 2;

std::string describe(const Meter& m) {
  char line[160];
  std::snprintf(line, sizeof line, "overall %.1f  attentiveness %.1f  positivity %.1f  coordination %.1f  balance %.1f",
                m.overall, m.attentiveness(), m.positivity(), m.coordination(), m.balance());
  return line;
}

// RAPPORT_MODEL_VERBOSE=1 prints every reason and the meter after each step,
// which is how the model was tuned.
void maybe_print(const testing::RunResult& run) {
  if (std::getenv("RAPPORT_MODEL_VERBOSE") == nullptr) return;
  std::size_t r = 0;
  for (const auto& [t, meter] : run.after_step) {
    for (; r < run.reasons.size() && run.reasons[r].t_ms <= t; ++r) {
      const auto& reason = run.reasons[r];
      std::printf("    %7.1f  %-13s %+6.2f  %s%s\n", static_cast<double>(reason.t_ms) / 1000.0,
                  std::string(component_name(reason.component)).c_str(), reason.delta,
                  reason.actor ? (std::string(1, static_cast<char>('A' + *reason.actor - 1)) + ": ").c_str() : "",
                  reason.text.c_str());
    }
    std::printf("  %7.1f  %s\n", static_cast<double>(t) / 1000.0, describe(meter).c_str());
  }
}

// The overall meter at (the last step at or before) time t.
double overall_at(const testing::RunResult& run, std::int64_t t_ms) {
  double value = 0;
  for (const auto& [t, meter] : run.after_step) {
    if (t <= t_ms) value = meter.overall;
  }
  return value;
}

// ---- the scripted transcripts -------------------------------------------------

TEST(RapportModelTranscripts, AttentiveWarmPairScoresHigh) {
  const auto run = run_transcript(shared_config(), load_transcript("warm"));
  std::printf("[ warm      ] %s\n", describe(run.final_meter).c_str());
  EXPECT_GE(run.final_meter.overall, 70.0) << describe(run.final_meter);
  EXPECT_TRUE(std::all_of(run.accepted.begin(), run.accepted.end(), [](bool ok) { return ok; }));
}

TEST(RapportModelTranscripts, PairWhereOneIgnoresTheOtherScoresLow) {
  const auto run = run_transcript(shared_config(), load_transcript("ignoring"));
  std::printf("[ ignoring  ] %s\n", describe(run.final_meter).c_str());
  EXPECT_LE(run.final_meter.overall, 30.0) << describe(run.final_meter);
  const auto unanswered = std::count_if(run.reasons.begin(), run.reasons.end(), [](const Reason& r) {
    return r.tag == ReasonTag::Unanswered && r.actor == kB;
  });
  EXPECT_GE(unanswered, 3) << "the ignoring partner left several messages unanswered";
}

TEST(RapportModelTranscripts, MonologueScoresLowOnBalance) {
  const auto run = run_transcript(shared_config(), load_transcript("monologue"));
  std::printf("[ monologue ] %s\n", describe(run.final_meter).c_str());
  EXPECT_LE(run.final_meter.balance(), 30.0) << describe(run.final_meter);
  const auto warm = run_transcript(shared_config(), load_transcript("warm"));
  EXPECT_GT(warm.final_meter.balance(), run.final_meter.balance() + 30.0);
}

TEST(RapportModelTranscripts, WarmTrioScoresHigh) {
  const auto run = run_transcript(shared_config(), load_transcript("trio"));
  std::printf("[ trio      ] %s\n", describe(run.final_meter).c_str());
  EXPECT_GE(run.final_meter.overall, 70.0) << describe(run.final_meter);
  EXPECT_GE(run.final_meter.balance(), 70.0) << describe(run.final_meter);
}

TEST(RapportModelTranscripts, RepairRecoversFasterThanStartingOver) {
  const auto run = run_transcript(shared_config(), load_transcript("repair"));
  std::printf("[ repair    ] %s\n", describe(run.final_meter).c_str());
  maybe_print(run);
  constexpr std::int64_t kFailure = 95'000;   // the failed challenge
  constexpr std::int64_t kApology = 158'000;  // Ben acknowledges and apologises
  const double before_loss = overall_at(run, kFailure - 1);
  double lowest = before_loss;
  for (const auto& [t, meter] : run.after_step) {
    if (t >= kFailure && t <= kApology) lowest = std::min(lowest, meter.overall);
  }
  for (const auto& point : run.timeline) {
    if (point.t_ms >= kFailure && point.t_ms <= kApology) lowest = std::min(lowest, point.meter.overall);
  }
  std::printf("[ repair    ] before the loss %.1f, lowest %.1f, final %.1f\n", before_loss, lowest,
              run.final_meter.overall);
  EXPECT_LT(lowest, before_loss - 5.0) << "losing rapport must show";
  EXPECT_GE(run.final_meter.overall, before_loss) << "repair must bring it back";

  // Time from the apology back to the pre-loss level, against the time the
  // same pair needed to reach that level from the start.
  std::int64_t recovered_at = -1;
  for (const auto& [t, meter] : run.after_step) {
    if (t >= kApology && meter.overall >= before_loss) {
      recovered_at = t;
      break;
    }
  }
  std::int64_t first_reached = -1;
  for (const auto& [t, meter] : run.after_step) {
    if (meter.overall >= before_loss) {
      first_reached = t;
      break;
    }
  }
  ASSERT_GE(recovered_at, 0);
  ASSERT_GE(first_reached, 0);
  std::printf("[ repair    ] back to %.1f after %.0f s; from the start it took %.0f s\n", before_loss,
              static_cast<double>(recovered_at - kApology) / 1000.0,
              static_cast<double>(first_reached) / 1000.0);
  EXPECT_LT(recovered_at - kApology, first_reached);
  const auto repairs = std::count_if(run.reasons.begin(), run.reasons.end(), [](const Reason& r) {
    return r.tag == ReasonTag::Apologised || r.text.find("setback") != std::string::npos;
  });
  EXPECT_GE(repairs, 2);
}

}  // namespace
}  // namespace rapport
