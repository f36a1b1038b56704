#include "scenes/scene_pair_room.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

// A speech bubble stays long enough to read a line twice, then fades.
constexpr std::int64_t kBubbleMs = 7000;
constexpr std::int64_t kBubbleFadeMs = 500;
// Bubbles hold a short turn; longer lines end in "…" (the chat has them whole).
constexpr std::size_t kBubbleLines = 3;
// Design pixels.
constexpr float kAvatarSide = 150.0F;
constexpr float kNameHeight = 30.0F;
constexpr float kBubbleMaxWidth = 330.0F;
constexpr float kChatGap = 6.0F;

constexpr std::array<const char*, kGesturePalette.size()> kGestureCaptions = {
    "1 Smile", "2 Nod", "3 Laugh", "4 Lean in", "5 Think", "6 Chin left", "7 Chin right", "8 Cross arms", "9 Wave",
    "0 Relaxed"};

// Keeps the first `lines` lines of a wrapped text, ending in "…" when cut.
sf::String first_lines(const sf::String& wrapped, std::size_t lines) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < wrapped.getSize(); ++i) {
    if (wrapped[i] == U'\n' && ++seen == lines) {
      return wrapped.substring(0, i) + sf::String(static_cast<sf::Uint32>(0x2026));
    }
  }
  return wrapped;
}

bool is_number_key(sf::Keyboard::Key key) { return gesture_key_index(key) >= 0; }

}  // namespace

int gesture_key_index(sf::Keyboard::Key key) {
  if (key >= sf::Keyboard::Num1 && key <= sf::Keyboard::Num9) return static_cast<int>(key - sf::Keyboard::Num1);
  if (key >= sf::Keyboard::Numpad1 && key <= sf::Keyboard::Numpad9) return static_cast<int>(key - sf::Keyboard::Numpad1);
  if (key == sf::Keyboard::Num0 || key == sf::Keyboard::Numpad0) return static_cast<int>(kGesturePalette.size()) - 1;
  return -1;
}

std::unique_ptr<Scene> make_pair_room_scene(SceneContext& ctx) { return std::make_unique<PairRoomScene>(ctx); }

PairRoomScene::PairRoomScene(SceneContext& ctx) {
  prompt_.set_wrap(true);
  prompt_caption_.set_colour(ctx.theme.colours.text_muted);
  palette_hint_.set_colour(ctx.theme.colours.text_muted);
  palette_hint_.set_text("Gestures: press 1\u20139 or 0 (Ctrl+number while typing)");
  counter_.set_align(Align::Right);
  counter_.set_colour(ctx.theme.colours.text_muted);
  chat_field_.set_placeholder("Say something, then Enter");
  chat_field_.on_submit([this, &ctx] { send_chat(ctx); });
  focus_.add(chat_field_);
  for (std::size_t i = 0; i < gestures_.size(); ++i) {
    gestures_[i].set_caption(kGestureCaptions[i]);
    gestures_[i].set_style(ButtonStyle::Secondary);
    gestures_[i].set_small(true);
    gestures_[i].on_activate([&ctx, i] { (void)ctx.session.send_gesture(kGesturePalette[i]); });
    focus_.add(gestures_[i]);
  }
  break_.on_activate([&ctx] { (void)ctx.session.set_break(!ctx.session.on_break()); });
  report_.on_activate([this, &ctx] { open_report(ctx); });
  leave_.on_activate([&ctx] { ctx.session.leave(); });
  focus_.add(break_);
  focus_.add(report_);
  focus_.add(leave_);
  focus_.focus(chat_field_);
}

void PairRoomScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  header_.place(f.rect(32, 12, 760, 76), f.rect(952, 18, 296, 60), t);
  stage_.place(f.rect(32, 96, 780, 300), t);
  prompt_panel_.place(f.rect(32, 406, 780, 88), t);
  prompt_caption_.place(f.rect(56, 414, 700, 26), t);
  prompt_.place(f.rect(56, 440, 740, 50), t);
  palette_hint_.place(f.rect(34, 500, 780, 26), t);
  constexpr float kKeyWidth = 149.6F;
  constexpr float kKeyGap = 8.0F;
  for (std::size_t i = 0; i < gestures_.size(); ++i) {
    const auto col = static_cast<float>(i % 5);
    const auto row = static_cast<float>(i / 5);
    gestures_[i].place(f.rect(32 + col * (kKeyWidth + kKeyGap), 530 + row * 52, kKeyWidth, 44), t);
  }
  break_.place(f.rect(32, 648, 230, 52), t);
  report_.place(f.rect(274, 648, 250, 52), t);
  leave_.place(f.rect(652, 648, 160, 52), t);
  meter_panel_.place(f.rect(832, 96, 416, 330), t);
  meter_.place(f.rect(856, 114, 368, 300), t);
  chat_panel_.place(f.rect(832, 436, 416, 268), t);
  counter_.place(f.rect(1040, 452, 184, 30), t);
  chat_area_ = f.rect(856, 490, 368, 134);
  chat_field_.place(f.rect(856, 634, 368, 52), t);
  dialog_.layout(t);
  members_count_ = static_cast<std::size_t>(-1);  // sizes changed: rebuild figures and chat
  needs_chat_layout_ = true;
}

void PairRoomScene::open_report(SceneContext& ctx) {
  const auto partners = ctx.session.view().partners(ctx.session.my_id());
  if (partners.empty()) return;
  const std::uint32_t who = partners.front();
  const std::string name = ctx.session.name_of(who);
  std::string body = "The host will see your report about " + name + ". Nobody else will.";
  if (partners.size() > 1) body += " (For " + ctx.session.name_of(partners[1]) + ", use the host's help.)";
  dialog_.open({"Report " + name + "?", body, "Send report", "Cancel", "", "What happened? (optional)",
                [&ctx, who](bool, const std::string& text) { (void)ctx.session.report_partner(who, text); }},
               ctx.theme);
}

void PairRoomScene::send_chat(SceneContext& ctx) {
  if (ctx.session.send_chat(chat_field_.text())) chat_field_.set_text("");
}

void PairRoomScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  if (dialog_.handle_event(event)) return;
  if (event.type == sf::Event::KeyPressed && is_number_key(event.key.code)) {
    const bool typing = focus_.focused() == &chat_field_;
    if (!typing || event.key.control) {
      gestures_[static_cast<std::size_t>(gesture_key_index(event.key.code))].activate();
      swallow_text_ = typing;  // the digit's TextEntered must not land in the field
      return;
    }
  }
  if (event.type == sf::Event::TextEntered && swallow_text_) {
    swallow_text_ = false;
    return;
  }
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape &&
      focus_.focused() == &chat_field_) {
    focus_.focus(gestures_.front());  // out of the field, so number keys make gestures
    return;
  }
  (void)focus_.handle_event(event);
}

void PairRoomScene::rebuild_members(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const GroupView& group = session.view().group();
  std::vector<std::uint32_t> ids = group.members;
  if (ids.empty()) ids.push_back(session.my_id());
  // Me on the left, partners after, so "you" is always in the same place.
  std::stable_partition(ids.begin(), ids.end(), [&](std::uint32_t id) { return id == session.my_id(); });
  members_group_ = group.group_id;
  members_count_ = ids.size();
  members_.clear();
  members_.resize(ids.size());
  const sf::FloatRect stage = stage_.bounds();
  const float slot = stage.width / static_cast<float>(ids.size());
  const float side = std::min(t.px(kAvatarSide), slot - t.px(40.0F));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Member& m = members_[i];
    m.id = ids[i];
    const RosterEntry* entry = session.entry(m.id);
    const std::string name = entry ? entry->name : session.name_of(m.id);
    m.figure.set(entry ? entry->avatar : Avatar{}, name);
    const float cx = stage.left + slot * (static_cast<float>(i) + 0.5F);
    m.box = {cx - side / 2, stage.top + stage.height - t.px(kNameHeight + 12.0F) - side, side, side};
    m.name.setFont(t.bold());
    m.name.setCharacterSize(t.char_size(t.type.small));
    m.name.setFillColor(t.colours.text);
    m.name.setString(to_sf(m.id == session.my_id() ? name + " (you)" : name));
    place_line(m.name, {m.box.left - t.px(40.0F), m.box.top + side + t.px(4.0F), side + t.px(80.0F), t.px(kNameHeight)},
               0, true);
    m.bubble.setFont(t.font());
    m.bubble.setCharacterSize(t.char_size(t.type.small));
    m.bubble.setFillColor(t.colours.text);
    if (const auto it = session.view().latest_gestures().find(m.id); it != session.view().latest_gestures().end()) {
      m.figure.play(it->second.gesture, it->second.at_ms);
    }
  }
  // Show the newest line of each person again after a rebuild.
  for (const ChatEntry& line : session.view().my_chat()) {
    for (Member& m : members_) {
      if (m.id != line.from) continue;
      const float width = std::min(t.px(kBubbleMaxWidth), slot - t.px(24.0F));
      m.bubble.setString(first_lines(wrap_text(to_sf(line.text), t.font(), m.bubble.getCharacterSize(), width, false),
                                     kBubbleLines));
      m.bubble_seq = line.seq;
      m.bubble_ms = line.at_ms;
    }
  }
}

