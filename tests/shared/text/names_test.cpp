#include "rapport/text/names.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rapport {
namespace {

TEST(Names, CleansSpacesAndAcceptsUnicode) {
  EXPECT_EQ(clean_display_name("  Zoë   Ngũgĩ "), "Zoë Ngũgĩ");
  EXPECT_EQ(clean_display_name("李雷"), "李雷");
}

TEST(Names, RejectsEmptyTooLongControlAndInvalidUtf8) {
  NameProblem problem;
  EXPECT_FALSE(clean_display_name("   ", &problem));
  EXPECT_NE(problem.text.find("empty"), std::string::npos);
  EXPECT_FALSE(clean_display_name(std::string(25, 'a'), &problem));
  EXPECT_NE(problem.text.find("too long"), std::string::npos);
  EXPECT_TRUE(clean_display_name(std::string(24, 'a')));
  EXPECT_TRUE(clean_display_name("ééééééééééééééééééééééé"));  // 23 chars, 46 bytes
  EXPECT_FALSE(clean_display_name("Sam\x07", &problem));
  EXPECT_FALSE(clean_display_name("Sam\xE2\x80\xAE", &problem));  // right-to-left override
  EXPECT_FALSE(clean_display_name("\xC3\x28", &problem));          // invalid UTF-8
  EXPECT_FALSE(clean_display_name("\xC0\xAF", &problem));          // overlong
  EXPECT_FALSE(clean_display_name("\xED\xA0\x80", &problem));      // surrogate
}

TEST(Names, UniqueNamesGetANumber) {
  std::set<std::string> taken = {"sam", "sam (2)"};
  const auto is_taken = [&](const std::string& n) { return taken.contains(name_key(n)); };
  EXPECT_EQ(make_unique_name("Sam", is_taken), "Sam (3)");
  EXPECT_EQ(make_unique_name("Ana", is_taken), "Ana");
  const std::string long_name(24, 'x');
  taken.insert(long_name);
  const auto unique = make_unique_name(long_name, is_taken);
  EXPECT_LE(utf8_length(unique), 24u);
  EXPECT_NE(unique, long_name);
}

TEST(JoinCodes, DrawnFromTheAlphabetWithoutLookAlikes) {
  for (char c : std::string("01OIL5SZ28B")) EXPECT_EQ(kJoinCodeAlphabet.find(c), std::string_view::npos) << c;
  std::vector<std::uint8_t> random(64);
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i * 37 + 11);
  const auto code = join_code_from_random(random);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->size(), 6u);
  EXPECT_EQ(normalise_join_code(*code), code);
  // Bytes that would bias the distribution are skipped; too few bytes give nothing.
  EXPECT_FALSE(join_code_from_random(std::vector<std::uint8_t>(20, 255)));
}

TEST(JoinCodes, NormaliseAcceptsLowercaseAndSeparators) {
  EXPECT_EQ(normalise_join_code("acd-349"), "ACD349");
  EXPECT_EQ(normalise_join_code("ac d349"), "ACD349");
  EXPECT_FALSE(normalise_join_code("ACD34"));
  EXPECT_FALSE(normalise_join_code("ACD340"));  // 0 is not in the alphabet
}

}  // namespace
}  // namespace rapport
