#pragma once
// Batched drawing. Under software GL every draw call costs, so a frame's
// panels, buttons and avatars are gathered as triangles into one vertex array
// (ShapeBatch) and drawn at once; texts (sf::Text objects that widgets keep
// and reuse, so their layout is cached) are queued and drawn after the
// shapes. A Canvas is one or more such layers drawn in order.
#include <SFML/Graphics/Color.hpp>
#include <SFML/Graphics/Rect.hpp>
#include <SFML/Graphics/RenderTarget.hpp>
#include <SFML/Graphics/VertexArray.hpp>

#include <span>
#include <vector>

namespace rapport::client {

class ShapeBatch {
 public:
  ShapeBatch();
  void clear() { vertices_.clear(); }
  [[nodiscard]] std::size_t vertex_count() const { return vertices_.getVertexCount(); }
  [[nodiscard]] const sf::VertexArray& vertices() const { return vertices_; }

  void triangle(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color colour);
  void rect(sf::FloatRect r, sf::Color colour);
  void rounded_rect(sf::FloatRect r, float radius, sf::Color colour);
  // A border `thickness` wide inside the rounded rectangle's edge.
  void rounded_outline(sf::FloatRect r, float radius, float thickness, sf::Color colour);
  void circle(sf::Vector2f centre, float radius, sf::Color colour);
  void ellipse(sf::Vector2f centre, sf::Vector2f radii, sf::Color colour);
  // Any convex outline, filled as a fan from its centroid.
  void convex(std::span<const sf::Vector2f> points, sf::Color colour);
  // A thick line with round ends (arms, smiles, ticks).
  void capsule(sf::Vector2f a, sf::Vector2f b, float radius, sf::Color colour);
  // A band along a circle from angle `from` to `to` (radians, 0 = right, y down).
  void arc(sf::Vector2f centre, float radius, float thickness, float from, float to, sf::Color colour);

  void draw(sf::RenderTarget& target) const;

 private:
  sf::VertexArray vertices_;
};

// Segments for a curve of this radius: enough to look round, few enough to stay cheap.
[[nodiscard]] int segments_for(float radius);

class Canvas {
 public:
  // Shapes of the current layer.
  ShapeBatch& shapes() { return layers_.back().shapes; }
  // Queues a text (or any drawable) over the current layer's shapes. The
  // object must outlive draw(); widgets own theirs.
  void text(const sf::Drawable& drawable) { layers_.back().texts.push_back(&drawable); }
  // Starts a new layer above everything so far (an overlay, a dialog).
  void next_layer() { layers_.emplace_back(); }
  void clear();
  void draw(sf::RenderTarget& target) const;
  [[nodiscard]] std::size_t layer_count() const { return layers_.size(); }

 private:
  struct Layer {
    ShapeBatch shapes;
    std::vector<const sf::Drawable*> texts;
  };
  std::vector<Layer> layers_{1};
};

}  // namespace rapport::client
