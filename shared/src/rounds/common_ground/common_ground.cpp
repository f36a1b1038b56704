#include "rapport/rounds/common_ground/common_ground.hpp"

#include "rapport/content/deck.hpp"
#include "rapport/text/names.hpp"
#include "rapport/protocol/protocol_types.hpp"
#include "rapport/util/rng.hpp"
#include "rapport/text/text_match.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace rapport {
namespace {

constexpr std::size_t kMinGroupMembers = 2;

CommonGroundResult fail(CommonGroundError error, std::string message) { return {error, std::move(message)}; }

// Checks shared by propose and respond, in the order a player would want to hear them.
CommonGroundResult check_action(const CommonGroundState& state, std::uint32_t player, std::size_t cell,
                                std::int64_t now_ms) {
  if (!state.is_member(player)) {
    return fail(CommonGroundError::NotInGroup, "You can only fill your own group's grid.");
  }
  if (state.over(now_ms)) return fail(CommonGroundError::RoundOver, "This round has ended; the grid is closed.");
  if (cell >= state.cells.size()) {
    return fail(CommonGroundError::CellOutOfRange, "That cell is not on the grid.");
  }
  return {};
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "We both love hiking." -> "love hiking": the client shows "We both" itself.
std::string strip_we_both(std::string text) {
  static constexpr std::array<std::string_view, 5> kPrefixes = {"we both ", "we all ", "both of us ", "both ",
                                                               "we "};
  const std::string lower = lower_ascii(text) + " ";  // so a bare "We both" strips too
  for (std::string_view prefix : kPrefixes) {
    if (lower.starts_with(prefix)) {
      text.erase(0, std::min(prefix.size(), text.size()));
      break;
    }
  }
  while (!text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == ' ')) text.pop_back();
  // "Grew up by the sea" reads mid-sentence as "grew up…"; keep "NYC" as it is.
  if (text.size() >= 2 && std::isupper(static_cast<unsigned char>(text[0])) &&
      std::islower(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

struct CleanText {
  CommonGroundResult result;
  std::string text;
};

CleanText clean_player_text(std::string_view raw, std::size_t max_chars, bool strip_prefix) {
  CleanText out;
  if (!is_valid_utf8(raw)) {
    out.result = fail(CommonGroundError::BadText, "That text has characters we cannot read; please retype it.");
    return out;
  }
  NameProblem problem;
  // Trims and collapses spaces; the real length limit is checked after stripping.
  const std::optional<std::string> cleaned = clean_tag(raw, raw.size(), &problem);
  if (!cleaned) {
    out.result = fail(CommonGroundError::BadText, "Please type plain text without control characters.");
    return out;
  }
  out.text = strip_prefix ? strip_we_both(*cleaned) : *cleaned;
  if (out.text.empty()) {
    out.result = fail(CommonGroundError::EmptyText, "Type what you share, for example \"grew up by the sea\".");
  } else if (utf8_length(out.text) > max_chars) {
    out.result = fail(CommonGroundError::TextTooLong,
                      "Please keep it under " + std::to_string(max_chars) + " characters.");
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items, std::string_view joiner, std::string_view last_joiner) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last_joiner : joiner;
    out += items[i];
  }
  return out;
}

}  // namespace

bool CommonGroundState::is_member(std::uint32_t player) const {
  return std::find(members.begin(), members.end(), player) != members.end();
}

// ---- actions ---------------------------------------------------------------------

CommonGroundResult propose(CommonGroundState& state, std::uint32_t player, std::size_t cell, std::string_view text,
                           std::int64_t now_ms) {
  if (CommonGroundResult checked = check_action(state, player, cell, now_ms); !checked.ok()) return checked;
  const GridCell& target = state.cells[cell];
  if (target.state == CellState::Confirmed) {
    return fail(CommonGroundError::CellFilled, "That cell is already filled; pick an empty one.");
  }
  if (target.state == CellState::Proposed) {
    return fail(CommonGroundError::ProposalPending,
                "A proposal on that cell is waiting for a reply; answer it or wait.");
  }
  CleanText clean = clean_player_text(text, kMaxSharedTextChars, true);
  if (!clean.result.ok()) return clean.result;
  GridCell& updated = state.cells[cell];
  updated.state = CellState::Proposed;
  updated.proposer = player;
  updated.confirmer = 0;
  updated.text = std::move(clean.text);
  updated.changed_ms = now_ms;
  ++state.proposals;
  return {};
}

CommonGroundResult respond(CommonGroundState& state, std::uint32_t player, std::size_t cell, bool accept,
                           std::int64_t now_ms) {
  if (CommonGroundResult checked = check_action(state, player, cell, now_ms); !checked.ok()) return checked;
  GridCell& target = state.cells[cell];
  if (target.state != CellState::Proposed) {
    return fail(CommonGroundError::NothingToAnswer, "There is no proposal waiting on that cell.");
  }
  if (target.proposer == player) {
    return fail(CommonGroundError::OwnProposal, "Your partner needs to confirm your proposal.");
  }
  target.changed_ms = now_ms;
  if (accept) {
    target.state = CellState::Confirmed;
    target.confirmer = player;
  } else {
    target.state = CellState::Declined;
    target.text.clear();
    target.confirmer = 0;
    ++state.declines;
  }
  return {};
}

void end_round(CommonGroundState& state, std::int64_t now_ms) {
  state.ended = true;
  state.ends_ms = std::min(state.ends_ms, now_ms);
}

// ---- grid ------------------------------------------------------------------------

std::string question_key(std::string_view question) { return normalise_text(question); }

std::optional<CommonGroundState> start_round(const Deck& deck, const std::vector<std::uint32_t>& members,
                                             const std::vector<const SeenPrompts*>& seen, const GridOptions& options,
                                             std::uint64_t seed, std::int64_t now_ms) {
  const std::size_t cell_count = options.side * options.side;
  if (options.side < kMinGridSide || options.side > kMaxGridSide || members.size() < kMinGroupMembers ||
      members.size() > kMaxGroupMembers || deck.categories.size() < cell_count) {
    return std::nullopt;
  }
  Rng rng(seed);
  const auto seen_by = [&](auto&& has) {
    std::size_t n = 0;
    for (const SeenPrompts* s : seen) n += (s != nullptr && has(*s)) ? 1u : 0u;
    return n;
  };

  // Categories ranked: those with a question nobody here has seen first, then
  // those fewer members have met, then those with more fresh questions left (so
  // categories drain evenly over a session), then at random.
  struct Ranked {
    bool exhausted = false;
    std::size_t seen = 0;
    std::size_t fresh = 0;
    std::uint64_t tie = 0;
    const DeckCategory* category = nullptr;
  };
  const auto fresh_questions = [&](const DeckCategory& c) {
    const auto unseen = [&](const std::string& text) {
      const std::string key = question_key(text);
      return seen_by([&](const SeenPrompts& s) { return s.questions.contains(key); }) == 0;
    };
    std::size_t n = unseen(c.starter) ? 1u : 0u;
    for (const DeckPrompt& p : c.prompts) n += (p.depth <= options.max_depth && unseen(p.text)) ? 1u : 0u;
    return n;
  };
  std::vector<Ranked> ranked;
  for (const DeckCategory& c : deck.categories) {
    const std::size_t fresh = fresh_questions(c);
    ranked.push_back({fresh == 0, seen_by([&](const SeenPrompts& s) { return s.categories.contains(c.id); }), fresh,
                      rng.next(), &c});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.exhausted != b.exhausted) return !a.exhausted;
    if (a.seen != b.seen) return a.seen < b.seen;
    if (a.fresh != b.fresh) return a.fresh > b.fresh;
    return a.tie < b.tie;
  });
  ranked.resize(cell_count);
  // Shuffle positions so the freshest categories are not always on the top row.
  for (std::size_t i = ranked.size(); i > 1; --i) {
    std::swap(ranked[i - 1], ranked[rng.below(static_cast<std::uint32_t>(i))]);
  }

