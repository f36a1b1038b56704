#pragma once
// What a finished shared-experience challenge hands to the rapport model, the
// debrief and the exported report: success, a 0-100 score, the time it took
// and a few named figures (no chat text).
#include <cstdint>
#include <string>
#include <vector>

namespace rapport {

struct ChallengeFigure {
  std::string name;  // snake_case, stable: it becomes a CSV column
  double value = 0.0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(name, value);
  }
};

struct ChallengeResult {
  std::string challenge;  // "blueprint" or "in_step"
  bool success = false;
  std::uint8_t score = 0;  // 0..100
  std::int64_t elapsed_ms = 0;
  std::vector<ChallengeFigure> figures;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(challenge, success, score, elapsed_ms, figures);
  }
};

}  // namespace rapport
