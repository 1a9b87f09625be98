#include <gtest/gtest.h>

#include "html_to_text.hpp"

namespace helpdesk::mail {
namespace {

TEST(HtmlToText, BlocksAndBreaksBecomeLines) {
  EXPECT_EQ("one\ntwo\nthree", html_to_text("<div>one</div><div>two<br>three</div>"));
  EXPECT_EQ("first\n\nsecond", html_to_text("<p>first</p><p>second</p>"));
}

TEST(HtmlToText, OutlookParagraphsAreLinesNotParagraphs) {
  EXPECT_EQ("Hi,\n\nline two",
            html_to_text("<p class=MsoNormal>Hi,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
                         "<p class=MsoNormal>line two</p>"));
}

TEST(HtmlToText, CollapsesWhitespaceExceptInPre) {
  EXPECT_EQ("a b c", html_to_text("  a \n\t b   c  "));
  EXPECT_EQ("x\n  indented\n    more", html_to_text("<pre>x\n  indented\n    more</pre>"));
}

TEST(HtmlToText, ListsAndBlockquotes) {
  EXPECT_EQ("- a\n- b", html_to_text("<ul><li>a</li><li>b</li></ul>"));
  EXPECT_EQ("mine\n> theirs\n>> older", html_to_text("mine<blockquote>theirs<blockquote>older</blockquote></blockquote>"));
}

TEST(HtmlToText, DecodesEntities) {
  EXPECT_EQ("caf\xC3\xA9 & \xE2\x82\xAC 5 < 6 \xE2\x80\x94 \xF0\x9F\x98\x80", html_to_text("caf&eacute; &amp; &euro; 5 &lt; 6 &mdash; &#x1F600;"));
  EXPECT_EQ("&unknown; stays", html_to_text("&unknown; stays"));
}

TEST(HtmlToText, HidesScriptsStylesAndHead) {
  EXPECT_EQ("body", html_to_text("<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>body</body></html>"));
}

TEST(HtmlToText, LinksShowTheirTargetWhenItIsNotTheText) {
  EXPECT_EQ("see docs <https://example.com/docs>", html_to_text("see <a href=\"https://example.com/docs\">docs</a>"));
  EXPECT_EQ("https://example.com", html_to_text("<a href=\"https://example.com\">https://example.com</a>"));
  EXPECT_EQ("mail me", html_to_text("<a href=\"mailto:a@b.c\">mail me</a>"));
}

TEST(HtmlToText, TableCellsAreSeparated) {
  EXPECT_EQ("a  b\nc  d", html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"));
}

}  // namespace
}  // namespace helpdesk::mail
