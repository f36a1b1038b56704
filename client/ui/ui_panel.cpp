#include "ui/ui_panel.hpp"

#include <algorithm>

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
  // The shadow is an opaque strip under the bottom edge only, in the colour
  // it would have over the background: large translucent layers are the
  // costliest thing to fill under software GL, and only the edge shows.
  const sf::Color shadow = theme.colours.panel_shadow;
  const sf::Color strip = mix(theme.colours.background, sf::Color(shadow.r, shadow.g, shadow.b),
                              static_cast<float>(shadow.a) / 255.0F);
  const float strip_height = std::min(bounds_.height, 2.0F * radius);
  shapes.rounded_rect({bounds_.left - drop / 4, bounds_.top + bounds_.height - strip_height + drop,
                       bounds_.width + drop / 2, strip_height},
                      radius, strip);
  shapes.rounded_rect(bounds_, radius, custom_fill_ ? fill_ : theme.colours.panel);
  heading_.draw(canvas, theme, now_ms);
}

}  // namespace rapport::client
