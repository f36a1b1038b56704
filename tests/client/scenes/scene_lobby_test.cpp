// The lobby grid: every participant gets a card inside the roster area, no
// two cards overlap, faces stay readable, and overflow says "+N more".
#include "scenes/scene_lobby.hpp"

#include <gtest/gtest.h>

namespace rapport::client {
namespace {

bool overlaps(const sf::FloatRect& a, const sf::FloatRect& b) {
  sf::FloatRect unused;
  return a.intersects(b, unused) && unused.width > 0.5F && unused.height > 0.5F;
}

bool inside(const sf::FloatRect& outer, const sf::FloatRect& inner) {
  constexpr float kSlack = 0.5F;
  return inner.left >= outer.left - kSlack && inner.top >= outer.top - kSlack &&
         inner.left + inner.width <= outer.left + outer.width + kSlack &&
         inner.top + inner.height <= outer.top + outer.height + kSlack;
}

TEST(LobbyGrid, FitsEveryoneWithoutOverlap) {
  Theme theme;
  for (const bool host : {false, true}) {
    const sf::FloatRect area = lobby_roster_area(theme, host);
    for (std::size_t n = 1; n <= 40; ++n) {
      const LobbyGrid grid = lobby_grid(area, n, theme.scale());
      ASSERT_EQ(grid.cards.size(), n) << n << " people, host view " << host;
      if (n <= 12) {
        EXPECT_FALSE(grid.compact) << "a dozen people all get their names shown";
      }
      EXPECT_EQ(grid.hidden, 0U);
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_TRUE(inside(area, grid.cards[i])) << "card " << i << " of " << n;
        for (std::size_t j = i + 1; j < n; ++j) EXPECT_FALSE(overlaps(grid.cards[i], grid.cards[j])) << i << "," << j;
        const sf::FloatRect face = lobby_card_avatar_box(grid.cards[i], theme.scale(), grid.compact);
        EXPECT_TRUE(inside(grid.cards[i], face));
        EXPECT_GE(face.width, 40.0F) << "faces stay recognisable with " << n << " people";
      }
    }
  }
}

TEST(LobbyGrid, FewPeopleGetBigFaces) {
  Theme theme;
  const LobbyGrid grid = lobby_grid(lobby_roster_area(theme, false), 3, 1.0F);
  ASSERT_EQ(grid.cards.size(), 3U);
  EXPECT_GE(lobby_card_avatar_box(grid.cards[0], 1.0F).width, 120.0F);
}

TEST(LobbyGrid, OverflowEndsWithAMoreCard) {
  Theme theme;
  const sf::FloatRect area = lobby_roster_area(theme, true);
  const LobbyGrid grid = lobby_grid(area, 500, 1.0F);
  ASSERT_FALSE(grid.cards.empty());
  EXPECT_LT(grid.cards.size(), 500U);
  EXPECT_EQ(grid.cards.size() - 1 + grid.hidden, 500U) << "the last card stands for everyone not shown";
  EXPECT_TRUE(lobby_grid(area, 0, 1.0F).cards.empty());
}

TEST(LobbyGrid, ScalesWithTheWindow) {
  Theme theme;
  theme.set_window_size({1920, 1080});
  EXPECT_FLOAT_EQ(theme.scale(), 1.5F);
  const sf::FloatRect big = lobby_roster_area(theme, false);
  Theme small;
  const sf::FloatRect normal = lobby_roster_area(small, false);
  EXPECT_NEAR(big.width, normal.width * 1.5F, 1.0F);
  theme.set_ui_scale(0.5F);
  EXPECT_FLOAT_EQ(theme.scale(), 0.75F);
  EXPECT_EQ(theme.char_size(theme.type.small), 14U);
}

TEST(LobbyScene, JoinCodeIsShownInTwoGroups) {
  EXPECT_EQ(spaced_join_code("K7MQXR"), "K7M QXR");
  EXPECT_EQ(spaced_join_code(""), "");
}

}  // namespace
}  // namespace rapport::client
