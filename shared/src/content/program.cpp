#include "rapport/content/program.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport {
namespace {

using nlohmann::json;

// Thrown inside parsing only; parse_program turns it into an error value.
struct ProgramError {
  std::string where;
  std::string what;
};

const json& require(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) throw ProgramError{where, std::string("missing \"") + key + "\""};
  return object.at(key);
}

std::string get_string(const json& object, const char* key, const std::string& where, bool required,
                       std::size_t max_bytes) {
  const std::string at = where.empty() ? key : where + "." + key;
  if (!object.contains(key)) {
    if (required) throw ProgramError{where, std::string("missing \"") + key + "\""};
    return {};
  }
  const json& v = object.at(key);
  if (!v.is_string()) throw ProgramError{at, "must be text"};
  std::string s = v.get<std::string>();
  if (s.size() > max_bytes) throw ProgramError{at, "is longer than " + std::to_string(max_bytes) + " bytes"};
  return s;
}

std::uint32_t get_seconds(const json& object, const char* key, const std::string& where, std::uint32_t lo,
                          std::uint32_t hi, std::uint32_t fallback) {
  const std::string at = where + "." + key;
  if (!object.contains(key)) return fallback;
  const json& v = object.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi) {
    throw ProgramError{at, "must be a whole number of seconds from " + std::to_string(lo) + " to " + std::to_string(hi)};
  }
  return static_cast<std::uint32_t>(v.get<std::int64_t>());
}

RoundSpec parse_round(const json& j, const std::string& where) {
  if (!j.is_object()) throw ProgramError{where, "must be an object like {\"kind\": \"conversation\", \"seconds\": 120}"};
  RoundSpec round;
  const std::string kind = get_string(j, "kind", where, true, 32);
  const auto parsed = parse_round_kind(kind);
  if (!parsed) {
    throw ProgramError{where + ".kind", "unknown round kind \"" + kind +
                                            "\" (use conversation, common-ground, blueprint, in-step or role-play)"};
  }
  round.kind = *parsed;
  round.seconds = get_seconds(j, "seconds", where, kMinRoundSeconds, kMaxRoundSeconds, 120);
  round.title = get_string(j, "title", where, false, 80);
  if (round.title.empty()) round.title = std::string(round_kind_title(round.kind));
  if (j.contains("prompts")) {
    const json& prompts = j.at("prompts");
    if (!prompts.is_array()) throw ProgramError{where + ".prompts", "must be a list of questions"};
    for (std::size_t i = 0; i < prompts.size(); ++i) {
      const std::string at = where + ".prompts[" + std::to_string(i) + "]";
      if (!prompts[i].is_string() || prompts[i].get<std::string>().empty()) throw ProgramError{at, "must be non-empty text"};
      if (prompts[i].get<std::string>().size() > kMaxLongTextBytes / 2) throw ProgramError{at, "is too long"};
      round.prompts.push_back(prompts[i].get<std::string>());
    }
  }
  if (round.kind == RoundKind::Conversation && round.prompts.empty()) {
    throw ProgramError{where + ".prompts", "a conversation round needs at least one prompt"};
  }
  round.scenario = get_string(j, "scenario", where, false, 64);
  round.difficulty = get_string(j, "difficulty", where, false, 16);
  if (!round.difficulty.empty() && round.difficulty != "easy" && round.difficulty != "medium" &&
      round.difficulty != "hard") {
    throw ProgramError{where + ".difficulty", "must be easy, medium or hard"};
  }
  return round;
}

Program parse(const json& root) {
  if (!root.is_object()) throw ProgramError{"(top level)", "must be an object"};
  Program p;
  p.id = get_string(root, "id", "", true, kMaxProgramIdBytes);
  if (p.id.empty() || !std::all_of(p.id.begin(), p.id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      })) {
    throw ProgramError{"id", "must be lowercase letters, digits and dashes"};
  }
  p.title = get_string(root, "title", "", true, 80);
  p.description = get_string(root, "description", "", false, 400);
  const std::string audience = get_string(root, "audience", "", true, 32);
  const auto a = parse_audience(audience);
  if (!a) throw ProgramError{"audience", "must be team-building, onboarding or classroom"};
  p.audience = *a;
  const std::string pairing = get_string(root, "pairing", "", false, 32);
  if (!pairing.empty()) {
    const auto m = parse_pairing_mode(pairing);
    if (!m) throw ProgramError{"pairing", "must be any, mix-teams, same-team or mentor-pairs"};
    p.pairing = *m;
  }
  if (root.contains("chat_filter")) {
    if (!root.at("chat_filter").is_boolean()) throw ProgramError{"chat_filter", "must be true or false"};
    p.chat_filter = root.at("chat_filter").get<bool>();
  }
  const json& rotations = require(root, "rotations", "");
  if (!rotations.is_array() || rotations.empty()) throw ProgramError{"rotations", "must be a non-empty list"};
  if (rotations.size() > kMaxRotations) throw ProgramError{"rotations", "has more than " + std::to_string(kMaxRotations) + " rotations"};
  for (std::size_t r = 0; r < rotations.size(); ++r) {
    const std::string where = "rotations[" + std::to_string(r) + "]";
    const json& rj = rotations[r];
    if (!rj.is_object()) throw ProgramError{where, "must be an object with \"rounds\""};
    RotationSpec rotation;
    rotation.reflection_seconds = get_seconds(rj, "reflection_seconds", where, 10, kMaxReflectionSeconds, 45);
    const json& rounds = require(rj, "rounds", where);
    if (!rounds.is_array() || rounds.empty()) throw ProgramError{where + ".rounds", "must be a non-empty list"};
    if (rounds.size() > kMaxRoundsPerRotation) throw ProgramError{where + ".rounds", "has too many rounds"};
    for (std::size_t k = 0; k < rounds.size(); ++k) {
      rotation.rounds.push_back(parse_round(rounds[k], where + ".rounds[" + std::to_string(k) + "]"));
    }
    p.rotations.push_back(std::move(rotation));
  }
  return p;
}

}  // namespace

