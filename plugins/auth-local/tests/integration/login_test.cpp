// auth-local against the real helpdeskd over real HTTP: password sign-in, lockout, session
// expiry, CSRF, logout, logout everywhere, password change, registration, guest ticket links.
#include <gtest/gtest.h>

#include "auth_session.hpp"

namespace {

using namespace auth_test;
using helpdesk::test::http_request;
using helpdesk::test::Server;
using helpdesk::test::TempDir;

constexpr std::int64_t kT0 = 1'800'000'000;

TEST(AuthLocal, PasswordLoginAndWrongPassword) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  auto s = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(s.ok()) << s.answer.body;
  const auto answer = s.answer.json();
  EXPECT_EQ(answer["person"]["kind"], "agent");
  EXPECT_EQ(answer["person"]["email"], "agent@example.com");
  EXPECT_FALSE(answer["second_factor_required"].get<bool>());
  EXPECT_NE(s.answer.header("set-cookie").find("HttpOnly"), std::string::npos);
  auto me = s.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["person"]["email"], "agent@example.com");
  // The signed-in agent reaches the ticket list with the cookie alone.
  EXPECT_EQ(s.get("/api/v1/tickets").status, 200);

  // A wrong password and an unknown account get the same answer.
  auto wrong = login(server.port(), "agent@example.com", "not-the-password");
  EXPECT_EQ(wrong.answer.status, 401);
  EXPECT_EQ(wrong.answer.json()["error"]["code"], "invalid_credentials");
  EXPECT_TRUE(wrong.cookie.empty());
  auto unknown = login(server.port(), "nobody@example.com", "not-the-password");
  EXPECT_EQ(unknown.answer.status, 401);
  EXPECT_EQ(unknown.answer.json()["error"]["message"], wrong.answer.json()["error"]["message"]);
  // The end user signs in as a user; an agent email asked for "as": "user" is no user.
  auto user = login(server.port(), "user@example.com", user_password);
  ASSERT_TRUE(user.ok()) << user.answer.body;
  EXPECT_EQ(user.answer.json()["person"]["kind"], "user");
  EXPECT_EQ(login(server.port(), "agent@example.com", agent_password, "user").answer.status, 401);
  // Without a cookie: 401.
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/auth/me").status, 401);
  // Malformed bodies say what is wrong.
  auto bad = http_request(server.port(), "POST", "/api/v1/auth/login", R"({"email":"a@example.com"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["code"], "missing_field");

  // The log grep below is only worth something if the log is the real one.
  ASSERT_NE(server.log().find("password sign-in at POST /api/v1/auth/login"), std::string::npos) << server.log();
  EXPECT_EQ(leaked(server.log(), {agent_password, user_password, "not-the-password", s.cookie_value(),
                                  user.cookie_value(), s.csrf, user.csrf}),
            std::vector<std::string>{});
}

TEST(AuthLocal, LockoutSurvivesARestartAndExpires) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  clock.set(kT0);
  const std::string config = auth_config("      lockout_account_failures: 3\n      lockout_minutes: 10\n");
  {
    Server server(dir.path(), config);
    for (int i = 0; i < 3; ++i)
      EXPECT_EQ(login(server.port(), "agent@example.com", "guess-" + std::to_string(i)).answer.status, 401);
    // Locked now, even with the right password.
    auto locked = login(server.port(), "AGENT@example.com", agent_password);
    ASSERT_EQ(locked.answer.status, 429) << locked.answer.body;
    EXPECT_EQ(locked.answer.json()["error"]["code"], "locked");
    EXPECT_EQ(locked.answer.header("retry-after"), "600");
    // Another account from the same address is not locked (the address limit is higher).
    EXPECT_TRUE(login(server.port(), "admin@example.com", admin_password).ok());
    server.terminate();
  }
  Server server(dir.path(), config);
  clock.set(kT0 + 9 * 60);
  EXPECT_EQ(login(server.port(), "agent@example.com", agent_password).answer.status, 429);
  clock.set(kT0 + 10 * 60 + 1);
  EXPECT_TRUE(login(server.port(), "agent@example.com", agent_password).ok());
}

TEST(AuthLocal, IdleSessionExpires) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  clock.set(kT0);
  Server server(dir.path(), auth_config("", "", "auth:\n  session_idle_minutes: 5\n"));
  auto s = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(s.ok()) << s.answer.body;
  clock.set(kT0 + 4 * 60);
  EXPECT_EQ(s.get("/api/v1/auth/me").status, 200);  // in use: the idle clock restarts
  clock.set(kT0 + 8 * 60);
  EXPECT_EQ(s.get("/api/v1/auth/me").status, 200);
  clock.set(kT0 + 14 * 60);
  auto expired = s.get("/api/v1/auth/me");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.json()["error"]["code"], "session_expired");
}

TEST(AuthLocal, CookieWritesNeedTheCsrfTokenAndLogoutEndsTheSession) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  auto s = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(s.ok()) << s.answer.body;
  auto refused = s.send("POST", "/api/v1/auth/logout", json::object(), false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json()["error"]["code"], "csrf_failed");
  auto wrong = s;
  wrong.csrf = "0000";
  EXPECT_EQ(wrong.post("/api/v1/auth/logout").status, 403);
  EXPECT_EQ(s.get("/api/v1/auth/me").status, 200);  // still signed in

  auto out = s.post("/api/v1/auth/logout");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(s.get("/api/v1/auth/me").status, 401);
}

