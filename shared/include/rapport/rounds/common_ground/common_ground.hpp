#pragma once
// The common-ground round as pure rules. A group (a pair, or a trio when the
// count is odd) gets a grid of categories from the deck, each cell with an
// open-ended question. When they find something they share, one member
// proposes "we both …" for a cell and another member confirms or declines.
// In a trio one other member's answer decides (the first reply wins), so a
// confirmed cell means "at least two of us share this".
//
// Functions take the state by reference and either apply the action or return
// an error and leave the state exactly as it was. Time comes in as `now_ms`.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

struct Deck;

// ---- limits ----------------------------------------------------------------------
inline constexpr std::size_t kDefaultGridSide = 3;
// A 5x5 grid already needs 25 categories; more would not fit a projector.
inline constexpr std::size_t kMinGridSide = 2;
inline constexpr std::size_t kMaxGridSide = 5;
// "We both grew up by the sea": a short clause, shown in a cell and the debrief.
inline constexpr std::size_t kMaxSharedTextChars = 80;
// Nudges are rationed so the pair does the discovering: at most one a minute,
// and the first only after a minute of talking on their own.
inline constexpr std::int64_t kHintIntervalMs = 60'000;
// Profile answers are a few words ("Lisbon", "hiking and baking").
inline constexpr std::size_t kMaxProfileAnswerChars = 60;
inline constexpr std::size_t kDefaultProfileQuestions = 5;
// A completed line counts as this many extra cells in the score.
inline constexpr std::size_t kLineBonusCells = 1;
inline constexpr int kMaxScore = 100;

enum class CellState : std::uint8_t { Empty, Proposed, Confirmed, Declined, kCount };

struct GridCell {
  std::string category_id;
  std::string category_title;
  std::string question;  // the open-ended starter shown in the cell
  int depth = 1;         // 1 for a category's starter, else the prompt's depth
  CellState state = CellState::Empty;
  std::uint32_t proposer = 0;   // valid while Proposed / Confirmed
  std::uint32_t confirmer = 0;  // valid while Confirmed
  std::string text;             // "grew up by the sea" (without "we both")
  std::int64_t changed_ms = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(category_id, category_title, question, depth, state, proposer, confirmer, text, changed_ms);
  }
  bool operator==(const GridCell&) const = default;
};

struct CommonGroundState {
  std::vector<std::uint32_t> members;  // 2 or 3 player ids
  std::size_t side = kDefaultGridSide;
  std::vector<GridCell> cells;  // side * side, row-major
  std::int64_t started_ms = 0;
  std::int64_t ends_ms = 0;
  bool ended = false;  // ended early by the host or the server
  std::int64_t last_hint_ms = -1;  // -1: no hint yet
  std::vector<std::string> hinted_categories;
  int proposals = 0;
  int declines = 0;

  [[nodiscard]] bool is_member(std::uint32_t player) const;
  [[nodiscard]] bool over(std::int64_t now_ms) const { return ended || now_ms >= ends_ms; }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(members, side, cells, started_ms, ends_ms, ended, last_hint_ms, hinted_categories, proposals, declines);
  }
  bool operator==(const CommonGroundState&) const = default;
};

// ---- actions -----------------------------------------------------------------------
enum class CommonGroundError : std::uint8_t {
  None,
  NotInGroup,        // the player is not a member of this pair / trio
  RoundOver,         // the timer ran out or the round was ended
  CellOutOfRange,    // no such cell
  CellFilled,        // the cell is already confirmed
  ProposalPending,   // someone's proposal on this cell awaits a reply (out of turn)
  NothingToAnswer,   // reply to a cell with no pending proposal (out of turn)
  OwnProposal,       // the proposer cannot confirm or decline their own proposal
  EmptyText,
  TextTooLong,
  BadText,           // invalid UTF-8 or control characters
  UnknownCategory,   // a profile answer for a category the deck does not have
  kCount
};

struct CommonGroundResult {
  CommonGroundError error = CommonGroundError::None;
  std::string message;  // plain words for the player; empty when ok
  [[nodiscard]] bool ok() const { return error == CommonGroundError::None; }
};

// "We both ..." for `cell`. Leading "we both"/"we all"/"both" typed by the
// player is dropped, so the cell holds the shared thing itself.
[[nodiscard]] CommonGroundResult propose(CommonGroundState& state, std::uint32_t player, std::size_t cell,
                                         std::string_view text, std::int64_t now_ms);
// Confirm (accept = true) or decline another member's proposal. A declined cell
// can be proposed again.
[[nodiscard]] CommonGroundResult respond(CommonGroundState& state, std::uint32_t player, std::size_t cell, bool accept,
                                         std::int64_t now_ms);
void end_round(CommonGroundState& state, std::int64_t now_ms);

