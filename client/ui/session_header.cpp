#include "ui/session_header.hpp"

namespace rapport::client {
namespace {
// How much of the amber goes into the pill near the end: noticeable, not alarming.
constexpr float kWarningTint = 0.35F;
}  // namespace

SessionHeader::SessionHeader() = default;

void SessionHeader::place(sf::FloatRect title, sf::FloatRect timer, const Theme& theme) {
  where_.set_colour(theme.colours.text_muted);
  title_.place({title.left, title.top, title.width, title.height * 0.6F}, theme);
  where_.place({title.left + theme.px(2.0F), title.top + title.height * 0.62F, title.width, title.height * 0.38F},
               theme);
  pill_ = timer;
  const float clock = timer.height;
  countdown_.place({timer.left + clock, timer.top + (timer.height - theme.px(40.0F)) / 2, theme.px(100.0F),
                    theme.px(40.0F)},
                   theme);
  state_.place({timer.left + clock + theme.px(96.0F), timer.top + (timer.height - theme.px(26.0F)) / 2,
                timer.width - clock - theme.px(100.0F), theme.px(26.0F)},
               theme);
}

void SessionHeader::update(const ClientSession& session, std::int64_t now_ms) {
  const SessionView& view = session.view();
  const rapport::SessionStatus& s = view.status().status;
  title_.set_text(custom_title_.empty() ? s.round_title : custom_title_);
  std::string where;
  if (s.rotation > 0) {
    where = "Rotation " + std::to_string(s.rotation) + " of " + std::to_string(s.rotations_total);
    if (s.phase == SessionPhase::Round && s.rounds_total > 0) {
      where += " \u00b7 round " + std::to_string(s.round) + " of " + std::to_string(s.rounds_total);
    }
  }
  if (session.status() == SessionStatus::Reconnecting) where = session.status_line(now_ms);
  where_.set_text(where);
  timed_ = s.phase == SessionPhase::Round || s.phase == SessionPhase::Reflection;
  paused_ = view.paused();
  warning_ = view.ending_soon(now_ms);
  countdown_.set_text(timed_ ? format_countdown(view.remaining_ms(now_ms)) : "");
  state_.set_text(!timed_ ? "" : paused_ ? "paused" : warning_ ? "ending soon" : "left");
}

void SessionHeader::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  title_.draw(canvas, theme, now_ms);
  where_.draw(canvas, theme, now_ms);
  if (!timed_) return;
  const Palette& p = theme.colours;
  ShapeBatch& shapes = canvas.shapes();
  const sf::Color fill = warning_ ? mix(p.panel, p.warn, kWarningTint) : p.panel;
  shapes.rounded_rect(pill_, pill_.height / 2, fill);
  // A clock face; paused shows two bars instead of hands.
  const float r = pill_.height * 0.3F;
  const sf::Vector2f c{pill_.left + pill_.height * 0.55F, pill_.top + pill_.height / 2};
  const sf::Color ink = warning_ ? p.error_text : p.text;
  shapes.circle(c, r, ink);
  shapes.circle(c, r * 0.8F, fill);
  if (paused_) {
    shapes.rect({c.x - r * 0.4F, c.y - r * 0.45F, r * 0.25F, r * 0.9F}, ink);
    shapes.rect({c.x + r * 0.15F, c.y - r * 0.45F, r * 0.25F, r * 0.9F}, ink);
  } else {
    shapes.capsule(c, {c.x, c.y - r * 0.6F}, theme.px(1.5F), ink);
    shapes.capsule(c, {c.x + r * 0.45F, c.y}, theme.px(1.5F), ink);
  }
  countdown_.draw(canvas, theme, now_ms);
  state_.draw(canvas, theme, now_ms);
}

}  // namespace rapport::client
