// parse_message as a whole: envelope fields, body selection, quarantine reasons, thread safety.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "fuzz_entry.hpp"
#include "parsed_mail.hpp"
#include "test_support.hpp"

namespace helpdesk::mail {
namespace {

using test::expect_parse_error;
using test::simple_message;

TEST(ParseMessage, EnvelopeFields) {
  ParsedMail m = parse_message(
      "From: \"Doe, Jane\" <Jane.Doe@Example.COM>\r\n"
      "Reply-To: replies@example.com\r\n"
      "To: Team: a@x.org, B <b@x.org>;, c@x.org\r\n"
      "Cc: undisclosed-recipients:;\r\n"
      "Subject:   Hello\r\n\tfolded   world  \r\n"
      "Message-ID: <id-1@example.com>\r\n"
      "In-Reply-To: <p@x> <q@x>\r\n"
      "References: <r1@x> <r2@x>\r\n <r1@x> <r3@x>\r\n"
      "Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n"
      "X-Custom: =?utf-8?q?caf=C3=A9?=\r\n"
      "X-Custom: second\r\n"
      "\r\nbody\r\n");
  EXPECT_EQ("jane.doe@example.com", m.from.email);
  EXPECT_EQ("Doe, Jane", m.from.name);
  ASSERT_TRUE(m.reply_to.has_value());
  EXPECT_EQ("replies@example.com", m.reply_to->email);
  ASSERT_EQ(3u, m.to.size());
  EXPECT_EQ("b@x.org", m.to[1].email);
  EXPECT_EQ("B", m.to[1].name);
  EXPECT_TRUE(m.cc.empty());
  EXPECT_EQ("Hello folded world", m.subject);
  EXPECT_EQ("id-1@example.com", m.message_id);
  EXPECT_EQ((std::vector<std::string>{"p@x", "q@x"}), m.in_reply_to);
  EXPECT_EQ((std::vector<std::string>{"r1@x", "r2@x", "r3@x"}), m.references);
  EXPECT_EQ(1795608000, m.date);
  EXPECT_EQ("café", m.headers.at("x-custom"));  // first occurrence, decoded
  EXPECT_EQ("body", m.text_body);
  EXPECT_EQ("", m.html_body);
}

TEST(ParseMessage, MissingOrBrokenOptionalHeaders) {
  ParsedMail m = parse_message("From: a@b.c\r\nDate: not a date\r\nIn-Reply-To: bare-id@host\r\n\r\nx");
  EXPECT_EQ(0, m.date);
  EXPECT_EQ("", m.message_id);
  EXPECT_EQ("", m.subject);
  EXPECT_EQ(std::vector<std::string>{"bare-id@host"}, m.in_reply_to);
  EXPECT_FALSE(m.reply_to.has_value());
}

TEST(ParseMessage, QuarantineReasons) {
  expect_parse_error("", "empty message");
  expect_parse_error("\r\n\r\n", "empty message");
  expect_parse_error("just words\r\nno headers\r\n", "no header section: the message starts with \"just words");
  using namespace std::string_literals;
  expect_parse_error("From: a@b.c\r\nSub\0ject: x\r\n\r\n"s, "NUL byte in the header section at offset 16");
  expect_parse_error("From: a@b.c\r\nSubject: \x01\r\n\r\n", "control byte");
  expect_parse_error("Subject: x\r\n\r\nbody", "no From header");
  expect_parse_error("From: Nobody\r\n\r\nbody", "From header has no usable address: \"Nobody\"");
  expect_parse_error("From: <>\r\n\r\nbody", "From header has no usable address");
}

TEST(ParseMessage, AlternativePrefersPlainForTextAndKeepsHtml) {
  ParsedMail m = parse_message(simple_message(
      "Content-Type: multipart/alternative; boundary=A\r\n",
      "--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain version\r\n"
      "--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html <b>version</b></p>\r\n"
      "--A\r\nContent-Type: text/watch-html\r\n\r\n<b>watch</b>\r\n--A--\r\n"));
  EXPECT_EQ("plain version", m.text_body);
  EXPECT_EQ("<p>html <b>version</b></p>", m.html_body);
  EXPECT_TRUE(m.attachments.empty());  // the unused alternative is not an attachment
}

TEST(ParseMessage, HtmlOnlyDerivesText) {
  ParsedMail m = parse_message(simple_message("Content-Type: text/html; charset=iso-8859-1\r\n",
                                              "<p>Gr\xFC\xDF" "e</p><p>zweiter&nbsp;Absatz</p>"));
  EXPECT_EQ("Grüße\n\nzweiter Absatz", m.text_body);
  EXPECT_EQ("<p>Grüße</p><p>zweiter\xC2\xA0" "Absatz</p>", m.html_body);
}

TEST(ParseMessage, HtmlCharsetFromMetaWhenHeaderHasNone) {
  ParsedMail m = parse_message(simple_message(
      "Content-Type: text/html\r\n", "<html><head><meta charset=\"koi8-r\"></head><body>\xF0\xD2\xC9\xD7\xC5\xD4</body></html>"));
  EXPECT_EQ("Привет", m.text_body);
}

TEST(ParseMessage, UnencodedUtf8HeadersAreRead) {
  ParsedMail m = parse_message("From: Zoë <zoe@example.com>\r\nSubject: Überweisung\r\n\r\nx");
  EXPECT_EQ("Zoë", m.from.name);
  EXPECT_EQ("Überweisung", m.subject);
}

TEST(ParseMessage, FuzzEntrySwallowsQuarantineErrors) {
  const std::string junk = "\x00\x01garbage";
  EXPECT_EQ(0, mail_fuzz_one(reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size()));
  EXPECT_EQ(0, mail_fuzz_one(nullptr, 0));
}

TEST(ParseMessage, ConcurrentParsesAgree) {
  std::string raw = simple_message(
      "Content-Type: multipart/mixed; boundary=M\r\n",
      "--M\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n\r\n\x1B$B%F%9%H\x1B(B\r\n"
      "--M\r\nContent-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--M--\r\n");
  ParsedMail reference = parse_message(raw);
  ASSERT_EQ("テスト", reference.text_body);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        ParsedMail m = parse_message(raw);
        if (m.text_body != reference.text_body || m.attachments.size() != 1 || m.attachments[0].data != reference.attachments[0].data)
          ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(0, mismatches.load());
}

}  // namespace
}  // namespace helpdesk::mail

