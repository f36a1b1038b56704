#include "ui/ui_dialog.hpp"

#include "scenes/scene.hpp"

namespace rapport::client {
namespace {
// Design size of the dialog box; centred in the window.
constexpr float kWidth = 620.0F;
constexpr float kHeight = 330.0F;
// The dimming over the scene: enough to show what is modal, not to hide it.
constexpr sf::Uint8 kDimAlpha = 110;
}  // namespace

Dialog::Dialog() {
  body_.set_wrap(true);
  confirm_.on_activate([this] { confirm(); });
  cancel_.on_activate([this] { close(); });
  toggle_.on_activate([this] {
    toggle_on_ = !toggle_on_;
    refresh_toggle();
  });
  text_.on_submit([this] { focus_.focus_next(); });
}

void Dialog::refresh_toggle() {
  // A box drawn as a character: the state is a shape, not a colour.
  toggle_.set_caption(std::string(toggle_on_ ? "\u2611 " : "\u2610 ") + spec_.toggle);
}

void Dialog::open(DialogSpec spec, const Theme& theme) {
  spec_ = std::move(spec);
  open_ = true;
  toggle_on_ = false;
  title_.set_text(spec_.title);
  body_.set_text(spec_.body);
  confirm_.set_caption(spec_.confirm);
  cancel_.set_caption(spec_.cancel);
  text_.set_text("");
  text_.set_placeholder(spec_.text_prompt);
  toggle_.set_visible(!spec_.toggle.empty());
  text_.set_visible(!spec_.text_prompt.empty());
  refresh_toggle();
  focus_.clear();
  focus_.add(text_);
  focus_.add(toggle_);
  focus_.add(cancel_);
  focus_.add(confirm_);
  // Start on the safe choice unless there is something to type.
  if (spec_.text_prompt.empty()) focus_.focus(cancel_);
  layout(theme);
}

void Dialog::layout(const Theme& theme) {
  const sf::Vector2f window = theme.window_size();
  const float w = theme.px(kWidth);
  const float h = theme.px(kHeight);
  const sf::FloatRect box{(window.x - w) / 2, (window.y - h) / 2, w, h};
  const float pad = theme.px(28.0F);
  panel_.place(box, theme);
  title_.place({box.left + pad, box.top + pad, w - 2 * pad, theme.px(40.0F)}, theme);
  body_.place({box.left + pad, box.top + pad + theme.px(48.0F), w - 2 * pad, theme.px(90.0F)}, theme);
  float y = box.top + pad + theme.px(130.0F);
  if (text_.visible()) {
    text_.place({box.left + pad, y, w - 2 * pad, theme.px(52.0F)}, theme);
  } else if (toggle_.visible()) {
    toggle_.place({box.left + pad, y, w - 2 * pad, theme.px(52.0F)}, theme);
  }
  y = box.top + h - pad - theme.px(52.0F);
  const float bw = (w - 3 * pad) / 2;
  cancel_.place({box.left + pad, y, bw, theme.px(52.0F)}, theme);
  confirm_.place({box.left + 2 * pad + bw, y, bw, theme.px(52.0F)}, theme);
}

void Dialog::confirm() {
  if (!open_) return;
  open_ = false;
  if (spec_.on_confirm) spec_.on_confirm(toggle_on_, text_.text());
}

bool Dialog::handle_event(const sf::Event& event) {
  if (!open_) return false;
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape) {
    close();
    return true;
  }
  (void)focus_.handle_event(event);
  return true;
}

void Dialog::draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) {
  if (!open_) return;
  canvas.next_layer();
  const sf::Vector2f window = theme.window_size();
  canvas.shapes().rect({0, 0, window.x, window.y}, sf::Color(38, 34, 46, kDimAlpha));
  panel_.draw(canvas, theme, now_ms);
  title_.draw(canvas, theme, now_ms);
  body_.draw(canvas, theme, now_ms);
  text_.draw(canvas, theme, now_ms);
  toggle_.draw(canvas, theme, now_ms);
  cancel_.draw(canvas, theme, now_ms);
  confirm_.draw(canvas, theme, now_ms);
}

}  // namespace rapport::client