  CommonGroundState state;
  state.members = members;
  state.side = options.side;
  state.started_ms = now_ms;
  state.ends_ms = now_ms + options.duration_ms;
  for (const Ranked& r : ranked) {
    const DeckCategory& c = *r.category;
    struct Candidate {
      std::size_t seen = 0;
      int depth = 1;
      std::uint64_t tie = 0;
      const std::string* text = nullptr;
    };
    std::vector<Candidate> candidates;
    const auto consider = [&](const std::string& text, int depth) {
      if (depth > options.max_depth && depth > kMinPromptDepth) return;
      const std::string key = question_key(text);
      candidates.push_back({seen_by([&](const SeenPrompts& s) { return s.questions.contains(key); }), depth,
                            rng.next(), &text});
    };
    consider(c.starter, kMinPromptDepth);
    for (const DeckPrompt& p : c.prompts) consider(p.text, p.depth);
    // Unseen first, then the lightest, so depth rises as the session goes on.
    const Candidate best = *std::min_element(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.seen != b.seen) return a.seen < b.seen;
      if (a.depth != b.depth) return a.depth < b.depth;
      return a.tie < b.tie;
    });
    GridCell cell;
    cell.category_id = c.id;
    cell.category_title = c.title;
    cell.question = *best.text;
    cell.depth = best.depth;
    cell.changed_ms = now_ms;
    state.cells.push_back(std::move(cell));
  }
  return state;
}

