#include "rapport/rapport/rapport_model.hpp"

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
  maybe_print(run);
  // Well above the neutral baseline (40): the meter is fitted to real chats,
  // where warm pairs end in the 60s, not to reward a script.
  EXPECT_GE(run.final_meter.overall, 60.0) << describe(run.final_meter);
  EXPECT_TRUE(std::all_of(run.accepted.begin(), run.accepted.end(), [](bool ok) { return ok; }));
}

TEST(RapportModelTranscripts, PairWhereOneIgnoresTheOtherScoresLow) {
  const auto run = run_transcript(shared_config(), load_transcript("ignoring"));
  std::printf("[ ignoring  ] %s\n", describe(run.final_meter).c_str());
  maybe_print(run);
  EXPECT_LE(run.final_meter.overall, 40.0) << describe(run.final_meter);
  const auto warm = run_transcript(shared_config(), load_transcript("warm"));
  EXPECT_GT(warm.final_meter.overall, run.final_meter.overall + 25.0);
  const auto unanswered = std::count_if(run.reasons.begin(), run.reasons.end(), [](const Reason& r) {
    return r.tag == ReasonTag::Unanswered && r.actor == kB;
  });
  EXPECT_GE(unanswered, 3) << "the ignoring partner left several messages unanswered";
}

TEST(RapportModelTranscripts, MonologueScoresLowOnBalance) {
  const auto run = run_transcript(shared_config(), load_transcript("monologue"));
  std::printf("[ monologue ] %s\n", describe(run.final_meter).c_str());
  maybe_print(run);
  EXPECT_LE(run.final_meter.balance(), 30.0) << describe(run.final_meter);
  const auto warm = run_transcript(shared_config(), load_transcript("warm"));
  EXPECT_GT(warm.final_meter.balance(), run.final_meter.balance() + 30.0);
}

