#include <gtest/gtest.h>

#include "classify.hpp"
#include "parsed_mail.hpp"
#include "test_support.hpp"

namespace helpdesk::mail {
namespace {

using test::simple_message;

ParsedMail parse_with(const std::string& headers, const std::string& loop = "desk-1") {
  ParseLimits limits;
  limits.loop_header_value = loop;
  return parse_message(simple_message(headers), limits);
}

TEST(Classify, NormalMail) {
  ParsedMail m = parse_with("");
  EXPECT_EQ(MailKind::normal, m.kind);
  EXPECT_EQ("", m.kind_reason);
}

TEST(Classify, AutoSubmittedOtherThanNo) {
  EXPECT_EQ(MailKind::auto_reply, parse_with("Auto-Submitted: auto-generated\r\n").kind);
  EXPECT_EQ("Auto-Submitted: auto-replied", parse_with("Auto-Submitted: auto-replied\r\n").kind_reason);
  EXPECT_EQ(MailKind::normal, parse_with("Auto-Submitted: no\r\n").kind);
  EXPECT_EQ(MailKind::normal, parse_with("Auto-Submitted: No (manual)\r\n").kind);
}

TEST(Classify, AutoReplyHeaders) {
  EXPECT_EQ("X-Autoreply: yes", parse_with("X-Autoreply: yes\r\n").kind_reason);
  EXPECT_EQ("X-Autorespond: vacation", parse_with("X-Autorespond: vacation\r\n").kind_reason);
  for (const char* p : {"bulk", "junk", "list", "Bulk"})
    EXPECT_EQ(MailKind::auto_reply, parse_with(std::string("Precedence: ") + p + "\r\n").kind) << p;
  EXPECT_EQ(MailKind::normal, parse_with("Precedence: first-class\r\n").kind);
}

TEST(Classify, ExchangeAutoResponseSuppress) {
  EXPECT_EQ(MailKind::auto_reply, parse_with("X-Auto-Response-Suppress: All\r\n").kind);
  EXPECT_EQ(MailKind::auto_reply, parse_with("X-Auto-Response-Suppress: DR, OOF, AutoReply\r\n").kind);
  // Outlook also sets it on meeting replies with only DR/RN/NRN: that is a person writing.
  EXPECT_EQ(MailKind::normal, parse_with("X-Auto-Response-Suppress: DR, RN, NRN\r\n").kind);
}

TEST(Classify, OwnLoopHeader) {
  ParsedMail m = parse_with("X-Helpdesk-Loop: desk-1\r\nPrecedence: bulk\r\n");
  EXPECT_EQ(MailKind::own_notification, m.kind);  // ours wins over the other signs
  EXPECT_EQ("X-Helpdesk-Loop: desk-1", m.kind_reason);
  EXPECT_EQ(MailKind::auto_reply, parse_with("X-Helpdesk-Loop: desk-2\r\n").kind);
  // Without a configured instance id any loop header counts as ours.
  EXPECT_EQ(MailKind::own_notification, parse_with("X-Helpdesk-Loop: whatever\r\n", "").kind);
}

TEST(Classify, Bounces) {
  ParsedMail daemon = parse_message(
      "From: MAILER-DAEMON\r\nTo: a@b.c\r\nSubject: Undeliverable\r\n\r\nreturned\r\n");
  EXPECT_EQ(MailKind::bounce, daemon.kind);
  EXPECT_EQ("mailer-daemon", daemon.from.email);
  EXPECT_EQ(MailKind::bounce, parse_with("X-Failed-Recipients: x@y.z\r\n").kind);
  ParsedMail report = parse_message(simple_message(
      "Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n",
      "--R\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
      "Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; A@B.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
      "--R--\r\n"));
  EXPECT_EQ(MailKind::bounce, report.kind);
  ASSERT_TRUE(report.bounce.has_value());
  EXPECT_EQ(std::vector<std::string>{"a@b.example"}, report.bounce->recipients);
  EXPECT_EQ("5.1.1", report.bounce->status);
  EXPECT_EQ("failed", report.bounce->action);
}

TEST(Classify, DirectInput) {
  std::map<std::string, std::string> headers;
  ClassifyInput in;
  in.headers = &headers;
  in.from_email = "postmaster@x.example";
  EXPECT_EQ(MailKind::normal, classify(in).kind);  // a postmaster may be a person
  in.content_type = "multipart/report";
  in.report_type = "delivery-status";
  EXPECT_EQ(MailKind::bounce, classify(in).kind);
}

TEST(Classify, DeliveryStatusParsing) {
  BounceInfo info;
  parse_delivery_status(
      "Reporting-MTA: dns; mx\n\nOriginal-Recipient: rfc822;first@x.org\nFinal-Recipient: rfc822; <First@X.org>\n"
      "Action: failed\nStatus: 5.2.2 (mailbox full)\n\nFinal-Recipient: rfc822; second@x.org\nAction: delayed\n"
      "Status: 4.4.1\n",
      info);
  EXPECT_EQ((std::vector<std::string>{"first@x.org", "second@x.org"}), info.recipients);
  EXPECT_EQ("failed", info.action);
  EXPECT_EQ("5.2.2", info.status);
}

}  // namespace
}  // namespace helpdesk::mail
