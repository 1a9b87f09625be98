// TLS for every protocol, verified against a CA generated for the test: implicit TLS (imaps,
// pop3s, smtps), STARTTLS on the plain ports, and refusal of a server the CA did not sign.
#include <gtest/gtest.h>

#include <memory>

#include "mail_fixtures.hpp"
#include "support/certificates.hpp"
#include "support/smtp_sink.hpp"
#include "transport/imap_mailbox.hpp"
#include "transport/pop3_mailbox.hpp"
#include "transport/smtp_sender.hpp"

namespace helpdesk::mail {
namespace {

using testing::sample_message;

class TlsTest : public testing::DovecotTest {
 protected:
  void SetUp() override {
    if (auto reason = test::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    certs_ = test::TestCertificates::generate(cert_dir_.path());
    test::DovecotOptions options;
    options.tls_cert_file = certs_.cert_file;
    options.tls_key_file = certs_.key_file;
    start_dovecot(options);
    dovecot().deliver("alice", sample_message("secure"));
  }
  Endpoint with_ca(Endpoint e) {
    e.ca_file = certs_.ca_file;
    return e;
  }
  test::TempDir cert_dir_{"helpdesk-certs"};
  test::TestCertificates certs_;
};

TEST_F(TlsTest, ImapsVerifiesTheServerAgainstTheCaFile) {
  ImapMailbox box(with_ca(testing::endpoint("imaps", dovecot().imaps_port(), "INBOX")));
  auto uids = box.uids();
  ASSERT_EQ(uids.size(), 1u) << log();
  EXPECT_NE(box.fetch(uids[0]).find("Subject: secure"), std::string::npos);
}

TEST_F(TlsTest, ImapStarttlsUpgradesThePlainPort) {
  Endpoint e = with_ca(imap());
  e.starttls = true;
  ImapMailbox box(e);
  EXPECT_EQ(box.uids().size(), 1u) << log();
}

TEST_F(TlsTest, Pop3sAndPop3Starttls) {
  Pop3Mailbox implicit(with_ca(testing::endpoint("pop3s", dovecot().pop3s_port())));
  EXPECT_EQ(implicit.list().size(), 1u) << log();
  implicit.close();
  Endpoint e = with_ca(pop3());
  e.starttls = true;
  Pop3Mailbox upgraded(e);
  EXPECT_EQ(upgraded.list().size(), 1u) << log();
}

TEST_F(TlsTest, AServerTheCaDidNotSignIsRefusedPermanently) {
  Endpoint e = testing::endpoint("imaps", dovecot().imaps_port(), "INBOX");
  e.ca_file = certs_.other_ca_file;
  ImapMailbox box(e);
  try {
    box.uids();
    FAIL() << "connected to a server signed by an untrusted CA";
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.temporary()) << error.what();
    EXPECT_NE(std::string(error.what()).find("imaps://127.0.0.1"), std::string::npos)
        << error.what();
  }
}

TEST_F(TlsTest, VerificationCanBeTurnedOffForALab) {
  Endpoint e = testing::endpoint("imaps", dovecot().imaps_port(), "INBOX");
  e.verify_tls = false;  // no CA file: only works because checks are off
  ImapMailbox box(e);
  EXPECT_EQ(box.uids().size(), 1u);
}

class SmtpTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    certs_ = test::TestCertificates::generate(cert_dir_.path());
  }
  void expect_delivered(test::SmtpSink& sink, Endpoint e) {
    e.ca_file = certs_.ca_file;
    SmtpSender sender(e);
    sender.send("helpdesk@example.com", {"user@example.org"}, "Subject: tls\r\n\r\nprivate\r\n");
    auto got = sink.messages();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NE(got[0].find("private"), std::string::npos);
  }
  test::TempDir cert_dir_{"helpdesk-certs"};
  test::TestCertificates certs_;
};

TEST_F(SmtpTlsTest, StarttlsRequiredByTheRelay) {
  test::SmtpSinkOptions options;
  options.starttls_cert_file = certs_.cert_file;
  options.starttls_key_file = certs_.key_file;
  test::SmtpSink sink(options);
  sink.start();
  Endpoint e = testing::endpoint("smtp", sink.port(), "", "", "");
  e.starttls = true;
  expect_delivered(sink, e);
}

TEST_F(SmtpTlsTest, PlainSendToARelayThatRequiresStarttlsIsAPermanentError) {
  test::SmtpSinkOptions options;
  options.starttls_cert_file = certs_.cert_file;
  options.starttls_key_file = certs_.key_file;
  test::SmtpSink sink(options);
  sink.start();
  SmtpSender sender(testing::endpoint("smtp", sink.port(), "", "", ""));
  try {
    sender.send("helpdesk@example.com", {"user@example.org"}, "Subject: x\r\n\r\ny\r\n");
    FAIL() << "the relay accepted mail without STARTTLS";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_FALSE(error.temporary()) << what;
    EXPECT_NE(what.find("server said: 530"), std::string::npos) << what;
  }
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SmtpTlsTest, ImplicitTlsSmtps) {
  test::SmtpSinkOptions options;
  options.smtps_cert_file = certs_.cert_file;
  options.smtps_key_file = certs_.key_file;
  test::SmtpSink sink(options);
  sink.start();
  expect_delivered(sink, testing::endpoint("smtps", sink.port(), "", "", ""));
}

}  // namespace
}  // namespace helpdesk::mail
