#include "rapport/rounds/challenge_bots.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace rapport::bots {

using blueprint::Action;
using blueprint::BlueprintView;
using blueprint::Cell;
using blueprint::Piece;
using blueprint::PieceKind;
using blueprint::Shape;

namespace {

constexpr std::uint32_t kPutPhrasings = 3;
constexpr std::uint32_t kCellPhrasings = 2;

// ---- words out ------------------------------------------------------------------------
std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

bool is_centre(Cell cell, std::uint8_t n) {
  return n % 2 == 1 && cell.x == n / 2 && cell.y == n / 2;
}

// ---- words in -------------------------------------------------------------------------
using Tokens = std::vector<std::string>;
constexpr std::string_view kClauseMark = ",";

Tokens tokenise(std::string_view line) {
  Tokens tokens;
  std::string current;
  for (const char raw : line) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0) {
      current.push_back(static_cast<char>(std::tolower(c)));
    } else {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
      // Clause marks stay as a token so "left column, 3rd row" keeps 3 with the row.
      if (raw == ',' || raw == ';' || raw == ':' || raw == '.') tokens.emplace_back(kClauseMark);
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool has(const Tokens& tokens, std::string_view word) {
  return std::find(tokens.begin(), tokens.end(), word) != tokens.end();
}

bool has_pair(const Tokens& tokens, std::string_view first, std::string_view second) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] == first && tokens[i + 1] == second) return true;
  }
  return false;
}

// "3", "three", "3rd", "third" -> 3.
std::optional<int> number_word(std::string_view token) {
  constexpr std::array<std::string_view, 9> kWords = {"one", "two",   "three", "four", "five",
                                                      "six", "seven", "eight", "nine"};
  constexpr std::array<std::string_view, 9> kOrdinals = {"first", "second",  "third", "fourth", "fifth",
                                                         "sixth", "seventh", "eighth", "ninth"};
  for (std::size_t i = 0; i < kWords.size(); ++i) {
    if (token == kWords[i] || token == kOrdinals[i]) return static_cast<int>(i) + 1;
  }
  std::size_t digits = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits])) != 0) ++digits;
  if (digits == 0 || digits > 2) return std::nullopt;
  const std::string_view suffix = token.substr(digits);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
    return std::nullopt;
  }
  return std::stoi(std::string(token.substr(0, digits)));
}

// "row 3" first, then "3rd row" / "third row".
std::optional<int> number_for(const Tokens& tokens, std::initializer_list<std::string_view> keys) {
  const auto is_key = [&](std::size_t i) { return std::find(keys.begin(), keys.end(), tokens[i]) != keys.end(); };
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!is_key(i)) continue;
    if (const auto n = number_word(tokens[i + 1])) return n;
  }
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (!is_key(i)) continue;
    if (const auto n = number_word(tokens[i - 1])) return n;
  }
  return std::nullopt;
}

std::optional<Cell> parse_cell(const Tokens& tokens, std::uint8_t n) {
  std::optional<int> row = number_for(tokens, {"row"});
  std::optional<int> col = number_for(tokens, {"column", "col"});
  const bool top = has(tokens, "top") || has(tokens, "upper");
  const bool bottom = has(tokens, "bottom") || has(tokens, "lower");
  const bool left = has(tokens, "left");
  const bool right = has(tokens, "right");
  const bool middle = has(tokens, "middle") || has(tokens, "centre") || has(tokens, "center") ||
                      has(tokens, "central");
  const int size = n;
  const int mid = size / 2 + 1;
  const bool odd = size % 2 == 1;
  if (!row && top) row = 1;
  if (!row && bottom) row = size;
  if (!col && left) col = 1;
  if (!col && right) col = size;
  if (middle && odd) {
    if (!row && !col) {
      row = mid;
      col = mid;
    } else if (!row) {
      row = mid;
    } else if (!col) {
      col = mid;
    }
  }
  if (!row || !col || *row < 1 || *col < 1 || *row > size || *col > size) return std::nullopt;
  return Cell{static_cast<std::uint8_t>(*col - 1), static_cast<std::uint8_t>(*row - 1)};
}

