#include "scenes/scene_pair_room.hpp"
#include "scenes/scene_rounds.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {
constexpr float kChatGap = 6.0F;
}  // namespace

RoundScene::RoundScene(SceneContext& ctx) {
  chat_field_.set_placeholder("Say something, then Enter");
  chat_field_.on_submit([this, &ctx] {
    if (ctx.session.send_chat(chat_field_.text())) chat_field_.set_text("");
  });
  focus_.add(chat_field_);
}

void RoundScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  frame_ = design_frame(t);
  const DesignFrame& f = frame_;
  header_.place(f.rect(32, 12, 760, 76), f.rect(952, 18, 296, 60), t);
  meter_panel_.place(f.rect(832, 96, 416, 300), t);
  meter_.place(f.rect(856, 110, 368, 272), t);
  chat_panel_.place(f.rect(832, 406, 416, 298), t);
  chat_area_ = f.rect(856, 456, 368, 170);
  chat_field_.place(f.rect(856, 638, 368, 52), t);
  layout_main(ctx, f);
}

void RoundScene::leave_chat() {
  // A chain focuses the first control that can take focus as it is built:
  // rebuild it with the chat field briefly disabled.
  const std::vector<Widget*> widgets = focus_.widgets();
  const bool enabled = chat_field_.enabled();
  chat_field_.set_enabled(false);
  focus_.clear();
  for (Widget* w : widgets) focus_.add(*w);
  chat_field_.set_enabled(enabled);
}

std::vector<std::string> RoundScene::texts_drawn() const {
  std::vector<std::string> out;
  for (const sf::Text& text : frame_texts_) {
    const auto bytes = text.getString().toUtf8();
    if (!bytes.empty()) out.emplace_back(bytes.begin(), bytes.end());
  }
  return out;
}

bool RoundScene::handle_gesture_key(const sf::Event& event, SceneContext& ctx) {
  if (event.type == sf::Event::KeyPressed && gesture_key_index(event.key.code) >= 0 && (!typing() || event.key.control)) {
    (void)ctx.session.send_gesture(kGesturePalette[static_cast<std::size_t>(gesture_key_index(event.key.code))]);
    swallow_text_ = typing();
    return true;
  }
  return false;
}

void RoundScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  if (event.type == sf::Event::TextEntered && swallow_text_) {
    swallow_text_ = false;
    return;
  }
  if (handle_main(event, ctx)) return;
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape && typing()) {
    leave_chat();  // so number keys make gestures (and WASD walks in In Step)
    return;
  }
  (void)focus_.handle_event(event);
}

void RoundScene::update(SceneContext& ctx) {
  if (follow_session(ctx, name())) return;
  const SessionView& view = ctx.session.view();
  const Theme& t = ctx.theme;
  header_.update(ctx.session, ctx.now_ms);
  if (view.meter().known) meter_.set_target(view.meter().values);
  for (const ReasonEntry& r : view.meter().recent) {
    if (r.seq <= reason_seq_seen_) continue;
    reason_seq_seen_ = r.seq;
    if (ctx.now_ms - r.at_ms < MeterWidget::kReasonMs) meter_.add_reason(r, t, r.at_ms);
  }
  meter_.update(ctx.now_ms, t.reduced_motion());
  chat_field_.set_enabled(!view.muted());
  update_main(ctx);
}

sf::Text& RoundScene::add_text(const Theme& t, const std::string& utf8, sf::Vector2f at, float size, sf::Color colour,
                               bool bold, float wrap_width) {
  sf::Text& text = frame_texts_.emplace_back();
  text.setFont(bold ? t.bold() : t.font());
  text.setCharacterSize(t.char_size(size));
  text.setFillColor(colour);
  const sf::String s = to_sf(utf8);
  text.setString(wrap_width > 0 ? wrap_text(s, bold ? t.bold() : t.font(), text.getCharacterSize(), wrap_width, bold) : s);
  text.setPosition(std::round(at.x), std::round(at.y));
  return text;
}

float RoundScene::text_height(const sf::Text& text) {
  const sf::FloatRect b = text.getLocalBounds();
  return b.top + b.height;
}

void RoundScene::draw_chat(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const auto& lines = session.view().my_chat();
  std::vector<std::pair<std::string, bool>> picked;
  std::vector<float> heights;
  float used = 0;
  // Newest at the bottom: measure from the end until the area is full.
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const bool mine = it->from == session.my_id();
    const std::string line = (mine ? std::string("You") : session.name_of(it->from)) + ": " + it->text;
    sf::Text& probe = add_text(t, line, {0, 0}, t.type.small, t.colours.text, false, chat_area_.width);
    const float h = text_height(probe) + t.px(kChatGap);
    frame_texts_.pop_back();
    if (used + h > chat_area_.height && !picked.empty()) break;
    used += h;
    picked.emplace_back(line, mine);
    heights.push_back(h);
  }
  float y = chat_area_.top + chat_area_.height - used;
  for (std::size_t i = picked.size(); i-- > 0;) {
    (void)add_text(t, picked[i].first, {chat_area_.left, std::max(y, chat_area_.top)}, t.type.small,
                   picked[i].second ? t.colours.text_muted : t.colours.text, false, chat_area_.width);
    y += heights[i];
  }
  chat_shown_ = picked.size();
}

void RoundScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  frame_texts_.clear();
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  meter_panel_.draw(canvas, t, now);
  meter_.draw(canvas, t, now);
  chat_panel_.draw(canvas, t, now);
  draw_chat(ctx);
  for (const sf::Text& text : frame_texts_) canvas.text(text);
  const std::size_t before = frame_texts_.size();
  chat_field_.draw(canvas, t, now);
  draw_main(canvas, ctx);
  for (std::size_t i = before; i < frame_texts_.size(); ++i) canvas.text(frame_texts_[i]);
}

}  // namespace rapport::client
