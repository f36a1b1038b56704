#include "scenes/scene_rounds.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {
const sf::Color kFoundFill{222, 242, 233};
const sf::Color kProposedFill{253, 240, 214};
}  // namespace

std::unique_ptr<Scene> make_common_ground_scene(SceneContext& ctx) { return std::make_unique<CommonGroundScene>(ctx); }

CommonGroundScene::CommonGroundScene(SceneContext& ctx) : RoundScene(ctx) {
  proposal_.set_placeholder("We both ...");
  proposal_.on_submit([this] { propose_.activate(); });
  propose_.on_activate([this, &ctx] {
    if (!selected_ || !ctx.session.view().common_ground()) return;
    if (auto m = propose_cell(*ctx.session.view().common_ground(), *selected_, ctx.session.my_id(), proposal_.text())) {
      if (ctx.session.send(*m)) proposal_.set_text("");
    }
  });
  const auto respond = [this, &ctx](bool accept) {
    if (!selected_ || !ctx.session.view().common_ground()) return;
    if (auto m = respond_cell(*ctx.session.view().common_ground(), *selected_, ctx.session.my_id(), accept)) {
      (void)ctx.session.send(*m);
    }
  };
  confirm_.on_activate([respond] { respond(true); });
  decline_.on_activate([respond] { respond(false); });
  focus_.add(proposal_);
  focus_.add(propose_);
  focus_.add(confirm_);
  focus_.add(decline_);
}

void CommonGroundScene::layout_main(SceneContext& ctx, const DesignFrame& f) {
  const Theme& t = ctx.theme;
  hint_box_ = f.rect(32, 96, 780, 44);
  grid_area_ = f.rect(32, 150, 780, 420);
  cells_.clear();
  action_caption_ = f.rect(32, 578, 780, 30);
  proposal_.place(f.rect(32, 614, 520, 52), t);
  propose_.place(f.rect(564, 614, 248, 52), t);
  confirm_.place(f.rect(32, 614, 300, 52), t);
  decline_.place(f.rect(344, 614, 200, 52), t);
}

void CommonGroundScene::select(std::size_t cell, SceneContext& ctx) {
  (void)ctx;
  selected_ = cell;
  focus_proposal_ = true;  // once the field shows (next update)
}

bool CommonGroundScene::handle_main(const sf::Event& event, SceneContext& ctx) {
  if (handle_gesture_key(event, ctx)) return true;
  if (event.type == sf::Event::MouseButtonPressed && event.mouseButton.button == sf::Mouse::Left) {
    const sf::Vector2f p{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      if (cells_[i].contains(p)) {
        select(i, ctx);
        return true;
      }
    }
  }
  return false;
}