std::uint32_t Program::total_seconds() const {
  std::uint32_t total = 0;
  for (const auto& rotation : rotations) {
    for (const auto& round : rotation.rounds) total += round.seconds;
    total += rotation.reflection_seconds;
  }
  return total;
}

bool Program::lists(RoundKind kind) const {
  for (const auto& rotation : rotations) {
    for (const auto& round : rotation.rounds) {
      if (round.kind == kind) return true;
    }
  }
  return false;
}

ProgramLoad parse_program(std::string_view json_text, const std::string& file_name) {
  ProgramLoad result;
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    result.error = file_name + ": not valid JSON near byte " + std::to_string(e.byte) + " (check commas and quotes)";
    return result;
  }
  try {
    result.program = parse(root);
  } catch (const ProgramError& e) {
    result.error = file_name + ": " + (e.where.empty() ? "" : e.where + ": ") + e.what;
  } catch (const json::exception& e) {
    result.error = file_name + ": " + e.what();
  }
  return result;
}

ProgramLoad load_program(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot be opened (does the file exist?)"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_program(text.str(), path);
}

ProgramCatalog load_program_dir(const std::string& dir) {
  ProgramCatalog catalog;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) {
    catalog.errors.push_back(dir + ": cannot be read (" + ec.message() + ")");
    return catalog;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto loaded = load_program(file.string());
    if (!loaded.program) {
      catalog.errors.push_back(loaded.error);
      continue;
    }
    if (loaded.program->id != file.stem().string()) {
      catalog.errors.push_back(file.string() + ": id \"" + loaded.program->id + "\" must match the file name");
      continue;
    }
    catalog.programs.emplace(loaded.program->id, std::move(*loaded.program));
  }
  return catalog;
}

std::string_view round_kind_id(RoundKind kind) {
  switch (kind) {
    case RoundKind::Conversation: return "conversation";
    case RoundKind::CommonGround: return "common-ground";
    case RoundKind::Blueprint: return "blueprint";
    case RoundKind::InStep: return "in-step";
    case RoundKind::RolePlay: return "role-play";
    case RoundKind::kCount: break;
  }
  return "unknown";
}

std::optional<RoundKind> parse_round_kind(std::string_view id) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(RoundKind::kCount); ++i) {
    if (round_kind_id(static_cast<RoundKind>(i)) == id) return static_cast<RoundKind>(i);
  }
  return std::nullopt;
}

std::string_view round_kind_title(RoundKind kind) {
  switch (kind) {
    case RoundKind::Conversation: return "Conversation";
    case RoundKind::CommonGround: return "Common ground";
    case RoundKind::Blueprint: return "Blueprint";
    case RoundKind::InStep: return "In Step";
    case RoundKind::RolePlay: return "Role play";
    case RoundKind::kCount: break;
  }
  return "Round";
}

std::string_view audience_id(Audience audience) {
  switch (audience) {
    case Audience::TeamBuilding: return "team-building";
    case Audience::Onboarding: return "onboarding";
    case Audience::Classroom: return "classroom";
    case Audience::kCount: break;
  }
  return "unknown";
}

std::optional<Audience> parse_audience(std::string_view id) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(Audience::kCount); ++i) {
    if (audience_id(static_cast<Audience>(i)) == id) return static_cast<Audience>(i);
  }
  return std::nullopt;
}

std::string_view pairing_mode_id(PairingMode mode) {
  switch (mode) {
    case PairingMode::Any: return "any";
    case PairingMode::MixTeams: return "mix-teams";
    case PairingMode::SameTeam: return "same-team";
    case PairingMode::MentorPairs: return "mentor-pairs";
    case PairingMode::kCount: break;
  }
  return "unknown";
}

std::optional<PairingMode> parse_pairing_mode(std::string_view id) {
  for (std::uint8_t i = 0; i < static_cast<std::uint8_t>(PairingMode::kCount); ++i) {
    if (pairing_mode_id(static_cast<PairingMode>(i)) == id) return static_cast<PairingMode>(i);
  }
  return std::nullopt;
}

}  // namespace rapport
