#include "rapport/server/address_limits.hpp"

#include <gtest/gtest.h>

namespace rapport::server {
namespace {

TEST(AddressLimits, CapsLiveConnectionsPerAddressAndFreesOnRelease) {
  AddressLimits limits({3, 64, 16});
  const std::uint32_t classroom = 0x0100007F;
  const std::uint32_t other = 0x0200007F;
  EXPECT_TRUE(limits.admit(classroom));
  EXPECT_TRUE(limits.admit(classroom));
  EXPECT_TRUE(limits.admit(classroom));
  EXPECT_FALSE(limits.admit(classroom));
  EXPECT_EQ(limits.connections(classroom), 3u);
  EXPECT_TRUE(limits.admit(other)) << "another address has its own allowance";
  limits.release(classroom);
  EXPECT_TRUE(limits.admit(classroom));
  limits.release(other);
  limits.release(other);  // releasing more than was admitted changes nothing
  EXPECT_EQ(limits.connections(other), 0u);
}

TEST(AddressLimits, ConnectFloodsAreThrottledThenRefill) {
  AddressLimits limits({64, 4, 2});
  const std::uint32_t a = 0x0A00000A;
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limits.allow_connect_attempt(a, 0)) << i;
  EXPECT_FALSE(limits.allow_connect_attempt(a, 0));
  EXPECT_FALSE(limits.allow_connect_attempt(a, 400));
  EXPECT_TRUE(limits.allow_connect_attempt(a, 1000)) << "2 per second refill";
  EXPECT_TRUE(limits.allow_connect_attempt(0x0B00000A, 1000)) << "other addresses are not affected";
}

TEST(AddressLimits, IdleAddressesAreForgotten) {
  AddressLimits limits({64, 4, 2});
  for (std::uint32_t a = 1; a <= 1000; ++a) (void)limits.allow_connect_attempt(a, 0);
  ASSERT_TRUE(limits.admit(7));
  EXPECT_EQ(limits.tracked(), 1000u);
  limits.prune(120'000);
  EXPECT_EQ(limits.tracked(), 1u) << "only the address with a live connection stays";
}

TEST(AddressLimits, AddressText) { EXPECT_EQ(ipv4_text(0x0100007F), "127.0.0.1"); }

}  // namespace
}  // namespace rapport::server