TEST(AuthLocal, LogoutEverywhereEndsEverySession) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  auto laptop = login(server.port(), "agent@example.com", agent_password);
  auto phone = login(server.port(), "agent@example.com", agent_password);
  auto other = login(server.port(), "admin@example.com", admin_password);
  ASSERT_TRUE(laptop.ok() && phone.ok() && other.ok());
  auto out = phone.post("/api/v1/auth/logout-all");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.json()["other_sessions_ended"], 1);
  EXPECT_EQ(laptop.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(phone.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(other.get("/api/v1/auth/me").status, 200);  // someone else's session stays
}

TEST(AuthLocal, PasswordChangeChecksTheCurrentOneAndThePolicy) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  auto s = login(server.port(), "user@example.com", user_password);
  auto elsewhere = login(server.port(), "user@example.com", user_password);
  ASSERT_TRUE(s.ok() && elsewhere.ok());
  const std::string fresh = "a sturdy new passphrase";
  auto wrong = s.post("/api/v1/auth/password", {{"current", "nope-nope-nope"}, {"new", fresh}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.json()["error"]["code"], "wrong_password");
  auto weak = s.post("/api/v1/auth/password", {{"current", user_password}, {"new", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["error"]["code"], "weak_password");
  auto changed = s.post("/api/v1/auth/password", {{"current", user_password}, {"new", fresh}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  // The other session ended; this request got a fresh session.
  EXPECT_EQ(elsewhere.get("/api/v1/auth/me").status, 401);
  Session renewed{server.port(), cookie_of(changed), changed.json()["csrf_token"], changed};
  EXPECT_EQ(renewed.get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(login(server.port(), "user@example.com", user_password).answer.status, 401);
  EXPECT_TRUE(login(server.port(), "user@example.com", fresh).ok());
  EXPECT_EQ(leaked(server.log(), {fresh, user_password}), std::vector<std::string>{});
}

TEST(AuthLocal, SelfRegistrationFollowsTheSetting) {
  TempDir closed_dir;
  {
    Server closed(closed_dir.path(), auth_config());
    auto r = http_request(closed.port(), "POST", "/api/v1/auth/register",
                          json{{"email", "new@example.com"}, {"name", "New"}, {"password", "a long enough secret"}}.dump());
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.json()["error"]["code"], "registration_closed");
  }
  TempDir dir;
  Server server(dir.path(), auth_config("      self_registration: true\n"));
  const json body = {{"email", "New@Example.com"}, {"name", "New Person"}, {"password", "a long enough secret"}};
  auto r = http_request(server.port(), "POST", "/api/v1/auth/register", body.dump());
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json()["confirmation_sent"], true);
  // No account before the mailed link is used (the full flow runs in intake-email's mail tests).
  EXPECT_EQ(login(server.port(), "new@example.com", "a long enough secret").answer.status, 401);
  auto bogus = http_request(server.port(), "POST", "/api/v1/auth/register/confirm", json{{"token", "forged"}}.dump());
  EXPECT_EQ(bogus.status, 400);
  EXPECT_EQ(bogus.json()["error"]["code"], "invalid_token");
  // A known user's email (the demo user has tickets) cannot be claimed by registering.
  auto known = http_request(server.port(), "POST", "/api/v1/auth/register",
                            json{{"email", "user@example.com"}, {"name", "Me"}, {"password", "a long enough secret"}}.dump());
  EXPECT_EQ(known.status, 409);
  EXPECT_EQ(known.json()["error"]["code"], "already_registered");
  auto weak = http_request(server.port(), "POST", "/api/v1/auth/register",
                           json{{"email", "weak@example.com"}, {"name", "W"}, {"password", "password"}}.dump());
  EXPECT_EQ(weak.status, 400);
}

TEST(AuthLocal, GuestSeesItsOneTicketOnly) {
  TempDir dir;
  Server server(dir.path(), auth_config());
  auto list = server.get("/api/v1/tickets");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> numbers;
  const json tickets = list.json()["tickets"];
  for (const auto& t : tickets) numbers.push_back(t["number"]);
  ASSERT_GE(numbers.size(), 2u) << list.body;
  auto guest = sign_in_at(server.port(), "/api/v1/auth/guest", {{"email", "User@Example.com"}, {"number", numbers[0]}});
  ASSERT_TRUE(guest.ok()) << guest.answer.body;
  EXPECT_EQ(guest.answer.json()["person"]["ticket"], numbers[0]);
  EXPECT_FALSE(guest.answer.json()["second_factor_required"].get<bool>());
  auto own = guest.get("/api/v1/tickets/" + numbers[0]);
  EXPECT_EQ(own.status, 200) << own.body;
  auto other = guest.get("/api/v1/tickets/" + numbers[1]);
  EXPECT_EQ(other.status, 403) << other.body;
  // A ticket link has no password to change.
  EXPECT_EQ(guest.post("/api/v1/auth/password", {{"current", "x"}, {"new", "a long enough secret"}}).status, 403);
  // Someone else's email with that number: the same 401 as any mismatch.
  auto wrong = sign_in_at(server.port(), "/api/v1/auth/guest", {{"email", "agent@example.com"}, {"number", numbers[0]}});
  EXPECT_EQ(wrong.answer.status, 401);
  EXPECT_EQ(wrong.answer.json()["error"]["code"], "invalid_credentials");
  EXPECT_EQ(sign_in_at(server.port(), "/api/v1/auth/guest", {{"email", "user@example.com"}, {"number", "999999"}})
                .answer.status,
            401);
}

}  // namespace