void PairRoomScene::rebuild_chat(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const auto& lines = session.view().my_chat();
  chat_texts_.clear();
  // Newest at the bottom: take lines from the end until the area is full.
  float used = 0;
  std::vector<sf::Text> reversed;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    sf::Text text;
    text.setFont(t.font());
    text.setCharacterSize(t.char_size(t.type.small));
    const bool mine = it->from == session.my_id();
    text.setFillColor(mine ? t.colours.text_muted : t.colours.text);
    const std::string who = mine ? "You" : session.name_of(it->from);
    text.setString(wrap_text(to_sf(who + ": " + it->text), t.font(), text.getCharacterSize(), chat_area_.width, false));
    const float h = text.getLocalBounds().top + text.getLocalBounds().height + t.px(kChatGap);
    if (used + h > chat_area_.height && !reversed.empty()) break;
    used += h;
    reversed.push_back(std::move(text));
  }
  float y = chat_area_.top + chat_area_.height - used;
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) {
    it->setPosition(std::round(chat_area_.left), std::round(std::max(y, chat_area_.top)));
    y += it->getLocalBounds().top + it->getLocalBounds().height + t.px(kChatGap);
    chat_texts_.push_back(std::move(*it));
  }
  needs_chat_layout_ = false;
}

void PairRoomScene::update(SceneContext& ctx) {
  if (follow_session(ctx, SceneName::PairRoom)) return;
  const ClientSession& session = ctx.session;
  const SessionView& view = session.view();
  const Theme& t = ctx.theme;
  header_.update(session, ctx.now_ms);
  if (view.group().group_id != members_group_ || view.group().members.size() != members_count_) {
    rebuild_members(ctx);
    needs_chat_layout_ = true;
  }
  // Gestures as they arrive.
  for (const GestureEntry& g : view.gestures()) {
    if (g.seq <= gesture_seq_seen_) continue;
    gesture_seq_seen_ = g.seq;
    for (Member& m : members_) {
      if (m.id == g.from) m.figure.play(g.gesture, g.at_ms);
    }
  }
  // New chat lines: a bubble over the speaker and a line in the log.
  const float slot = members_.empty() ? 0.0F : stage_.bounds().width / static_cast<float>(members_.size());
  for (const ChatEntry& line : view.my_chat()) {
    if (line.seq <= chat_seq_seen_) continue;
    chat_seq_seen_ = line.seq;
    needs_chat_layout_ = true;
    for (Member& m : members_) {
      if (m.id != line.from) continue;
      const float width = std::min(t.px(kBubbleMaxWidth), slot - t.px(24.0F));
      m.bubble.setString(first_lines(wrap_text(to_sf(line.text), t.font(), m.bubble.getCharacterSize(), width, false),
                                     kBubbleLines));
      m.bubble_seq = line.seq;
      m.bubble_ms = line.at_ms;
    }
  }
  if (needs_chat_layout_) rebuild_chat(ctx);
  // The meter and the reasons that just happened.
  if (view.meter().known) meter_.set_target(view.meter().values);
  for (const ReasonEntry& r : view.meter().recent) {
    if (r.seq <= reason_seq_seen_) continue;
    reason_seq_seen_ = r.seq;
    if (ctx.now_ms - r.at_ms < MeterWidget::kReasonMs) meter_.add_reason(r, t, r.at_ms);
  }
  meter_.update(ctx.now_ms, t.reduced_motion());

  const bool on_break = session.on_break();
  const GroupView& group = view.group();
  if (on_break) {
    prompt_caption_.set_text("On a break");
    prompt_.set_text("Take your time. You will join a new partner at the next rotation after you come back.");
  } else if (group.group_id == 0) {
    prompt_caption_.set_text("Waiting for a partner");
    prompt_.set_text("You will be paired at the next rotation. Meanwhile, think of a question you'd like to ask.");
  } else if (group.solo) {
    prompt_caption_.set_text("On your own for now");
    prompt_.set_text(group.prompt);
  } else {
    prompt_caption_.set_text("Talk about");
    prompt_.set_text(group.prompt);
  }
  break_.set_caption(on_break ? "Come back" : "Take a break");
  report_.set_enabled(!view.partners(session.my_id()).empty());
  chat_field_.set_enabled(!view.muted());
  chat_field_.set_placeholder(view.muted() ? "The host has muted chat for now" : "Say something, then Enter");
  const std::size_t bytes = chat_field_.text().size();
  counter_.set_text(std::to_string(bytes) + " / " + std::to_string(kMaxChatBytes));
  counter_.set_colour(bytes > kMaxChatBytes ? t.colours.error_text : t.colours.text_muted);
}

