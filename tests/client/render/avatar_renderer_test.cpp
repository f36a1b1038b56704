// Avatars: every shape and formality draws, and each looks different;
// gestures move the figure with eased, bounded poses.
#include "render/avatar_renderer.hpp"

#include "test_support.hpp"

#include <SFML/Graphics/RenderTexture.hpp>

#include <cmath>
#include <set>

namespace rapport::client {
namespace {

// A fingerprint of the drawn geometry: positions and colours of every vertex.
std::vector<long> fingerprint(const ShapeBatch& batch) {
  std::vector<long> out;
  const sf::VertexArray& v = batch.vertices();
  for (std::size_t i = 0; i < v.getVertexCount(); ++i) {
    out.push_back(std::lround(v[i].position.x * 10));
    out.push_back(std::lround(v[i].position.y * 10));
    out.push_back(static_cast<long>(v[i].color.toInteger()));
  }
  return out;
}

std::vector<long> draw(const Avatar& avatar, const AvatarPose& pose = {}) {
  const AvatarPalettes palettes;
  const AvatarRenderer renderer(palettes);
  ShapeBatch batch;
  renderer.draw_figure(batch, avatar, {0, 0, 200, 200}, pose);
  renderer.draw_badge(batch, avatar, {0, 0, 200, 200});
  return fingerprint(batch);
}

TEST(AvatarRenderer, EveryShapeAndFormalityDrawsSomethingDifferent) {
  std::set<std::vector<long>> seen;
  for (int shape = 0; shape < static_cast<int>(AvatarShape::kCount); ++shape) {
    for (std::uint8_t formality = 0; formality <= Avatar::kMaxFormality; ++formality) {
      Avatar avatar;
      avatar.shape = static_cast<AvatarShape>(shape);
      avatar.formality = formality;
      const auto print = draw(avatar);
      EXPECT_GT(print.size(), 300U) << "shape " << shape << " formality " << int(formality);
      seen.insert(print);
    }
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(AvatarShape::kCount) * (Avatar::kMaxFormality + 1U));
}

TEST(AvatarRenderer, PaletteIndicesChangeTheColours) {
  std::set<std::vector<long>> seen;
  for (std::uint8_t i = 0; i < Avatar::kPaletteSize; ++i) {
    Avatar skin;
    skin.skin = i;
    Avatar hair;
    hair.hair = i;
    Avatar outfit;
    outfit.outfit = i;
    seen.insert(draw(skin));
    seen.insert(draw(hair));
    seen.insert(draw(outfit));
  }
  // Index 0 of each is the same default avatar: 3 * 8 - 2 distinct drawings.
  EXPECT_EQ(seen.size(), 3U * Avatar::kPaletteSize - 2U);
}

TEST(AvatarRenderer, ShapesStayInsideTheirBox) {
  for (int shape = 0; shape < static_cast<int>(AvatarShape::kCount); ++shape) {
    const auto points = shape_outline(static_cast<AvatarShape>(shape), {100, 100}, 50);
    ASSERT_GE(points.size(), 6U);
    for (const auto& p : points) {
      EXPECT_LE(std::hypot(p.x - 100, p.y - 100), 60.0F) << "shape " << shape;
    }
  }
}

TEST(AvatarPose, EveryGestureMovesTheFigureAndReturnsToRest) {
  const AvatarPose rest;
  const auto rest_print = draw(Avatar{}, rest);
  for (int g = 0; g < static_cast<int>(Gesture::kCount); ++g) {
    const auto gesture = static_cast<Gesture>(g);
    const AvatarPose mid = pose_at(gesture, 700, false);
    if (gesture == Gesture::Relaxed) {
      EXPECT_EQ(draw(Avatar{}, mid), rest_print);
      continue;
    }
    EXPECT_NE(draw(Avatar{}, mid), rest_print) << gesture_name(gesture);
    const AvatarPose still = pose_at(gesture, 700, true);
    EXPECT_NE(draw(Avatar{}, still), rest_print) << gesture_name(gesture) << " with reduced motion";
    if (!is_posture(gesture)) {
      const AvatarPose after = pose_at(gesture, gesture_duration_ms(gesture) + 1, false);
      EXPECT_EQ(draw(Avatar{}, after), rest_print) << gesture_name(gesture) << " ends at rest";
    } else {
      EXPECT_EQ(draw(Avatar{}, pose_at(gesture, 60'000, false)), draw(Avatar{}, pose_at(gesture, 30'000, false)))
          << gesture_name(gesture) << " is held";
    }
  }
}

TEST(AvatarPose, EasesInWithoutJumps) {
  // Sampled every frame, the hand never moves more than a fifth of its way
  // (the key pose is ~0.5 box-widths from rest); a pop would move it all.
  float last = pose_at(Gesture::Wave, 0, false).left.hand_y;
  EXPECT_FLOAT_EQ(last, AvatarPose{}.left.hand_y);
  for (std::int64_t t = 16; t < gesture_duration_ms(Gesture::Wave); t += 16) {
    const float y = pose_at(Gesture::Wave, t, false).left.hand_y;
    EXPECT_LT(std::abs(y - last), 0.1F) << "at " << t << " ms";
    last = y;
  }
  // Reduced motion holds still: two moments of the wave are the same picture.
  EXPECT_EQ(draw(Avatar{}, pose_at(Gesture::Wave, 300, true)), draw(Avatar{}, pose_at(Gesture::Wave, 900, true)));
}

TEST(AvatarNames, InitialsAndLabels) {
  EXPECT_EQ(initials_of("Ada Lovelace"), "AL");
  EXPECT_EQ(initials_of("sam"), "S");
  EXPECT_EQ(initials_of("Jean-Luc Picard"), "JL");
  EXPECT_EQ(initials_of("Émile Zola"), "ÉZ");
  EXPECT_EQ(initials_of("Sam (2)"), "S");
  EXPECT_EQ(initials_of(""), "");
  EXPECT_EQ(shape_name(AvatarShape::Hexagon), "Hexagon");
  EXPECT_EQ(formality_name(4), "Suit and tie");
}

TEST(AvatarRenderer, RendersToPixelsDifferentlyPerShape) {
  if (!test::have_display()) GTEST_SKIP() << "needs a display (run under Xvfb)";
  const AvatarPalettes palettes;
  const AvatarRenderer renderer(palettes);
  sf::RenderTexture target;
  ASSERT_TRUE(target.create(160, 160));
  std::set<std::vector<sf::Uint8>> images;
  for (int shape = 0; shape < static_cast<int>(AvatarShape::kCount); ++shape) {
    Avatar avatar;
    avatar.shape = static_cast<AvatarShape>(shape);
    avatar.formality = static_cast<std::uint8_t>(shape);
    ShapeBatch batch;
    renderer.draw_figure(batch, avatar, {0, 0, 160, 160}, AvatarPose{});
    target.clear(sf::Color::White);
    batch.draw(target);
    target.display();
    const sf::Image image = target.getTexture().copyToImage();
    std::size_t painted = 0;
    for (unsigned y = 0; y < 160; ++y) {
      for (unsigned x = 0; x < 160; ++x) painted += image.getPixel(x, y) != sf::Color::White ? 1U : 0U;
    }
    EXPECT_GT(painted, 160U * 160U / 3U) << "shape " << shape << " covers a good part of its box";
    const sf::Uint8* pixels = image.getPixelsPtr();
    images.insert(std::vector<sf::Uint8>(pixels, pixels + 160 * 160 * 4));
  }
  EXPECT_EQ(images.size(), static_cast<std::size_t>(AvatarShape::kCount));
}

}  // namespace
}  // namespace rapport::client
