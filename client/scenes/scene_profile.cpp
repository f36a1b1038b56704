#include "scenes/scene_rounds.hpp"

namespace rapport::client {

std::unique_ptr<Scene> make_profile_scene(SceneContext& ctx) { return std::make_unique<ProfileScene>(ctx); }

ProfileScene::ProfileScene(SceneContext& ctx) {
  intro_.set_wrap(true);
  intro_.set_colour(ctx.theme.colours.text_muted);
  intro_.set_text(
      "Answer any you like, or skip. Your answers stay on the server: they are never shown to anyone and only help "
      "hint at what you and your partners might share.");
  save_.on_activate([this, &ctx] {
    (void)ctx.session.send(answers());
    ctx.stack.replace(make_lobby_scene(ctx));
  });
  skip_.on_activate([&ctx] { ctx.stack.replace(make_lobby_scene(ctx)); });
}

ProfileAnswers ProfileScene::answers() const {
  ProfileAnswers out;
  for (std::size_t i = 0; i < fields_.size() && i < categories_.size(); ++i) {
    out.categories.push_back(categories_[i]);
    out.answers.push_back(fields_[i].text());
  }
  return out;
}

void ProfileScene::layout(SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const DesignFrame f = design_frame(t);
  panel_.place(f.rect(240, 60, 800, 600), t);
  intro_.place(f.rect(272, 126, 736, 60), t);
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const float y = 196 + 96 * static_cast<float>(i);
    labels_[i].setFont(t.bold());
    labels_[i].setCharacterSize(t.char_size(t.type.small));
    labels_[i].setFillColor(t.colours.text);
    const sf::FloatRect r = f.rect(272, y, 736, 28);
    labels_[i].setPosition(r.left, r.top);
    fields_[i].place(f.rect(272, y + 30, 736, 52), t);
  }
  save_.place(f.rect(272, 588, 300, 52), t);
  skip_.place(f.rect(868, 588, 140, 52), t);
}

void ProfileScene::update(SceneContext& ctx) {
  const SceneName wanted = scene_for(ctx.session);
  if (wanted != SceneName::Lobby) {
    ctx.stack.replace(make_scene(wanted, ctx));
    return;
  }
  const auto& q = ctx.session.view().profile_questions();
  if (built_ || !q) return;
  built_ = true;
  constexpr std::size_t kShown = 4;  // what fits; the server asks about as many
  for (std::size_t i = 0; i < q->questions.size() && i < q->categories.size() && i < kShown; ++i) {
    categories_.push_back(q->categories[i]);
    questions_.push_back(q->questions[i]);
    TextField& field = fields_.emplace_back("", kMaxChatBytes);
    field.set_placeholder("(optional)");
    labels_.emplace_back().setString(to_sf(q->questions[i]));
  }
  focus_.clear();
  for (TextField& field : fields_) focus_.add(field);
  focus_.add(save_);
  focus_.add(skip_);
  if (!fields_.empty()) fields_.back().on_submit([this] { save_.activate(); });
  layout(ctx);
}

void ProfileScene::handle_event(const sf::Event& event, SceneContext& ctx) {
  (void)ctx;
  (void)focus_.handle_event(event);
}

void ProfileScene::draw(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const std::int64_t now = ctx.now_ms;
  paint_background(canvas, t, now);
  panel_.draw(canvas, t, now);
  intro_.draw(canvas, t, now);
  for (const sf::Text& label : labels_) canvas.text(label);
  for (TextField& field : fields_) field.draw(canvas, t, now);
  save_.draw(canvas, t, now);
  skip_.draw(canvas, t, now);
}

bool ProfileScene::ready(const SceneContext& ctx) const {
  (void)ctx;
  return built_;
}

}  // namespace rapport::client