TEST(RapportModelTranscripts, WarmTrioScoresHigh) {
  const auto run = run_transcript(shared_config(), load_transcript("trio"));
  std::printf("[ trio      ] %s\n", describe(run.final_meter).c_str());
  maybe_print(run);
  EXPECT_GE(run.final_meter.overall, 55.0) << describe(run.final_meter);
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

namespace rapport {
namespace {

using testing::load_transcript;
using testing::run_transcript;
using testing::Transcript;
using testing::TranscriptStep;

// The transcript with extra events merged in by time (after events at the same time).
Transcript with_events(Transcript transcript, const std::vector<PairEvent>& extra) {
  for (const auto& e : extra) {
    const auto at = std::upper_bound(
        transcript.steps.begin(), transcript.steps.end(), e.t_ms,
        [](std::int64_t t, const TranscriptStep& step) { return t < step.event.t_ms; });
    transcript.steps.insert(at, TranscriptStep{e, false});
  }
  return transcript;
}

Transcript without_gestures(Transcript transcript) {
  std::erase_if(transcript.steps, [](const TranscriptStep& s) {
    return !s.tick_only && s.event.kind == PairEventKind::Gesture;
  });
  return transcript;
}

const std::vector<std::string>& all_transcripts() {
  static const std::vector<std::string> names = {"warm", "ignoring", "monologue", "repair", "trio"};
  return names;
}

// ---- mirroring ------------------------------------------------------------------

Gesture mirror_image(Gesture g) {
  if (g == Gesture::ChinOnHandLeft) return Gesture::ChinOnHandRight;
  if (g == Gesture::ChinOnHandRight) return Gesture::ChinOnHandLeft;
  return g;
}

struct MirrorRuns {
  double none = 0;
  double instant = 0;
  double natural = 0;
  double copy_everything = 0;
  testing::RunResult instant_run;
};

MirrorRuns mirror_runs() {
  // The warm pair's conversation without its gestures; A gestures every 9 s,
  // and B copies in different ways.
  const Transcript base = without_gestures(load_transcript("warm"));
  const std::vector<Gesture> cycle = {Gesture::Thinking, Gesture::ChinOnHandLeft, Gesture::LeanIn,
                                      Gesture::Nod,      Gesture::Smile,          Gesture::Laugh};
  std::vector<PairEvent> a_gestures;
  std::vector<PairEvent> instant;
  std::vector<PairEvent> natural;
  std::vector<PairEvent> copy_everything;
  constexpr std::int64_t kEvery = 9'000;
  constexpr std::int64_t kInstant = 300;   // mechanical: a third of a second
  constexpr std::int64_t kNatural = 3'000;  // inside the 1.5-10 s window
  for (std::int64_t t = 5'000, k = 0; t < base.end_ms() - kEvery; t += kEvery, ++k) {
    const Gesture g = cycle[static_cast<std::size_t>(k) % cycle.size()];
    a_gestures.push_back(PairEvent::gesture_by(t, kA, g));
    instant.push_back(PairEvent::gesture_by(t + kInstant, kB, mirror_image(g)));
    copy_everything.push_back(PairEvent::gesture_by(t + kNatural, kB, mirror_image(g)));
    if (k % 3 == 1) natural.push_back(PairEvent::gesture_by(t + kNatural, kB, mirror_image(g)));
  }
  const Transcript none = with_events(base, a_gestures);
  MirrorRuns runs;
  runs.none = run_transcript(shared_config(), none).final_meter.coordination();
  runs.instant_run = run_transcript(shared_config(), with_events(none, instant));
  runs.instant = runs.instant_run.final_meter.coordination();
  runs.natural = run_transcript(shared_config(), with_events(none, natural)).final_meter.coordination();
  runs.copy_everything =
      run_transcript(shared_config(), with_events(none, copy_everything)).final_meter.coordination();
  std::printf("[ mirroring ] coordination: no copying %.1f, instant copies %.1f, subtle mirroring %.1f, "
              "copying every gesture after 3 s %.1f\n",
              runs.none, runs.instant, runs.natural, runs.copy_everything);
  return runs;
}

TEST(RapportModelMirroring, InstantMechanicalMirroringDoesNotRaiseCoordination) {
  const MirrorRuns runs = mirror_runs();
  EXPECT_LE(runs.instant, runs.none);
  const auto& reasons = runs.instant_run.reasons;
  EXPECT_EQ(std::count_if(reasons.begin(), reasons.end(),
                          [](const Reason& r) { return r.tag == ReasonTag::Mirrored; }),
            0);
  EXPECT_GT(std::count_if(reasons.begin(), reasons.end(),
                          [](const Reason& r) { return r.tag == ReasonTag::OverCopying; }),
            0);
}

TEST(RapportModelMirroring, SubtleDelayedMirroringRaisesCoordination) {
  const MirrorRuns runs = mirror_runs();
  EXPECT_GT(runs.natural, runs.none + 1.0);
  EXPECT_LT(runs.copy_everything, runs.natural) << "copying nearly everything must score lower";
}

// ---- properties over every transcript ---------------------------------------------

// Positivity is an average over acts, so a smile after a run of very warm
// messages may lower it a little. What must hold: doing something warm never
// scores below doing something neutral in its place.
TEST(RapportModelProperties, AWarmActNeverScoresBelowANeutralOneInItsPlace) {
  constexpr std::int64_t kTick = 250;  // coarser ticks keep the many runs fast
  std::size_t checked = 0;
  for (const auto& name : all_transcripts()) {
    const Transcript base = load_transcript(name);
    for (std::int64_t t = 0; t <= base.end_ms(); t += 7'000) {
      const auto neutral =
          run_transcript(shared_config(), with_events(base, {PairEvent::chat(t, kA, "We met at the station.")}), kTick);
      const std::vector<PairEvent> acts = {
          PairEvent::chat(t, kA, "Thanks, that's great :)"),
          PairEvent::of(PairEventKind::Kudos, t, kA),
          PairEvent::of(PairEventKind::CommonGroundFound, t, kA),
      };
      for (const auto& act : acts) {
        const auto warm = run_transcript(shared_config(), with_events(base, {act}), kTick);
        ASSERT_EQ(warm.timeline.size(), neutral.timeline.size());
        for (std::size_t i = 0; i < neutral.timeline.size(); ++i) {
          ASSERT_GE(warm.timeline[i].meter.positivity(), neutral.timeline[i].meter.positivity() - 1e-9)
              << name << ": a warm act at " << t << " ms scored below a neutral one at "
              << neutral.timeline[i].t_ms << " ms";
        }
        ASSERT_GE(warm.final_meter.positivity(), neutral.final_meter.positivity() - 1e-9) << name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 60u);
}

TEST(RapportModelProperties, EveryReasonHasTextAndTheDeltasAddUpToEachComponent) {
  for (const auto& name : all_transcripts()) {
    const Transcript transcript = load_transcript(name);
    const Meter start = RapportModel(shared_config(), transcript.members, 0).meter();
    const auto run = run_transcript(shared_config(), transcript);
    std::array<double, kComponentCount> sum{};
    for (const auto& reason : run.reasons) {
      EXPECT_FALSE(reason.text.empty()) << name;
      EXPECT_NE(reason.delta, 0.0) << name << ": " << reason.text;
      sum[static_cast<std::size_t>(reason.component)] += reason.delta;
    }
    for (std::size_t c = 0; c < kComponentCount; ++c) {
      EXPECT_NEAR(start.components[c] + sum[c], run.final_meter.components[c], 1e-6)
          << name << ": " << component_name(static_cast<Component>(c)) << " changed without a reason";
    }
  }
}

TEST(RapportModelProperties, ValuesStayBetweenZeroAndHundred) {
  for (const auto& name : all_transcripts()) {
    const auto run = run_transcript(shared_config(), load_transcript(name));
    const auto in_range = [](const Meter& m) {
      if (!(m.overall >= 0.0 && m.overall <= 100.0)) return false;
      return std::all_of(m.components.begin(), m.components.end(),
                         [](double v) { return v >= 0.0 && v <= 100.0; });
    };
    for (const auto& [t, meter] : run.after_step) EXPECT_TRUE(in_range(meter)) << name << " at " << t;
    for (const auto& point : run.timeline) EXPECT_TRUE(in_range(point.meter)) << name << " at " << point.t_ms;
  }
}

TEST(RapportModelProperties, DeterministicAndIndependentOfTheTickRate) {
  for (const auto& name : all_transcripts()) {
    const Transcript transcript = load_transcript(name);
    const auto first = run_transcript(shared_config(), transcript);
    const auto second = run_transcript(shared_config(), transcript);
    EXPECT_EQ(first.final_meter, second.final_meter) << name;
    ASSERT_EQ(first.reasons.size(), second.reasons.size()) << name;
    for (std::size_t i = 0; i < first.reasons.size(); ++i) {
      EXPECT_EQ(first.reasons[i].text, second.reasons[i].text);
      EXPECT_EQ(first.reasons[i].delta, second.reasons[i].delta);
      EXPECT_EQ(first.reasons[i].t_ms, second.reasons[i].t_ms);
    }
    // One-second ticks instead of 20 Hz: the same components, nearly the same overall.
    const auto coarse = run_transcript(shared_config(), transcript, 1'000);
    for (std::size_t c = 0; c < kComponentCount; ++c) {
      EXPECT_NEAR(coarse.final_meter.components[c], first.final_meter.components[c], 1e-9) << name;
    }
    EXPECT_NEAR(coarse.final_meter.overall, first.final_meter.overall, 0.5) << name;
  }
}

TEST(RapportModelProperties, ModelIsACopyableValue) {
  const Transcript transcript = load_transcript("warm");
  RapportModel model(shared_config(), transcript.members, 0);
  for (std::size_t i = 0; i < transcript.steps.size() / 2; ++i) {
    if (!transcript.steps[i].tick_only) {
      EXPECT_TRUE(model.apply(transcript.steps[i].event));
    }
  }
  RapportModel copy = model;
  for (std::size_t i = transcript.steps.size() / 2; i < transcript.steps.size(); ++i) {
    if (transcript.steps[i].tick_only) continue;
    EXPECT_TRUE(model.apply(transcript.steps[i].event));
    EXPECT_TRUE(copy.apply(transcript.steps[i].event));
  }
  EXPECT_EQ(model.meter(), copy.meter());
}

}  // namespace
}  // namespace rapport

namespace rapport {
namespace {

// ---- single behaviours ---------------------------------------------------------

std::vector<Reason> reasons_with(const std::vector<Reason>& reasons, ReasonTag tag) {
  std::vector<Reason> out;
  std::copy_if(reasons.begin(), reasons.end(), std::back_inserter(out),
               [&](const Reason& r) { return r.tag == tag; });
  return out;
}

RapportModel new_pair() { return RapportModel(shared_config(), {kA, kB}, 0); }

TEST(RapportModelBehaviour, OpenQuestionsCountMoreThanYesNoQuestions) {
  RapportModel open = new_pair();
  RapportModel closed = new_pair();
  for (auto* model : {&open, &closed}) {
    EXPECT_TRUE(model->apply(PairEvent::chat(1'000, kA, "I just got back from a trip to the coast.")));
  }
  EXPECT_TRUE(open.apply(PairEvent::chat(5'000, kB, "Oh nice, what was the best part of the coast?")));
  EXPECT_TRUE(closed.apply(PairEvent::chat(5'000, kB, "Oh nice, was the weather good on the coast?")));
  EXPECT_GT(open.meter().attentiveness(), closed.meter().attentiveness());
  EXPECT_EQ(reasons_with(open.take_reasons(), ReasonTag::OpenQuestion).size(), 1u);
  const auto closed_reasons = closed.take_reasons();
  ASSERT_EQ(reasons_with(closed_reasons, ReasonTag::ClosedQuestion).size(), 1u);
  EXPECT_EQ(reasons_with(closed_reasons, ReasonTag::ClosedQuestion)[0].text, "asked a yes/no question");
}

TEST(RapportModelBehaviour, UnansweredMessageLowersAttentivenessWithATimedReason) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(2'000, kA, "How did your presentation go this morning?")));
  const double before = model.meter().attentiveness();
  (void)model.take_reasons();
  for (std::int64_t t = 2'000; t <= 40'000; t += 50) model.advance(t);
  const auto unanswered = reasons_with(model.take_reasons(), ReasonTag::Unanswered);
  ASSERT_EQ(unanswered.size(), 1u);
  EXPECT_EQ(unanswered[0].actor, kB);
  EXPECT_EQ(unanswered[0].t_ms, 32'000);
  EXPECT_EQ(unanswered[0].text, "left a message unanswered for 30 s");
  EXPECT_LT(unanswered[0].delta, 0.0);
  EXPECT_LT(model.meter().attentiveness(), before);
}

TEST(RapportModelBehaviour, AQuickReplyAvoidsThePenalty) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(2'000, kA, "How did your presentation go this morning?")));
  RapportModel silent = model;
  EXPECT_TRUE(model.apply(PairEvent::chat(6'000, kB, "It went well, thanks! The demo even worked.")));
  silent.advance(40'000);
  model.advance(35'000);
  EXPECT_GT(model.meter().attentiveness(), silent.meter().attentiveness());
  model.advance(60'000);
  const auto reasons = model.take_reasons();
  // B answered; now A owes B a reply, and only A is charged for leaving it.
  const auto unanswered = reasons_with(reasons, ReasonTag::Unanswered);
  ASSERT_EQ(unanswered.size(), 1u);
  EXPECT_EQ(unanswered[0].actor, kA);
  EXPECT_EQ(unanswered[0].t_ms, 36'000);
}

// On real chats reusing the partner's words did not go with liking (in
// CaSiNo it is haggling over the same items), so the shipped model gives it
// no points; the rule is still there for a config that wants it.
TEST(RapportModelBehaviour, PickingUpThePartnersWordsCountsWhenTheConfigRewardsIt) {
  auto config = std::make_shared<ModelConfig>(*shared_config());
  EXPECT_EQ(config->attentiveness.pickup_points_per_word, 0.0);
  config->attentiveness.pickup_points_per_word = 2.0;
  RapportModel model(config, {kA, kB}, 0);
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "I have been learning the guitar, mostly old blues songs.")));
  EXPECT_TRUE(model.apply(PairEvent::chat(6'000, kB, "Blues on guitar sounds great! Which songs do you play?")));
  const auto picked = reasons_with(model.take_reasons(), ReasonTag::PickedUpWords);
  ASSERT_EQ(picked.size(), 1u);
  EXPECT_EQ(picked[0].actor, kB);
  EXPECT_EQ(picked[0].text, "picked up 3 words the partner used");  // blues, guitar, song(s)
  EXPECT_GT(picked[0].delta, 0.0);
}

TEST(RapportModelBehaviour, ANodAnswersButEarnsLessThanAOneWordReply) {
  RapportModel nod = new_pair();
  RapportModel ok = new_pair();
  for (auto* model : {&nod, &ok}) {
    EXPECT_TRUE(model->apply(PairEvent::chat(1'000, kA, "My train was late again this morning.")));
    (void)model->take_reasons();
  }
  EXPECT_TRUE(nod.apply(PairEvent::gesture_by(3'000, kB, Gesture::Nod)));
  EXPECT_TRUE(ok.apply(PairEvent::chat(3'000, kB, "ok")));
  const auto nod_reasons = nod.take_reasons();
  const auto acked = reasons_with(nod_reasons, ReasonTag::AcknowledgedWithGesture);
  ASSERT_EQ(acked.size(), 1u);
  const auto ok_reasons = ok.take_reasons();
  double ok_gain = 0;
  for (const auto& r : ok_reasons) {
    if (r.component == Component::Attentiveness) ok_gain += r.delta;
  }
  EXPECT_GT(acked[0].delta, 0.0);
  EXPECT_LT(nod.meter().attentiveness(), ok.meter().attentiveness()) << "a nod earns less than a one-word reply";
  // It is an answer: no "unanswered" later, and a second nod earns nothing.
  EXPECT_TRUE(nod.apply(PairEvent::gesture_by(5'000, kB, Gesture::Nod)));
  EXPECT_TRUE(reasons_with(nod.take_reasons(), ReasonTag::AcknowledgedWithGesture).empty());
  nod.advance(40'000);
  EXPECT_TRUE(reasons_with(nod.take_reasons(), ReasonTag::Unanswered).empty());
}

TEST(RapportModelBehaviour, ArmsCrossedForLongLowersPositivity) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "Hi there!")));
  EXPECT_TRUE(model.apply(PairEvent::chat(3'000, kB, "Hello, nice to meet you.")));
  EXPECT_TRUE(model.apply(PairEvent::gesture_by(4'000, kB, Gesture::ArmsCrossed)));
  const double before = model.meter().positivity();
  model.advance(23'000);
  EXPECT_EQ(model.meter().positivity(), before) << "not yet: crossing arms briefly is fine";
  model.advance(24'000);
  const auto crossed = reasons_with(model.take_reasons(), ReasonTag::ArmsCrossed);
  ASSERT_EQ(crossed.size(), 1u);
  EXPECT_EQ(crossed[0].text, "kept their arms crossed for 20 s");
  EXPECT_EQ(crossed[0].actor, kB) << "the reason says who (the server puts the name in front)";
  EXPECT_LT(model.meter().positivity(), before);
  // Uncrossing stops further losses.
  EXPECT_TRUE(model.apply(PairEvent::gesture_by(25'000, kB, Gesture::Relaxed)));
  const double uncrossed = model.meter().positivity();
  model.advance(90'000);
  EXPECT_EQ(model.meter().positivity(), uncrossed);
}

TEST(RapportModelBehaviour, HostileWordsLowerPositivityUnlessNegated) {
  RapportModel rude = new_pair();
  RapportModel kind = new_pair();
  EXPECT_TRUE(rude.apply(PairEvent::chat(1'000, kA, "That idea is stupid.")));
  EXPECT_TRUE(kind.apply(PairEvent::chat(1'000, kA, "That idea is not stupid at all.")));
  EXPECT_LT(rude.meter().positivity(), kind.meter().positivity());
  EXPECT_EQ(reasons_with(rude.take_reasons(), ReasonTag::HostileWords).size(), 1u);
  EXPECT_TRUE(reasons_with(kind.take_reasons(), ReasonTag::HostileWords).empty());
}

TEST(RapportModelBehaviour, AQuietSpellCostsEveryoneALittle) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "Shall we start?")));
  EXPECT_TRUE(model.apply(PairEvent::chat(4'000, kB, "Yes, let's start now.")));
  EXPECT_TRUE(model.apply(PairEvent::gesture_by(5'000, kA, Gesture::Nod)));  // answers B's message
  model.advance(49'000);
  EXPECT_TRUE(reasons_with(model.take_reasons(), ReasonTag::QuietSpell).empty());
  model.advance(51'000);
  const auto quiet = reasons_with(model.take_reasons(), ReasonTag::QuietSpell);
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_FALSE(quiet[0].actor.has_value());
  EXPECT_EQ(quiet[0].text, "the conversation went quiet for 45 s");
}

TEST(RapportModelBehaviour, OnceSettledTheOverallIsTheFittedBlendOfTheComponents) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "Hi! What brings you here today?")));
  EXPECT_TRUE(model.apply(PairEvent::chat(6'000, kB, "Yes, great question, I love these sessions!")));
  model.finish(7'000);
  const Meter m = model.meter();
  const auto& w = shared_config()->weights;
  EXPECT_NEAR(m.overall,
              w.attentiveness * m.attentiveness() + w.positivity * m.positivity() +
                  w.coordination * m.coordination() + w.balance * m.balance(),
              1e-9);
}

TEST(RapportModelBehaviour, RatesNotSumsALongConversationDoesNotWinByLength) {
  // The same friendly exchange once and five times over: the meter is about
  // how people talk, not how long.
  const auto run = [](int repeats) {
    RapportModel model = new_pair();
    std::int64_t t = 0;
    for (int r = 0; r < repeats; ++r) {
      EXPECT_TRUE(model.apply(PairEvent::chat(t += 5'000, kA, "That sounds great, what happened next?")));
      EXPECT_TRUE(model.apply(PairEvent::chat(t += 5'000, kB, "Yes, exactly, thanks for asking!")));
    }
    model.finish(t + 1'000);
    return model.meter();
  };
  const Meter once = run(3);
  const Meter five_times = run(15);
  EXPECT_NEAR(five_times.attentiveness(), once.attentiveness(), 12.0);
  EXPECT_NEAR(five_times.positivity(), once.positivity(), 12.0);
  EXPECT_LT(five_times.positivity(), 95.0) << "no runaway sum";
}

TEST(RapportModelBehaviour, FailedChallengeDropsAndFollowingThroughCountsExtra) {
  RapportModel model = new_pair();
  EXPECT_TRUE(model.apply(PairEvent::of(PairEventKind::RoundResult, 10'000, 0, 0.2)));
  auto reasons = model.take_reasons();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].text, "the challenge did not work out (20%)");
  EXPECT_LT(reasons[0].delta, 0);
  EXPECT_TRUE(model.apply(PairEvent::of(PairEventKind::RoundResult, 40'000, 0, 0.9)));
  reasons = model.take_reasons();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].text, "followed through together after a setback (90%)");
}

TEST(RapportModelBehaviour, InvalidEventsAreIgnored) {
  RapportModel model = new_pair();
  const Meter before = model.meter();
  EXPECT_FALSE(model.apply(PairEvent::chat(1'000, 99, "I am not in this pair")));
  EXPECT_FALSE(model.apply(PairEvent::chat(1'000, kA, "")));
  EXPECT_FALSE(model.apply(PairEvent::of(PairEventKind::RoundResult, 1'000, 0, 1.5)));
  EXPECT_FALSE(model.apply(PairEvent::of(PairEventKind::Empathy, 1'000, kA, std::nan(""))));
  EXPECT_FALSE(model.apply(PairEvent::of(PairEventKind::FirstImpression, 1'000, kA, -2.0)));
  EXPECT_FALSE(model.apply(PairEvent::gesture_by(1'000, kA, Gesture::kCount)));
  EXPECT_EQ(model.meter(), before);
  EXPECT_TRUE(model.take_reasons().empty());
  EXPECT_THROW(RapportModel(shared_config(), {kA}, 0), std::invalid_argument);
  EXPECT_THROW(RapportModel(shared_config(), {kA, kA}, 0), std::invalid_argument);
}

TEST(RapportModelBehaviour, LateEventsApplyAtTheModelsTime) {
  RapportModel model = new_pair();
  model.advance(10'000);
  EXPECT_TRUE(model.apply(PairEvent::chat(5'000, kA, "Sorry, this one arrived late!")));
  const auto reasons = model.take_reasons();
  ASSERT_FALSE(reasons.empty());
  for (const auto& r : reasons) EXPECT_EQ(r.t_ms, 10'000);
}

TEST(RapportModelBehaviour, TrioWithASilentMemberIsUnbalanced) {
  Transcript trio = load_transcript("trio");
  const auto balanced = run_transcript(shared_config(), trio);
  std::erase_if(trio.steps, [](const TranscriptStep& s) {
    return s.event.actor == 3 && s.event.kind == PairEventKind::Chat;
  });
  const auto silent = run_transcript(shared_config(), trio);
  std::printf("[ trio      ] balance with everyone talking %.1f, with Kai silent %.1f\n",
              balanced.final_meter.balance(), silent.final_meter.balance());
  EXPECT_LT(silent.final_meter.balance(), balanced.final_meter.balance() - 20.0);
  EXPECT_LT(silent.final_meter.overall, balanced.final_meter.overall);
}

TEST(RapportModelBehaviour, TimelineSamplesAndStaysSmallInLongSessions) {
  RapportModel model = new_pair();
  model.advance(60'000);
  ASSERT_EQ(model.timeline().size(), 13u);  // 0, 5, ..., 60 s
  EXPECT_EQ(model.timeline()[1].t_ms, 5'000);
  constexpr std::int64_t kFourHours = 4LL * 3600 * 1000;
  for (std::int64_t t = 60'000; t <= kFourHours; t += 1'000) model.advance(t);
  EXPECT_LE(model.timeline().size(), RapportModel::kMaxTimelinePoints);
  EXPECT_GT(model.timeline().back().t_ms, kFourHours - 60'000);
  EXPECT_TRUE(std::is_sorted(model.timeline().begin(), model.timeline().end(),
                             [](const auto& a, const auto& b) { return a.t_ms < b.t_ms; }));
}

TEST(RapportModelBehaviour, EveryReasonTagHasAUniqueKey) {
  std::vector<std::string_view> keys;
  for (std::size_t t = 0; t < static_cast<std::size_t>(ReasonTag::kCount); ++t) {
    keys.push_back(reason_tag_key(static_cast<ReasonTag>(t)));
    EXPECT_NE(keys.back(), "unknown");
  }
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

TEST(RapportModelBehaviour, PendingReasonsAreCapped) {
  RapportModel model = new_pair();
  for (int i = 0; i < 2000; ++i) {
    EXPECT_TRUE(model.apply(PairEvent::gesture_by(1'000 + i * 100, i % 2 == 0 ? kA : kB, Gesture::Smile)));
  }
  EXPECT_LE(model.take_reasons().size(), RapportModel::kMaxPendingReasons);
}

// ---- debrief insight -------------------------------------------------------------

TEST(RapportModelInsight, TipsNameWhatHeldEachPersonBack) {
  const auto insight_for = [](const std::string& name, std::uint32_t member) {
    const Transcript transcript = load_transcript(name);
    RapportModel model(shared_config(), transcript.members, 0);
    for (const auto& step : transcript.steps) {
      if (step.tick_only) {
        model.advance(step.event.t_ms);
      } else {
        EXPECT_TRUE(model.apply(step.event));
      }
    }
    auto insight = model.insight(member);
    EXPECT_TRUE(insight.has_value());
    return *insight;
  };
  const Insight talker = insight_for("monologue", kA);
  EXPECT_EQ(talker.weakest, Component::Balance);
  EXPECT_EQ(talker.tip, Tip::ShareTheFloor);
  const Insight listener = insight_for("monologue", kB);
  EXPECT_EQ(listener.weakest, Component::Balance);
  EXPECT_EQ(listener.tip, Tip::ShareMore);
  const Insight ignorer = insight_for("ignoring", kB);
  EXPECT_TRUE(ignorer.tip == Tip::AnswerMessages || ignorer.tip == Tip::OpenPosture ||
              ignorer.tip == Tip::ShareMore)
      << tip_key(ignorer.tip);
  const Insight warm = insight_for("warm", kA);
  EXPECT_NE(warm.strongest, warm.weakest);
  for (const auto* insight : {&talker, &listener, &ignorer, &warm}) {
    EXPECT_FALSE(insight->tip_text.empty());
  }
  EXPECT_FALSE(new_pair().insight(99).has_value());
}


TEST(RapportModelBehaviour, SetbackStartsTheSceneDamagedAndRepairsThenCountExtra) {
  RapportModel damaged = new_pair();
  const double start = damaged.meter().overall;
  EXPECT_TRUE(damaged.apply(PairEvent::setback(0, Component::Positivity, 0.2)));
  EXPECT_TRUE(damaged.apply(PairEvent::setback(0, Component::Coordination, 0.35)));
  const Meter low = damaged.meter();
  EXPECT_NEAR(low.positivity(), 20.0, 1.0);
  EXPECT_LT(low.get(Component::Coordination), 50.0);
  EXPECT_LT(low.overall, start) << "the meter opens low, it does not ease down";
  const auto reasons = damaged.take_reasons();
  EXPECT_GE(std::count_if(reasons.begin(), reasons.end(), [](const Reason& r) { return r.tag == ReasonTag::Setback; }),
            2);
  // A setback never raises a component that is already lower.
  EXPECT_TRUE(damaged.apply(PairEvent::setback(0, Component::Positivity, 0.9)));
  EXPECT_NEAR(damaged.meter().positivity(), 20.0, 1.0);
  // Bad setbacks are ignored.
  EXPECT_FALSE(damaged.apply(PairEvent::setback(0, Component::Balance, 0.2)));
  EXPECT_FALSE(damaged.apply(PairEvent::setback(0, Component::Positivity, 1.5)));
  EXPECT_FALSE(damaged.apply(PairEvent::setback(0, Component::Positivity, std::nan(""))));

  // Playing the repair well: acknowledge, apologise, answer promptly, commit.
  // The same lines without the setback move the meter less (no repair bonus).
  RapportModel fresh = new_pair();
  const std::vector<std::pair<std::uint32_t, std::string>> lines = {
      {kA, "My parcel never came and it was a birthday present."},
      {kB, "I understand, that must have been really disappointing. I am sorry."},
      {kA, "Thanks. What can you do about it now?"},
      {kB, "I will send a new one by express today and call you when it ships."},
      {kA, "That would help a lot, thank you for sorting it."},
      {kB, "Of course. Is there anything else I can check for you?"}};
  std::int64_t t = 1'000;
  for (const auto& [who, text] : lines) {
    EXPECT_TRUE(damaged.apply(PairEvent::chat(t, who, text)));
    EXPECT_TRUE(fresh.apply(PairEvent::chat(t, who, text)));
    t += 6'000;
  }
  damaged.advance(t + 20'000);
  fresh.advance(t + 20'000);
  const Meter repaired = damaged.meter();
  std::printf("[ setback   ] opened at %.1f (positivity %.1f), after the repair %.1f (positivity %.1f)\n",
              low.overall, low.positivity(), repaired.overall, repaired.positivity());
  std::printf("[ setback   ] the same lines with no setback: %.1f (positivity %.1f, attentiveness %.1f)\n",
              fresh.meter().overall, fresh.meter().positivity(), fresh.meter().attentiveness());
  EXPECT_GT(repaired.overall, low.overall + 10.0) << "rapport recovers when the repair is played well";
  EXPECT_GT(repaired.positivity() - low.positivity(), fresh.meter().positivity() - 50.0)
      << "repairs count extra after a setback";
}

}  // namespace
}  // namespace rapport

namespace rapport {
namespace {

RapportModel fresh_pair() { return RapportModel(shared_config(), {kA, kB}, 0); }

TEST(RapportModelPause, NothingFiresOrCountsWhilePausedAndTheWaitResumesWhereItStopped) {
  RapportModel model = fresh_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "How was the trip?")));
  model.pause(11'000);  // B has waited 10 s
  const Meter paused = model.meter();
  model.advance(500'000);
  EXPECT_EQ(model.meter(), paused);
  EXPECT_FALSE(model.apply(PairEvent::chat(400'000, kB, "chat during reflection")));
  EXPECT_FALSE(model.apply(PairEvent::gesture_by(400'000, kB, Gesture::Smile)));
  EXPECT_TRUE(model.take_reasons().empty() || model.meter() == paused);
  model.resume(600'000);
  // 20 more seconds of waiting make 30: the unanswered rule fires then, not at once.
  model.advance(619'000);
  auto reasons = model.take_reasons();
  EXPECT_TRUE(std::none_of(reasons.begin(), reasons.end(), [](const Reason& r) { return r.tag == ReasonTag::Unanswered; }));
  model.advance(621'000);
  reasons = model.take_reasons();
  EXPECT_EQ(std::count_if(reasons.begin(), reasons.end(), [](const Reason& r) { return r.tag == ReasonTag::Unanswered; }), 1);
}

TEST(RapportModelPause, APauseAndResumeChangeNothingButTheClock) {
  RapportModel paused = fresh_pair();
  RapportModel straight = fresh_pair();
  for (auto* m : {&paused, &straight}) EXPECT_TRUE(m->apply(PairEvent::chat(1'000, kA, "Thanks, what a lovely idea!")));
  paused.pause(2'000);
  paused.resume(62'000);  // a minute on hold
  EXPECT_TRUE(paused.apply(PairEvent::chat(65'000, kB, "Yes, exactly!")));
  EXPECT_TRUE(straight.apply(PairEvent::chat(5'000, kB, "Yes, exactly!")));
  EXPECT_EQ(paused.meter(), straight.meter());
}

TEST(RapportModelPause, FinishSettlesTheOverallAndAKudosInReflectionStillCounts) {
  RapportModel model = fresh_pair();
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "Thanks, that was great fun!")));
  model.finish(1'500);  // the smoothing has not caught up yet; the figure must not depend on that
  const Meter m = model.meter();
  const auto& w = shared_config()->weights;
  EXPECT_NEAR(m.overall, w.attentiveness * m.attentiveness() + w.positivity * m.positivity() +
                             w.coordination * m.coordination() + w.balance * m.balance(), 1e-9);
  EXPECT_TRUE(model.apply(PairEvent::of(PairEventKind::Kudos, 5'000, kB)));
  EXPECT_GT(model.meter().positivity(), m.positivity());
}

TEST(RapportModelMembers, WhoStaysKeepsTheirEvidenceAndTheTimelineGoesOn) {
  RapportModel model = fresh_pair();
  for (std::int64_t t = 1'000; t < 60'000; t += 10'000) {
    EXPECT_TRUE(model.apply(PairEvent::chat(t, kA, "That's wonderful, thank you!")));
    EXPECT_TRUE(model.apply(PairEvent::chat(t + 5'000, kB, "Yes, exactly, great idea :)")));
  }
  const auto a_before = model.insight(kA)->own;
  const std::size_t points = model.timeline().size();
  constexpr std::uint32_t kC = 3;
  model.change_members({kA, kB, kC}, 62'000);
  EXPECT_EQ(model.insight(kA)->own.positivity(), a_before.positivity());
  EXPECT_NEAR(model.insight(kC)->own.positivity(), shared_config()->baseline, 1e-9);
  EXPECT_GE(model.timeline().size(), points);
  model.change_members({kA, kC}, 63'000);  // B left the trio
  EXPECT_EQ(model.insight(kA)->own.positivity(), a_before.positivity());
  EXPECT_FALSE(model.insight(kB).has_value());
  EXPECT_THROW(model.change_members({kA}, 64'000), std::invalid_argument);
}

TEST(RapportModelTiming, EstimatedTimesSwitchOffSpeedTempoAndDeadlines) {
  RapportModel model(shared_config(), {kA, kB}, 0, ModelTiming::Estimated);
  EXPECT_TRUE(model.apply(PairEvent::chat(1'000, kA, "How was the trip?")));
  model.advance(500'000);
  const auto reasons = model.take_reasons();
  EXPECT_TRUE(std::none_of(reasons.begin(), reasons.end(), [](const Reason& r) {
    return r.tag == ReasonTag::Unanswered || r.tag == ReasonTag::QuietSpell;
  }));
  EXPECT_TRUE(model.apply(PairEvent::chat(600'000, kB, "Lovely, thanks!")));
  const auto later = model.take_reasons();
  EXPECT_TRUE(std::none_of(later.begin(), later.end(), [](const Reason& r) { return r.tag == ReasonTag::Tempo; }));
}

}  // namespace
}  // namespace rapport
