// The facilitator key's text form and where hosts look for it.
#include "rapport/protocol/facilitator_key.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace rapport {
namespace {

TEST(FacilitatorKeyText, RoundTripsAndRejectsWhatIsNotAKey) {
  FacilitatorKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(255 - i);
  const std::string text = format_facilitator_key(key);
  EXPECT_EQ(text.size(), 64u);
  EXPECT_EQ(parse_facilitator_key(text), key);
  EXPECT_EQ(parse_facilitator_key("  " + text + "\n"), key) << "spaces and a newline are fine";
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(parse_facilitator_key(upper), key);
  EXPECT_FALSE(parse_facilitator_key(text.substr(0, 63)));
  EXPECT_FALSE(parse_facilitator_key(text + "0"));
  EXPECT_FALSE(parse_facilitator_key(std::string(63, 'a') + "g"));
  EXPECT_FALSE(parse_facilitator_key(""));
}

TEST(FacilitatorKeyText, TheDefaultFileSitsBesideTheDatabase) {
  EXPECT_EQ(key_path_beside("/var/lib/rapport/class.db"), "/var/lib/rapport/rapport.key");
  EXPECT_EQ(key_path_beside("rapport.db"), "rapport.key");
}

TEST(FacilitatorKeyText, KeyFilesAreReadWithReasons) {
  const auto dir = std::filesystem::temp_directory_path() / ("rapport-key-text-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto missing = read_facilitator_key_file((dir / "none.key").string());
  EXPECT_TRUE(missing.missing);
  EXPECT_FALSE(missing.key);
  std::ofstream(dir / "bad.key") << "hello\n";
  const auto bad = read_facilitator_key_file((dir / "bad.key").string());
  EXPECT_FALSE(bad.missing);
  EXPECT_NE(bad.error.find("64 hex digits"), std::string::npos) << bad.error;
  std::ofstream(dir / "good.key") << std::string(64, 'c') << "\n";
  EXPECT_TRUE(read_facilitator_key_file((dir / "good.key").string()).key);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rapport
