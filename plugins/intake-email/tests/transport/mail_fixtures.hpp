#pragma once
// Shared pieces of the transport tests: sample messages and endpoints for the test peers.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/dovecot_server.hpp"
#include "support/peers.hpp"
#include "transport/endpoint.hpp"

namespace helpdesk::mail::testing {

// A small RFC 5322 message with CRLF line endings.
inline std::string sample_message(const std::string& subject,
                                  const std::string& body = "Hello.\r\n") {
  return "From: Requester <requester@example.org>\r\n"
         "To: support@example.com\r\n"
         "Subject: " +
         subject +
         "\r\n"
         "Message-ID: <" +
         subject +
         "@example.org>\r\n"
         "\r\n" +
         body;
}

inline Endpoint endpoint(const std::string& scheme, int port, const std::string& path = "",
                         const std::string& user = "alice",
                         const std::string& password = "alice-secret") {
  Endpoint e;
  e.url = scheme + "://127.0.0.1:" + std::to_string(port) + "/" + path;
  e.username = user;
  e.password = password;
  e.connect_timeout_seconds = 5;
  e.timeout_seconds = 20;
  return e;
}

// Starts a Dovecot for each test; skips (naming why) where it cannot run.
class DovecotTest : public ::testing::Test {
 protected:
  void SetUp() override { start_dovecot({}); }
  void start_dovecot(test::DovecotOptions options) {
    if (auto reason = test::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    dovecot_ = std::make_unique<test::DovecotServer>(std::move(options));
    dovecot_->start();
  }
  test::DovecotServer& dovecot() { return *dovecot_; }
  Endpoint imap(const std::string& folder = "INBOX") {
    return endpoint("imap", dovecot_->imap_port(), folder);
  }
  Endpoint pop3() { return endpoint("pop3", dovecot_->pop3_port()); }
  // Dovecot's log, for failure messages.
  std::string log() { return dovecot_ ? dovecot_->log() : ""; }

  std::unique_ptr<test::DovecotServer> dovecot_;
};

}  // namespace helpdesk::mail::testing