// ---- grid ------------------------------------------------------------------------
// What one participant has been shown in this session, so later grids avoid it.
struct SeenPrompts {
  std::set<std::string> categories;  // category ids placed on a grid for them
  std::set<std::string> questions;   // normalised question texts (starters and prompts)

  template <class Archive>
  void serialize(Archive& ar) {
    ar(categories, questions);
  }
};

struct GridOptions {
  std::size_t side = kDefaultGridSide;
  int max_depth = 3;  // e.g. 2 for a first rotation or a cautious classroom
  std::int64_t duration_ms = 6 * 60'000;
};

// Draws a grid for `members` from the deck with `seed` (`seen` holds one entry per
// member; null means nothing seen). Categories that still have a question nobody
// in the group has seen come first; among those, categories fewer members have
// met, then those with more fresh questions left. Each cell's question is the
// lightest one in its category that no member has been shown (the category's
// starter counts as depth 1), so depth rises over the session; a question is
// reused only when every question in the category was already shown to someone
// in the group. Returns nullopt when the deck has fewer categories than cells
// or the side / members are out of range.
[[nodiscard]] std::optional<CommonGroundState> start_round(const Deck& deck, const std::vector<std::uint32_t>& members,
                                                           const std::vector<const SeenPrompts*>& seen,
                                                           const GridOptions& options, std::uint64_t seed,
                                                           std::int64_t now_ms);
// Records the grid's categories and questions as seen by one member.
void mark_seen(SeenPrompts& seen, const CommonGroundState& state);

// One question for a free conversation round, by the same rule as a grid cell:
// the lightest question no member has seen (random among equals), reusing only
// when the deck is exhausted for this group. Record it with mark_question_seen.
struct DrawnQuestion {
  std::string category_id;
  std::string text;
  int depth = 1;
};
[[nodiscard]] std::optional<DrawnQuestion> draw_question(const Deck& deck, const std::vector<const SeenPrompts*>& seen,
                                                         int max_depth, std::uint64_t seed);
void mark_question_seen(SeenPrompts& seen, const DrawnQuestion& question);
[[nodiscard]] std::string question_key(std::string_view question);

// ---- profiles and hints --------------------------------------------------------------
struct ProfileAnswer {
  std::string category_id;
  std::string answer;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(category_id, answer);
  }
};
struct Profile {
  std::uint32_t player = 0;
  std::vector<ProfileAnswer> answers;  // stays on the server

  [[nodiscard]] const std::string* answer(std::string_view category_id) const;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(player, answers);
  }
};

// The profile questions offered in the lobby: `count` categories drawn with `seed`.
[[nodiscard]] std::vector<std::string> choose_profile_categories(const Deck& deck, std::size_t count,
                                                                 std::uint64_t seed);
// Validates and stores one answer (an empty answer removes it: skipping is fine).
[[nodiscard]] CommonGroundResult set_profile_answer(Profile& profile, const Deck& deck, std::string_view category_id,
                                                    std::string_view answer);

struct Hint {
  std::size_t cell = 0;
  std::string category_id;
  std::string text;  // "Ask each other about Travel." — never the answers
};

// A hint is due when a minute has passed since the round started or since the
// last hint, and some unconfirmed, not-yet-hinted cell's category has matching
// profile answers from at least two members. Returns the first such cell.
[[nodiscard]] std::optional<Hint> next_hint(const CommonGroundState& state, const std::vector<Profile>& profiles,
                                            const Deck& deck, std::int64_t now_ms);
void apply_hint(CommonGroundState& state, const Hint& hint, std::int64_t now_ms);

// ---- results -----------------------------------------------------------------------
struct SharedItem {
  std::size_t cell = 0;
  std::string category_id;
  std::string category_title;
  std::string text;
  std::uint32_t proposer = 0;
  std::uint32_t confirmer = 0;
};

struct CommonGroundResults {
  std::size_t cells_found = 0;
  std::size_t cells_total = 0;
  std::size_t lines = 0;  // full rows, columns and the two diagonals
  std::vector<SharedItem> shared;
  int hints_used = 0;
  int proposals = 0;
  int declines = 0;
  int score = 0;  // 0..100: found cells plus kLineBonusCells per line, over the maximum
};

[[nodiscard]] std::size_t completed_lines(const CommonGroundState& state);
[[nodiscard]] CommonGroundResults summarise(const CommonGroundState& state);
// "You and Sam both grew up by the sea and love hiking." / "You, Sam and Ana all …"
// Empty when nothing was found.
[[nodiscard]] std::string debrief_sentence(const CommonGroundResults& results,
                                           const std::vector<std::string>& partner_names);
[[nodiscard]] std::string_view describe(CommonGroundError error);

}  // namespace rapport
