#include <gtest/gtest.h>

#include "html_sanitizer.hpp"

namespace helpdesk::mail {
namespace {

TEST(HtmlSanitizer, KeepsFormattingTagsAndSafeAttributes) {
  EXPECT_EQ("<p align=\"center\"><b>bold</b> <i>it</i></p>", sanitize_html("<P ALIGN=center><B>bold</B> <i>it</i></P>"));
  EXPECT_EQ("<table border=\"1\"><tr><td colspan=\"2\">x</td></tr></table>",
            sanitize_html("<table border=1 class=x id=y><tr><td colspan=2>x</td></tr></table>"));
}

TEST(HtmlSanitizer, DropsScriptStyleAndTheirContent) {
  EXPECT_EQ("ab", sanitize_html("a<script>document.write('<b>x</b>')</script>b"));
  EXPECT_EQ("ab", sanitize_html("a<style>p{color:red}</style>b"));
  EXPECT_EQ("ab", sanitize_html("a<SCRIPT type=text/javascript>x</SCRIPT >b"));
  EXPECT_EQ("ab", sanitize_html("a<iframe src=x>inner</iframe>b<!-- comment <script>x</script> -->"));
  // An unclosed script swallows the rest rather than letting any of it through.
  EXPECT_EQ("a", sanitize_html("a<script>alert(1)<b>x</b>"));
}

TEST(HtmlSanitizer, DropsEventHandlersAndUnknownAttributes) {
  EXPECT_EQ("<div>x</div>", sanitize_html("<div onclick=\"evil()\" onmouseover=evil() data-x=1 id=a class=b>x</div>"));
  EXPECT_EQ("<img alt=\"a\">", sanitize_html("<img src=x onerror=alert(1) alt=a>"));
}

TEST(HtmlSanitizer, OnlySafeLinkSchemes) {
  EXPECT_EQ("<a>x</a>", sanitize_html("<a href=\"javascript:alert(1)\">x</a>"));
  EXPECT_EQ("<a>x</a>", sanitize_html("<a href=\"&#106;avascript:alert(1)\">x</a>"));  // entity-encoded
  EXPECT_EQ("<a>x</a>", sanitize_html("<a href=\"java\tscript:alert(1)\">x</a>"));      // whitespace inside
  EXPECT_EQ("<a>x</a>", sanitize_html("<a href=\"data:text/html,<script>x</script>\">x</a>"));
  EXPECT_EQ("<a>x</a>", sanitize_html("<a href=\"/relative/path\">x</a>"));
  EXPECT_EQ("<a href=\"mailto:a@b.c\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">x</a>",
            sanitize_html("<a href=\"mailto:a@b.c\" target=\"_self\">x</a>"));
  EXPECT_TRUE(is_safe_link_url("HTTPS://example.com/"));
  EXPECT_FALSE(is_safe_link_url("vbscript:msgbox"));
}

TEST(HtmlSanitizer, ImagesKeepCidHttpAndRasterDataOnly) {
  EXPECT_EQ("<img src=\"cid:part1.abc@x\">", sanitize_html("<img src=\"cid:part1.abc@x\">"));
  EXPECT_TRUE(is_safe_image_url("data:image/png;base64,iVBORw0KGgo="));
  EXPECT_FALSE(is_safe_image_url("data:image/svg+xml;base64,PHN2Zz4="));
  EXPECT_FALSE(is_safe_image_url("javascript:alert(1)"));
  EXPECT_FALSE(is_safe_image_url("file:///etc/passwd"));
}

TEST(HtmlSanitizer, StyleWithScriptOrResourcesIsDropped) {
  EXPECT_EQ("<span style=\"color: red; font-weight: bold\">x</span>",
            sanitize_html("<span style=\"color: red; font-weight: bold\">x</span>"));
  EXPECT_FALSE(is_safe_style("width: expression(alert(1))"));
  EXPECT_FALSE(is_safe_style("background: URL(https://tracker.example/p.gif)"));
  EXPECT_FALSE(is_safe_style("position : fixed; top: 0"));
  EXPECT_FALSE(is_safe_style("x: e\\78pression(1)"));
  EXPECT_FALSE(is_safe_style("wid/**/th: expr/**/ession(1)"));
}

TEST(HtmlSanitizer, BalancesTagsAndDropsStrayEndTags) {
  EXPECT_EQ("<div><b>open</b></div>", sanitize_html("<div><b>open"));
  EXPECT_EQ("text", sanitize_html("</div></div>text</td>"));
  EXPECT_EQ("<div><span>a</span></div>b", sanitize_html("<div><span>a</div>b</span>"));
}

TEST(HtmlSanitizer, TextIsEscapedAndEntitiesNormalised) {
  EXPECT_EQ("1 &lt; 2 &amp;&amp; 3 &gt; 2 \xC2\xA0&lt;b&gt;", sanitize_html("1 < 2 && 3 > 2 &nbsp;&lt;b&gt;"));
  EXPECT_EQ("<p title=\"&quot;&gt;&lt;script&gt;\">x</p>", sanitize_html("<p title='\"><script>'>x</p>"));
}

TEST(HtmlSanitizer, DropsFormsButKeepsTheirText) {
  EXPECT_EQ("Name: ", sanitize_html("<form action=x>Name: <input name=n><button>Go</button></form>"));
}

TEST(HtmlSanitizer, StripQuotesRemovesGmailAppleAndOutlookHistory) {
  SanitizeOptions strip{.strip_quotes = true};
  EXPECT_EQ("<div>new</div>", sanitize_html("<div>new</div><div class=\"gmail_quote\"><div>old <div>deep</div></div></div>", strip));
  EXPECT_EQ("<div>new</div>", sanitize_html("<div>new</div><blockquote type=\"cite\">old</blockquote>", strip));
  EXPECT_EQ("<div>new</div>",
            sanitize_html("<div class=moz-cite-prefix>On x wrote:</div><div>new</div><div class=\"moz-signature\">-- sig</div>", strip));
  EXPECT_EQ("<div>new</div>", sanitize_html("<div>new</div><div id=\"divRplyFwdMsg\">From: x</div><p>old</p>", strip));
  // Without the option nothing is removed (only the class attribute).
  EXPECT_EQ("<div>new</div><div>old</div>", sanitize_html("<div>new</div><div class=\"gmail_quote\">old</div>"));
  // A plain blockquote without type=cite is content, not history.
  EXPECT_EQ("<blockquote>keep</blockquote>", sanitize_html("<blockquote>keep</blockquote>", strip));
}

TEST(HtmlSanitizer, SurvivesBrokenMarkup) {
  EXPECT_EQ("a &lt; b", sanitize_html("a < b"));
  EXPECT_EQ("x", sanitize_html("x<b"));
  EXPECT_EQ("", sanitize_html("<!-- never closed"));
  EXPECT_EQ("", sanitize_html("<p title=\"unterminated>x"));
}

}  // namespace
}  // namespace helpdesk::mail

namespace helpdesk::mail {
namespace {

TEST(HtmlSanitizer, HostileNestingStaysBounded) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<span>";
  for (int i = 0; i < 20000; ++i) html += "</i>";
  std::string out = sanitize_html(html);
  // Only the first 256 levels are kept, and all of them are closed again.
  EXPECT_EQ(256u * (std::string("<span>").size() + std::string("</span>").size()), out.size());
}

}  // namespace
}  // namespace helpdesk::mail
