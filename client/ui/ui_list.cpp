#include "ui/ui_list.hpp"

#include <algorithm>

namespace rapport::client {
namespace {
// Row height as a multiple of the body size: room for a thumb on a touch screen too.
constexpr float kRowHeightFactor = 1.9F;
constexpr float kRowInset = 12.0F;
}  // namespace

void List::set_rows(std::vector<ListRow> rows) {
  if (rows == rows_) return;
  rows_ = std::move(rows);
  if (selected_ >= rows_.size()) selected_ = rows_.empty() ? 0 : rows_.size() - 1;
}

void List::select(std::size_t index) {
  if (index < rows_.size()) selected_ = index;
}

std::size_t List::visible_rows() const {
  return static_cast<std::size_t>(std::max(1.0F, bounds_.height / row_height_));
}

bool List::handle_event(const sf::Event& event) {
  Widget::handle_event(event);
  if (rows_.empty()) return false;
  if (event.type == sf::Event::KeyPressed) {
    switch (event.key.code) {
      case sf::Keyboard::Up:
        if (selected_ == 0) return false;  // let focus move to the widget above
        --selected_;
        return true;
      case sf::Keyboard::Down:
        if (selected_ + 1 >= rows_.size()) return false;
        ++selected_;
        return true;
      case sf::Keyboard::Home: selected_ = 0; return true;
      case sf::Keyboard::End: selected_ = rows_.size() - 1; return true;
      case sf::Keyboard::Enter:
        if (action_) action_(selected_);
        return true;
      default: return false;
    }
  }
  if (event.type == sf::Event::MouseButtonPressed) {
    const float y = static_cast<float>(event.mouseButton.y) - bounds_.top;
    const auto index = first_ + static_cast<std::size_t>(std::max(0.0F, y / row_height_));
    if (index < rows_.size()) {
      selected_ = index;
      return true;
    }
  }
  return false;
}

void List::layout(const Theme& theme) {
  row_height_ = theme.px(theme.type.body * kRowHeightFactor);
  texts_.resize(visible_rows());
  for (auto& row : texts_) {
    row.text.setFont(theme.font());
    row.text.setCharacterSize(theme.char_size(theme.type.body));
    row.detail.setFont(theme.bold());
    row.detail.setCharacterSize(theme.char_size(theme.type.body));
  }
}

void List::draw(Canvas& canvas, const Theme& theme, std::int64_t) {
  if (!visible_) return;
  const Palette& c = theme.colours;
  const std::size_t shown = visible_rows();
  if (selected_ < first_) first_ = selected_;
  if (selected_ >= first_ + shown) first_ = selected_ + 1 - shown;
  if (first_ + shown > rows_.size()) first_ = rows_.size() > shown ? rows_.size() - shown : 0;
  const float inset = theme.px(kRowInset);
  ShapeBatch& shapes = canvas.shapes();
  for (std::size_t i = 0; i < shown && first_ + i < rows_.size(); ++i) {
    const std::size_t index = first_ + i;
    const sf::FloatRect row{bounds_.left, bounds_.top + static_cast<float>(i) * row_height_, bounds_.width,
                            row_height_ - theme.px(4.0F)};
    const bool marked = selectable_ && index == selected_;
    if (marked) {
      shapes.rounded_rect(row, theme.px(8.0F), focused_ ? c.selection : mix(c.selection, c.panel, 0.5F));
      shapes.rounded_rect({row.left, row.top + theme.px(6.0F), theme.px(5.0F), row.height - theme.px(12.0F)},
                          theme.px(2.5F), c.primary);
    } else if (i % 2 == 1) {
      shapes.rounded_rect(row, theme.px(8.0F), mix(c.panel, c.background_accent, 0.3F));
    }
    RowText& t = texts_[i];
    t.text.setString(to_sf(rows_[index].text));
    t.text.setFillColor(c.text);
    place_line(t.text, row, row.left + inset + (marked ? theme.px(8.0F) : 0.0F), false);
    canvas.text(t.text);
    if (!rows_[index].detail.empty()) {
      t.detail.setString(to_sf(rows_[index].detail));
      t.detail.setFillColor(c.text_muted);
      const float w = t.detail.getLocalBounds().width;
      place_line(t.detail, row, row.left + row.width - inset - w, false);
      canvas.text(t.detail);
    }
  }
  if (focused_) draw_focus_ring(canvas, theme, theme.px(8.0F));
}

}  // namespace rapport::client
