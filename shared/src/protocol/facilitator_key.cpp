#include "rapport/protocol/facilitator_key.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A key file is a few dozen bytes; anything much larger is not one.
constexpr std::uintmax_t kMaxKeyFileBytes = 1024;

}  // namespace

std::optional<FacilitatorKey> parse_facilitator_key(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.size() != 2 * kFacilitatorKeyBytes) return std::nullopt;
  FacilitatorKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    const int hi = hex_value(text[2 * i]);
    const int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    key[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return key;
}

std::string format_facilitator_key(const FacilitatorKey& key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * key.size());
  for (std::uint8_t b : key) {
    out.push_back(kHex[b >> 4u]);
    out.push_back(kHex[b & 0x0Fu]);
  }
  return out;
}

KeyFileRead read_facilitator_key_file(const std::string& path) {
  KeyFileRead result;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    result.missing = true;
    result.error = "there is no facilitator key file at '" + path + "'";
    return result;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxKeyFileBytes) {
    result.error = "'" + path + "' is not a facilitator key file (it should hold one line of 64 hex digits)";
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = "cannot read the facilitator key file '" + path + "' (check its permissions)";
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  result.key = parse_facilitator_key(text.str());
  if (!result.key) {
    result.error = "'" + path + "' is not a facilitator key file (it should hold one line of 64 hex digits)";
  }
  return result;
}

std::string key_path_beside(const std::string& db_path) {
  const std::filesystem::path db(db_path);
  return (db.parent_path() / std::string(kDefaultKeyFileName)).string();
}

std::string key_note_path(std::uint16_t port) {
  std::filesystem::path base;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
    base = runtime;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".cache";
  } else {
    return {};
  }
  return (base / "rapport" / ("server-" + std::to_string(port) + ".keypath")).string();
}

std::string find_local_key_file(std::uint16_t port) {
  std::error_code ec;
  if (const std::string note = key_note_path(port); !note.empty() && std::filesystem::exists(note, ec)) {
    std::ifstream in(note);
    std::string path;
    if (std::getline(in, path) && !path.empty() && std::filesystem::exists(path, ec)) return path;
  }
  if (std::filesystem::exists(std::string(kDefaultKeyFileName), ec)) return std::string(kDefaultKeyFileName);
  return {};
}

}  // namespace rapport
