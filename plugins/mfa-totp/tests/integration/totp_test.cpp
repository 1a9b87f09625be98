// mfa-totp with auth-local against the real helpdeskd over real HTTP: enrolment, codes, replay,
// the window, recovery codes, the "agents must use MFA" policy, and nothing secret in the log.
#include <gtest/gtest.h>

#include "auth_session.hpp"
#include "base32.hpp"
#include "totp.hpp"

namespace {

using namespace auth_test;
using helpdesk::test::Server;
using helpdesk::test::TempDir;

constexpr std::int64_t kT0 = 1'800'000'010;  // 10 s into a 30 s step

std::string config(const std::string& extra = "") {
  return auth_config("", "  - name: mfa-totp\n    config: {issuer: Example Desk}\n", extra);
}

std::string code_at(const std::string& secret_base32, std::int64_t t) {
  return mfa_totp::totp_code(mfa_totp::base32_decode(secret_base32), t);
}

struct Enrolled {
  std::string secret;
  std::vector<std::string> recovery;
  std::vector<std::string> secrets_used;  // for the log check
};

// Signs the demo agent in, enrols and activates at time `t`.
Enrolled enrol_agent(std::uint16_t port, ClockFile& clock, std::int64_t t) {
  clock.set(t);
  auto s = login(port, "agent@example.com", agent_password);
  EXPECT_TRUE(s.ok()) << s.answer.body;
  auto enrol = s.post("/api/v1/auth/totp/enrol");
  EXPECT_EQ(enrol.status, 200) << enrol.body;
  Enrolled e;
  e.secret = enrol.json()["secret"];
  EXPECT_EQ(enrol.json()["otpauth_uri"].get<std::string>().rfind("otpauth://totp/Example%20Desk:agent%40example.com?", 0), 0u)
      << enrol.body;
  EXPECT_EQ(enrol.json()["qr_svg"].get<std::string>().rfind("<svg", 0), 0u);
  auto wrong = s.post("/api/v1/auth/totp/activate", {{"code", "000000"}});
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  const std::string code = code_at(e.secret, t);
  auto active = s.post("/api/v1/auth/totp/activate", {{"code", code}});
  EXPECT_EQ(active.status, 200) << active.body;
  const json codes = active.json()["recovery_codes"];
  for (const auto& c : codes) e.recovery.push_back(c);
  EXPECT_EQ(e.recovery.size(), 10u);
  e.secrets_used = {e.secret, code, s.cookie_value(), s.csrf};
  return e;
}

TEST(MfaTotp, EnrolmentThenCodesWithReplayAndWindowRefused) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  Server server(dir.path(), config());
  auto e = enrol_agent(server.port(), clock, kT0);

  // The next sign-in waits for the second factor.
  auto s = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(s.ok()) << s.answer.body;
  EXPECT_TRUE(s.answer.json()["second_factor_required"].get<bool>());
  EXPECT_EQ(s.answer.json()["factors"], json::array({"totp"}));
  auto blocked = s.get("/api/v1/tickets");
  EXPECT_EQ(blocked.status, 401);
  EXPECT_EQ(blocked.json()["error"]["code"], "second_factor_required");
  // Enrolling again while pending would let a password alone replace the authenticator.
  EXPECT_EQ(s.post("/api/v1/auth/totp/enrol").status, 409);
  // The code that activated enrolment was used: refused.
  auto reused = s.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0)}});
  EXPECT_EQ(reused.status, 401) << reused.body;
  EXPECT_EQ(reused.json()["error"]["code"], "invalid_code");
  // A code three steps old is outside the ±1 window.
  clock.set(kT0 + 120);
  EXPECT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 30)}}).status, 401);
  // The current code passes, once.
  const std::string now_code = code_at(e.secret, kT0 + 120);
  auto ok = s.post("/api/v1/auth/totp/verify", {{"code", now_code}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(s.get("/api/v1/tickets").status, 200);
  auto s2 = login(server.port(), "agent@example.com", agent_password);
  EXPECT_EQ(s2.post("/api/v1/auth/totp/verify", {{"code", now_code}}).status, 401);
  // The previous step's code (within the window) is older than the used one: refused too.
  EXPECT_EQ(s2.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 90)}}).status, 401);
  // The next step's code is inside the window and new.
  EXPECT_EQ(s2.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 150)}}).status, 200);

  auto secrets = e.secrets_used;
  secrets.insert(secrets.end(), e.recovery.begin(), e.recovery.end());
  secrets.insert(secrets.end(), {now_code, s.cookie_value(), s2.cookie_value(), s.csrf, agent_password});
  EXPECT_EQ(leaked(server.log(), secrets), std::vector<std::string>{});
}

