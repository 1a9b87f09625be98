// SmtpSender against a real SMTP server (aiosmtpd storing into a maildir).
#include <gtest/gtest.h>

#include <memory>

#include "mail_fixtures.hpp"
#include "support/smtp_sink.hpp"
#include "transport/smtp_sender.hpp"

namespace helpdesk::mail {
namespace {

std::string lf(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

std::string body_of(const std::string& message) {
  auto at = message.find("\n\n");
  return at == std::string::npos ? "" : message.substr(at + 2);
}

class SmtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    sink_ = std::make_unique<test::SmtpSink>();
    sink_->start();
  }
  Endpoint smtp() {
    Endpoint e = testing::endpoint("smtp", sink_->port(), "", "", "");
    return e;
  }
  std::unique_ptr<test::SmtpSink> sink_;
};

TEST_F(SmtpTest, DeliversHeadersAndBodyIntactIncludingDotLines) {
  const std::string message =
      "From: Helpdesk <helpdesk@example.com>\r\n"
      "To: requester@example.org\r\n"
      "Subject: [#000042] We got your request\r\n"
      "Message-ID: <notify-42@example.com>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "\r\n"
      "Hello,\r\n"
      ".\r\n"  // alone on a line: would end DATA without dot-stuffing
      ".leading dot\r\n"
      "..two dots\r\n"
      "\r\n"
      "Regards\r\n";
  SmtpSender sender(smtp());
  sender.send("helpdesk@example.com", {"requester@example.org", "cc@example.org"}, message);
  auto received = sink_->messages();
  ASSERT_EQ(received.size(), 1u);
  const std::string& got = received[0];
  EXPECT_EQ(body_of(got), body_of(lf(message)));
  for (const char* header :
       {"From: Helpdesk <helpdesk@example.com>\n", "To: requester@example.org\n",
        "Subject: [#000042] We got your request\n", "Message-ID: <notify-42@example.com>\n",
        "Content-Type: text/plain; charset=utf-8\n"}) {
    EXPECT_NE(got.find(header), std::string::npos) << header << "missing from\n" << got;
  }
  EXPECT_NE(got.find("X-MailFrom: helpdesk@example.com\n"), std::string::npos) << got;
  EXPECT_NE(got.find("X-RcptTo: requester@example.org, cc@example.org\n"), std::string::npos)
      << got;
}

TEST_F(SmtpTest, BareLineFeedsBecomeCrlfAndOneSenderSendsSeveralMessages) {
  SmtpSender sender(smtp());
  sender.send("a@example.com", {"b@example.org"}, "Subject: one\n\nfirst\n.\nstill first\n");
  sender.send("", {"b@example.org"}, "Subject: two\n\nsecond (null sender, like a bounce)");
  auto received = sink_->messages();
  ASSERT_EQ(received.size(), 2u);
  std::string one =
      received[0].find("Subject: one") != std::string::npos ? received[0] : received[1];
  std::string two =
      received[0].find("Subject: two") != std::string::npos ? received[0] : received[1];
  EXPECT_EQ(body_of(one), "first\n.\nstill first\n");
  EXPECT_EQ(body_of(two), "second (null sender, like a bounce)\n");
  EXPECT_NE(two.find("X-MailFrom: <>\n"), std::string::npos) << two;
}

TEST_F(SmtpTest, RelayDownIsTemporaryAndSendingWorksOnceItIsBack) {
  SmtpSender sender(smtp());
  sink_->stop();
  try {
    sender.send("a@example.com", {"b@example.org"}, "Subject: queued\r\n\r\nwait\r\n");
    FAIL() << "send to a stopped relay succeeded";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_TRUE(error.temporary()) << what;
    EXPECT_NE(what.find("SMTP send"), std::string::npos) << what;
    EXPECT_NE(what.find("smtp://127.0.0.1:" + std::to_string(sink_->port())), std::string::npos)
        << what;
  }
  sink_->start();  // same port
  sender.send("a@example.com", {"b@example.org"}, "Subject: queued\r\n\r\nwait\r\n");
  EXPECT_EQ(sink_->messages().size(), 1u);
}

TEST_F(SmtpTest, RefusesAddressesThatCouldInjectCommands) {
  SmtpSender sender(smtp());
  EXPECT_THROW(sender.send("a@example.com", {}, "x"), std::invalid_argument);
  EXPECT_THROW(sender.send("a@example.com", {"b@example.org>\r\nRCPT TO:<c@x"}, "x"),
               std::invalid_argument);
  EXPECT_THROW(sender.send("a@example.com\r\nRSET", {"b@example.org"}, "x"), std::invalid_argument);
  EXPECT_TRUE(sink_->messages().empty());
}

class SmtpAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    test::SmtpSinkOptions options;
    options.users = {{"mailer", "mailer-secret"}};
    options.bearer_tokens = {{"mailer", "mailer-access-token"}};
    sink_ = std::make_unique<test::SmtpSink>(options);
    sink_->start();
  }
  Endpoint smtp(const std::string& password) {
    return testing::endpoint("smtp", sink_->port(), "", "mailer", password);
  }
  void send(const Endpoint& e) {
    SmtpSender(e).send("helpdesk@example.com", {"user@example.org"}, "Subject: auth\r\n\r\nok\r\n");
  }
  std::unique_ptr<test::SmtpSink> sink_;
};

TEST_F(SmtpAuthTest, PasswordLoginSends) {
  send(smtp("mailer-secret"));
  EXPECT_EQ(sink_->messages().size(), 1u);
}

TEST_F(SmtpAuthTest, XOAuth2BearerLoginSends) {
  Endpoint e = smtp("");
  e.oauth2_bearer = "mailer-access-token";
  send(e);
  EXPECT_EQ(sink_->messages().size(), 1u);
}

TEST_F(SmtpAuthTest, WrongPasswordOrBearerIsPermanentAndNeverQuoted) {
  Endpoint wrong_password = smtp("wrong-smtp-password");
  Endpoint wrong_bearer = smtp("");
  wrong_bearer.oauth2_bearer = "stale-smtp-token";
  for (const Endpoint& e : {wrong_password, wrong_bearer}) {
    try {
      send(e);
      FAIL() << "the relay accepted bad credentials";
    } catch (const TransportError& error) {
      std::string what = error.what();
      EXPECT_FALSE(error.temporary()) << what;
      EXPECT_NE(what.find("Login denied"), std::string::npos) << what;
      EXPECT_NE(what.find("server said: 535"), std::string::npos) << what;
      EXPECT_EQ(what.find("wrong-smtp-password"), std::string::npos) << what;
      EXPECT_EQ(what.find("stale-smtp-token"), std::string::npos) << what;
    }
  }
  EXPECT_TRUE(sink_->messages().empty());
}

TEST_F(SmtpAuthTest, NoCredentialsIsRefusedByARelayThatRequiresAuth) {
  try {
    send(smtp(""));
    FAIL() << "sent without AUTH";
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.temporary()) << error.what();  // 530: authentication required
  }
}

}  // namespace
}  // namespace helpdesk::mail
