#include "rapport/rounds/role_play/role_play.hpp"

#include "rapport/util/rng.hpp"

#include <algorithm>
#include <cmath>

namespace rapport {
namespace {

constexpr std::string_view kObserverId = "observer";
constexpr std::string_view kObserverTitle = "Observer";

// Words that turn a cue around when they come right before it.
constexpr std::array<std::string_view, 9> kNegationsBefore{
    "not", "never", "no", "don't", "dont", "won't", "wont", "can't", "cant"};
// ... or right after it ("I will not").
constexpr std::string_view kNegationAfter = "not";

RolePlayError error(RolePlayErrorCode code, std::string text) { return {code, std::move(text)}; }

template <class T>
RolePlayOutcome<T> failure(RolePlayErrorCode code, std::string text) {
  return {std::nullopt, error(code, std::move(text))};
}

template <class T>
RolePlayOutcome<T> success(T value) {
  return {std::move(value), {}};
}

bool is_actor(const RolePlayMember& m) { return m.role != kObserverRole; }

std::int64_t duration_of(RolePlayPhase phase, const RolePlayTimings& t) {
  switch (phase) {
    case RolePlayPhase::Briefing: return t.briefing_ms;
    case RolePlayPhase::Acting: return t.acting_ms;
    case RolePlayPhase::Guessing: return t.guessing_ms;
    case RolePlayPhase::Reveal: return t.reveal_ms;
    case RolePlayPhase::Done:
    case RolePlayPhase::kCount: break;
  }
  return 0;
}

RolePlayPhase next_phase(RolePlayPhase phase) {
  return phase >= RolePlayPhase::Reveal ? RolePlayPhase::Done
                                        : static_cast<RolePlayPhase>(static_cast<int>(phase) + 1);
}

// Assignment for `scene`: slot i of the seeded shuffle plays role (i + scene) % n.
std::vector<RolePlayMember> assign_roles(const Scenario& scenario, std::vector<std::uint32_t> players,
                                         std::uint64_t seed, std::uint8_t scene) {
  std::sort(players.begin(), players.end());  // input order must not change the draw
  Rng rng(seed);
  for (std::size_t i = players.size(); i > 1; --i) {
    const std::size_t j = rng.below(static_cast<std::uint32_t>(i));
    std::swap(players[i - 1], players[j]);
  }
  std::vector<std::uint8_t> slots{0, 1};
  if (players.size() == kMaxRolePlayGroup) {
    slots.push_back(scenario.has_trio_role() ? std::uint8_t{2} : kObserverRole);
  }
  std::vector<RolePlayMember> members;
  for (std::size_t i = 0; i < players.size(); ++i) {
    members.push_back({players[i], slots[(i + scene) % slots.size()]});
  }
  return members;
}

bool has_guessed(const RolePlayState& state, std::uint32_t guesser, std::uint32_t target) {
  return std::any_of(state.guesses.begin(), state.guesses.end(), [&](const RolePlayGuess& g) {
    return g.guesser == guesser && g.target == target;
  });
}

// ---- text matching for repair cues ------------------------------------------
// Lower-cases ASCII, reads curly apostrophes as straight ones and folds runs of
// whitespace, so "I’m  Sorry" and "i'm sorry" compare equal.
std::string normalise(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  constexpr std::string_view kCurlyApostrophe = "\xE2\x80\x99";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, kCurlyApostrophe.size()) == kCurlyApostrophe) {
      out.push_back('\'');
      i += kCurlyApostrophe.size() - 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c < 0x80u && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : text[i]);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || u >= 0x80u;
}

std::string_view word_before(std::string_view line, std::size_t pos) {
  // Only spaces may separate a negation from the cue: "no, sorry" is an apology.
  std::size_t end = pos;
  while (end > 0 && line[end - 1] == ' ') --end;
  std::size_t begin = end;
  while (begin > 0 && is_word_char(line[begin - 1])) --begin;
  return line.substr(begin, end - begin);
}

std::string_view word_after(std::string_view line, std::size_t pos) {
  std::size_t begin = pos;
  while (begin < line.size() && line[begin] == ' ') ++begin;
  std::size_t end = begin;
  while (end < line.size() && is_word_char(line[end])) ++end;
  return line.substr(begin, end - begin);
}

