#pragma once
// Conversations with ratings, read from the corpora rapport-validate checks
// the meter against: CaSiNo and Topical-Chat text chats (real people who rated
// each other or the conversation) and Rapport's own journal export (a session's
// model inputs with the IOS answers). Bad input is an error naming the file and
// the place, never a crash.
#include "rapport/rapport/model_export.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rapport::validate {

enum class Format { Casino, Topical, Rapport };
[[nodiscard]] std::optional<Format> parse_format(std::string_view name);
[[nodiscard]] std::string_view format_name(Format format);

struct Turn {
  std::uint32_t speaker = 0;  // an index into Dialogue::speakers
  std::string text;
};

// One rating a person gave: of the partner (CaSiNo, IOS) or of the
// conversation (Topical-Chat). Higher is better.
struct Rating {
  std::uint32_t rater = 0;  // an index into Dialogue::speakers
  double value = 0;
};

struct Dialogue {
  std::string id;
  std::vector<std::uint32_t> speakers;  // member ids fed to the model
  // A corpus without timestamps: turns in order, timed by the typing model.
  std::vector<Turn> turns;
  // Rapport's export: the exact model operations the server performed.
  std::vector<ModelOp> ops;
  std::vector<Rating> ratings;
  // Who a rating is about, for the per-person figure (empty: the partner).
  std::vector<std::optional<std::uint32_t>> rated_about;
};

struct Corpus {
  std::string file;
  Format format = Format::Casino;
  std::vector<Dialogue> dialogues;
};

struct CorpusLoad {
  std::optional<Corpus> corpus;
  std::string error;  // names the file and the place
};

[[nodiscard]] CorpusLoad load_corpus(const std::string& path, Format format);
// The same from text; `file` appears in error messages.
[[nodiscard]] CorpusLoad parse_corpus(std::string_view text, const std::string& file, Format format);

}  // namespace rapport::validate