namespace helpdesk::mail {
namespace {

TEST(ParseMessage, AttachmentNamesFromEncodedWordsAndInlineImages) {
  ParsedMail m = parse_message(test::simple_message(
      "Content-Type: multipart/mixed; boundary=M\r\n",
      "--M\r\nContent-Type: text/plain\r\n\r\nsee files\r\n"
      // Outlook puts RFC 2047 words inside the quoted name, which RFC 2047 forbids but everyone reads.
      "--M\r\nContent-Type: application/pdf; name=\"=?utf-8?B?UmVjaG51bmcgTcOkcnoucGRm?=\"\r\n"
      "Content-Disposition: attachment; filename=\"=?utf-8?B?UmVjaG51bmcgTcOkcnoucGRm?=\"\r\n\r\n%PDF\r\n"
      "--M\r\nContent-Type: image/jpeg\r\nContent-Disposition: inline\r\nContent-ID: <photo@x>\r\n\r\nJFIF\r\n"
      "--M\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: inline; filename=notes.txt\r\n"
      "Content-ID: <not-inline@x>\r\n\r\nnotes\r\n--M--\r\n"));
  EXPECT_EQ("see files", m.text_body);
  ASSERT_EQ(3u, m.attachments.size());
  EXPECT_EQ("Rechnung März.pdf", m.attachments[0].filename);
  EXPECT_FALSE(m.attachments[0].inline_part);
  EXPECT_EQ("attachment-2.jpg", m.attachments[1].filename);
  EXPECT_TRUE(m.attachments[1].inline_part);
  EXPECT_EQ("photo@x", m.attachments[1].content_id);
  // A named text part is a file, not body text; not an image, so not shown inline.
  EXPECT_EQ("notes.txt", m.attachments[2].filename);
  EXPECT_FALSE(m.attachments[2].inline_part);
  EXPECT_EQ("", m.attachments[2].content_id);
}

}  // namespace
}  // namespace helpdesk::mail