// True when `cue` (normalised) occurs in `line` (normalised) as whole words and
// is not negated.
bool contains_cue(std::string_view line, std::string_view cue) {
  const bool prefix = !cue.empty() && cue.back() == '*';
  if (prefix) cue.remove_suffix(1);
  if (cue.empty()) return false;
  for (std::size_t pos = line.find(cue); pos != std::string_view::npos;
       pos = line.find(cue, pos + 1)) {
    std::size_t end = pos + cue.size();
    if (prefix) {
      while (end < line.size() && is_word_char(line[end])) ++end;
    }
    const bool starts_word = pos == 0 || !is_word_char(line[pos - 1]) || !is_word_char(cue.front());
    const bool ends_word = end == line.size() || !is_word_char(line[end]) || !is_word_char(cue.back());
    if (!starts_word || !ends_word) continue;
    const auto before = word_before(line, pos);
    const bool negated =
        std::find(kNegationsBefore.begin(), kNegationsBefore.end(), before) != kNegationsBefore.end() ||
        word_after(line, end) == kNegationAfter;
    if (!negated) return true;
  }
  return false;
}

std::string hit_reason(RepairCueKind kind, std::string_view cue) {
  const std::string quoted = "(\"" + std::string(cue) + "\").";
  switch (kind) {
    case RepairCueKind::Acknowledge: return "Acknowledged what happened " + quoted;
    case RepairCueKind::Apologise: return "Apologised " + quoted;
    case RepairCueKind::Commit: return "Committed to put it right " + quoted;
    case RepairCueKind::kCount: break;
  }
  return {};
}

// ---- first impressions ------------------------------------------------------
struct ImpressionStep {
  double value;
  std::string_view reason;
};
// Indexed by (formality - dress code) + 4, i.e. from 4 levels under to 4 over.
// The peak sits at one level over: a small visible effort reads as respect.
constexpr std::array<ImpressionStep, 2 * kMaxDressCode + 1> kImpressionByGap{{
    {-1.0, "Far more casual than the setting: the first impression starts a step behind."},
    {-0.75, "Much more casual than the setting: it can read as not taking the meeting seriously."},
    {-0.5, "Clearly more casual than the setting expects: a little more effort would help."},
    {0.0, "A touch more casual than the setting: fine, though a little effort shows respect."},
    {0.5, "Dressed to match the setting: you fit right in."},
    {1.0, "A little smarter than the setting: it shows you made an effort without standing out."},
    {0.0, "Noticeably more formal than the setting: people may feel you are keeping your distance."},
    {-0.5, "Much more formal than the setting: others may feel underdressed and uneasy."},
    {-1.0, "Far more formal than the setting: the outfit gets more attention than the person."},
}};

}  // namespace

std::string_view phase_name(RolePlayPhase phase) {
  switch (phase) {
    case RolePlayPhase::Briefing: return "briefing";
    case RolePlayPhase::Acting: return "acting";
    case RolePlayPhase::Guessing: return "guessing";
    case RolePlayPhase::Reveal: return "reveal";
    case RolePlayPhase::Done: return "done";
    case RolePlayPhase::kCount: break;
  }
  return "unknown";
}

RolePlayOutcome<RolePlayState> start_role_play(const Scenario& scenario,
                                               std::span<const std::uint32_t> members,
                                               std::uint64_t seed, std::uint8_t scene,
                                               std::int64_t now_ms) {
  if (members.size() < kMinRolePlayGroup || members.size() > kMaxRolePlayGroup) {
    return failure<RolePlayState>(RolePlayErrorCode::BadGroup,
                                  "A role-play needs a pair or a trio; this group has " +
                                      std::to_string(members.size()) + " people.");
  }
  std::vector<std::uint32_t> players(members.begin(), members.end());
  std::sort(players.begin(), players.end());
  if (std::adjacent_find(players.begin(), players.end()) != players.end()) {
    return failure<RolePlayState>(RolePlayErrorCode::BadGroup,
                                  "The same player is listed twice in this group.");
  }
  if (scene >= kRolePlayScenes) {
    return failure<RolePlayState>(RolePlayErrorCode::BadGroup,
                                  "A scenario is played in two scenes; there is no scene " +
                                      std::to_string(scene + 1) + ".");
  }
  if (scenario.roles.size() < kMinRoles) {
    return failure<RolePlayState>(RolePlayErrorCode::WrongScenario,
                                  "The scenario \"" + scenario.id + "\" has fewer than two roles.");
  }
  RolePlayState state;
  state.scenario_id = scenario.id;
  state.seed = seed;
  state.scene = scene;
  state.members = assign_roles(scenario, std::move(players), seed, scene);
  state.phase = RolePlayPhase::Briefing;
  state.phase_started_ms = now_ms;
  return success(std::move(state));
}

