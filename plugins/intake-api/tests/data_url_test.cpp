// The data: URL decoder, strict base64 and charset conversion.
#include <gtest/gtest.h>

#include "charset.hpp"
#include "data_url.hpp"
#include "test_util.hpp"

namespace intake_api {
namespace {

using test::expect_error;

TEST(Base64, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_EQ(decode_base64("TWFu"), "Man");
  EXPECT_EQ(decode_base64("TWE="), "Ma");
  EXPECT_EQ(decode_base64("TQ=="), "M");
  EXPECT_EQ(decode_base64("TWE"), "Ma");  // padding is optional
  EXPECT_EQ(decode_base64("TQ"), "M");
}

TEST(Base64, AllowsWhitespaceAndLineBreaksAnywhere) {
  EXPECT_EQ(decode_base64("TW\nFu\r\n IA=\t="), "Man ");
  EXPECT_EQ(decode_base64("  TWFu  \n"), "Man");
  const std::string wrapped = "SGVsbG8s\nIHdvcmxk\nIQ==\n";  // MIME-style 8-character lines
  EXPECT_EQ(decode_base64(wrapped), "Hello, world!");
}

TEST(Base64, RoundTripsEveryByte) {
  const std::string bytes = test::all_bytes();
  EXPECT_EQ(decode_base64(test::base64(bytes)), bytes);
  for (std::size_t n = 0; n < 8; ++n) EXPECT_EQ(decode_base64(test::base64(bytes.substr(0, n))), bytes.substr(0, n));
}

TEST(Base64, RefusesInvalidCharactersNamingTheOffset) {
  expect_error([] { decode_base64("TW!u"); }, 400, "invalid_base64", "unexpected character '!' at offset 2");
  expect_error([] { decode_base64("TW-_"); }, 400, "invalid_base64", "'-'");  // base64url is not base64
  expect_error([] { decode_base64("TW\x01u"); }, 400, "invalid_base64", "byte 0x01 at offset 2");
  expect_error([] { decode_base64("TW\xC3\xA9u"); }, 400, "invalid_base64", "byte 0xC3");
}

TEST(Base64, RefusesBrokenPadding) {
  expect_error([] { decode_base64("T"); }, 400, "invalid_base64", "middle of a byte");
  expect_error([] { decode_base64("TWFuT"); }, 400, "invalid_base64", "middle of a byte");
  expect_error([] { decode_base64("TQ="); }, 400, "invalid_base64", "padding");
  expect_error([] { decode_base64("TQ==="); }, 400, "invalid_base64", "too much padding");
  expect_error([] { decode_base64("TQ==TQ=="); }, 400, "invalid_base64", "data after padding");
  expect_error([] { decode_base64("=TWFu"); }, 400, "invalid_base64", "data after padding");
  expect_error([] { decode_base64("TWFu="); }, 400, "invalid_base64", "padding");
}

TEST(PercentDecode, DecodesEscapesAndKeepsStrayPercents) {
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("%41%42%c3%a9"), "AB\xC3\xA9");
  EXPECT_EQ(percent_decode("100% sure"), "100% sure");
  EXPECT_EQ(percent_decode("50%"), "50%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(percent_decode("a+b"), "a+b");  // not form encoding
}

TEST(DataUrl, Recognises) {
  EXPECT_TRUE(is_data_url("data:,x"));
  EXPECT_TRUE(is_data_url("DATA:text/plain,x"));
  EXPECT_FALSE(is_data_url("dat"));
  EXPECT_FALSE(is_data_url("hello data:,x"));
}

TEST(DataUrl, DefaultsToTextPlain) {
  DataUrl d = parse_data_url("data:,Hello%2C%20World");
  EXPECT_EQ(d.media_type, "text/plain");
  EXPECT_FALSE(d.has_media_type);
  EXPECT_EQ(d.charset, "");
  EXPECT_FALSE(d.base64);
  EXPECT_EQ(d.data, "Hello, World");
}

TEST(DataUrl, ReadsMediaTypeCharsetAndBase64CaseInsensitively) {
  DataUrl d = parse_data_url("data:Text/HTML;Charset=\"UTF-8\",<p>Hi</p>");
  EXPECT_EQ(d.media_type, "text/html");
  EXPECT_TRUE(d.has_media_type);
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.data, "<p>Hi</p>");
  EXPECT_EQ(d.content_type(), "text/html; charset=utf-8");

