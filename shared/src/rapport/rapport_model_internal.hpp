#pragma once
// Helpers shared by rapport_model.cpp (scoring, time) and
// rapport_model_events.cpp (what each event does). Private to shared/src/rapport.
#include "rapport/rapport/rapport_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace rapport::model_internal {

inline constexpr double kFullScale = 100.0;
inline constexpr double kMillisPerSecond = 1000.0;
// Changes smaller than this are rounding noise, not something to explain.
inline constexpr double kMinReasonDelta = 1e-9;

inline double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

inline std::string seconds_text(std::int64_t ms) {
  const auto seconds = static_cast<long long>(std::llround(static_cast<double>(ms) / kMillisPerSecond));
  return std::to_string(seconds) + " s";
}

inline std::string percent_text(double fraction) {
  return std::to_string(static_cast<long long>(std::llround(fraction * kFullScale))) + "%";
}

// 1 - |a - b| / (a + b): how alike two positive amounts are, 0..1.
inline double similarity(double a, double b) {
  if (a + b <= 0.0) return 1.0;
  return 1.0 - std::abs(a - b) / (a + b);
}

// A running average that is the plain mean for the first 1/alpha values and
// then weighs the newest value by alpha.
inline void update_average(double& average, std::uint32_t& count, double value, double alpha,
                    double weight = 1.0) {
  ++count;
  const double w = std::min(1.0, std::max(alpha, 1.0 / static_cast<double>(count)) * weight);
  average += (value - average) * w;
}

}  // namespace rapport::model_internal

namespace rapport {

template <class Mutate, class Describe>
void RapportModel::change(Component c, ReasonTag tag, std::int64_t t,
                          std::optional<std::uint32_t> actor, Mutate&& mutate,
                          Describe&& describe) {
  const auto index = static_cast<std::size_t>(c);
  const double before = components_[index];
  mutate();
  components_[index] = compute(c);
  const double delta = components_[index] - before;
  if (std::abs(delta) <= model_internal::kMinReasonDelta) return;
  if (reasons_.size() >= kMaxPendingReasons) reasons_.erase(reasons_.begin());
  reasons_.push_back(Reason{c, delta, tag, describe(delta), t, actor});
}

}  // namespace rapport
