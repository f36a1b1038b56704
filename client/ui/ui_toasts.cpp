#include "ui/ui_toasts.hpp"

#include "scenes/scene.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

// Long enough to read two lines at a calm pace; the host's words stay longer.
constexpr std::int64_t kToastMs = 6000;
constexpr std::int64_t kBroadcastMs = 12000;
constexpr std::int64_t kSlideMs = 250;
// Design pixels: a toast's width, its padding and the gap between toasts.
constexpr float kWidth = 640.0F;
constexpr float kPadding = 14.0F;
constexpr float kIconBox = 40.0F;
constexpr float kGap = 8.0F;
constexpr float kTop = 12.0F;

sf::Color toast_fill(NoticeKind kind, const Palette& c) {
  switch (kind) {
    case NoticeKind::Broadcast: return c.selection;
    case NoticeKind::Warning:
    case NoticeKind::Muted:
    case NoticeKind::Kicked:
    case NoticeKind::Report: return c.error_fill;
    default: return c.panel;
  }
}

void draw_icon(ShapeBatch& shapes, NoticeKind kind, sf::Vector2f c, float s, const Palette& p) {
  switch (kind) {
    case NoticeKind::Broadcast: {  // a megaphone
      const sf::Vector2f mouth[] = {{c.x - s * 0.15F, c.y - s * 0.12F}, {c.x + s * 0.35F, c.y - s * 0.35F},
                                    {c.x + s * 0.35F, c.y + s * 0.35F}, {c.x - s * 0.15F, c.y + s * 0.12F}};
      shapes.convex(mouth, p.primary);
      shapes.rect({c.x - s * 0.35F, c.y - s * 0.12F, s * 0.22F, s * 0.24F}, p.primary);
      break;
    }
    case NoticeKind::PartnerAway:
    case NoticeKind::PartnerBack:
    case NoticeKind::PartnerLeft: {  // two people
      const sf::Color ink = kind == NoticeKind::PartnerBack ? p.ok : p.text_muted;
      shapes.circle({c.x - s * 0.16F, c.y - s * 0.14F}, s * 0.13F, ink);
      shapes.circle({c.x + s * 0.16F, c.y - s * 0.14F}, s * 0.13F, ink);
      shapes.ellipse({c.x - s * 0.16F, c.y + s * 0.2F}, {s * 0.18F, s * 0.14F}, ink);
      shapes.ellipse({c.x + s * 0.16F, c.y + s * 0.2F}, {s * 0.18F, s * 0.14F}, ink);
      break;
    }
    case NoticeKind::Muted: {  // a speech bubble, crossed out
      shapes.rounded_rect({c.x - s * 0.35F, c.y - s * 0.28F, s * 0.7F, s * 0.46F}, s * 0.12F, p.text_muted);
      shapes.triangle({c.x - s * 0.2F, c.y + s * 0.16F}, {c.x, c.y + s * 0.16F}, {c.x - s * 0.25F, c.y + s * 0.36F},
                      p.text_muted);
      shapes.capsule({c.x - s * 0.4F, c.y + s * 0.38F}, {c.x + s * 0.4F, c.y - s * 0.38F}, s * 0.05F, p.error_text);
      break;
    }
    case NoticeKind::Warning:
    case NoticeKind::Kicked:
    case NoticeKind::Report: {  // a warning triangle with "!"
      shapes.triangle({c.x, c.y - s * 0.38F}, {c.x + s * 0.4F, c.y + s * 0.32F}, {c.x - s * 0.4F, c.y + s * 0.32F},
                      p.error_text);
      shapes.capsule({c.x, c.y - s * 0.14F}, {c.x, c.y + s * 0.08F}, s * 0.045F, sf::Color::White);
      shapes.circle({c.x, c.y + s * 0.2F}, s * 0.05F, sf::Color::White);
      break;
    }
    default: {  // "i" in a circle
      shapes.circle(c, s * 0.38F, p.primary);
      shapes.capsule({c.x, c.y - s * 0.04F}, {c.x, c.y + s * 0.2F}, s * 0.05F, sf::Color::White);
      shapes.circle({c.x, c.y - s * 0.18F}, s * 0.06F, sf::Color::White);
      break;
    }
  }
}

}  // namespace

