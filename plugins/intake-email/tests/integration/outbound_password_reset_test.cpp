// auth-local's password-reset link travels through intake-email's outbox to a real SMTP server,
// and the link in the mail works once (the token never appears in the server's log).
#include "outbound_support.hpp"

namespace outbound_test {
namespace {

using OutboundPasswordReset = AccountMailTest;

TEST_F(OutboundPasswordReset, TheResetLinkArrivesByMailAndWorksOnce) {
  Server server(dir.path(),
                account_mail_config(sink.port(), "reset_url: \"https://help.example.com/reset?token={token}\""));
  const auto asked = post_json(server, "/api/v1/auth/password-reset", {{"email", "agent@example.com"}});
  ASSERT_EQ(asked.status, 202) << asked.body;
  const auto mails = mails_to(sink, "agent@example.com");
  ASSERT_FALSE(mails.empty()) << server.log();
  EXPECT_EQ(header(mails[0], "Subject"), "Reset your helpdesk password");
  EXPECT_EQ(header(mails[0], "X-Helpdesk-Loop"), "helpdesk");
  const std::string token = link_token(mails[0], "reset\\?token=([A-Za-z0-9_-]+)");
  ASSERT_FALSE(token.empty()) << mails[0];
  const nlohmann::json confirm = {{"token", token}, {"password", "a much better passphrase 42"}};
  EXPECT_EQ(post_json(server, "/api/v1/auth/password-reset/confirm", confirm).status, 200);
  EXPECT_EQ(post_json(server, "/api/v1/auth/password-reset/confirm", confirm).status, 400) << "the link works once";
  const auto login = post_json(server, "/api/v1/auth/login",
                               {{"email", "agent@example.com"}, {"password", "a much better passphrase 42"}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(server.log().find(token), std::string::npos) << "the reset token is never logged";
}

}  // namespace
}  // namespace outbound_test
