#include "rapport/client/ui_panel.hpp"

namespace rapport::client {
namespace {
// Padding inside a panel and the shadow's drop, in design pixels.
constexpr float kPanelPadding = 24.0F;
constexpr float kShadowDrop = 6.0F;
}  // namespace

void Panel::layout(const Theme& theme) {
  padding_ = theme.px(kPanelPadding);
  const sf::FloatRect inner{bounds_.left + padding_, bounds_.top + padding_, bounds_.width - 2 * padding_,
                            theme.px(theme.type.heading * 1.4F)};
  heading_.place(inner, theme);
  content_top_ = heading_.text().empty() ? bounds_.top + padding_ : inner.top + inner.height + theme.px(8.0F);
}

void Panel::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  if (!visible_) return;
  const float radius = theme.px(theme.spacing.radius);
  const float drop = theme.px(kShadowDrop);
  ShapeBatch& shapes = canvas.shapes();
  // Two offset translucent layers read as a soft shadow without blur.
  shapes.rounded_rect({bounds_.left, bounds_.top + drop, bounds_.width, bounds_.height}, radius,
                      theme.colours.panel_shadow);
  shapes.rounded_rect({bounds_.left - drop / 3, bounds_.top + drop / 2, bounds_.width + 2 * drop / 3, bounds_.height},
                      radius + drop / 3, theme.colours.panel_shadow);
  shapes.rounded_rect(bounds_, radius, custom_fill_ ? fill_ : theme.colours.panel);
  heading_.draw(canvas, theme, now_ms);
}

}  // namespace rapport::client
