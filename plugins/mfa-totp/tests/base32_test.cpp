// RFC 4648 base32: the section 10 vectors, tolerant decoding and clear errors.
#include <gtest/gtest.h>

#include <string>

#include "base32.hpp"

namespace mfa_totp {
namespace {

struct Vector {
  const char* plain;
  const char* encoded;  // RFC 4648 section 10, padding removed
};
constexpr Vector kRfc4648[] = {{"", ""},           {"f", "MY"},         {"fo", "MZXQ"},
                               {"foo", "MZXW6"},   {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"},
                               {"foobar", "MZXW6YTBOI"}};

TEST(Base32, EncodesTheRfc4648VectorsWithoutPadding) {
  for (const auto& v : kRfc4648) EXPECT_EQ(base32_encode(v.plain), v.encoded) << v.plain;
}

TEST(Base32, DecodesTheRfc4648VectorsWithAndWithoutPadding) {
  const char* padded[] = {"", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"};
  for (std::size_t i = 0; i < std::size(kRfc4648); ++i) {
    EXPECT_EQ(base32_decode(kRfc4648[i].encoded), kRfc4648[i].plain);
    EXPECT_EQ(base32_decode(padded[i]), kRfc4648[i].plain) << padded[i];
  }
}

TEST(Base32, ToleratesLowerCaseSpacesAndDashes) {
  EXPECT_EQ(base32_decode("mzxw 6ytb oi"), "foobar");
  EXPECT_EQ(base32_decode("MZXW-6YTB-OI\n"), "foobar");
  EXPECT_EQ(base32_decode("  mZxW6yTbOi==  "), "foobar");
}

TEST(Base32, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 17) {
    EXPECT_EQ(base32_decode(base32_encode(bytes.substr(0, n))), bytes.substr(0, n));
  }
}

void expect_error(std::string_view text, const std::string& needle) {
  try {
    base32_decode(text);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const Base32Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Base32, RefusesBadCharactersNamingThem) {
  expect_error("MZXW0YTB", "character '0' at offset 4");
  expect_error("MZ1W", "character '1' at offset 2");
  expect_error("MZ\x01W", "byte 0x01 at offset 2");
  expect_error("MZ=XQ", "after '=' padding at offset 3");
}

TEST(Base32, RefusesImpossibleLengths) {
  expect_error("M", "length 1 ");
  expect_error("MZX", "length 3 ");
  expect_error("MZXW6Y", "length 6 ");
}

}  // namespace
}  // namespace mfa_totp
