#include <gtest/gtest.h>

#include "reply_trim.hpp"

namespace helpdesk::mail {
namespace {

TEST(ReplyTrim, OnWroteAttributionAndQuote) {
  TrimmedReply r = trim_reply("Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Ann <ann@x.org> wrote:\n> old\n> text\n");
  EXPECT_EQ("Thanks!", r.text);
  EXPECT_TRUE(r.trimmed);
}

TEST(ReplyTrim, AttributionWrappedOverTwoLines) {
  EXPECT_EQ("Done.", trim_reply("Done.\n\nOn Tue, Nov 24, 2026 at 9:05 AM Helpdesk <support@helpdesk.example.org\n> wrote:\n\n> hi\n").text);
}

TEST(ReplyTrim, TranslatedAttributions) {
  EXPECT_EQ("Danke", trim_reply("Danke\n\nAm 24.11.2026 um 10:00 schrieb Anna Schmidt <a@s.de>:\n> alt\n").text);
  EXPECT_EQ("Merci", trim_reply("Merci\n\nLe mar. 24 nov. 2026 à 10:00, Paul <p@x.fr> a écrit :\n> ancien\n").text);
  EXPECT_EQ("Gracias", trim_reply("Gracias\n\nEl mar, 24 nov 2026 a las 10:00, Ana (<a@x.es>) escribió:\n> viejo\n").text);
}

TEST(ReplyTrim, OutlookOriginalMessageSeparator) {
  EXPECT_EQ("Yes please.", trim_reply("Yes please.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Ann\n\nold\n").text);
  EXPECT_EQ("Ja.", trim_reply("Ja.\n\n-----Ursprüngliche Nachricht-----\nVon: Bob\n").text);
}

TEST(ReplyTrim, OutlookHeaderBlockWithUnderscoreRule) {
  std::string text =
      "Works now.\n\nRobert\n\n________________________________\nFrom: Support <s@x.org>\nSent: Monday, November 23, 2026 4:02 PM\n"
      "To: Robert\nSubject: VPN\n\nDear Robert,\n";
  EXPECT_EQ("Works now.\n\nRobert", trim_reply(text).text);
  // Gmail's plain text of an Outlook quote keeps the bold markers.
  EXPECT_EQ("ok", trim_reply("ok\n\n*From:* Bob\n*Sent:* Monday\n*To:* Ann\n*Subject:* x\n").text);
}

TEST(ReplyTrim, FromLineAloneIsNotAQuote) {
  std::string text = "From: my laptop the VPN fails.\nTo reproduce: connect twice.";
  EXPECT_EQ(text, trim_reply(text).text);
  EXPECT_FALSE(trim_reply(text).trimmed);
}

TEST(ReplyTrim, TrailingQuoteBlockWithoutAttribution) {
  EXPECT_EQ("answer", trim_reply("answer\n\n> question\n>\n> more\n\n").text);
}

TEST(ReplyTrim, InterleavedRepliesAreKept) {
  std::string text = "> Is it on?\nYes.\n> Which version?\n3.2";
  EXPECT_EQ(text, trim_reply(text).text);
}

TEST(ReplyTrim, SignatureSeparator) {
  EXPECT_EQ("Body", trim_reply("Body\n\n-- \nJane Doe\nACME").text);
  EXPECT_EQ("Body", trim_reply("Body\n--\nJane").text);
  // "--" inside a line or "---" is not a separator.
  EXPECT_EQ("a -- b\n---\nc", trim_reply("a -- b\n---\nc").text);
}

TEST(ReplyTrim, MobileFooters) {
  EXPECT_EQ("On my way.", trim_reply("On my way.\n\nSent from my iPhone").text);
  EXPECT_EQ("Ok", trim_reply("Ok\n\nGet Outlook for Android\n").text);
}

TEST(ReplyTrim, NothingNewKeepsEverything) {
  std::string text = "On Mon, Ann wrote:\n> only a quote";
  TrimmedReply r = trim_reply(text);
  EXPECT_EQ(text, r.text);
  EXPECT_FALSE(r.trimmed);
}

TEST(ReplyTrim, PlainTextUntouched) {
  TrimmedReply r = trim_reply("Hello,\n\nthe printer is broken.\n\n");
  EXPECT_EQ("Hello,\n\nthe printer is broken.", r.text);
  EXPECT_FALSE(r.trimmed);
}

TEST(ReplyTrim, CrlfInput) {
  EXPECT_EQ("Fine", trim_reply("Fine\r\n\r\nOn Monday, Bob wrote:\r\n> x\r\n").text);
}

}  // namespace
}  // namespace helpdesk::mail