RolePlayOutcome<RolePlayState> start_next_scene(const Scenario& scenario,
                                                const RolePlayState& previous,
                                                std::int64_t now_ms) {
  if (previous.scenario_id != scenario.id) {
    return failure<RolePlayState>(RolePlayErrorCode::WrongScenario,
                                  "This round plays \"" + previous.scenario_id + "\", not \"" +
                                      scenario.id + "\".");
  }
  std::vector<std::uint32_t> players;
  for (const auto& m : previous.members) players.push_back(m.player_id);
  return start_role_play(scenario, players, previous.seed,
                         static_cast<std::uint8_t>(previous.scene + 1), now_ms);
}

RolePlayState advance_time(const RolePlayState& state, const RolePlayTimings& timings,
                           std::int64_t now_ms) {
  RolePlayState next = state;
  while (next.phase != RolePlayPhase::Done) {
    const std::int64_t ends = next.phase_started_ms + std::max<std::int64_t>(0, duration_of(next.phase, timings));
    if (now_ms < ends) break;
    // Later phases start when the earlier one ended, not when time was
    // noticed, so a late tick does not stretch the round.
    next.phase = next_phase(next.phase);
    next.phase_started_ms = ends;
  }
  return next;
}

std::int64_t phase_ends_at(const RolePlayState& state, const RolePlayTimings& timings) {
  return state.phase_started_ms + std::max<std::int64_t>(0, duration_of(state.phase, timings));
}

const RolePlayMember* member_of(const RolePlayState& state, std::uint32_t player_id) {
  for (const auto& m : state.members) {
    if (m.player_id == player_id) return &m;
  }
  return nullptr;
}

RoleCard observer_card(const Scenario& scenario) {
  RoleCard card;
  card.who = "You are a friendly observer. The scene: " + scenario.summary;
  card.want = "Notice what helps them connect, then guess what each of them wants and feels.";
  return card;
}

RolePlayOutcome<RoleCard> card_for(const Scenario& scenario, const RolePlayState& state,
                                   std::uint32_t viewer, std::uint32_t target) {
  if (scenario.id != state.scenario_id) {
    return failure<RoleCard>(RolePlayErrorCode::WrongScenario,
                             "This round plays \"" + state.scenario_id + "\".");
  }
  if (!member_of(state, viewer)) {
    return failure<RoleCard>(RolePlayErrorCode::NotInGroup, "You are not in this role-play group.");
  }
  const RolePlayMember* owner = member_of(state, target);
  if (!owner) {
    return failure<RoleCard>(RolePlayErrorCode::NotInGroup,
                             "That person is not in your role-play group.");
  }
  const bool revealed = state.phase >= RolePlayPhase::Reveal;
  if (viewer != target && !revealed) {
    return failure<RoleCard>(RolePlayErrorCode::CardHidden,
                             "Your partner's card stays private until the reveal; find out by talking.");
  }
  if (owner->role == kObserverRole) return success(observer_card(scenario));
  if (owner->role >= scenario.roles.size()) {
    return failure<RoleCard>(RolePlayErrorCode::WrongScenario,
                             "This round's roles do not match the scenario \"" + scenario.id + "\".");
  }
  return success(scenario.roles[owner->role].card);
}

