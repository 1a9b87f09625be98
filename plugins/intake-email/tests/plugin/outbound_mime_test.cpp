// Outgoing messages: what we build parses back (through our own MIME parser) to what we meant,
// encodes non-ASCII properly, carries the loop headers, and lets no value inject a header.
#include "outbound_mime.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "parsed_mail.hpp"

using namespace intake_email;

namespace {

OutgoingMail sample() {
  OutgoingMail m;
  m.from = {"Customer Support", "support@example.com"};
  m.to = {"Rita Meyer", "rita@example.org"};
  m.subject = "[#000042] Re: Printer on floor 3";
  m.message_id = "000042.7.abcdef.0123456789abcdef@help.example.com";
  m.in_reply_to = "CAF00@mail.example.org";
  m.references = {"CAF00@mail.example.org"};
  m.loop_id = "helpdesk-1";
  m.date = 1795046400;  // 2026-11-19T00:00:00Z
  m.body = "Hello Rita,\n\nplease try again.\n";
  return m;
}

std::vector<std::string> header_lines(const std::string& raw) {
  std::vector<std::string> out;
  std::istringstream in(raw.substr(0, raw.find("\r\n\r\n")));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(OutboundMime, ParsesBackToWhatWeMeant) {
  const auto raw = build_message(sample());
  const auto p = helpdesk::mail::parse_message(raw);
  EXPECT_EQ(p.from.email, "support@example.com");
  EXPECT_EQ(p.from.name, "Customer Support");
  ASSERT_TRUE(p.reply_to);
  EXPECT_EQ(p.reply_to->email, "support@example.com");
  ASSERT_EQ(p.to.size(), 1u);
  EXPECT_EQ(p.to[0].email, "rita@example.org");
  EXPECT_EQ(p.subject, "[#000042] Re: Printer on floor 3");
  EXPECT_EQ(p.message_id, sample().message_id);
  EXPECT_EQ(p.in_reply_to, std::vector<std::string>{"CAF00@mail.example.org"});
  EXPECT_EQ(p.references, std::vector<std::string>{"CAF00@mail.example.org"});
  EXPECT_EQ(p.date, 1795046400);
  EXPECT_EQ(p.text_body, "Hello Rita,\n\nplease try again.") << "(the parser trims the final line break)";
  EXPECT_EQ(p.headers.at("auto-submitted"), "auto-generated");
  EXPECT_EQ(p.headers.at("x-helpdesk-loop"), "helpdesk-1");
  EXPECT_EQ(p.headers.at("mime-version"), "1.0");
  EXPECT_NE(raw.find("Date: Thu, 19 Nov 2026 00:00:00 +0000\r\n"), std::string::npos) << raw;
}

TEST(OutboundMime, OurOwnMailIsRecognisedByIntakeAsOurs) {
  auto m = sample();
  m.auto_reply = true;
  helpdesk::mail::ParseLimits limits;
  limits.loop_header_value = "helpdesk-1";
  const auto p = helpdesk::mail::parse_message(build_message(m), limits);
  EXPECT_EQ(p.headers.at("auto-submitted"), "auto-replied");
  EXPECT_EQ(p.kind, helpdesk::mail::MailKind::own_notification) << p.kind_reason;
}

TEST(OutboundMime, NonAsciiSubjectNamesAndBodyRoundTrip) {
  auto m = sample();
  m.subject = "[#000042] Drucker im 3. Stock – Störung 打印机 " + std::string(60, 'x') + " ünd mehr";
  m.from.name = "Kundendienst Müller, \"Team\"";
  m.to.name = "José Ñúñez";
  m.body = "Grüße,\nline with = sign and trailing space \n" + std::string(200, 'a') + "é\n.\nend";
  m.subject += " " + std::string(100, 'y');  // one word longer than a line: it is split
  const auto raw = build_message(m);
  for (const auto& line : header_lines(raw)) EXPECT_LE(line.size(), 998u);
  for (unsigned char c : raw) ASSERT_LT(c, 0x80) << "the message must be 7-bit clean";
  std::istringstream lines(raw);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 77u) << line;  // 76 + CR
  const auto p = helpdesk::mail::parse_message(raw);
  EXPECT_EQ(p.subject, m.subject);
  EXPECT_EQ(p.from.name, m.from.name);
  EXPECT_EQ(p.to.at(0).name, m.to.name);
  EXPECT_EQ(p.text_body, m.body);
}

TEST(OutboundMime, LineBreaksInValuesCannotInjectHeaders) {
  auto m = sample();
  m.subject = "Hi\r\nBcc: victim@evil.test\r\n\r\nfake body";
  m.to.name = "Eve\r\nCc: other@evil.test";
  m.from.name = "Support\nX-Injected: 1";
  m.loop_id = "id\r\nX-Injected: 2";
  const auto raw = build_message(m);
  for (const auto& line : header_lines(raw)) {
    EXPECT_NE(line.rfind("Bcc:", 0), 0u) << raw;
    EXPECT_NE(line.rfind("Cc:", 0), 0u) << raw;
    EXPECT_NE(line.rfind("X-Injected:", 0), 0u) << raw;
  }
  const auto p = helpdesk::mail::parse_message(raw);
  EXPECT_TRUE(p.cc.empty());
  EXPECT_EQ(p.subject, "Hi Bcc: victim@evil.test fake body");
  EXPECT_EQ(p.to.size(), 1u);
}

TEST(OutboundMime, UnusableAddressesAndIdsAreRefusedByName) {
  auto bad_to = sample();
  bad_to.to.email = "rita@example.org\r\nBcc: x@evil.test";
  try {
    build_message(bad_to);
    ADD_FAILURE() << "must refuse";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("To: ", 0), 0u) << e.what();
  }
  auto bad_from = sample();
  bad_from.from.email = "";
  EXPECT_THROW(build_message(bad_from), std::invalid_argument);
  auto bad_ref = sample();
  bad_ref.references = {"a@b> <c@d"};
  EXPECT_THROW(build_message(bad_ref), std::invalid_argument);
}

TEST(OutboundMime, EncodersFollowTheRfcs) {
  EXPECT_EQ(encode_words("plain ascii"), "plain ascii");
  EXPECT_EQ(encode_words("é"), "=?utf-8?Q?=C3=A9?=");
  EXPECT_EQ(encode_words("a b_c?", 0), "a b_c?") << "ASCII stays as written";
  EXPECT_EQ(encode_words("Grüße an Sie"), "=?utf-8?Q?Gr=C3=BC=C3=9Fe_an_Sie?=");
  const std::string long_ascii =
      "word " + std::string(30, 'a') + " " + std::string(30, 'b') + " " + std::string(30, 'c');
  EXPECT_EQ(encode_words(long_ascii, 9),
            "word " + std::string(30, 'a') + " " + std::string(30, 'b') + "\r\n " + std::string(30, 'c'));
  EXPECT_EQ(quoted_printable("a=b\n"), "a=3Db\r\n");
  EXPECT_EQ(quoted_printable("tail \n"), "tail=20\r\n");
  EXPECT_EQ(quoted_printable("é"), "=C3=A9\r\n");
  EXPECT_EQ(header_text(" a\r\n\tb  c "), "a b c");
  EXPECT_EQ(format_mailbox({"", "a@example.com"}), "a@example.com");
  EXPECT_EQ(format_mailbox({"A \"B\"", "a@example.com"}), "\"A \\\"B\\\"\" <a@example.com>");
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
}

}  // namespace
