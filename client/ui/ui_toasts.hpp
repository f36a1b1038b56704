#pragma once
// Notices as toasts: the host's broadcasts, "your partner is reconnecting",
// "you are muted", refusals from the server. They slide in at the top, stay
// long enough to read and leave by themselves; a broadcast stays longer.
// Each kind has its own small icon and a word, never colour alone.
#include "app/session_view.hpp"
#include "ui/ui_label.hpp"

#include <deque>

namespace rapport::client {

class ToastArea {
 public:
  // Up to this many at once; older ones leave early to make room.
  static constexpr std::size_t kMaxShown = 3;

  // Picks up notices newer than the last one seen.
  void update(const SessionView& view, const Theme& theme, std::int64_t now_ms);
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms);
  // Toasts still on screen (tests, and scenes that avoid drawing under them).
  [[nodiscard]] std::size_t shown() const { return toasts_.size(); }
  [[nodiscard]] std::vector<std::string> texts() const;
  // After a new session the sequence numbers start again.
  void reset() { toasts_.clear(); last_seq_ = 0; }

 private:
  struct Toast {
    NoticeEntry notice;
    std::int64_t shown_ms = 0;
    std::int64_t until_ms = 0;
    sf::Text title;
    sf::Text body;
  };
  std::deque<Toast> toasts_;
  std::uint64_t last_seq_ = 0;
};

// "From the host", "Partner", "Muted"... the word a toast starts with.
[[nodiscard]] std::string_view notice_title(NoticeKind kind);

}  // namespace rapport::client