void CommonGroundScene::update_main(SceneContext& ctx) {
  const auto& view = ctx.session.view().common_ground();
  const std::size_t n = view ? view.value().cells.size() : 0;
  const std::size_t columns = view && view->columns > 0 ? view->columns : 3;
  const std::size_t rows = (n + columns - 1) / std::max<std::size_t>(columns, 1);
  cells_.clear();
  const float gap = ctx.theme.px(8.0F);
  const float w = (grid_area_.width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float h = rows == 0 ? 0 : (grid_area_.height - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
  for (std::size_t i = 0; i < n; ++i) {
    cells_.push_back({grid_area_.left + static_cast<float>(i % columns) * (w + gap),
                      grid_area_.top + static_cast<float>(i / columns) * (h + gap), w, h});
  }
  if (selected_ && *selected_ >= n) selected_.reset();
  // Start on the partner's proposal if there is one, else on the first open cell.
  if (!selected_ && view) {
    for (std::size_t i = 0; i < n && !selected_; ++i) {
      if (cell_action(*view, i, ctx.session.my_id()) == CellAction::Respond) selected_ = i;
    }
    for (std::size_t i = 0; i < n && !selected_; ++i) {
      if (cell_action(*view, i, ctx.session.my_id()) == CellAction::Propose) selected_ = i;
    }
  }
  const CellAction action = view && selected_ ? cell_action(*view, *selected_, ctx.session.my_id()) : CellAction::None;
  proposal_.set_visible(action == CellAction::Propose);
  propose_.set_visible(action == CellAction::Propose);
  confirm_.set_visible(action == CellAction::Respond);
  decline_.set_visible(action == CellAction::Respond);
  if (focus_proposal_) {
    focus_proposal_ = false;
    if (action == CellAction::Propose) (void)focus_.focus(proposal_);
  }
}

void CommonGroundScene::draw_main(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& shapes = canvas.shapes();
  const auto& view = ctx.session.view().common_ground();
  if (!view) return;
  const std::uint32_t me = ctx.session.my_id();
  // The hint banner (never the answer), or the tally.
  shapes.rounded_rect(hint_box_, t.px(10.0F), view->hint.empty() ? p.background_accent : sf::Color{221, 236, 247});
  const std::string tally = std::to_string(view->found) + " found \u00b7 " + std::to_string(view->lines) +
                            (view->lines == 1 ? " line" : " lines") + " \u00b7 score " + std::to_string(view->score);
  add_text(t, view->hint.empty() ? "Ask the questions on the cards." : view->hint,
           {hint_box_.left + t.px(14.0F), hint_box_.top + t.px(10.0F)}, t.type.small, p.text, !view->hint.empty());
  sf::Text& right = add_text(t, tally, {0, hint_box_.top + t.px(10.0F)}, t.type.small, p.text_muted, true);
  right.setPosition(std::round(hint_box_.left + hint_box_.width - right.getLocalBounds().width - t.px(14.0F)),
                    right.getPosition().y);
  for (std::size_t i = 0; i < cells_.size() && i < view->cells.size(); ++i) {
    const WireCell& cell = view->cells[i];
    const sf::FloatRect r = cells_[i];
    const bool found = cell.state == WireCellState::Found;
    const bool proposed = cell.state == WireCellState::Proposed;
    shapes.rounded_rect({r.left, r.top + t.px(2.0F), r.width, r.height}, t.px(12.0F), p.panel_shadow);
    shapes.rounded_rect(r, t.px(12.0F), found ? kFoundFill : proposed ? kProposedFill : p.panel);
    shapes.rounded_outline(r, t.px(12.0F), t.px(found || proposed ? 2.0F : 1.0F),
                           found ? p.ok : proposed ? p.warn : p.panel_border);
    if (selected_ && *selected_ == i) shapes.rounded_outline(r, t.px(12.0F), t.px(4.0F), p.focus);
    const sf::Color accent = okabe_ito::kAll[i % okabe_ito::kAll.size()];
    shapes.rect({r.left + t.px(12.0F), r.top + t.px(14.0F), t.px(6.0F), t.px(18.0F)}, accent);
    add_text(t, cell.category, {r.left + t.px(24.0F), r.top + t.px(10.0F)}, t.type.small, p.text, true);
    const float inner = r.width - t.px(28.0F);
    if (found) {
      shapes.circle({r.left + r.width - t.px(22.0F), r.top + t.px(22.0F)}, t.px(11.0F), p.ok);
      shapes.capsule({r.left + r.width - t.px(27.0F), r.top + t.px(22.0F)}, {r.left + r.width - t.px(23.0F), r.top + t.px(27.0F)},
                     t.px(1.6F), sf::Color::White);
      shapes.capsule({r.left + r.width - t.px(23.0F), r.top + t.px(27.0F)}, {r.left + r.width - t.px(16.0F), r.top + t.px(17.0F)},
                     t.px(1.6F), sf::Color::White);
      add_text(t, cell.text, {r.left + t.px(14.0F), r.top + t.px(42.0F)}, t.type.small, p.text, false, inner);
    } else if (proposed) {
      add_text(t, "\u201c" + cell.text + "\u201d", {r.left + t.px(14.0F), r.top + t.px(40.0F)}, t.type.small, p.text,
               false, inner);
      const auto first_name = [&](std::uint32_t id) {
        const std::string name = ctx.session.name_of(id);
        return name.substr(0, name.find(' '));
      };
      const auto partners = ctx.session.view().partners(me);
      const std::string who = cell.proposed_by == me
                                  ? "Waiting for " + (partners.empty() ? std::string("your partner") : first_name(partners.front()))
                                  : first_name(cell.proposed_by) + " asks: you too?";
      add_text(t, who, {r.left + t.px(14.0F), r.top + r.height - t.px(32.0F)}, t.type.small, p.error_text, true);
    } else {
      add_text(t, cell.starter, {r.left + t.px(14.0F), r.top + t.px(40.0F)}, t.type.small, p.text_muted, false, inner);
    }
  }
  // What the selected cell lets me do.
  std::string caption = "Pick a cell to propose something you share.";
  if (selected_ && *selected_ < view->cells.size()) {
    const WireCell& cell = view->cells[*selected_];
    switch (cell_action(*view, *selected_, me)) {
      case CellAction::Propose: caption = cell.category + ": what do you both share? Type \"We both ...\""; break;
      case CellAction::Respond: caption = cell.category + ": is it true for you too?"; break;
      case CellAction::Waiting: caption = cell.category + ": waiting for your partner to confirm."; break;
      case CellAction::None: caption = cell.category + ": found together."; break;
    }
  }
  add_text(t, caption, {action_caption_.left, action_caption_.top}, t.type.small, p.text, true);
  if (proposal_.visible()) proposal_.draw(canvas, t, ctx.now_ms);
  propose_.draw(canvas, t, ctx.now_ms);
  confirm_.draw(canvas, t, ctx.now_ms);
  decline_.draw(canvas, t, ctx.now_ms);
}

bool CommonGroundScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().common_ground().has_value() && ctx.session.view().meter().known;
}

}  // namespace rapport::client
