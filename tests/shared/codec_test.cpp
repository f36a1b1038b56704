#include "rapport/codec.hpp"

#include <gtest/gtest.h>

namespace rapport {
namespace {

TEST(Codec, HelloRoundTrip) {
  Hello hello;
  hello.name = "Sam";
  hello.kind = ClientKind::Facilitator;
  const auto bytes = encode(hello);
  ASSERT_FALSE(bytes.empty());
  const auto decoded = decode(bytes);
  ASSERT_TRUE(decoded.ok()) << describe(decoded.error);
  EXPECT_EQ(std::get<Hello>(*decoded.message), hello);
}

}  // namespace
}  // namespace rapport
