#include "kernel/http/url.hpp"

#include <gtest/gtest.h>

namespace helpdesk::kernel {
namespace {

TEST(PercentDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(percent_decode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("%c3%A9", false), "\xc3\xa9");
}

TEST(PercentDecode, RefusesMalformedEscapesAndNul) {
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("abc%4", false));
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("a%00b", false));
}

TEST(DecodeTarget, SplitsPathAndQuery) {
  auto target = decode_target("/api/v1/t%C3%A9st?q=hello+world&tag=a%26b&empty=&flag&q=last");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/api/v1/t\xc3\xa9st");
  EXPECT_EQ(target->query.at("q"), "last");  // the last of repeated keys wins
  EXPECT_EQ(target->query.at("tag"), "a&b");
  EXPECT_EQ(target->query.at("empty"), "");
  EXPECT_EQ(target->query.at("flag"), "");
}

TEST(DecodeTarget, KeepsPlusInThePath) {
  auto target = decode_target("/files/a+b?x=a+b");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/files/a+b");
  EXPECT_EQ(target->query.at("x"), "a b");
}

TEST(DecodeTarget, RefusesWhatIsNotOriginForm) {
  EXPECT_FALSE(decode_target(""));
  EXPECT_FALSE(decode_target("*"));
  EXPECT_FALSE(decode_target("http://example.com/x"));
  EXPECT_FALSE(decode_target("/bad%zz"));
  EXPECT_FALSE(decode_target("/ok?bad=%"));
}

}  // namespace
}  // namespace helpdesk::kernel
