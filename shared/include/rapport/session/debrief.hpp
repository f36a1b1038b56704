#pragma once
// What each person sees at the end, and what the host sees about the group:
// pure functions of the finished session's state.
#include "rapport/session/session_state.hpp"
#include "rapport/util/statistics.hpp"

#include <cstdint>
#include <optional>

namespace rapport {

[[nodiscard]] Debrief build_debrief(const SessionState& state, std::uint32_t player);
// `report_path` is where the server wrote the report (shown to the host).
[[nodiscard]] GroupSummary build_summary(const SessionState& state, const std::string& report_path);
// The meter held against how close people said they felt: Spearman's rho
// between each IOS answer a person gave about a partner and the meter of that
// pairing when reflection began (so a kudos given in the same reflection is
// not in the compared meter), over every answer of the session, with a 95%
// bootstrap interval. Empty with fewer than 3 answers or no variation.
struct IosAgreement {
  double rho = 0;
  std::size_t n = 0;
  std::optional<Interval> interval;
};
[[nodiscard]] std::optional<IosAgreement> ios_meter_agreement(const SessionState& state);
[[nodiscard]] std::optional<double> ios_meter_correlation(const SessionState& state);

// At most `max_points` of `samples`, evenly spread over the whole span (the
// first and last kept), so a long session's chart reaches its end.
[[nodiscard]] std::vector<TimelineSample> thin_timeline(std::vector<TimelineSample> samples, std::size_t max_points);
// Mean IOS answers given within a group (0 when nobody answered).
[[nodiscard]] double mean_ios(const GroupRecord& group);

}  // namespace rapport
