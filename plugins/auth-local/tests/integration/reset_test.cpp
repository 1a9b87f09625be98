// Password reset links and the `helpdeskd password` command, against the real helpdeskd.
#include <gtest/gtest.h>

#include "auth_session.hpp"

namespace {

using namespace auth_test;
using helpdesk::test::helpdeskd_path;
using helpdesk::test::http_request;
using helpdesk::test::run_command;
using helpdesk::test::Server;
using helpdesk::test::TempDir;

constexpr std::int64_t kT0 = 1'800'000'000;

// `helpdeskd password ARGS…` beside the server; returns the exit code, output in `out`.
int password_command(const TempDir& dir, const std::string& args, std::string& out, const std::string& stdin_text = "") {
  const std::string command = "printf '%s' '" + stdin_text + "' | " + helpdeskd_path().string() + " password " + args +
                              " --config " + (dir.path() / "helpdesk.yaml").string() + " --data " +
                              (dir.path() / "data").string();
  out.clear();
  return run_command({"/bin/sh", "-c", command}, out);
}

std::string token_in(const std::string& output) {
  const auto at = output.find("token=");
  if (at == std::string::npos) return {};
  const auto end = output.find_first_of("\r\n", at);
  return output.substr(at + 6, end - at - 6);
}

TEST(AuthLocal, ResetLinkWorksOnceAndExpires) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  clock.set(kT0);
  Server server(dir.path(), auth_config("      reset_minutes: 30\n      reset_url: https://help.example.com/reset?token={token}\n"));
  auto before = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(before.ok());

  std::string out;
  ASSERT_EQ(password_command(dir, "reset-link agent@example.com", out), 0) << out;
  EXPECT_NE(out.find("https://help.example.com/reset?token="), std::string::npos) << out;
  const std::string token = token_in(out);
  ASSERT_EQ(token.size(), 43u) << out;

  const std::string fresh = "correct horse battery staple";
  auto weak = http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm",
                           json{{"token", token}, {"password", "123"}}.dump());
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["error"]["code"], "weak_password");  // and the link is not burnt by it
  auto done = http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm",
                           json{{"token", token}, {"password", fresh}}.dump());
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(before.get("/api/v1/auth/me").status, 401);  // every session ended
  EXPECT_EQ(login(server.port(), "agent@example.com", agent_password).answer.status, 401);
  EXPECT_TRUE(login(server.port(), "agent@example.com", fresh).ok());
  // Single use.
  auto again = http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm",
                            json{{"token", token}, {"password", "another long passphrase"}}.dump());
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.json()["error"]["code"], "invalid_token");

  // A second link expires after reset_minutes.
  ASSERT_EQ(password_command(dir, "reset-link agent@example.com", out), 0) << out;
  const std::string late = token_in(out);
  clock.set(kT0 + 31 * 60);
  auto expired = http_request(server.port(), "POST", "/api/v1/auth/password-reset/confirm",
                              json{{"token", late}, {"password", "another long passphrase"}}.dump());
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(expired.json()["error"]["code"], "invalid_token");
  EXPECT_TRUE(login(server.port(), "agent@example.com", fresh).ok());

  // Asking by API: 202 whether or not the account exists.
  for (const char* email : {"agent@example.com", "nobody@example.com"}) {
    auto r = http_request(server.port(), "POST", "/api/v1/auth/password-reset", json{{"email", email}}.dump());
    EXPECT_EQ(r.status, 202) << email;
    EXPECT_EQ(r.body.find("token"), std::string::npos);
  }
  EXPECT_EQ(leaked(server.log(), {token, late, fresh, agent_password}), std::vector<std::string>{});
}

TEST(AuthLocal, PasswordSetCommandAppliesThePolicy) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  std::string out;
  EXPECT_EQ(password_command(dir, "set user@example.com --user", out, "short"), 65) << out;
  EXPECT_NE(out.find("password:"), std::string::npos) << out;
  ASSERT_EQ(password_command(dir, "set user@example.com --user", out, "a brand new passphrase\n"), 0) << out;
  EXPECT_TRUE(login(server.port(), "user@example.com", "a brand new passphrase").ok());
  EXPECT_EQ(password_command(dir, "set user@example.com", out, "a brand new passphrase"), 67) << out;  // no such agent
  EXPECT_NE(out.find("--user"), std::string::npos) << out;
  EXPECT_EQ(password_command(dir, "frobnicate", out), 64) << out;
}

}  // namespace
