#include "scenes/scene_connect.hpp"

#include <string>

namespace rapport::client {
namespace {

// The avatar fields the steppers cycle, in their on-screen order.
enum AvatarField : int { kShape, kSkin, kHair, kOutfit, kFormality };

// A friendly default: round badge, mid skin tone, brown hair, blue polo.
constexpr Avatar kDefaultAvatar{AvatarShape::Circle, 2, 1, 0, 1};

char32_t join_code_char(char32_t c) {
  if (c >= U'a' && c <= U'z') c -= U'a' - U'A';
  const bool letter_or_digit = (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  return letter_or_digit ? c : 0;
}

std::string colour_label(std::uint8_t index) {
  return std::to_string(index + 1) + " of " + std::to_string(Avatar::kPaletteSize);
}

}  // namespace

std::unique_ptr<Scene> make_connect_scene(SceneContext& ctx) { return std::make_unique<ConnectScene>(ctx); }

ConnectScene::ConnectScene(SceneContext& ctx) : avatar_(kDefaultAvatar) {
  const ClientOptions& o = ctx.options;
  // After a failure the session remembers what was typed; else the flags do.
  server_.set_text(ctx.session.server_address().empty() ? o.server : ctx.session.server_address());
  name_.set_text(o.name);
  team_.set_text(o.team);
  code_.set_text(o.join_code);
  if (o.avatar_given) avatar_ = o.avatar;
  server_.set_placeholder("e.g. 192.168.1.20:7777");
  name_.set_placeholder("How others will see you");
  team_.set_placeholder("e.g. Sales");
  code_.set_placeholder("6 letters");
  code_.set_transform(join_code_char);

  server_.on_submit([this] { focus_.focus_next(); });
  name_.on_submit([this] { focus_.focus_next(); });
  team_.on_submit([this] { focus_.focus_next(); });
  code_.on_submit([this, &ctx] { join(ctx); });
  join_button_.on_activate([this, &ctx] { join(ctx); });
  host_button_.on_activate([this, &ctx] { host(ctx); });
  Stepper* steppers[] = {&shape_, &skin_, &hair_, &outfit_, &formality_};
  for (int field = kShape; field <= kFormality; ++field) {
    steppers[field]->on_step([this, field, &ctx](int direction) { step_avatar(field, direction, ctx.now_ms); });
  }
  refresh_avatar_texts();

  for (Widget* w : std::initializer_list<Widget*>{&server_, &name_, &team_, &code_, &join_button_, &host_button_,
                                                  &shape_, &skin_, &hair_, &outfit_, &formality_}) {
    focus_.add(*w);
  }
  // Start where the person most likely needs to type.
  focus_.focus(o.name.empty() ? static_cast<Widget&>(name_) : static_cast<Widget&>(code_));
  preview_.set(avatar_, o.name);
  preview_.play(Gesture::Wave, ctx.now_ms);
}

Profile ConnectScene::profile() const { return Profile{name_.text(), team_.text(), {}, avatar_}; }

void ConnectScene::join(SceneContext& ctx) {
  ctx.session.acknowledge_error();
  (void)ctx.session.join(server_.text(), code_.text(), profile(), ctx.now_ms);
}

void ConnectScene::host(SceneContext& ctx) {
  ctx.session.acknowledge_error();
  (void)ctx.session.host(server_.text(), profile(), ctx.options.program, ctx.now_ms);
}

void ConnectScene::step_avatar(int field, int direction, std::int64_t now_ms) {
  const auto cycle = [direction](std::uint8_t value, int count) {
    return static_cast<std::uint8_t>(((value + direction) % count + count) % count);
  };
  switch (field) {
    case kShape:
      avatar_.shape = static_cast<AvatarShape>(
          cycle(static_cast<std::uint8_t>(avatar_.shape), static_cast<int>(AvatarShape::kCount)));
      break;
    case kSkin: avatar_.skin = cycle(avatar_.skin, Avatar::kPaletteSize); break;
    case kHair: avatar_.hair = cycle(avatar_.hair, Avatar::kPaletteSize); break;
    case kOutfit: avatar_.outfit = cycle(avatar_.outfit, Avatar::kPaletteSize); break;
    default: avatar_.formality = cycle(avatar_.formality, Avatar::kMaxFormality + 1); break;
  }
  refresh_avatar_texts();
  preview_.play(Gesture::Smile, now_ms);
}

void ConnectScene::refresh_avatar_texts() {
  shape_.set_value_text(std::string(shape_name(avatar_.shape)));
  skin_.set_value_text(colour_label(avatar_.skin));
  hair_.set_value_text(colour_label(avatar_.hair));
  outfit_.set_value_text(colour_label(avatar_.outfit));
  formality_.set_value_text(std::string(formality_name(avatar_.formality)));
}

void ConnectScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  title_.place(f.rect(64, 28, 600, 70), t);
  subtitle_.place(f.rect(66, 100, 700, 34), t);

