#include "render/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rapport::client {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;
// Circle smoothness: segments per full turn grow with the radius, enough
// that edges look round at 720p but few enough for software GL (every
// segment is a triangle; under llvmpipe triangle count dominates frame time).
constexpr int kMinSegments = 8;
constexpr int kMaxSegments = 48;
constexpr float kSegmentsPerPixel = 0.3F;

sf::Vector2f on_circle(sf::Vector2f c, float r, float angle) {
  return {c.x + r * std::cos(angle), c.y + r * std::sin(angle)};
}

}  // namespace

int segments_for(float radius) {
  return std::clamp(static_cast<int>(radius * kSegmentsPerPixel) + kMinSegments, kMinSegments, kMaxSegments);
}

ShapeBatch::ShapeBatch() : vertices_(sf::Triangles) {}

void ShapeBatch::triangle(sf::Vector2f a, sf::Vector2f b, sf::Vector2f c, sf::Color colour) {
  vertices_.append(sf::Vertex(a, colour));
  vertices_.append(sf::Vertex(b, colour));
  vertices_.append(sf::Vertex(c, colour));
}

void ShapeBatch::rect(sf::FloatRect r, sf::Color colour) {
  const sf::Vector2f tl{r.left, r.top};
  const sf::Vector2f tr{r.left + r.width, r.top};
  const sf::Vector2f br{r.left + r.width, r.top + r.height};
  const sf::Vector2f bl{r.left, r.top + r.height};
  triangle(tl, tr, br, colour);
  triangle(tl, br, bl, colour);
}

namespace {
int corner_segments(float radius) { return std::max(3, segments_for(radius) / 4); }

// The outline of a rounded rectangle, clockwise from the top-left corner,
// with `per_corner` segments on each corner (outlines need equal counts).
std::vector<sf::Vector2f> rounded_points(sf::FloatRect r, float radius, int per_corner) {
  radius = std::clamp(radius, 0.0F, std::min(r.width, r.height) / 2.0F);
  const sf::Vector2f centres[4] = {{r.left + radius, r.top + radius},
                                   {r.left + r.width - radius, r.top + radius},
                                   {r.left + r.width - radius, r.top + r.height - radius},
                                   {r.left + radius, r.top + r.height - radius}};
  std::vector<sf::Vector2f> points;
  points.reserve(static_cast<std::size_t>(4 * (per_corner + 1)));
  for (int corner = 0; corner < 4; ++corner) {
    const float start = kPi + static_cast<float>(corner) * kPi / 2.0F;
    for (int i = 0; i <= per_corner; ++i) {
      const float a = start + static_cast<float>(i) / static_cast<float>(per_corner) * kPi / 2.0F;
      points.push_back(on_circle(centres[corner], radius, a));
    }
  }
  return points;
}
}  // namespace

void ShapeBatch::rounded_rect(sf::FloatRect r, float radius, sf::Color colour) {
  if (r.width <= 0 || r.height <= 0) return;
  const auto points = rounded_points(r, radius, corner_segments(radius));
  convex(points, colour);
}

void ShapeBatch::rounded_outline(sf::FloatRect r, float radius, float thickness, sf::Color colour) {
  if (r.width <= 0 || r.height <= 0) return;
  const int per_corner = corner_segments(radius);
  const auto outer = rounded_points(r, radius, per_corner);
  const sf::FloatRect inner_rect{r.left + thickness, r.top + thickness, r.width - 2 * thickness,
                                 r.height - 2 * thickness};
  const auto inner = rounded_points(inner_rect, std::max(0.0F, radius - thickness), per_corner);
  // Both outlines have the same number of points, corner by corner.
  for (std::size_t i = 0; i < outer.size(); ++i) {
    const std::size_t j = (i + 1) % outer.size();
    triangle(outer[i], outer[j], inner[j], colour);
    triangle(outer[i], inner[j], inner[i], colour);
  }
}

void ShapeBatch::circle(sf::Vector2f centre, float radius, sf::Color colour) {
  ellipse(centre, {radius, radius}, colour);
}

void ShapeBatch::ellipse(sf::Vector2f centre, sf::Vector2f radii, sf::Color colour) {
  const int n = segments_for(std::max(radii.x, radii.y));
  sf::Vector2f previous{centre.x + radii.x, centre.y};
  for (int i = 1; i <= n; ++i) {
    const float a = 2.0F * kPi * static_cast<float>(i) / static_cast<float>(n);
    const sf::Vector2f next{centre.x + radii.x * std::cos(a), centre.y + radii.y * std::sin(a)};
    triangle(centre, previous, next, colour);
    previous = next;
  }
}

void ShapeBatch::convex(std::span<const sf::Vector2f> points, sf::Color colour) {
  if (points.size() < 3) return;
  sf::Vector2f centre{0, 0};
  for (const auto& p : points) centre += p;
  centre /= static_cast<float>(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    triangle(centre, points[i], points[(i + 1) % points.size()], colour);
  }
}

void ShapeBatch::capsule(sf::Vector2f a, sf::Vector2f b, float radius, sf::Color colour) {
  const sf::Vector2f d = b - a;
  const float length = std::sqrt(d.x * d.x + d.y * d.y);
  if (length > 0.001F) {
    const sf::Vector2f n{-d.y / length * radius, d.x / length * radius};
    triangle(a + n, b + n, b - n, colour);
    triangle(a + n, b - n, a - n, colour);
  }
  circle(a, radius, colour);
  circle(b, radius, colour);
}

void ShapeBatch::arc(sf::Vector2f centre, float radius, float thickness, float from, float to, sf::Color colour) {
  const int n = std::max(4, static_cast<int>(static_cast<float>(segments_for(radius)) * std::abs(to - from) / (2 * kPi)));
  const float inner = radius - thickness / 2.0F;
  const float outer = radius + thickness / 2.0F;
  for (int i = 0; i < n; ++i) {
    const float a0 = from + (to - from) * static_cast<float>(i) / static_cast<float>(n);
    const float a1 = from + (to - from) * static_cast<float>(i + 1) / static_cast<float>(n);
    triangle(on_circle(centre, outer, a0), on_circle(centre, outer, a1), on_circle(centre, inner, a1), colour);
    triangle(on_circle(centre, outer, a0), on_circle(centre, inner, a1), on_circle(centre, inner, a0), colour);
  }
  // Round ends so the stroke looks drawn, not cut.
  circle(on_circle(centre, radius, from), thickness / 2.0F, colour);
  circle(on_circle(centre, radius, to), thickness / 2.0F, colour);
}

void ShapeBatch::draw(sf::RenderTarget& target) const {
  if (vertices_.getVertexCount() > 0) target.draw(vertices_);
}

void Canvas::clear() {
  layers_.clear();
  layers_.emplace_back();
}

void Canvas::draw(sf::RenderTarget& target) const {
  for (const auto& layer : layers_) {
    layer.shapes.draw(target);
    for (const sf::Drawable* d : layer.texts) target.draw(*d);
  }
}

}  // namespace rapport::client
