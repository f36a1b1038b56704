#include "scenes/scene_reflection.hpp"

#include "rapport/session/kudos.hpp"

#include <algorithm>

namespace rapport::client {
namespace {

// Design pixels: the pictures never grow taller than this, whatever the room.
constexpr float kMaxPickerHeight = 200.0F;
constexpr float kBlocksTop = 176.0F;
constexpr float kBlocksBottom = 616.0F;

std::string kudos_label(std::uint8_t kudos) {
  return kudos == 0 ? std::string("none") : std::string(kudos_text(kudos));
}

}  // namespace

std::unique_ptr<Scene> make_reflection_scene(SceneContext& ctx) { return std::make_unique<ReflectionScene>(ctx); }

ReflectionScene::ReflectionScene(SceneContext& ctx) {
  intro_.set_wrap(true);
  intro_.set_text(
      "Think about the talk you just had. In each picture the blue circle is you and the orange one your partner: "
      "pick the one that fits how close you feel now.");
  thanks_detail_.set_wrap(true);
  send_.on_activate([this, &ctx] { send(ctx); });
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    Block& b = blocks_[i];
    b.kudos_stepper.set_value_text(kudos_label(0));
    b.kudos_stepper.on_step([&b](int direction) {
      const int n = static_cast<int>(kKudosCount) + 1;  // "none" and each kudos
      b.kudos = static_cast<std::uint8_t>(((b.kudos + direction) % n + n) % n);
      b.kudos_stepper.set_value_text(kudos_label(b.kudos));
    });
    b.picker.on_change([this](std::uint8_t) { send_.set_enabled(true); });
  }
}

void ReflectionScene::rebuild(SceneContext& ctx) {
  const ClientSession& session = ctx.session;
  const auto partners = session.view().partners(session.my_id());
  group_seen_ = session.view().group().group_id;
  partner_count_ = std::min(partners.size(), blocks_.size());
  focus_.clear();
  for (std::size_t i = 0; i < partner_count_; ++i) {
    Block& b = blocks_[i];
    b.partner = partners[i];
    const RosterEntry* entry = session.entry(b.partner);
    const std::string name = session.name_of(b.partner);
    b.figure.set(entry ? entry->avatar : Avatar{}, name);
    b.question.set_text("How close do you feel to " + name + "?");
    focus_.add(b.picker);
    focus_.add(b.kudos_stepper);
  }
  focus_.add(send_);
  // Answers already sent (the scene was rebuilt) mean the thanks show again.
  const auto& sent = session.view().reflections_sent();
  sent_ = partner_count_ > 0 && std::all_of(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(partner_count_),
                                            [&](const Block& b) { return sent.contains(b.partner); });
  if (partner_count_ > 0) focus_.focus(blocks_[0].picker);
  layout(ctx);
}

void ReflectionScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  header_.place(f.rect(32, 12, 860, 76), f.rect(952, 18, 296, 60), t);
  panel_.place(f.rect(32, 96, 1216, 608), t);
  intro_.place(f.rect(64, 114, 1150, 60), t);
  const float n = static_cast<float>(std::max<std::size_t>(1, partner_count_));
  const float block_h = (kBlocksBottom - kBlocksTop) / n;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    Block& b = blocks_[i];
    const float top = kBlocksTop + block_h * static_cast<float>(i);
    // Question, pictures, then the kudos line under them.
    const float picker_h = std::min(kMaxPickerHeight, block_h - 48.0F - 64.0F);
    b.question.place(f.rect(170, top + 8, 800, 34), t);
    b.figure_box = f.rect(64, top + 8, 90, 90);
    b.picker.place(f.rect(170, top + 48, 760, picker_h), t);
    b.kudos_stepper.place(f.rect(170, top + 48 + picker_h + 8, 560, 48), t);
  }
  send_.place(f.rect(912, 636, 320, 52), t);
  thanks_.place(f.rect(64, 260, 1150, 50), t);
  thanks_detail_.place(f.rect(64, 320, 1000, 120), t);
}

void ReflectionScene::send(SceneContext& ctx) {
  const bool all_picked = std::all_of(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(partner_count_),
                                      [](const Block& b) { return b.picker.value() != 0; });
  if (partner_count_ == 0 || !all_picked) {
    // Point at the first picture still to pick.
    for (std::size_t i = 0; i < partner_count_; ++i) {
      if (blocks_[i].picker.value() == 0) {
        (void)focus_.focus(blocks_[i].picker);
        break;
      }
    }
    return;
  }
  bool ok = true;
  for (std::size_t i = 0; i < partner_count_; ++i) {
    const Block& b = blocks_[i];
    ok = ctx.session.send_reflection(b.partner, b.picker.value(), b.kudos) && ok;
  }
  sent_ = ok;
}

void ReflectionScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  if (sent_) return;
  const Widget* before = focus_.focused();
  const bool enter = event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Enter;
  (void)focus_.handle_event(event);
  // Picking a picture with Enter moves on to the kudos, like filling a form.
  for (std::size_t i = 0; i < partner_count_; ++i) {
    if (enter && before == &blocks_[i].picker) focus_.focus_next();
  }
}

void ReflectionScene::update(SceneContext& ctx) {
  if (follow_session(ctx, SceneName::Reflection)) return;
  header_.update(ctx.session, ctx.now_ms);
  if (ctx.session.view().group().group_id != group_seen_) rebuild(ctx);
  const bool all_picked = std::all_of(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(partner_count_),
                                      [](const Block& b) { return b.picker.value() != 0; });
  send_.set_caption(all_picked ? "Send" : "Pick a picture first");
  thanks_.set_text(partner_count_ == 0 ? "A moment to reflect" : "Thank you!");
  thanks_detail_.set_text(partner_count_ == 0
                              ? "You had no partner this rotation. Think of one thing you would like to learn "
                                "about someone here; the next rotation starts soon."
                              : "Your answers are private: they help the host see how the session went. The next "
                                "rotation starts soon.");
}

void ReflectionScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  header_.draw(canvas, t, now);
  panel_.draw(canvas, t, now);
  if (sent_ || partner_count_ == 0) {
    thanks_.draw(canvas, t, now);
    thanks_detail_.draw(canvas, t, now);
    return;
  }
  intro_.draw(canvas, t, now);
  for (std::size_t i = 0; i < partner_count_; ++i) {
    Block& b = blocks_[i];
    b.figure.draw(canvas, t, ctx.avatars, b.figure_box, now);
    b.question.draw(canvas, t, now);
    b.picker.draw(canvas, t, now);
    b.kudos_stepper.draw(canvas, t, now);
  }
  send_.draw(canvas, t, now);
}

bool ReflectionScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().phase() == SessionPhase::Reflection && group_seen_ == ctx.session.view().group().group_id;
}

}  // namespace rapport::client
