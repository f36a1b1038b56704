#include "rapport/rounds/blueprint/blueprint.hpp"
#include "scenes/scene_rounds.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::client {
namespace {

constexpr float kPi = 3.14159265F;

sf::Color piece_colour(std::uint8_t colour) {
  const std::uint32_t rgb = blueprint::kPaletteRgb[colour % blueprint::kPaletteSize];
  return {static_cast<sf::Uint8>(rgb >> 16), static_cast<sf::Uint8>((rgb >> 8) & 0xFF), static_cast<sf::Uint8>(rgb & 0xFF)};
}

// One piece fitted in `box` (a grid or tray cell).
void draw_piece(ShapeBatch& shapes, const WirePiece& piece, sf::FloatRect box, std::uint8_t alpha = 255) {
  sf::Color c = piece_colour(piece.colour);
  c.a = alpha;
  const sf::Vector2f m{box.left + box.width / 2, box.top + box.height / 2};
  const float r = std::min(box.width, box.height) * 0.36F;
  switch (static_cast<blueprint::Shape>(piece.shape)) {
    case blueprint::Shape::Circle: shapes.circle(m, r, c); break;
    case blueprint::Shape::Square: shapes.rect({m.x - r * 0.85F, m.y - r * 0.85F, r * 1.7F, r * 1.7F}, c); break;
    case blueprint::Shape::Triangle:
      shapes.triangle({m.x, m.y - r}, {m.x + r, m.y + r * 0.8F}, {m.x - r, m.y + r * 0.8F}, c);
      break;
    case blueprint::Shape::Diamond: {
      const std::array<sf::Vector2f, 4> pts = {sf::Vector2f{m.x, m.y - r}, {m.x + r * 0.8F, m.y}, {m.x, m.y + r},
                                               {m.x - r * 0.8F, m.y}};
      shapes.convex(pts, c);
      break;
    }
    case blueprint::Shape::Star: {
      for (int i = 0; i < 5; ++i) {
        const float a = -kPi / 2 + static_cast<float>(i) * 2 * kPi / 5;
        const float b1 = a - kPi / 5;
        const float b2 = a + kPi / 5;
        const sf::Vector2f tip{m.x + r * std::cos(a), m.y + r * std::sin(a)};
        const sf::Vector2f in1{m.x + r * 0.45F * std::cos(b1), m.y + r * 0.45F * std::sin(b1)};
        const sf::Vector2f in2{m.x + r * 0.45F * std::cos(b2), m.y + r * 0.45F * std::sin(b2)};
        shapes.triangle(tip, in1, in2, c);
        shapes.triangle(m, in1, in2, c);
      }
      break;
    }
    case blueprint::Shape::Ring: shapes.arc(m, r * 0.8F, r * 0.4F, 0, 2 * kPi, c); break;
    case blueprint::Shape::kCount: break;
  }
}

sf::FloatRect cell_box(sf::FloatRect grid, int n, int x, int y) {
  const float side = grid.width / static_cast<float>(n);
  return {grid.left + side * static_cast<float>(x), grid.top + side * static_cast<float>(y), side, side};
}

void draw_grid(ShapeBatch& shapes, const Theme& t, sf::FloatRect grid, int n, const std::vector<WirePiece>& pieces,
               std::uint8_t alpha = 255) {
  shapes.rounded_rect({grid.left - t.px(6.0F), grid.top - t.px(6.0F), grid.width + t.px(12.0F), grid.height + t.px(12.0F)},
                      t.px(10.0F), t.colours.panel_border);
  shapes.rect(grid, sf::Color::White);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const sf::FloatRect c = cell_box(grid, n, x, y);
      if ((x + y) % 2 == 1) shapes.rect(c, sf::Color{246, 242, 236});
    }
  }
  for (int i = 1; i < n; ++i) {
    const float d = grid.width * static_cast<float>(i) / static_cast<float>(n);
    shapes.rect({grid.left + d - t.px(1.0F), grid.top, t.px(2.0F), grid.height}, t.colours.panel_border);
    shapes.rect({grid.left, grid.top + d - t.px(1.0F), grid.width, t.px(2.0F)}, t.colours.panel_border);
  }
  for (const WirePiece& p : pieces) {
    if (p.x < n && p.y < n) draw_piece(shapes, p, cell_box(grid, n, p.x, p.y), alpha);
  }
}

}  // namespace

std::unique_ptr<Scene> make_blueprint_scene(SceneContext& ctx) { return std::make_unique<BlueprintScene>(ctx); }

