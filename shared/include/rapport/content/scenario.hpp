#pragma once
// Role-play scenarios: the content (assets/scenarios/*.json), its loader and
// its validator. Loading never throws: every problem comes back naming the
// file and the JSON place (`roles[1].card.facts[2]`) so an author can fix it.
// The format is documented in docs/SCENARIOS.md.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

enum class Audience : std::uint8_t;  // defined in rapport/messages.hpp

// ---- limits (characters of UTF-8 text unless said otherwise) ----------------
// Ids are file stems and protocol fields: short, lowercase, dash-separated.
inline constexpr std::size_t kMaxScenarioIdChars = 48;
// Titles sit on one line of a lobby tile at projector size.
inline constexpr std::size_t kMaxScenarioTitleChars = 60;
// The public summary is read aloud-length: two or three sentences.
inline constexpr std::size_t kMaxScenarioSummaryChars = 320;
// Role titles label an avatar ("Support agent").
inline constexpr std::size_t kMaxRoleTitleChars = 32;
// Card texts fit a card panel without scrolling at 720p.
inline constexpr std::size_t kMaxCardWhoChars = 280;
inline constexpr std::size_t kMaxCardWantChars = 220;
inline constexpr std::size_t kMaxCardFactChars = 140;
// "Try saying" lines on a card: one spoken sentence or question each.
inline constexpr std::size_t kMaxCardOpenerChars = 120;
// Goal and feeling options are buttons: a few words each.
inline constexpr std::size_t kMaxOptionChars = 60;
inline constexpr std::size_t kMaxTipChars = 220;
inline constexpr std::size_t kMaxRepairCueChars = 40;
// A pair needs two roles; a trio may get a third; more would not fit a scene.
inline constexpr std::size_t kMinRoles = 2;
inline constexpr std::size_t kMaxRoles = 3;
// Two or three discoverable facts: enough to find, few enough to remember.
inline constexpr std::size_t kMinCardFacts = 2;
inline constexpr std::size_t kMaxCardFacts = 3;
// Up to three suggested lines: a nudge for a shy player, not a script.
inline constexpr std::size_t kMaxCardOpeners = 3;
// Guess lists: fewer than four makes guessing trivial, more than six is a chore.
inline constexpr std::size_t kMinGuessOptions = 4;
inline constexpr std::size_t kMaxGuessOptions = 6;
inline constexpr std::size_t kMinTips = 1;
inline constexpr std::size_t kMaxTips = 2;
// Cue lists stay short enough to review by hand.
inline constexpr std::size_t kMaxRepairCuesPerKind = 24;
// Dress codes and outfit formality share one scale: 0 casual .. 4 formal
// (rapport::Avatar::formality uses the same range).
inline constexpr std::uint8_t kMaxDressCode = 4;

// Where a scene takes place; the client draws one backdrop per setting.
enum class SceneSetting : std::uint8_t {
  Cafe,
  Office,
  Classroom,
  VideoCall,
  ShopCounter,
  Park,  // park or street: outdoors, public
  ConferenceHall,
  kCount
};

// "cafe", "video-call", ... as written in scenario files.
[[nodiscard]] std::string_view setting_id(SceneSetting setting);
// "Café", "Video call", ... for people.
[[nodiscard]] std::string_view setting_label(SceneSetting setting);
[[nodiscard]] std::optional<SceneSetting> setting_from_id(std::string_view id);
// "team-building", "onboarding", "classroom".
[[nodiscard]] std::string_view audience_id(Audience audience);
[[nodiscard]] std::optional<Audience> audience_from_id(std::string_view id);
// "casual", "relaxed", "smart casual", "business", "formal" for 0..4.
[[nodiscard]] std::string_view dress_code_label(std::uint8_t dress_code);