void mark_seen(SeenPrompts& seen, const CommonGroundState& state) {
  for (const GridCell& cell : state.cells) {
    seen.categories.insert(cell.category_id);
    seen.questions.insert(question_key(cell.question));
  }
}

std::optional<DrawnQuestion> draw_question(const Deck& deck, const std::vector<const SeenPrompts*>& seen,
                                           int max_depth, std::uint64_t seed) {
  Rng rng(seed);
  std::optional<DrawnQuestion> best;
  std::size_t best_seen = 0;
  std::uint64_t best_tie = 0;
  const auto consider = [&](const DeckCategory& c, const std::string& text, int depth) {
    if (depth > max_depth && depth > kMinPromptDepth) return;
    const std::string key = question_key(text);
    std::size_t seen_count = 0;
    for (const SeenPrompts* s : seen) seen_count += (s != nullptr && s->questions.contains(key)) ? 1u : 0u;
    const std::uint64_t tie = rng.next();
    const bool better = !best || seen_count < best_seen ||
                        (seen_count == best_seen && (depth < best->depth || (depth == best->depth && tie < best_tie)));
    if (!better) return;
    best = DrawnQuestion{c.id, text, depth};
    best_seen = seen_count;
    best_tie = tie;
  };
  for (const DeckCategory& c : deck.categories) {
    consider(c, c.starter, kMinPromptDepth);
    for (const DeckPrompt& p : c.prompts) consider(c, p.text, p.depth);
  }
  return best;
}

void mark_question_seen(SeenPrompts& seen, const DrawnQuestion& question) {
  seen.questions.insert(question_key(question.text));
}

// ---- profiles and hints ----------------------------------------------------------

const std::string* Profile::answer(std::string_view category_id) const {
  const auto it = std::find_if(answers.begin(), answers.end(),
                               [&](const ProfileAnswer& a) { return a.category_id == category_id; });
  return it == answers.end() ? nullptr : &it->answer;
}

std::vector<std::string> choose_profile_categories(const Deck& deck, std::size_t count, std::uint64_t seed) {
  std::vector<std::string> ids;
  for (const DeckCategory& c : deck.categories) ids.push_back(c.id);
  Rng rng(seed);
  for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[rng.below(static_cast<std::uint32_t>(i))]);
  ids.resize(std::min(count, ids.size()));
  return ids;
}

CommonGroundResult set_profile_answer(Profile& profile, const Deck& deck, std::string_view category_id,
                                      std::string_view answer) {
  if (deck.category(category_id) == nullptr) {
    return fail(CommonGroundError::UnknownCategory, "That question is not part of this session's deck.");
  }
  const auto existing = std::find_if(profile.answers.begin(), profile.answers.end(),
                                     [&](const ProfileAnswer& a) { return a.category_id == category_id; });
  CleanText clean = clean_player_text(answer, kMaxProfileAnswerChars, false);
  if (clean.result.error == CommonGroundError::EmptyText) {  // skipping is fine
    if (existing != profile.answers.end()) profile.answers.erase(existing);
    return {};
  }
  if (!clean.result.ok()) return clean.result;
  if (existing != profile.answers.end()) {
    existing->answer = std::move(clean.text);
  } else {
    profile.answers.push_back({std::string(category_id), std::move(clean.text)});
  }
  return {};
}

std::optional<Hint> next_hint(const CommonGroundState& state, const std::vector<Profile>& profiles, const Deck& deck,
                              std::int64_t now_ms) {
  if (state.over(now_ms)) return std::nullopt;
  const std::int64_t since = state.last_hint_ms < 0 ? state.started_ms : state.last_hint_ms;
  if (now_ms - since < kHintIntervalMs) return std::nullopt;
  std::vector<const Profile*> member_profiles;
  for (const Profile& p : profiles) {
    if (state.is_member(p.player)) member_profiles.push_back(&p);
  }
  const SynonymTable synonyms(deck.synonyms);
  for (std::size_t i = 0; i < state.cells.size(); ++i) {
    const GridCell& cell = state.cells[i];
    if (cell.state == CellState::Confirmed || cell.state == CellState::Proposed) continue;
    if (std::find(state.hinted_categories.begin(), state.hinted_categories.end(), cell.category_id) !=
        state.hinted_categories.end()) {
      continue;
    }
    for (std::size_t a = 0; a < member_profiles.size(); ++a) {
      const std::string* left = member_profiles[a]->answer(cell.category_id);
      if (left == nullptr) continue;
      for (std::size_t b = a + 1; b < member_profiles.size(); ++b) {
        const std::string* right = member_profiles[b]->answer(cell.category_id);
        if (right == nullptr || !answers_match(*left, *right, synonyms)) continue;
        return Hint{i, cell.category_id,
                    "Hint: ask each other about " + cell.category_title + " - you may have something in common."};
      }
    }
  }
  return std::nullopt;
}