  // Left: the form. Captions sit 27 px above each field.
  form_panel_.place(f.rect(48, 152, 680, 544), t);
  server_.place(f.rect(80, 208, 616, 52), t);
  name_.place(f.rect(80, 302, 300, 52), t);
  team_.place(f.rect(396, 302, 300, 52), t);
  code_.place(f.rect(80, 396, 300, 52), t);
  join_button_.place(f.rect(396, 396, 300, 52), t);
  host_hint_.place(f.rect(80, 474, 300, 52), t);
  host_button_.place(f.rect(396, 474, 300, 52), t);
  message_box_ = f.rect(80, 552, 616, 116);
  message_.place(f.rect(132, 566, 548, 96), t);
  message_.set_wrap(true);

  // Right: the avatar builder.
  avatar_panel_.place(f.rect(752, 152, 480, 544), t);
  preview_box_ = f.rect(892, 214, 200, 200);
  const float rows_top = 428;
  Stepper* steppers[] = {&shape_, &skin_, &hair_, &outfit_, &formality_};
  for (std::size_t i = 0; i < 5; ++i) {
    steppers[i]->place(f.rect(784, rows_top + static_cast<float>(i) * 51.0F, 416, 42), t);
  }
}

void ConnectScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  if (focus_.handle_event(event)) return;
  if (event.type == sf::Event::KeyPressed && event.key.code == sf::Keyboard::Escape) {
    const SessionStatus status = ctx.session.status();
    if (status == SessionStatus::Connecting || status == SessionStatus::Entering) {
      ctx.session.leave();  // cancel the attempt
    } else {
      ctx.session.acknowledge_error();
    }
  }
}

void ConnectScene::update(SceneContext& ctx) {
  ClientSession& session = ctx.session;
  if (session.status() == SessionStatus::InSession && follow_session(ctx, SceneName::Connect)) return;
  const bool busy = session.status() == SessionStatus::Connecting || session.status() == SessionStatus::Entering;
  join_button_.set_enabled(!busy);
  host_button_.set_enabled(!busy);
  join_button_.set_caption(busy && !session.is_host() ? "Joining…" : "Join session");
  host_button_.set_caption(busy && session.is_host() ? "Creating…" : "Host a session");
  preview_.set(avatar_, name_.text().empty() ? "You" : name_.text());
}

void ConnectScene::draw_message(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const ClientSession& session = ctx.session;
  const bool failed = session.status() == SessionStatus::Failed && !session.last_error().empty();
  const bool busy = session.status() == SessionStatus::Connecting || session.status() == SessionStatus::Entering;
  std::string text;
  if (failed) {
    text = session.last_error();
  } else if (busy) {
    text = session.status_line(ctx.now_ms);
  } else {
    text = "Type the code shown on the host's screen, or host your own session. Tab moves between fields; Enter "
           "joins.";
  }
  message_.set_text(text);
  message_.set_colour(failed ? t.colours.error_text : t.colours.text_muted);
  ShapeBatch& shapes = canvas.shapes();
  const float r = t.px(10.0F);
  shapes.rounded_rect(message_box_, r, failed ? t.colours.error_fill : mix(t.colours.panel, t.colours.background, 0.6F));
  // An icon as well as a colour: "!" in a circle for problems, "i" for information.
  const sf::Vector2f icon{message_box_.left + t.px(26.0F), message_box_.top + t.px(30.0F)};
  const sf::Color icon_colour = failed ? okabe_ito::kVermillion : okabe_ito::kBlue;
  shapes.circle(icon, t.px(14.0F), icon_colour);
  if (failed) {
    shapes.capsule({icon.x, icon.y - t.px(7.0F)}, {icon.x, icon.y + t.px(1.0F)}, t.px(2.0F), sf::Color::White);
    shapes.circle({icon.x, icon.y + t.px(7.0F)}, t.px(2.2F), sf::Color::White);
  } else {
    shapes.circle({icon.x, icon.y - t.px(6.5F)}, t.px(2.2F), sf::Color::White);
    shapes.capsule({icon.x, icon.y - t.px(1.0F)}, {icon.x, icon.y + t.px(7.0F)}, t.px(2.0F), sf::Color::White);
  }
  message_.draw(canvas, t, ctx.now_ms);
}

void ConnectScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  title_.draw(canvas, t, now);
  subtitle_.draw(canvas, t, now);
  form_panel_.draw(canvas, t, now);
  avatar_panel_.draw(canvas, t, now);
  for (Widget* w : std::initializer_list<Widget*>{&server_, &name_, &team_, &code_, &join_button_, &host_hint_,
                                                  &host_button_, &shape_, &skin_, &hair_, &outfit_, &formality_}) {
    w->draw(canvas, t, now);
  }
  draw_message(canvas, ctx);
  preview_.draw(canvas, t, ctx.avatars, preview_box_, now);
}

}  // namespace rapport::client