void PairRoomScene::draw_stage(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& shapes = canvas.shapes();
  for (Member& m : members_) {
    m.figure.draw(canvas, t, ctx.avatars, m.box, ctx.now_ms);
    canvas.text(m.name);
  }
  // Bubbles after the figures so a raised arm never covers words.
  for (Member& m : members_) {
    const std::int64_t age = ctx.now_ms - m.bubble_ms;
    if (m.bubble_seq == 0 || age > kBubbleMs) continue;
    float alpha = 1.0F;
    if (!t.reduced_motion() && age > kBubbleMs - kBubbleFadeMs) {
      alpha = static_cast<float>(kBubbleMs - age) / static_cast<float>(kBubbleFadeMs);
    }
    const sf::FloatRect local = m.bubble.getLocalBounds();
    const float pad = t.px(10.0F);
    const float w = local.width + 2 * pad;
    const float h = local.top + local.height + 2 * pad;
    const float cx = m.box.left + m.box.width / 2;
    const float bottom = m.box.top + t.px(4.0F);
    const sf::FloatRect stage = stage_.bounds();
    const float left = std::clamp(cx - w / 2, stage.left + t.px(8.0F), stage.left + stage.width - w - t.px(8.0F));
    const sf::FloatRect box{left, std::max(stage.top + t.px(10.0F), bottom - h - t.px(10.0F)), w, h};
    const auto fade = [alpha](sf::Color c) {
      c.a = static_cast<sf::Uint8>(std::lround(static_cast<float>(c.a) * alpha));
      return c;
    };
    shapes.rounded_rect({box.left, box.top + t.px(2.0F), box.width, box.height}, t.px(12.0F), fade(p.panel_border));
    shapes.rounded_rect(box, t.px(12.0F), fade(sf::Color::White));
    const float tail_x = std::clamp(cx, box.left + t.px(20.0F), box.left + box.width - t.px(20.0F));
    shapes.triangle({tail_x - t.px(9.0F), box.top + box.height - 1}, {tail_x + t.px(9.0F), box.top + box.height - 1},
                    {tail_x, box.top + box.height + t.px(10.0F)}, fade(sf::Color::White));
    m.bubble.setFillColor(fade(p.text));
    m.bubble.setPosition(std::round(box.left + pad - local.left), std::round(box.top + pad - local.top + t.px(1.0F)));
    canvas.text(m.bubble);
  }
}

void PairRoomScene::draw_chat(Canvas& canvas, SceneContext& ctx) {
  (void)ctx;
  for (const sf::Text& text : chat_texts_) canvas.text(text);
}

void PairRoomScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  stage_.draw(canvas, t, now);
  draw_stage(canvas, ctx);
  prompt_panel_.draw(canvas, t, now);
  prompt_caption_.draw(canvas, t, now);
  prompt_.draw(canvas, t, now);
  palette_hint_.draw(canvas, t, now);
  for (Button& b : gestures_) b.draw(canvas, t, now);
  break_.draw(canvas, t, now);
  report_.draw(canvas, t, now);
  leave_.draw(canvas, t, now);
  meter_panel_.draw(canvas, t, now);
  meter_.draw(canvas, t, now);
  chat_panel_.draw(canvas, t, now);
  counter_.draw(canvas, t, now);
  draw_chat(canvas, ctx);
  chat_field_.draw(canvas, t, now);
  dialog_.draw(canvas, t, now);
}

bool PairRoomScene::ready(const SceneContext& ctx) const {
  const SessionView& view = ctx.session.view();
  return view.in_group() && !members_.empty() && view.meter().known;
}

}  // namespace rapport::client
