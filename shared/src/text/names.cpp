#include "rapport/text/names.hpp"

#include "rapport/protocol/messages.hpp"

#include <cctype>

namespace rapport {
namespace {

// Decodes one code point at `i`; returns its length or 0 when invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t len = 0;
  if (lead < 0x80u) {
    cp = lead;
    return 1;
  }
  if ((lead & 0xE0u) == 0xC0u) {
    len = 2;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    len = 3;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    len = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6u) | (byte(i + k) & 0x3Fu);
  }
  // Reject overlong forms, surrogates and values past Unicode.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return len;
}

bool is_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi overrides would let a name spoof others
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x200B;
}

std::optional<std::string> clean_text(std::string_view raw, std::size_t min_chars,
                                      std::size_t max_chars, const char* what,
                                      NameProblem* problem) {
  const auto fail = [&](std::string text) -> std::optional<std::string> {
    if (problem) problem->text = std::move(text);
    return std::nullopt;
  };
  if (!is_valid_utf8(raw)) return fail(std::string(what) + " contains invalid characters (not UTF-8).");
  std::string out;
  bool pending_space = false;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(raw, i, cp);
    if (cp == ' ' || cp == '\t' || cp == 0xA0) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (is_control(cp)) {
      return fail(std::string(what) + " contains control or invisible characters; please type plain text.");
    }
    if (pending_space) {
      out.push_back(' ');
      ++chars;
      pending_space = false;
    }
    out.append(raw.substr(i, len));
    ++chars;
    i += len;
  }
  if (chars < min_chars) return fail(std::string(what) + " is empty; please type at least one character.");
  if (chars > max_chars) {
    return fail(std::string(what) + " is too long (" + std::to_string(chars) + " characters); the limit is " +
                std::to_string(max_chars) + ".");
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(text, i, cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

std::string truncate_utf8(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) {
      if (chars == max_chars) break;
      ++chars;
    }
  }
  return std::string(text.substr(0, i));
}

std::string truncate_utf8_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up to the first byte of the character that would be split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(text.substr(0, cut));
}

std::optional<std::string> clean_display_name(std::string_view raw, NameProblem* problem) {
  return clean_text(raw, 1, kMaxNameChars, "The name", problem);
}

std::optional<std::string> clean_tag(std::string_view raw, std::size_t max_chars, NameProblem* problem) {
  return clean_text(raw, 0, max_chars, "The tag", problem);
}

std::string name_key(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (static_cast<unsigned char>(c) < 0x80u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

std::optional<std::string> join_code_from_random(std::span<const std::uint8_t> random) {
  const std::size_t n = kJoinCodeAlphabet.size();
  // Largest multiple of n below 256: bytes at or above it are discarded.
  const std::size_t limit = 256 - (256 % n);
  std::string code;
  for (std::uint8_t b : random) {
    if (b >= limit) continue;
    code.push_back(kJoinCodeAlphabet[b % n]);
    if (code.size() == kJoinCodeLength) return code;
  }
  return std::nullopt;
}

std::optional<std::string> normalise_join_code(std::string_view raw) {
  std::string code;
  for (char c : raw) {
    if (c == ' ' || c == '-') continue;
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (kJoinCodeAlphabet.find(up) == std::string_view::npos) return std::nullopt;
    code.push_back(up);
  }
  if (code.size() != kJoinCodeLength) return std::nullopt;
  return code;
}

}  // namespace rapport