void apply_hint(CommonGroundState& state, const Hint& hint, std::int64_t now_ms) {
  state.last_hint_ms = now_ms;
  state.hinted_categories.push_back(hint.category_id);
}

// ---- results ---------------------------------------------------------------------

std::size_t completed_lines(const CommonGroundState& state) {
  const std::size_t n = state.side;
  if (n == 0 || state.cells.size() != n * n) return 0;
  const auto filled = [&](std::size_t row, std::size_t col) {
    return state.cells[row * n + col].state == CellState::Confirmed;
  };
  std::size_t lines = 0;
  bool diagonal = true;
  bool anti_diagonal = true;
  for (std::size_t i = 0; i < n; ++i) {
    bool row = true;
    bool col = true;
    for (std::size_t j = 0; j < n; ++j) {
      row = row && filled(i, j);
      col = col && filled(j, i);
    }
    lines += (row ? 1u : 0u) + (col ? 1u : 0u);
    diagonal = diagonal && filled(i, i);
    anti_diagonal = anti_diagonal && filled(i, n - 1 - i);
  }
  return lines + (diagonal ? 1u : 0u) + (anti_diagonal ? 1u : 0u);
}

CommonGroundResults summarise(const CommonGroundState& state) {
  CommonGroundResults results;
  results.cells_total = state.cells.size();
  for (std::size_t i = 0; i < state.cells.size(); ++i) {
    const GridCell& cell = state.cells[i];
    if (cell.state != CellState::Confirmed) continue;
    ++results.cells_found;
    results.shared.push_back({i, cell.category_id, cell.category_title, cell.text, cell.proposer, cell.confirmer});
  }
  results.lines = completed_lines(state);
  results.hints_used = static_cast<int>(state.hinted_categories.size());
  results.proposals = state.proposals;
  results.declines = state.declines;
  const std::size_t max_lines = 2 * state.side + 2;
  const std::size_t earned = results.cells_found + kLineBonusCells * results.lines;
  const std::size_t possible = results.cells_total + kLineBonusCells * max_lines;
  if (possible > 0) {
    results.score = static_cast<int>(
        std::lround(static_cast<double>(kMaxScore) * static_cast<double>(earned) / static_cast<double>(possible)));
  }
  return results;
}

std::string debrief_sentence(const CommonGroundResults& results, const std::vector<std::string>& partner_names) {
  if (results.shared.empty()) return {};
  std::vector<std::string> items;
  for (const SharedItem& item : results.shared) items.push_back(item.text);
  const std::string things = join_list(items, ", ", " and ");
  if (partner_names.size() <= 1) {
    const std::string who = partner_names.empty() ? std::string("You both ") : "You and " + partner_names[0] + " both ";
    return who + things + ".";
  }
  std::vector<std::string> people = {"You"};
  people.insert(people.end(), partner_names.begin(), partner_names.end());
  return join_list(people, ", ", " and ") + " found common ground: " + join_list(items, "; ", "; ") + ".";
}

std::string_view describe(CommonGroundError error) {
  switch (error) {
    case CommonGroundError::None: return "ok";
    case CommonGroundError::NotInGroup: return "not in this group";
    case CommonGroundError::RoundOver: return "round over";
    case CommonGroundError::CellOutOfRange: return "cell out of range";
    case CommonGroundError::CellFilled: return "cell already filled";
    case CommonGroundError::ProposalPending: return "a proposal is waiting for a reply";
    case CommonGroundError::NothingToAnswer: return "no proposal to answer";
    case CommonGroundError::OwnProposal: return "cannot answer your own proposal";
    case CommonGroundError::EmptyText: return "empty text";
    case CommonGroundError::TextTooLong: return "text too long";
    case CommonGroundError::BadText: return "unreadable text";
    case CommonGroundError::UnknownCategory: return "unknown category";
    case CommonGroundError::kCount: break;
  }
  return "unknown";
}

}  // namespace rapport