std::vector<std::uint32_t> guess_targets(const RolePlayState& state, std::uint32_t guesser) {
  std::vector<std::uint32_t> out;
  if (!member_of(state, guesser)) return out;
  for (const auto& m : state.members) {
    if (m.player_id != guesser && is_actor(m)) out.push_back(m.player_id);
  }
  return out;
}

bool all_guesses_in(const RolePlayState& state) {
  for (const auto& m : state.members) {
    for (auto target : guess_targets(state, m.player_id)) {
      if (!has_guessed(state, m.player_id, target)) return false;
    }
  }
  return true;
}

RolePlayOutcome<RolePlayState> submit_guess(const Scenario& scenario, const RolePlayState& state,
                                            const RolePlayGuess& guess, std::int64_t now_ms) {
  using Code = RolePlayErrorCode;
  if (scenario.id != state.scenario_id) {
    return failure<RolePlayState>(Code::WrongScenario, "This round plays \"" + state.scenario_id + "\".");
  }
  if (!member_of(state, guess.guesser)) {
    return failure<RolePlayState>(Code::NotInGroup, "You are not in this role-play group.");
  }
  if (state.phase < RolePlayPhase::Guessing) {
    return failure<RolePlayState>(Code::GuessingNotOpen,
                                  "Guessing opens when the scene ends; keep talking for now.");
  }
  if (state.phase > RolePlayPhase::Guessing) {
    return failure<RolePlayState>(Code::GuessingClosed,
                                  "Guessing has closed; the answers are already showing.");
  }
  if (guess.target == guess.guesser) {
    return failure<RolePlayState>(Code::GuessForSelf,
                                  "You know your own card; guess what your partner wants and feels.");
  }
  const RolePlayMember* target = member_of(state, guess.target);
  if (!target) {
    return failure<RolePlayState>(Code::NotInGroup, "That person is not in your role-play group.");
  }
  if (!is_actor(*target)) {
    return failure<RolePlayState>(Code::NotAGuessTarget,
                                  "The observer has no role card to guess; guess the actors instead.");
  }
  if (has_guessed(state, guess.guesser, guess.target)) {
    return failure<RolePlayState>(Code::AlreadyGuessed,
                                  "You already guessed for this partner; one guess each.");
  }
  if (guess.goal_option >= scenario.goal_options.size() ||
      guess.feeling_option >= scenario.feeling_options.size()) {
    return failure<RolePlayState>(Code::UnknownOption,
                                  "That choice is not on the list; pick one of the goals and feelings shown.");
  }
  RolePlayState next = state;
  next.guesses.push_back(guess);
  if (all_guesses_in(next)) {
    next.phase = RolePlayPhase::Reveal;
    next.phase_started_ms = now_ms;
  }
  return success(std::move(next));
}

std::string_view repair_cue_kind_name(RepairCueKind kind) {
  switch (kind) {
    case RepairCueKind::Acknowledge: return "acknowledge";
    case RepairCueKind::Apologise: return "apologise";
    case RepairCueKind::Commit: return "commit";
    case RepairCueKind::kCount: break;
  }
  return "unknown";
}

std::size_t RepairCueReport::kinds_found() const {
  return static_cast<std::size_t>(
      std::count_if(lines_with.begin(), lines_with.end(), [](std::uint32_t n) { return n > 0; }));
}

double RepairCueReport::coverage() const {
  return (has(RepairCueKind::Acknowledge) ? kRepairWeightAcknowledge : 0.0) +
         (has(RepairCueKind::Apologise) ? kRepairWeightApologise : 0.0) +
         (has(RepairCueKind::Commit) ? kRepairWeightCommit : 0.0);
}

RepairCueReport detect_repair_cues(const RepairCues& cues, std::span<const std::string> lines) {
  const std::array<std::pair<RepairCueKind, const std::vector<std::string>*>, 3> lists{{
      {RepairCueKind::Acknowledge, &cues.acknowledge},
      {RepairCueKind::Apologise, &cues.apologise},
      {RepairCueKind::Commit, &cues.commit},
  }};
  RepairCueReport report;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = normalise(lines[i]);
    for (const auto& [kind, list] : lists) {
      for (const auto& cue : *list) {
        if (!contains_cue(line, normalise(cue))) continue;
        ++report.lines_with[static_cast<std::size_t>(kind)];
        report.hits.push_back({kind, cue, i, hit_reason(kind, cue)});
        break;  // one hit per kind per line
      }
    }
  }
  return report;
}

