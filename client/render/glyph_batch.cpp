#include "render/glyph_batch.hpp"

#include <SFML/Graphics/RenderTarget.hpp>

#include <cmath>

namespace rapport::client {
namespace {
constexpr sf::Uint32 kEllipsis = 0x2026;
}  // namespace

GlyphBatch::GlyphBatch() : vertices_(sf::Triangles) {}

void GlyphBatch::set_font(const sf::Font& font, unsigned size) {
  font_ = &font;
  size_ = size;
}

float GlyphBatch::measure(const sf::String& text) const {
  if (!font_) return 0.0F;
  float x = 0.0F;
  sf::Uint32 previous = 0;
  for (std::size_t i = 0; i < text.getSize(); ++i) {
    const sf::Uint32 c = text[i];
    x += font_->getKerning(previous, c, size_);
    x += font_->getGlyph(c, size_, false).advance;
    previous = c;
  }
  return x;
}

float GlyphBatch::add(const sf::String& text, sf::Vector2f position, sf::Color colour) {
  if (!font_) return 0.0F;
  const float baseline = std::round(position.y) + static_cast<float>(size_);
  float x = std::round(position.x);
  const float start = x;
  sf::Uint32 previous = 0;
  for (std::size_t i = 0; i < text.getSize(); ++i) {
    const sf::Uint32 c = text[i];
    x += font_->getKerning(previous, c, size_);
    previous = c;
    const sf::Glyph& g = font_->getGlyph(c, size_, false);
    if (c != U' ' && g.textureRect.width > 0) {
      const float left = x + g.bounds.left;
      const float top = baseline + g.bounds.top;
      const float right = left + g.bounds.width;
      const float bottom = top + g.bounds.height;
      const auto u0 = static_cast<float>(g.textureRect.left);
      const auto v0 = static_cast<float>(g.textureRect.top);
      const auto u1 = static_cast<float>(g.textureRect.left + g.textureRect.width);
      const auto v1 = static_cast<float>(g.textureRect.top + g.textureRect.height);
      vertices_.append(sf::Vertex({left, top}, colour, {u0, v0}));
      vertices_.append(sf::Vertex({right, top}, colour, {u1, v0}));
      vertices_.append(sf::Vertex({right, bottom}, colour, {u1, v1}));
      vertices_.append(sf::Vertex({left, top}, colour, {u0, v0}));
      vertices_.append(sf::Vertex({right, bottom}, colour, {u1, v1}));
      vertices_.append(sf::Vertex({left, bottom}, colour, {u0, v1}));
    }
    x += g.advance;
  }
  return x - start;
}

float GlyphBatch::add_fitted(const sf::String& text, sf::Vector2f position, float max_width, sf::Color colour) {
  if (measure(text) <= max_width) return add(text, position, colour);
  sf::String cut = text;
  while (cut.getSize() > 1) {
    cut.erase(cut.getSize() - 1);
    if (measure(cut + sf::String(kEllipsis)) <= max_width) break;
  }
  return add(cut + sf::String(kEllipsis), position, colour);
}

float GlyphBatch::cap_middle() const {
  if (!font_) return 0.0F;
  const sf::FloatRect cap = font_->getGlyph(U'H', size_, false).bounds;
  return static_cast<float>(size_) + cap.top / 2.0F;
}

void GlyphBatch::draw(sf::RenderTarget& target, sf::RenderStates states) const {
  if (!font_ || vertices_.getVertexCount() == 0) return;
  // Fetched now: adding glyphs may have grown the font's page texture.
  states.texture = &font_->getTexture(size_);
  target.draw(vertices_, states);
}

}  // namespace rapport::client