std::optional<std::uint8_t> parse_colour(const Tokens& tokens) {
  if (has_pair(tokens, "sky", "blue") || has_pair(tokens, "light", "blue")) return 2;
  if (has_pair(tokens, "bluish", "green") || has_pair(tokens, "blue", "green")) return 3;
  if (has_pair(tokens, "reddish", "purple")) return 7;
  struct Word {
    std::string_view text;
    std::uint8_t colour;
  };
  constexpr std::array<Word, 13> kWords = {{{"black", 0},
                                            {"orange", 1},
                                            {"green", 3},
                                            {"teal", 3},
                                            {"yellow", 4},
                                            {"blue", 5},
                                            {"navy", 5},
                                            {"red", 6},
                                            {"vermillion", 6},
                                            {"vermilion", 6},
                                            {"purple", 7},
                                            {"pink", 7},
                                            {"magenta", 7}}};
  for (const std::string& token : tokens) {
    for (const Word& word : kWords) {
      if (token == word.text) return word.colour;
    }
  }
  return std::nullopt;
}

std::optional<Shape> parse_shape(const Tokens& tokens) {
  struct Word {
    std::string_view text;
    Shape shape;
  };
  constexpr std::array<Word, 11> kWords = {{{"circle", Shape::Circle},
                                            {"dot", Shape::Circle},
                                            {"square", Shape::Square},
                                            {"triangle", Shape::Triangle},
                                            {"diamond", Shape::Diamond},
                                            {"rhombus", Shape::Diamond},
                                            {"star", Shape::Star},
                                            {"ring", Shape::Ring},
                                            {"donut", Shape::Ring},
                                            {"doughnut", Shape::Ring},
                                            {"hoop", Shape::Ring}}};
  for (std::string token : tokens) {
    if (token.size() > 1 && token.back() == 's' && token != "rhombus") token.pop_back();
    for (const Word& word : kWords) {
      if (token == word.text) return word.shape;
    }
  }
  return std::nullopt;
}

Tokens slice(const Tokens& tokens, std::size_t begin, std::size_t end) {
  begin = std::min(begin, tokens.size());
  end = std::clamp(end, begin, tokens.size());
  return Tokens(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                tokens.begin() + static_cast<std::ptrdiff_t>(end));
}

std::size_t index_of(const Tokens& tokens, std::string_view word) {
  return static_cast<std::size_t>(std::find(tokens.begin(), tokens.end(), word) - tokens.begin());
}

bool says_done(const Tokens& tokens) {
  return has(tokens, "matches") || has(tokens, "done") || has(tokens, "perfect") ||
         has_pair(tokens, "all", "match") || has_pair(tokens, "all", "correct") ||
         has_pair(tokens, "all", "right");
}

bool says_remove(const Tokens& tokens) {
  return has(tokens, "remove") || has(tokens, "clear") || has_pair(tokens, "take", "away") ||
         has_pair(tokens, "take", "off") || has_pair(tokens, "take", "out");
}

// ---- builder's model of its own grid ----------------------------------------------------
struct GridModel {
  std::uint8_t n = 0;
  std::vector<std::optional<PieceKind>> cells;

  explicit GridModel(const BlueprintView& view)
      : n(view.grid_size), cells(static_cast<std::size_t>(view.grid_size) * view.grid_size) {
    for (const Piece& piece : view.grid) cells[blueprint::cell_index(piece.cell, n)] = piece.kind();
  }
  [[nodiscard]] std::optional<PieceKind> at(Cell cell) const { return cells[blueprint::cell_index(cell, n)]; }
  [[nodiscard]] std::optional<Cell> find(PieceKind kind) const {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i] == kind) return Cell{static_cast<std::uint8_t>(i % n), static_cast<std::uint8_t>(i / n)};
    }
    return std::nullopt;
  }
};