std::string_view notice_title(NoticeKind kind) {
  switch (kind) {
    case NoticeKind::Broadcast: return "From the host";
    case NoticeKind::Info: return "Note";
    case NoticeKind::Warning: return "Not done";
    case NoticeKind::PartnerAway: return "Partner reconnecting";
    case NoticeKind::PartnerBack: return "Partner is back";
    case NoticeKind::PartnerLeft: return "Partner left";
    case NoticeKind::Muted: return "Chat muted";
    case NoticeKind::Unmuted: return "Chat on again";
    case NoticeKind::Kicked: return "Removed";
    case NoticeKind::Report: return "Report";
    case NoticeKind::kCount: break;
  }
  return "Note";
}

void ToastArea::update(const SessionView& view, const Theme& theme, std::int64_t now_ms) {
  const auto fresh = view.notices_after(last_seq_);
  const float width = theme.px(kWidth - 2 * kPadding - kIconBox);
  for (const NoticeEntry& notice : fresh) {
    last_seq_ = std::max(last_seq_, notice.seq);
    Toast toast;
    toast.notice = notice;
    toast.shown_ms = now_ms;
    toast.until_ms = now_ms + (notice.kind == NoticeKind::Broadcast ? kBroadcastMs : kToastMs);
    toast.title.setFont(theme.bold());
    toast.title.setCharacterSize(theme.char_size(theme.type.small));
    toast.title.setFillColor(theme.colours.text);
    toast.title.setString(to_sf(std::string(notice_title(notice.kind))));
    toast.body.setFont(theme.font());
    toast.body.setCharacterSize(theme.char_size(theme.type.body));
    toast.body.setFillColor(theme.colours.text);
    toast.body.setString(wrap_text(to_sf(notice.text), theme.font(), theme.char_size(theme.type.body), width, false));
    toasts_.push_back(std::move(toast));
  }
  while (toasts_.size() > kMaxShown) toasts_.pop_front();
  while (!toasts_.empty() && toasts_.front().until_ms <= now_ms) toasts_.pop_front();
}

std::vector<std::string> ToastArea::texts() const {
  std::vector<std::string> out;
  for (const auto& t : toasts_) out.push_back(t.notice.text);
  return out;
}

void ToastArea::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  if (toasts_.empty()) return;
  const Palette& p = theme.colours;
  const float w = theme.px(kWidth);
  const float left = (theme.window_size().x - w) / 2.0F;
  float top = theme.px(kTop);
  ShapeBatch& shapes = canvas.shapes();
  for (Toast& toast : toasts_) {
    const float body_h = toast.body.getLocalBounds().top + toast.body.getLocalBounds().height;
    const float h = theme.px(kPadding * 2 + theme.type.small + 8.0F) + body_h;
    float slide = 0.0F;
    if (!theme.reduced_motion()) {
      const float t = static_cast<float>(now_ms - toast.shown_ms) / static_cast<float>(kSlideMs);
      slide = (1.0F - ease_in_out(t)) * -h;
    }
    const sf::FloatRect box{left, top + slide, w, h};
    shapes.rounded_rect({box.left, box.top + theme.px(3.0F), box.width, box.height}, theme.px(12.0F),
                        p.panel_border);
    shapes.rounded_rect(box, theme.px(12.0F), toast_fill(toast.notice.kind, p));
    draw_icon(shapes, toast.notice.kind, {box.left + theme.px(kPadding + kIconBox / 2), box.top + theme.px(kPadding + 16.0F)},
              theme.px(kIconBox * 0.8F), p);
    const float text_left = box.left + theme.px(kPadding + kIconBox + 6.0F);
    toast.title.setPosition(std::round(text_left), std::round(box.top + theme.px(kPadding - 2.0F)));
    toast.body.setPosition(std::round(text_left), std::round(box.top + theme.px(kPadding + theme.type.small + 6.0F)));
    canvas.text(toast.title);
    canvas.text(toast.body);
    top += h + theme.px(kGap);
  }
}

}  // namespace rapport::client
