// SMTP login through the plugin's settings against a relay that requires AUTH: the right
// password delivers; a wrong one is the relay's problem, so the mail waits (and the health says
// why) instead of being failed.
#include <gtest/gtest.h>

#include "outbound_support.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

using namespace outbound_test;
using helpdesk::mail::test::SmtpSink;
using helpdesk::mail::test::SmtpSinkOptions;

namespace {

class OutboundRelayAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    SmtpSinkOptions options;
    options.users = {{"help@example.com", "relay-pass-0123"}};
    sink_ = std::make_unique<SmtpSink>(options);
    sink_->start();
  }

  std::string relay(const std::string& password) {
    return "      smtp: {url: \"smtp://127.0.0.1:" + std::to_string(sink_->port()) +
           "\", username: help@example.com, password: " + password + "}\n";
  }

  static void create(const Server& server) {
    const auto r = server.post_ticket(
        {{"name", "Rita"}, {"email", "rita@example.org"}, {"subject", "Login test"}, {"message", "Hello"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  std::unique_ptr<SmtpSink> sink_;
};

TEST_F(OutboundRelayAuth, TheRightPasswordDelivers) {
  TempDir dir;
  Server server(dir.path(), config(0, relay("relay-pass-0123")));
  create(server);
  ASSERT_TRUE(eventually([&] { return sink_->messages().size() == 1; })) << server.log();
  EXPECT_EQ(header(sink_->messages()[0], "X-RcptTo"), "rita@example.org");
  ASSERT_TRUE(eventually([&] { return outgoing_health(server)["sent"] == 1; })) << outgoing_health(server);
}

TEST_F(OutboundRelayAuth, AWrongPasswordKeepsTheMailQueuedAndVisible) {
  TempDir dir;
  Server server(dir.path(), config(0, relay("not-the-password")));
  create(server);
  ASSERT_TRUE(eventually([&] {
    const auto h = outgoing_health(server);
    return h.is_object() && h["last_error"].is_string();
  })) << outgoing_health(server);
  const auto health = outgoing_health(server);
  EXPECT_EQ(health["pending"], 1) << health;
  EXPECT_EQ(health["failed"], 0) << "a login failure is not the mail's fault: " << health;
  EXPECT_EQ(health["sent"], 0);
  EXPECT_TRUE(sink_->messages().empty());
  EXPECT_NE(health["last_error"].get<std::string>().find("127.0.0.1:" + std::to_string(sink_->port())),
            std::string::npos)
      << "the error names the relay: " << health;
  EXPECT_EQ(health["last_error"].get<std::string>().find("not-the-password"), std::string::npos)
      << "never the password";
}

}  // namespace