FirstImpression first_impression(std::uint8_t outfit_formality, std::uint8_t dress_code) {
  const int formality = std::min<int>(outfit_formality, kMaxDressCode);
  const int code = std::min<int>(dress_code, kMaxDressCode);
  const auto& step = kImpressionByGap[static_cast<std::size_t>(formality - code + kMaxDressCode)];
  return {step.value, std::string(step.reason)};
}

RolePlayResults score_role_play(const Scenario& scenario, const RolePlayState& state,
                                std::span<const SceneLine> chat) {
  RolePlayResults r;
  r.scenario_id = state.scenario_id;
  r.scene = state.scene;
  const auto role_of = [&](const RolePlayMember& m) -> const ScenarioRole* {
    return m.role < scenario.roles.size() ? &scenario.roles[m.role] : nullptr;
  };
  for (const auto& m : state.members) {
    const ScenarioRole* role = role_of(m);
    r.roles.push_back({m.player_id, role ? role->id : std::string(kObserverId),
                       role ? role->title : std::string(kObserverTitle), role == nullptr});
  }
  for (const auto& g : state.guesses) {
    const RolePlayMember* target = member_of(state, g.target);
    const ScenarioRole* role = target ? role_of(*target) : nullptr;
    ScoredGuess scored{g, false, false};
    if (role) {
      scored.goal_correct = g.goal_option < scenario.goal_options.size() &&
                            scenario.goal_options[g.goal_option] == role->card.goal;
      scored.feeling_correct = g.feeling_option < scenario.feeling_options.size() &&
                               scenario.feeling_options[g.feeling_option] == role->card.feeling;
    }
    r.guesses.push_back(scored);
  }
  double actor_sum = 0.0;
  std::size_t actors = 0;
  for (const auto& m : state.members) {
    PlayerAccuracy a;
    a.player_id = m.player_id;
    a.guesses_expected = guess_targets(state, m.player_id).size();
    double points = 0.0;
    for (const auto& s : r.guesses) {
      if (s.guess.guesser != m.player_id) continue;
      ++a.guesses_made;
      points += (s.goal_correct ? 0.5 : 0.0) + (s.feeling_correct ? 0.5 : 0.0);
    }
    a.accuracy = a.guesses_expected ? points / static_cast<double>(a.guesses_expected) : 0.0;
    if (is_actor(m)) {
      actor_sum += a.accuracy;
      ++actors;
    }
    r.accuracy.push_back(a);
  }
  r.empathy = actors ? actor_sum / static_cast<double>(actors) : 0.0;

  double fraction = r.empathy;
  r.success = r.empathy >= kEmpathySuccess;
  if (scenario.repair) {
    // Count only the repairing role's words when the scenario names one.
    const bool named = std::any_of(scenario.roles.begin(), scenario.roles.end(),
                                   [](const ScenarioRole& role) { return role.repairs; });
    std::vector<std::string> lines;
    for (const auto& line : chat) {
      const RolePlayMember* speaker = member_of(state, line.speaker);
      const ScenarioRole* role = speaker ? role_of(*speaker) : nullptr;
      if (role && (!named || role->repairs)) lines.push_back(line.text);
    }
    r.repair_cues_found = detect_repair_cues(scenario.repair_cues, lines);
    fraction = (1.0 - kRepairShareOfScore) * r.empathy +
               kRepairShareOfScore * r.repair_cues_found.coverage();
    // Repair is what the scene is about: it needs an acknowledgement and a
    // commitment; an apology helps the score but is not always owed.
    r.success = r.repair_cues_found.has(RepairCueKind::Acknowledge) &&
                r.repair_cues_found.has(RepairCueKind::Commit);
  }
  constexpr double kPercent = 100.0;
  r.score = static_cast<std::uint8_t>(std::lround(std::clamp(fraction, 0.0, 1.0) * kPercent));
  return r;
}

}  // namespace rapport