  DataUrl b = parse_data_url("DATA:TEXT/PLAIN;BASE64,SGk=");
  EXPECT_TRUE(b.base64);
  EXPECT_EQ(b.data, "Hi");
  EXPECT_EQ(b.content_type(), "text/plain");
}

TEST(DataUrl, KeepsCommasInTheDataAndIgnoresOtherParameters) {
  EXPECT_EQ(parse_data_url("data:text/plain,a,b,c").data, "a,b,c");
  DataUrl d = parse_data_url("data:image/png;name=x.png;base64,iVBO");
  EXPECT_EQ(d.media_type, "image/png");
  EXPECT_EQ(d.data, std::string("\x89PN", 3));
}

TEST(DataUrl, PercentDecodesBeforeBase64) {
  EXPECT_EQ(parse_data_url("data:;base64,SGk%3D").data, "Hi");
  EXPECT_EQ(parse_data_url("data:;base64,SGVs%0AbG8=").data, "Hello");
}

TEST(DataUrl, DecodesBinaryByteForByte) {
  const std::string bytes = test::all_bytes();
  EXPECT_EQ(parse_data_url("data:application/octet-stream;base64," + test::base64(bytes)).data, bytes);
}

TEST(DataUrl, RefusesMalformedHeaders) {
  expect_error([] { parse_data_url("data:text/plain;base64"); }, 400, "invalid_data_url", "no ','");
  expect_error([] { parse_data_url("data:foo,bar"); }, 400, "invalid_data_url", "'foo' is not type/subtype");
  expect_error([] { parse_data_url("data:text/,x"); }, 400, "invalid_data_url", "type/subtype");
  expect_error([] { parse_data_url("data:text/plain;bogus,x"); }, 400, "invalid_data_url", "unknown parameter 'bogus'");
  expect_error([] { parse_data_url("http://x"); }, 400, "invalid_data_url", "data:");
}

TEST(DataUrl, RefusesBrokenBase64) {
  expect_error([] { parse_data_url("data:text/plain;base64,SGk*"); }, 400, "invalid_base64", "'*'");
}

TEST(Charset, ConvertsToUtf8) {
  EXPECT_EQ(to_utf8("caf\xE9", "iso-8859-1"), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("caf\xE9", "LATIN1"), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("\x80 5", "windows-1252"), "\xE2\x82\xAC 5");
  EXPECT_EQ(to_utf8("\x80", "iso-8859-1"), "\xC2\x80");  // a C1 control in Latin-1
  EXPECT_EQ(to_utf8("caf\xC3\xA9", "utf-8"), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("caf\xC3\xA9", ""), "caf\xC3\xA9");   // undeclared: UTF-8 if it is
  EXPECT_EQ(to_utf8("caf\xE9", ""), "caf\xC3\xA9");       // … else windows-1252
  EXPECT_EQ(to_utf8("caf\xC3\xA9", "us-ascii"), "caf\xC3\xA9");
}

TEST(Charset, RefusesBadUtf8AndUnknownCharsets) {
  expect_error([] { to_utf8("caf\xE9", "utf-8"); }, 400, "invalid_encoding", "UTF-8");
  expect_error([] { to_utf8("x", "koi8-r"); }, 400, "unsupported_charset", "koi8-r");
}

TEST(Charset, ValidatesUtf8Strictly) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
}

}  // namespace
}  // namespace intake_api