TEST(MfaTotp, RecoveryCodesWorkOnceEach) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  Server server(dir.path(), config());
  auto e = enrol_agent(server.port(), clock, kT0);
  auto s = login(server.port(), "agent@example.com", agent_password);
  auto used = s.post("/api/v1/auth/totp/recover", {{"code", e.recovery[0]}});
  ASSERT_EQ(used.status, 200) << used.body;
  EXPECT_EQ(used.json()["recovery_codes_left"], 9);
  EXPECT_EQ(s.get("/api/v1/tickets").status, 200);
  auto s2 = login(server.port(), "agent@example.com", agent_password);
  EXPECT_EQ(s2.post("/api/v1/auth/totp/recover", {{"code", e.recovery[0]}}).status, 401);
  EXPECT_EQ(s2.post("/api/v1/auth/totp/recover", {{"code", e.recovery[1]}}).status, 200);
  auto secrets = e.secrets_used;
  secrets.insert(secrets.end(), e.recovery.begin(), e.recovery.end());
  EXPECT_EQ(leaked(server.log(), secrets), std::vector<std::string>{});
}

TEST(MfaTotp, WrongCodesLockTheSecondFactor) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  Server server(dir.path(), config());
  auto e = enrol_agent(server.port(), clock, kT0);
  clock.set(kT0 + 60);
  auto s = login(server.port(), "agent@example.com", agent_password);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", "000000"}}).status, 401);
  auto locked = s.post("/api/v1/auth/totp/verify", {{"code", "000000"}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.header("retry-after").empty());
  EXPECT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 60)}}).status, 429);
  clock.set(kT0 + 60 + 16 * 60);
  EXPECT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 60 + 16 * 60)}}).status, 200);
}