std::optional<std::uint8_t> tray_index(const BlueprintView& view, PieceKind kind) {
  for (std::size_t i = 0; i < view.tray.size(); ++i) {
    if (view.tray[i] == kind && !view.tray_used[i]) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

Cell neighbour(Cell cell, std::uint8_t n, Rng& rng) {
  std::vector<Cell> options;
  if (cell.x > 0) options.push_back({static_cast<std::uint8_t>(cell.x - 1), cell.y});
  if (cell.x + 1 < n) options.push_back({static_cast<std::uint8_t>(cell.x + 1), cell.y});
  if (cell.y > 0) options.push_back({cell.x, static_cast<std::uint8_t>(cell.y - 1)});
  if (cell.y + 1 < n) options.push_back({cell.x, static_cast<std::uint8_t>(cell.y + 1)});
  if (options.empty()) return cell;
  return options[rng.below(static_cast<std::uint32_t>(options.size()))];
}

}  // namespace

std::string piece_words(PieceKind kind, bool with_article) {
  const std::string colour(blueprint::colour_name(kind.colour));
  std::string words = colour + " " + std::string(blueprint::shape_name(kind.shape));
  if (!with_article) return words;
  const bool vowel = !colour.empty() && std::string_view("aeiou").find(colour[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + words;
}

std::string cell_words(Cell cell, std::uint8_t n, std::uint32_t variant) {
  const bool top = cell.y == 0;
  const bool bottom = cell.y + 1 == n;
  const bool left = cell.x == 0;
  const bool right = cell.x + 1 == n;
  const std::string row = std::to_string(cell.y + 1);
  const std::string col = std::to_string(cell.x + 1);
  if ((top || bottom) && (left || right)) {
    return std::string("the ") + (top ? "top" : "bottom") + "-" + (left ? "left" : "right") + " corner";
  }
  if (is_centre(cell, n)) return "the middle";
  if (variant % kCellPhrasings == 0) {
    if (top || bottom) return std::string("the ") + (top ? "top" : "bottom") + " row, column " + col;
    if (left || right) return std::string("the ") + (left ? "left" : "right") + " column, row " + row;
  }
  return "row " + row + ", column " + col;
}

std::optional<Instruction> parse_instruction(std::string_view line, std::uint8_t grid_size) {
  const Tokens tokens = tokenise(line);
  if (tokens.empty() || grid_size == 0) return std::nullopt;
  const std::size_t from_at = index_of(tokens, "from");
  const std::size_t to_at = index_of(tokens, "to");
  const Tokens piece_part = slice(tokens, 0, std::min(from_at, to_at));

  Instruction instruction;
  const auto colour = parse_colour(piece_part);
  const auto shape = parse_shape(piece_part);
  if (colour && shape) instruction.piece = PieceKind{*shape, *colour};

  if (from_at < tokens.size()) {
    instruction.from = parse_cell(slice(tokens, from_at + 1, to_at > from_at ? to_at : tokens.size()), grid_size);
  }
  if (to_at < tokens.size()) {
    instruction.to = parse_cell(slice(tokens, to_at + 1, from_at > to_at ? from_at : tokens.size()), grid_size);
  }
  const bool has_direction_words = from_at < tokens.size() || to_at < tokens.size();
  const std::optional<Cell> anywhere = has_direction_words ? std::nullopt : parse_cell(tokens, grid_size);

  if (says_remove(tokens)) {
    instruction.kind = Instruction::Kind::Remove;
    instruction.to.reset();
    if (!instruction.from) instruction.from = anywhere;
    if (!instruction.from && !instruction.piece) return std::nullopt;
    return instruction;
  }
  if (!instruction.to) instruction.to = anywhere;
  if (!instruction.to && says_done(tokens)) {
    return Instruction{Instruction::Kind::Done, std::nullopt, std::nullopt, std::nullopt};
  }
  if (!instruction.to || (!instruction.piece && !instruction.from)) return std::nullopt;
  instruction.kind = Instruction::Kind::Put;
  return instruction;
}

std::string DescriberBot::put_line(const Piece& piece, std::uint8_t n) {
  const std::string where = cell_words(piece.cell, n, rng_.below(kCellPhrasings));
  const std::string prep = where.rfind("the ", 0) == 0 ? "in " : "at ";
  switch (rng_.below(kPutPhrasings)) {
    case 0: return "Put " + piece_words(piece.kind(), true) + " " + prep + where + ".";
    case 1: return capitalised(where) + ": " + piece_words(piece.kind(), false) + ".";
    default: return "Place " + piece_words(piece.kind(), true) + " " + prep + where + ", please.";
  }
}

std::vector<std::string> DescriberBot::speak(const BlueprintView& view) {
  std::vector<std::string> lines;
  if (view.role != blueprint::Role::Describer || view.phase != blueprint::Phase::Building) return lines;
  if (!described_) {
    described_ = true;
    checks_left_seen_ = view.checks_left;
    for (const Piece& piece : view.target) lines.push_back(put_line(piece, view.grid_size));
    return lines;
  }
  if (!view.has_check || (checks_left_seen_ && view.checks_left >= *checks_left_seen_)) return lines;
  checks_left_seen_ = view.checks_left;

  // A new check: take away strangers first, then move or add what is missing.
  const auto in_target = [&](PieceKind kind) {
    return std::any_of(view.target.begin(), view.target.end(),
                       [&](const Piece& p) { return p.kind() == kind; });
  };
  for (const Piece& built : view.grid) {
    if (!in_target(built.kind())) {
      lines.push_back("Take away the " + piece_words(built.kind(), false) + " at " +
                      cell_words(built.cell, view.grid_size, rng_.below(kCellPhrasings)) + ".");
    }
  }
  for (const Piece& wanted : view.target) {
    const auto built = std::find_if(view.grid.begin(), view.grid.end(),
                                    [&](const Piece& p) { return p.kind() == wanted.kind(); });
    if (built == view.grid.end()) {
      lines.push_back(put_line(wanted, view.grid_size));
    } else if (built->cell != wanted.cell) {
      lines.push_back("Move the " + piece_words(wanted.kind(), false) + " from " +
                      cell_words(built->cell, view.grid_size, rng_.below(kCellPhrasings)) + " to " +
                      cell_words(wanted.cell, view.grid_size, rng_.below(kCellPhrasings)) + ".");
    }
  }
  if (lines.empty()) lines.emplace_back("That's it, it all matches!");
  return lines;
}

std::vector<Action> BuilderBot::hear(std::string_view line, const BlueprintView& view) {
  std::vector<Action> actions;
  if (view.role != blueprint::Role::Builder || view.phase != blueprint::Phase::Building) return actions;
  const std::optional<Instruction> heard = parse_instruction(line, view.grid_size);
  if (!heard) return actions;
  const GridModel grid(view);

  switch (heard->kind) {
    case Instruction::Kind::Done:
      heard_done_ = true;
      actions.emplace_back(blueprint::Submit{});
      return actions;
    case Instruction::Kind::Remove: {
      std::optional<Cell> cell = heard->from;
      if (!cell && heard->piece) cell = grid.find(*heard->piece);
      if (cell && grid.at(*cell)) actions.emplace_back(blueprint::Remove{*cell});
      return actions;
    }
    case Instruction::Kind::Put: break;
  }

  std::optional<PieceKind> kind = heard->piece;
  if (!kind && heard->from) kind = grid.at(*heard->from);
  if (!kind) return actions;
  Cell to = *heard->to;
  if (slip_rate_ > 0.0 && rng_.unit() < slip_rate_) to = neighbour(to, view.grid_size, rng_);

  // "Put X at C" and "move X to C" mean the same to a builder: X ends up at C,
  // wherever it is now, and whatever sat on C goes back to the tray.
  const std::optional<Cell> current = grid.find(*kind);
  if (current == to) return actions;
  const std::optional<std::uint8_t> from_tray = current ? std::nullopt : tray_index(view, *kind);
  if (!current && !from_tray) return actions;  // no such piece: nothing sensible to do
  if (grid.at(to)) actions.emplace_back(blueprint::Remove{to});
  if (current) {
    actions.emplace_back(blueprint::Move{*current, to});
  } else {
    actions.emplace_back(blueprint::Place{*from_tray, to});
  }
  return actions;
}

Action BuilderBot::idle(const BlueprintView& view) {
  const bool changed = !grid_at_last_check_ || *grid_at_last_check_ != view.grid;
  if (!heard_done_ && view.checks_left > 0 && changed) {
    grid_at_last_check_ = view.grid;
    return blueprint::RequestCheck{};
  }
  return blueprint::Submit{};
}

Steer steer_in_step(in_step::Vec2 self, std::span<const in_step::Vec2> partners,
                    in_step::Vec2 waypoint, const InStepBotSettings& settings) {
  using in_step::distance;
  constexpr std::int64_t kSettleRadius = in_step::kWaypointRadius / 2;  // well inside, not on the rim
  const std::int64_t mine = distance(self, waypoint);
  if (mine <= kSettleRadius) return {};

  std::int64_t furthest_behind = 0;
  std::int64_t furthest_partner = 0;
  for (const in_step::Vec2 partner : partners) {
    furthest_behind = std::max(furthest_behind, distance(partner, waypoint));
    furthest_partner = std::max(furthest_partner, distance(partner, self));
  }
  const bool well_ahead = mine + settings.lead_tolerance < furthest_behind;
  const bool drifting_ahead = furthest_partner > settings.keep_within && mine < furthest_behind;
  if (well_ahead || drifting_ahead) return {};

  // Full stick towards the waypoint; the settle radius is wider than one
  // tick's step, so the avatar stops inside the waypoint without overshooting.
  static_assert(kSettleRadius > in_step::kMaxSpeedPerSecond * in_step::kTickMs / 1000);
  const std::int64_t vx = static_cast<std::int64_t>(waypoint.x) - self.x;
  const std::int64_t vy = static_cast<std::int64_t>(waypoint.y) - self.y;
  return {static_cast<std::int8_t>(vx * in_step::kAxisMax / mine),
          static_cast<std::int8_t>(vy * in_step::kAxisMax / mine)};
}

}  // namespace rapport::bots
