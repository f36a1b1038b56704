#pragma once
// Many short texts of one font and size as a single textured vertex array:
// the dashboard's names and numbers in one draw call instead of one per text
// (see STYLE.md, "Draw in batches"). Glyphs are laid out as sf::Text does
// (same baseline, advances and kerning), so batched and single texts match.
#include <SFML/Graphics/Drawable.hpp>
#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/VertexArray.hpp>
#include <SFML/System/String.hpp>

namespace rapport::client {

class GlyphBatch : public sf::Drawable {
 public:
  GlyphBatch();
  void set_font(const sf::Font& font, unsigned size);
  void clear() { vertices_.clear(); }
  [[nodiscard]] std::size_t glyph_count() const { return vertices_.getVertexCount() / kVerticesPerGlyph; }

  // The width one line would take.
  [[nodiscard]] float measure(const sf::String& text) const;
  // Appends one line with its top-left where sf::Text::setPosition would put
  // it; returns the width used.
  float add(const sf::String& text, sf::Vector2f position, sf::Color colour);
  // Appends the line cut with "…" to fit `max_width`.
  float add_fitted(const sf::String& text, sf::Vector2f position, float max_width, sf::Color colour);
  // How far below the position the middle of capital letters sits.
  [[nodiscard]] float cap_middle() const;

 private:
  static constexpr std::size_t kVerticesPerGlyph = 6;
  void draw(sf::RenderTarget& target, sf::RenderStates states) const override;
  const sf::Font* font_ = nullptr;
  unsigned size_ = 0;
  sf::VertexArray vertices_;
};

}  // namespace rapport::client