TEST(MfaTotp, RemovingTheAuthenticatorNeedsACode) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  Server server(dir.path(), config());
  auto e = enrol_agent(server.port(), clock, kT0);
  clock.set(kT0 + 60);
  auto s = login(server.port(), "agent@example.com", agent_password);
  // Not during the second-factor step.
  EXPECT_EQ(s.send("DELETE", "/api/v1/auth/totp", {{"code", code_at(e.secret, kT0 + 60)}}).status, 401);
  ASSERT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", code_at(e.secret, kT0 + 60)}}).status, 200);
  clock.set(kT0 + 90);
  EXPECT_EQ(s.send("DELETE", "/api/v1/auth/totp", {{"code", "000000"}}).status, 401);
  auto removed = s.send("DELETE", "/api/v1/auth/totp", {{"code", code_at(e.secret, kT0 + 90)}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  auto again = login(server.port(), "agent@example.com", agent_password);
  EXPECT_FALSE(again.answer.json()["second_factor_required"].get<bool>());
}

TEST(MfaTotp, AnAdminResetsALostAuthenticatorByApiOrCommand) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  Server server(dir.path(), config());
  enrol_agent(server.port(), clock, kT0);
  auto bearer = [](const std::string& token) {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + token}};
  };
  const auto agents = helpdesk::test::http_request(server.port(), "GET", "/api/v1/agents", "",
                                                   bearer(helpdesk::test::admin_token));
  ASSERT_EQ(agents.status, 200) << agents.body;
  std::string id;
  const json list = agents.json()["agents"];
  for (const auto& a : list)
    if (a["email"] == "agent@example.com") id = std::to_string(a["id"].get<int>());
  ASSERT_FALSE(id.empty()) << agents.body;
  // Only admins: a read token is refused by the kernel's check.
  EXPECT_EQ(helpdesk::test::http_request(server.port(), "DELETE", "/api/v1/auth/totp/agent/" + id, "",
                                         bearer(helpdesk::test::read_token)).status,
            403);
  EXPECT_EQ(helpdesk::test::http_request(server.port(), "DELETE", "/api/v1/auth/totp/robot/" + id, "",
                                         bearer(helpdesk::test::admin_token)).status,
            404);
  auto reset = helpdesk::test::http_request(server.port(), "DELETE", "/api/v1/auth/totp/agent/" + id, "",
                                            bearer(helpdesk::test::admin_token));
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.json()["reset"], true);
  clock.set(kT0 + 60);
  auto again = login(server.port(), "agent@example.com", agent_password);
  EXPECT_FALSE(again.answer.json()["second_factor_required"].get<bool>()) << "signs in with the password alone";

  // The same from the shell, beside the running server.
  enrol_agent(server.port(), clock, kT0 + 120);
  std::string out;
  const std::string exe = helpdesk::test::helpdeskd_path().string();
  const std::string where = " --config " + (dir.path() / "helpdesk.yaml").string() + " --data " + (dir.path() / "data").string();
  ASSERT_EQ(helpdesk::test::run_command({"/bin/sh", "-c", exe + " totp reset agent@example.com" + where + " 2>&1"}, out), 0)
      << out;
  EXPECT_NE(out.find("TOTP removed for agent@example.com"), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(helpdesk::test::run_command({"/bin/sh", "-c", exe + " totp reset nobody@example.com" + where + " 2>&1"}, out),
            67)
      << out;
  clock.set(kT0 + 180);
  EXPECT_FALSE(login(server.port(), "agent@example.com", agent_password).answer.json()["second_factor_required"].get<bool>());
}

TEST(MfaTotp, AgentsMustUseMfaPolicySendsAgentsToEnrolment) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  clock.set(kT0);
  Server server(dir.path(), config("auth:\n  agents_require_mfa: true\n"));
  auto s = login(server.port(), "agent@example.com", agent_password);
  ASSERT_TRUE(s.ok()) << s.answer.body;
  EXPECT_TRUE(s.answer.json()["second_factor_required"].get<bool>());
  EXPECT_TRUE(s.answer.json()["enrolment_required"].get<bool>());
  auto blocked = s.get("/api/v1/tickets");
  EXPECT_EQ(blocked.status, 401);
  EXPECT_EQ(blocked.json()["error"]["code"], "second_factor_required");
  EXPECT_EQ(s.post("/api/v1/auth/totp/verify", {{"code", "123456"}}).status, 409);  // nothing to verify yet
  auto enrol = s.post("/api/v1/auth/totp/enrol");
  ASSERT_EQ(enrol.status, 200) << enrol.body;
  const std::string secret = enrol.json()["secret"];
  ASSERT_EQ(s.post("/api/v1/auth/totp/activate", {{"code", code_at(secret, kT0)}}).status, 200);
  EXPECT_EQ(s.get("/api/v1/tickets").status, 200);
  // End users are not bound by the agents' policy.
  auto user = login(server.port(), "user@example.com", user_password);
  EXPECT_FALSE(user.answer.json()["second_factor_required"].get<bool>());
  EXPECT_EQ(leaked(server.log(), {secret, code_at(secret, kT0), s.cookie_value()}), std::vector<std::string>{});
}

}  // namespace
