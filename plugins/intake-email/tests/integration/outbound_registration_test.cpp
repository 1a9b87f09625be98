// auth-local's registration link (event auth.registration) travels through intake-email's outbox
// to a real SMTP server; confirming it makes the account, once, and the token is never logged.
#include "outbound_support.hpp"

namespace outbound_test {
namespace {

using OutboundRegistration = AccountMailTest;

TEST_F(OutboundRegistration, TheConfirmationLinkArrivesByMailAndWorksOnce) {
  Server server(dir.path(), account_mail_config(sink.port(), "self_registration: true, registration_url: "
                                                             "\"https://help.example.com/join?token={token}\""));
  const std::string email = "nina.newcomer@example.org", password = "a long enough passphrase 7";
  const nlohmann::json signup = {
      {"email", "Nina.Newcomer@example.org"}, {"name", "Nina Newcomer"}, {"password", password}};
  const auto registered = post_json(server, "/api/v1/auth/register", signup);
  ASSERT_EQ(registered.status, 202) << registered.body;
  const auto mails = mails_to(sink, email);
  ASSERT_FALSE(mails.empty()) << server.log();
  EXPECT_EQ(header(mails[0], "Subject"), "Confirm your helpdesk account");
  EXPECT_EQ(header(mails[0], "X-Helpdesk-Loop"), "helpdesk");
  const std::string token = link_token(mails[0], "join\\?token=([A-Za-z0-9_-]+)");
  ASSERT_FALSE(token.empty()) << "no registration_url link in:\n" << mails[0];
  const auto confirmed = post_json(server, "/api/v1/auth/register/confirm", {{"token", token}});
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_FALSE(confirmed.header("set-cookie").empty()) << "a session";
  EXPECT_TRUE(confirmed.json().contains("person")) << confirmed.body;
  EXPECT_EQ(post_json(server, "/api/v1/auth/register/confirm", {{"token", token}}).status, 400)
      << "the link works once";
  const auto login = post_json(server, "/api/v1/auth/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(server.log().find(token), std::string::npos) << "the registration token is never logged";
}

}  // namespace
}  // namespace outbound_test
