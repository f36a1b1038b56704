#pragma once
// A vertical list of one-line rows. Up/Down move the selection while it has
// focus (at the ends focus moves on), Enter activates the selected row, a
// click selects. The selected row is marked with a bar and a filled shape,
// not colour alone. Row texts are kept and reused between frames.
#include "ui/ui_label.hpp"

#include <functional>
#include <string>
#include <vector>

namespace rapport::client {

struct ListRow {
  std::string text;
  std::string detail;  // right-aligned, muted (a count, a status)
  bool operator==(const ListRow&) const = default;
};

class List : public Widget {
 public:
  void set_rows(std::vector<ListRow> rows);
  [[nodiscard]] const std::vector<ListRow>& rows() const { return rows_; }
  [[nodiscard]] std::size_t selected() const { return selected_; }
  void select(std::size_t index);
  void on_activate(std::function<void(std::size_t)> action) { action_ = std::move(action); }
  void set_selectable(bool selectable) { selectable_ = selectable; }

  [[nodiscard]] bool focusable() const override { return selectable_ && !rows_.empty(); }
  bool handle_event(const sf::Event& event) override;
  void layout(const Theme& theme) override;
  void draw(Canvas& canvas, const Theme& theme, std::int64_t now_ms) override;
  // Rows that fit in the widget's height (after layout).
  [[nodiscard]] std::size_t visible_rows() const;

 private:
  struct RowText {
    sf::Text text;
    sf::Text detail;
  };
  std::vector<ListRow> rows_;
  std::vector<RowText> texts_;
  std::size_t selected_ = 0;
  std::size_t first_ = 0;  // first row shown (scrolls to keep the selection in view)
  float row_height_ = 1;
  bool selectable_ = true;
  std::function<void(std::size_t)> action_;
};

}  // namespace rapport::client
