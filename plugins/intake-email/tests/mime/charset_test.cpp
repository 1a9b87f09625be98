#include <gtest/gtest.h>

#include "charset.hpp"
#include "flowed.hpp"

namespace helpdesk::mail {
namespace {

TEST(Charset, CommonCharsetsToUtf8) {
  EXPECT_EQ("Gr\xC3\xBC\xC3\x9F" "e", to_utf8("Gr\xFC\xDF" "e", "ISO-8859-1"));
  EXPECT_EQ("\xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D", to_utf8("\x80 \x93q\x94", "windows-1252"));
  // ISO-8859-1 is read as Windows-1252, as browsers do: 0x80 is the euro sign, not a C1 control.
  EXPECT_EQ("\xE2\x82\xAC", to_utf8("\x80", "iso-8859-1"));
  EXPECT_EQ("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "KOI8-R"));  // Привет
  EXPECT_EQ("\xE4\xBD\xA0\xE5\xA5\xBD", to_utf8("\xC4\xE3\xBA\xC3", "gb2312"));                              // 你好
  EXPECT_EQ("\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88", to_utf8("\x83\x65\x83\x58\x83\x67", "Shift_JIS"));     // テスト
  EXPECT_EQ("\xE3\x83\x86\xE3\x82\xB9\xE3\x83\x88", to_utf8("\x1B$B%F%9%H\x1B(B", "iso-2022-jp"));         // テスト
  EXPECT_EQ("\xEC\x95\x88\xEB\x85\x95", to_utf8("\xBE\xC8\xB3\xE7", "ks_c_5601-1987"));                     // 안녕
  EXPECT_EQ("\xCE\xB1", to_utf8("\xE1", "iso-8859-7"));                                                       // α
  EXPECT_EQ("\xD0\xB4", to_utf8("\xE4", "cp1251"));                                                           // д
}

TEST(Charset, GbkCharactersLabelledGb2312) {
  EXPECT_EQ("\xE9\x95\x95", to_utf8("\xE9\x46", "gb2312"));  // 镕 exists only in GBK
}

TEST(Charset, ShiftJisWindowsExtensions) {
  EXPECT_EQ("\xE2\x91\xA0", to_utf8("\x87\x40", "shift_jis"));  // ① (CP932)
}

TEST(Charset, MissingOrAsciiCharsetKeepsUtf8ElseWindows1252) {
  EXPECT_EQ("caf\xC3\xA9", to_utf8("caf\xC3\xA9", ""));
  EXPECT_EQ("caf\xC3\xA9", to_utf8("caf\xE9", ""));
  EXPECT_EQ("caf\xC3\xA9", to_utf8("caf\xC3\xA9", "us-ascii"));
  EXPECT_EQ("caf\xC3\xA9", to_utf8("caf\xE9", "us-ascii"));
}

TEST(Charset, InvalidBytesBecomeReplacementAndAreReported) {
  bool lossy = false;
  EXPECT_EQ("a\xEF\xBF\xBD" "b", to_utf8("a\xFF" "b", "utf-8", &lossy));
  EXPECT_TRUE(lossy);
  lossy = false;
  EXPECT_EQ("ok", to_utf8("ok", "utf-8", &lossy));
  EXPECT_FALSE(lossy);
  lossy = false;
  to_utf8("\x82\xA0\xFF", "shift_jis", &lossy);  // 0xFF is no Shift_JIS lead byte
  EXPECT_TRUE(lossy);
  lossy = false;
  to_utf8("\x1B$B%", "iso-2022-jp", &lossy);  // truncated in the middle of a character
  EXPECT_TRUE(lossy);
}

TEST(Charset, UnknownCharsetFallsBack) {
  bool lossy = false;
  EXPECT_EQ("caf\xC3\xA9", to_utf8("caf\xE9", "x-no-such-charset", &lossy));
  EXPECT_TRUE(lossy);
}

TEST(Charset, ByteOrderMarkIsRemoved) { EXPECT_EQ("x", to_utf8("\xEF\xBB\xBFx", "utf-8")); }

TEST(Charset, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_EQ("a\xEF\xBF\xBD\xEF\xBF\xBD", repair_utf8("a\xC0\xAF"));
}

TEST(Charset, DecodingNames) {
  EXPECT_EQ("GB18030", decoding_charset("GB2312"));
  EXPECT_EQ("CP932", decoding_charset("\"Shift_JIS\""));
  EXPECT_EQ("WINDOWS-1252", decoding_charset("Latin1"));
  EXPECT_EQ("", decoding_charset(""));
}

TEST(Flowed, JoinsSoftBreaksAndKeepsQuotes) {
  EXPECT_EQ("one long paragraph here\nnext\n", decode_flowed("one long \nparagraph here\nnext\n", false));
  EXPECT_EQ("> quoted text continues\n> \nplain\n", decode_flowed("> quoted text \n> continues\n>\nplain\n", false));
  EXPECT_EQ(" From here\n", decode_flowed("  From here\n", false));  // space-stuffed
  EXPECT_EQ("-- \nsig\n", decode_flowed("-- \nsig\n", false));        // separator is never flowed
  EXPECT_EQ("abcdef\n", decode_flowed("abc \ndef\n", true));            // DelSp=yes
}

}  // namespace
}  // namespace helpdesk::mail

namespace helpdesk::mail {
namespace {

TEST(Charset, ImplausibleNamesAreUnknown) {
  bool lossy = false;
  EXPECT_EQ("abc", to_utf8("abc", std::string(200, 'x'), &lossy));
  EXPECT_TRUE(lossy);
  EXPECT_EQ("x-invalid-charset", decoding_charset("utf-8\x01"));
}

}  // namespace
}  // namespace helpdesk::mail