BlueprintScene::BlueprintScene(SceneContext& ctx) : RoundScene(ctx) {
  check_.on_activate([this, &ctx] {
    if (const auto& v = ctx.session.view().blueprint()) {
      if (auto m = builder_check(*v)) (void)ctx.session.send(*m);
    }
  });
  done_.on_activate([this, &ctx] {
    if (const auto& v = ctx.session.view().blueprint()) {
      if (auto m = builder_submit(*v)) (void)ctx.session.send(*m);
    }
  });
  focus_.add(check_);
  focus_.add(done_);
}

void BlueprintScene::layout_main(SceneContext& ctx, const DesignFrame& f) {
  const Theme& t = ctx.theme;
  grid_box_ = f.rect(44, 150, 430, 430);
  side_box_ = f.rect(506, 150, 300, 430);
  check_.place(f.rect(506, 600, 300, 48), t);
  done_.place(f.rect(506, 656, 300, 48), t);
}

bool BlueprintScene::handle_main(const sf::Event& event, SceneContext& ctx) {
  if (handle_gesture_key(event, ctx)) return true;
  const auto& view = ctx.session.view().blueprint();
  if (!view || view->role != BlueprintRole::Builder || event.type != sf::Event::MouseButtonPressed) return false;
  const sf::Vector2f p{static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y)};
  const int n = std::max<int>(1, view->grid_size);
  if (grid_box_.contains(p)) {
    const float side = grid_box_.width / static_cast<float>(n);
    const int x = static_cast<int>((p.x - grid_box_.left) / side);
    const int y = static_cast<int>((p.y - grid_box_.top) / side);
    std::optional<BlueprintAct> act = event.mouseButton.button == sf::Mouse::Right ? builder_remove(*view, x, y)
                                                                                     : builder_click(*view, hand_, x, y);
    if (act) (void)ctx.session.send(*act);
    return true;
  }
  for (std::size_t i = 0; i < tray_cells_.size(); ++i) {
    if (tray_cells_[i].contains(p)) {
      (void)pick_tray(*view, hand_, static_cast<std::uint8_t>(i));
      return true;
    }
  }
  return false;
}

void BlueprintScene::update_main(SceneContext& ctx) {
  const auto& view = ctx.session.view().blueprint();
  const bool builder = view && view->role == BlueprintRole::Builder && !view->finished;
  check_.set_visible(builder);
  done_.set_visible(builder);
  if (view) {
    check_.set_caption("Ask for a check (" + std::to_string(view->checks_left) + " left)");
    check_.set_enabled(view->checks_left > 0);
  }
  tray_cells_.clear();
  if (builder) {
    const float side = side_box_.width / 4.0F;
    for (std::size_t i = 0; i < view->tray.size(); ++i) {
      tray_cells_.push_back({side_box_.left + side * static_cast<float>(i % 4),
                             side_box_.top + ctx.theme.px(40.0F) + side * static_cast<float>(i / 4), side, side});
    }
  }
}

