#pragma once
// Every operation a session performed on a group's rapport model (open,
// events, pause/resume, membership changes), so the meter can be replayed
// exactly outside the server: `rapport-server --export-journal CODE` writes a
// session's operations with its IOS answers as JSON, and `rapport-validate
// --format rapport` replays them through the same RapportModel the server
// ran. Chat text is in it: export only sessions whose chat was kept.
#include "rapport/rapport/rapport_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

struct ModelOp {
  enum class Kind : std::uint8_t { Open, Apply, Pause, Resume, Members, Finish };
  Kind kind = Kind::Apply;
  std::int64_t t_ms = 0;
  PairEvent event;                    // Apply
  std::vector<std::uint32_t> members; // Open, Members
};

struct IosAnswer {
  std::uint32_t from = 0;
  std::uint32_t about = 0;
  std::uint8_t ios = 0;  // 1..7
  bool kudos = false;
};

struct GroupExport {
  std::uint32_t group_id = 0;
  std::uint16_t rotation = 0;
  std::vector<ModelOp> ops;  // starts with Open
  std::vector<IosAnswer> answers;
};

// Replays `ops` (the first must be Open) on a fresh model. Empty, with
// `error` set, when an op does not fit (no Open first, bad members).
[[nodiscard]] std::optional<RapportModel> replay_model(std::shared_ptr<const ModelConfig> config,
                                                       const std::vector<ModelOp>& ops, std::string* error);

[[nodiscard]] std::string model_export_json(const std::string& code, const std::vector<GroupExport>& groups);

struct ModelExportLoad {
  std::optional<std::vector<GroupExport>> groups;
  std::string error;  // names the file and the place
};
[[nodiscard]] ModelExportLoad parse_model_export(std::string_view text, const std::string& file);

}  // namespace rapport
