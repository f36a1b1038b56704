#pragma once
// The session report: JSON and CSV files with figures, never chat text.
// Schema in docs/REPORT.md.
#include "rapport/server/logger.hpp"
#include "rapport/session/session_state.hpp"

#include <string>

namespace rapport::server {

// The JSON document as text (pure; tests check it without files).
[[nodiscard]] std::string report_json(const SessionState& state);
[[nodiscard]] std::string report_csv(const SessionState& state);
// Writes DIR/<code>.json and DIR/<code>.csv (creating DIR); returns the JSON
// path, or an empty string after logging why it failed.
[[nodiscard]] std::string write_report(const SessionState& state, const std::string& dir, Logger& log);

}  // namespace rapport::server