void BlueprintScene::draw_main(Canvas& canvas, SceneContext& ctx) {
  const Theme& t = ctx.theme;
  const Palette& p = t.colours;
  ShapeBatch& shapes = canvas.shapes();
  const auto& view = ctx.session.view().blueprint();
  if (!view) return;
  const auto partners = ctx.session.view().partners(ctx.session.my_id());
  const std::string partner = partners.empty() ? std::string("your partner") : ctx.session.name_of(partners.front());
  const bool builder = view->role == BlueprintRole::Builder;
  const int n = std::max<int>(1, view->grid_size);
  const std::string difficulty(blueprint::difficulty_name(static_cast<blueprint::Difficulty>(view->difficulty)));
  std::string headline = builder ? "You build: ask " + partner + " where each piece goes"
                                 : "You describe: tell " + partner + " where each piece goes";
  add_text(t, headline, {frame_.rect(32, 100, 0, 0).left, frame_.rect(0, 100, 0, 0).top}, t.type.body, p.text, true);
  add_text(t,
           "Puzzle " + std::to_string(view->puzzle) + " of " + std::to_string(view->puzzles) + " \u00b7 " + difficulty +
               " \u00b7 " + std::to_string(view->grid_size) + "\u00d7" + std::to_string(view->grid_size) + " grid",
           {frame_.rect(32, 0, 0, 0).left, frame_.rect(0, 128, 0, 0).top}, t.type.small, p.text_muted);
  if (view->finished) {
    // Everyone sees the target and the result.
    draw_grid(shapes, t, grid_box_, n, view->target);
    add_text(t, "Finished \u00b7 score " + std::to_string(view->score) + " / 100", {side_box_.left, side_box_.top},
             t.type.heading, p.ok, true);
    add_text(t, "This was the target. " + std::string(view->puzzle < view->puzzles ? "Roles swap for the next puzzle." : ""),
             {side_box_.left, side_box_.top + t.px(48.0F)}, t.type.small, p.text, false, side_box_.width);
    return;
  }
  if (!builder) {
    draw_grid(shapes, t, grid_box_, n, view->target);
    add_text(t, "The target (only you can see it)", {grid_box_.left, grid_box_.top + grid_box_.height + t.px(12.0F)},
             t.type.small, p.text_muted);
    add_text(t, "Their grid at the last check", {side_box_.left, side_box_.top}, t.type.small, p.text, true);
    const sf::FloatRect small{side_box_.left + t.px(10.0F), side_box_.top + t.px(44.0F), side_box_.width - t.px(20.0F),
                              side_box_.width - t.px(20.0F)};
    if (view->has_check) {
      draw_grid(shapes, t, small, n, view->grid);
      std::size_t right = 0;
      for (const WirePiece& g : view->grid) {
        const WirePiece* want = piece_at(view->target, g.x, g.y);
        if (want && want->shape == g.shape && want->colour == g.colour) ++right;
      }
      add_text(t, std::to_string(right) + " of " + std::to_string(view->target.size()) + " pieces in the right place",
               {side_box_.left, small.top + small.height + t.px(16.0F)}, t.type.small, p.text, true, side_box_.width);
    } else {
      shapes.rounded_rect(small, t.px(10.0F), p.background_accent);
      add_text(t, "No check yet. " + partner + " can ask for one.", {small.left + t.px(14.0F), small.top + t.px(14.0F)},
               t.type.small, p.text_muted, false, small.width - t.px(28.0F));
    }
    add_text(t, std::to_string(view->checks_left) + " checks left", {side_box_.left, frame_.rect(0, 640, 0, 0).top},
             t.type.small, p.text_muted);
    return;
  }
  // Builder: my grid, the tray, the buttons.
  draw_grid(shapes, t, grid_box_, n, view->grid);
  if (hand_.placed) {
    shapes.rounded_outline(cell_box(grid_box_, n, hand_.placed->first, hand_.placed->second), t.px(6.0F), t.px(4.0F), p.focus);
  }
  add_text(t, "Your tray", {side_box_.left, side_box_.top}, t.type.small, p.text, true);
  for (std::size_t i = 0; i < tray_cells_.size() && i < view->tray.size(); ++i) {
    const sf::FloatRect c = tray_cells_[i];
    const sf::FloatRect inner{c.left + t.px(4.0F), c.top + t.px(4.0F), c.width - t.px(8.0F), c.height - t.px(8.0F)};
    const bool used = view->tray[i].x != 0;
    shapes.rounded_rect(inner, t.px(8.0F), used ? p.background_accent : p.panel);
    shapes.rounded_outline(inner, t.px(8.0F), t.px(1.0F), p.panel_border);
    if (hand_.tray && *hand_.tray == i) shapes.rounded_outline(inner, t.px(8.0F), t.px(4.0F), p.focus);
    draw_piece(shapes, view->tray[i], inner, used ? 60 : 255);
  }
  std::string how = "Click a piece in the tray, then a cell. Click a placed piece to move it; right-click removes it.";
  if (hand_.tray) {
    const WirePiece& piece = view->tray[*hand_.tray];
    how = "Holding the " + std::string(blueprint::colour_name(piece.colour)) + " " +
          std::string(blueprint::shape_name(static_cast<blueprint::Shape>(piece.shape))) + ": click a free cell.";
  } else if (hand_.placed) {
    how = "Click a free cell to move this piece, or right-click it to remove it.";
  }
  add_text(t, how, {grid_box_.left, grid_box_.top + grid_box_.height + t.px(14.0F)}, t.type.small, p.text_muted, false,
           grid_box_.width);
  check_.draw(canvas, t, ctx.now_ms);
  done_.draw(canvas, t, ctx.now_ms);
}

bool BlueprintScene::ready(const SceneContext& ctx) const {
  return ctx.session.view().blueprint().has_value() && ctx.session.view().meter().known;
}

}  // namespace rapport::client
