#pragma once
// What each person sees at the end, and what the host sees about the group:
// pure functions of the finished session's state.
#include "rapport/session_state.hpp"

#include <cstdint>
#include <optional>

namespace rapport {

[[nodiscard]] Debrief build_debrief(const SessionState& state, std::uint32_t player);
// `report_path` is where the server wrote the report (shown to the host).
[[nodiscard]] GroupSummary build_summary(const SessionState& state, const std::string& report_path);
// Spearman's rank correlation between each group's end-of-rotation meter and
// the mean IOS its members gave each other; nullopt with fewer than 3 groups
// or no variation.
[[nodiscard]] std::optional<double> ios_meter_correlation(const SessionState& state);
// Mean IOS answers given within a group (0 when nobody answered).
[[nodiscard]] double mean_ios(const GroupRecord& group);

}  // namespace rapport
