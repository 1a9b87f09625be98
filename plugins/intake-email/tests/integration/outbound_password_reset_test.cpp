// auth-local's password-reset link travels through intake-email's outbox to a real SMTP server,
// and the link in the mail works once (the token never appears in the server's log).
#include <gtest/gtest.h>

#include <regex>

#include "outbound_support.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

using namespace outbound_test;
using helpdesk::mail::test::SmtpSink;
using nlohmann::json;

namespace {

TEST(OutboundPasswordReset, TheResetLinkArrivesByMailAndWorksOnce) {
  if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  SmtpSink sink;
  sink.start();
  TempDir dir;
  const std::string plugins =
      "  - name: intake-api\n"
      "  - name: auth-local\n"
      "    config: {demo_passwords: true, argon2_mem_kib: 8192, reset_url: \"https://help.example.com/reset?token={token}\"}\n"
      "  - name: intake-email\n"
      "    config:\n"
      "      secret: " + kSecret + "\n"
      "      from: helpdesk@example.com\n"
      "      smtp: {url: \"smtp://127.0.0.1:" + std::to_string(sink.port()) + "\"}\n";
  Server server(dir.path(), test_config(plugins, "demo: true\n"));
  const auto asked = http_request(server.port(), "POST", "/api/v1/auth/password-reset",
                                  R"({"email": "agent@example.com"})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(asked.status, 202) << asked.body;
  std::vector<std::string> mails;
  ASSERT_TRUE(eventually([&] {
    mails = addressed_to(sink.messages(), "agent@example.com");
    return !mails.empty();
  })) << server.log();
  EXPECT_EQ(header(mails[0], "Subject"), "Reset your helpdesk password");
  EXPECT_EQ(header(mails[0], "X-Helpdesk-Loop"), "helpdesk");
  // The body is quoted-printable: undo soft line breaks and "=3D" before reading the link.
  std::string body = std::regex_replace(mails[0], std::regex("=\r?\n"), "");
  body = std::regex_replace(body, std::regex("=3D"), "=");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(body, m, std::regex("reset\\?token=([A-Za-z0-9_-]+)"))) << body;
  const std::string token = m[1];
  const std::string confirm = json{{"token", token}, {"password", "a much better passphrase 42"}}.dump();
  EXPECT_EQ(http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm", confirm,
                         {{"Content-Type", "application/json"}}).status,
            200);
  EXPECT_EQ(http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm", confirm,
                         {{"Content-Type", "application/json"}}).status,
            400)
      << "the link works once";
  const auto login = http_request(server.port(), "POST", "/api/v1/auth/login",
                                  R"({"email": "agent@example.com", "password": "a much better passphrase 42"})",
                                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(server.log().find(token), std::string::npos) << "the reset token is never logged";
}

}  // namespace