// What one player privately reads before the scene.
struct RoleCard {
  std::string who;                 // who you are
  std::string want;                // what you want from this conversation
  std::vector<std::string> facts;  // 2-3 things the other may discover
  std::string feeling;             // one of Scenario::feeling_options
  std::string goal;                // one of Scenario::goal_options
  // Optional lines in character ("Try saying"): shown on the player's own
  // card, spoken by bot players. Never the goal or feeling answer itself.
  std::vector<std::string> openers;
  bool operator==(const RoleCard&) const = default;
};

struct ScenarioRole {
  std::string id;     // "new-hire"
  std::string title;  // "New hire"
  RoleCard card;
  // In a repair scenario, the role whose words count as repair (the support
  // agent). When no role is marked, every actor's words count.
  bool repairs = false;
  bool operator==(const ScenarioRole&) const = default;
};

// Words and phrases that show rapport being re-established. Matching is
// case-insensitive on whole words; see detect_repair_cues in role_play.hpp.
struct RepairCues {
  std::vector<std::string> acknowledge;  // "I understand", "that must have been"
  std::vector<std::string> apologise;    // "sorry", "my fault"
  std::vector<std::string> commit;       // "I will", "let me fix"
  bool operator==(const RepairCues&) const = default;
};

// Where the rapport model starts for this scene, each 0..1 on the model's
// scale; unset means the model's usual start. Repair scenarios start with
// positivity low because rapport is already damaged.
struct RapportStart {
  std::optional<double> attentiveness;
  std::optional<double> positivity;
  std::optional<double> coordination;
  bool operator==(const RapportStart&) const = default;
};

struct Scenario {
  std::string id;
  std::string title;
  std::vector<Audience> audiences;  // at least one
  SceneSetting setting = SceneSetting::Cafe;
  std::uint8_t dress_code = 1;  // 0 casual .. 4 formal
  std::string summary;          // public: both players read it
  bool repair = false;          // rapport starts damaged; repair cues score
  RapportStart initial_rapport;
  std::vector<ScenarioRole> roles;  // 2 roles; an optional third for trios
  std::vector<std::string> goal_options;
  std::vector<std::string> feeling_options;
  RepairCues repair_cues;         // required when repair is true
  std::vector<std::string> tips;  // one or two debrief tips
  bool operator==(const Scenario&) const = default;

  [[nodiscard]] bool has_trio_role() const { return roles.size() == kMaxRoles; }
  [[nodiscard]] bool suits(Audience audience) const;
};

// One thing wrong with a scenario file.
struct ScenarioProblem {
  std::string file;   // path or label of the file
  std::string place;  // JSON place ("roles[0].card.goal"), "line 3, column 7", or "" for the file
  std::string message;
  // "file: place: message" — what to show an author.
  [[nodiscard]] std::string describe() const;
};

struct ScenarioLoadResult {
  std::vector<Scenario> scenarios;
  std::vector<ScenarioProblem> problems;
  [[nodiscard]] bool ok() const { return problems.empty(); }
  // All problems, one per line.
  [[nodiscard]] std::string describe() const;
};

// Parses and validates one scenario from JSON text; `file_label` names it in problems.
[[nodiscard]] ScenarioLoadResult parse_scenario(std::string_view json_text,
                                                std::string_view file_label);
// Reads one file; its stem must equal the scenario id.
[[nodiscard]] ScenarioLoadResult load_scenario(const std::filesystem::path& path);
// Every *.json in `dir` (sorted by name); ids must be unique across files.
// Valid scenarios are returned even when other files have problems.
[[nodiscard]] ScenarioLoadResult load_scenarios(const std::filesystem::path& dir);

[[nodiscard]] const Scenario* find_scenario(std::span<const Scenario> scenarios, std::string_view id);
// Scenarios that list `audience`, in load order.
[[nodiscard]] std::vector<const Scenario*> scenarios_for(std::span<const Scenario> scenarios,
                                                         Audience audience);
// Index of `text` in `options`, if present.
[[nodiscard]] std::optional<std::size_t> option_index(std::span<const std::string> options,
                                                      std::string_view text);

}  // namespace rapport
