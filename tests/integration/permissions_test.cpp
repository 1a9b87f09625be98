// The permission matrix over real HTTP: every route below × every kind of actor against the
// explicit allow/deny table in this file. Sessions come from the fixture-signin test plugin (no
// password), so the table tests the kernel's one check: roles per department, extended access,
// teams, department managers, admins, end users and organization sharing, guests, token scopes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

struct Caller {
  std::string cookie, csrf;  // a session
  std::string bearer;        // or a token
};

class Permissions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string config = test_config("  - name: intake-api\n  - name: fixture-signin\n");
    const std::string support = "- {key: support, name: Customer Support, email: support@example.com}";
    config.replace(config.find(support), support.size(),
                   "- {key: support, name: Customer Support, email: support@example.com, manager: erin@example.com}");
    server_ = new Server(dir_->path(), config);
    setup();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static Response send(const Caller& c, const std::string& method, const std::string& target, const std::string& body = "",
                       bool with_csrf = true) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!c.cookie.empty()) headers["Cookie"] = c.cookie;
    if (!c.cookie.empty() && with_csrf) headers["X-CSRF-Token"] = c.csrf;
    if (!c.bearer.empty()) headers["Authorization"] = "Bearer " + c.bearer;
    return http_request(server_->port(), method, target, body, headers);
  }
  static json admin_call(const std::string& method, const std::string& target, const json& body, int expected) {
    auto r = send(Caller{"", "", admin_token}, method, target, body.dump());
    EXPECT_EQ(r.status, expected) << method << " " << target << ": " << r.body;
    return r.body.empty() ? json() : json::parse(r.body, nullptr, false);
  }
  static Caller sign_in(const std::string& kind, const std::string& email, const std::string& only_ticket = "") {
    auto r = http_request(server_->port(), "POST", "/fixture/sign-in",
                          json{{"kind", kind}, {"email", email}, {"only_ticket", only_ticket}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = r.header("set-cookie");
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos) << set_cookie;
    return Caller{set_cookie.substr(0, set_cookie.find(';')), r.json()["csrf_token"], ""};
  }
  static std::string ticket(const std::string& email, const std::string& subject) {
    auto r = server_->post_ticket({{"name", email.substr(0, email.find('@'))}, {"email", email}, {"subject", subject},
                                   {"message", "Please help."}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  }

  static void setup() {
    auto agent = [](const std::string& email, const std::string& department, json extra = json::object()) {
      json body = {{"email", email}, {"name", email.substr(0, email.find('@'))}, {"department", department}, {"role", "agent"}};
      body.update(extra);
      admin_call("POST", "/api/v1/agents", body, 201);
    };
    agent("alice@example.com", "support");
    agent("bob@example.com", "it");
    agent("carol@example.com", "it", {{"extended", {{{"department", "support"}, {"role", "viewer"}}}}});
    agent("dave@example.com", "it", {{"teams", {"level-2"}}});
    agent("erin@example.com", "it");
    agent("root@example.com", "it", {{"admin", true}});
    admin_call("POST", "/api/v1/organizations", {{"name", "Acme"}, {"share_tickets", true}}, 201);
    admin_call("POST", "/api/v1/organizations", {{"name", "Beta"}, {"share_tickets", false}}, 201);
    t1_ = ticket("ada@acme.example", "Acme printer");
    t2_ = ticket("cy@beta.example", "Beta invoice");
    for (const auto& [email, org] : std::vector<std::pair<std::string, std::string>>{
             {"ada@acme.example", "Acme"}, {"ben@acme.example", "Acme"}, {"cy@beta.example", "Beta"}, {"dan@beta.example", "Beta"}}) {
      sign_in("user", email);  // makes sure the user exists
      const auto users = admin_call("GET", "/api/v1/users?email=" + email, json(), 200)["users"];
      ASSERT_EQ(users.size(), 1u) << email;
      admin_call("PATCH", "/api/v1/users/" + std::to_string(users[0]["id"].get<int>()), {{"organization", org}}, 200);
    }
    admin_call("POST", "/api/v1/tickets/" + t1_ + "/assign", {{"team", "level-2"}}, 200);
    for (const auto& scope : {"tickets:read", "tickets:write", "users:read"})
      tokens_[scope] = admin_call("POST", "/api/v1/tokens", {{"name", std::string("matrix-") + scope}, {"scopes", {scope}}}, 201)["token"];
  }

  static TempDir* dir_;
  static Server* server_;
  static std::string t1_, t2_;
  static std::map<std::string, std::string> tokens_;
};
TempDir* Permissions::dir_ = nullptr;
Server* Permissions::server_ = nullptr;
std::string Permissions::t1_, Permissions::t2_;
std::map<std::string, std::string> Permissions::tokens_;

TEST_F(Permissions, EveryRouteForEveryActorMatchesTheTable) {
  struct Route {
    std::string name, method, target, body;
  };
  const std::vector<Route> routes = {
      {"view T1", "GET", "/api/v1/tickets/" + t1_, ""},
      {"note T1", "POST", "/api/v1/tickets/" + t1_ + "/notes", R"({"message": "note"})"},
      {"reply T1", "POST", "/api/v1/tickets/" + t1_ + "/reply", R"({"message": "reply"})"},
      {"message T1", "POST", "/api/v1/tickets/" + t1_ + "/messages", R"({"message": "from the user side"})"},
      {"edit T1", "PATCH", "/api/v1/tickets/" + t1_, R"({"priority": "high"})"},
      {"view T2", "GET", "/api/v1/tickets/" + t2_, ""},
      {"agents", "GET", "/api/v1/agents", ""},
      {"users", "GET", "/api/v1/users", ""},
      {"plugins", "GET", "/api/v1/system/plugins", ""},
  };
  // A = allowed (any answer but 401/403), D = denied (401 or 403). Columns in the order above.
  const std::vector<std::pair<std::string, std::string>> table = {
      {"anonymous", "DDDDDDDDD"},
      {"guest with T1 link", "ADDADDDDD"},
      {"user: T1's requester", "ADDADDDDD"},
      {"user: colleague, org shares", "ADDADDDDD"},
      {"user: other org, no sharing", "DDDDDDDDD"},
      {"user: T2's requester", "DDDDDADDD"},
      {"agent in the department", "AAADAADDD"},
      {"agent outside it", "DDDDDDDDD"},
      {"agent with extended read-only", "ADDDDADDD"},
      {"team member", "AAADADDDD"},
      {"department manager", "AAADAADDD"},
      {"admin", "AAADAAAAA"},
      {"token tickets:read", "ADDDDADDD"},
      {"token tickets:write", "DAADADDDD"},
      {"token users:read", "DDDDDDDAD"},
      {"token admin", "AAADAAAAA"},
  };
  std::map<std::string, Caller> actors = {
      {"anonymous", Caller{}},
      {"guest with T1 link", sign_in("user", "ada@acme.example", t1_)},
      {"user: T1's requester", sign_in("user", "ada@acme.example")},
      {"user: colleague, org shares", sign_in("user", "ben@acme.example")},
      {"user: other org, no sharing", sign_in("user", "dan@beta.example")},
      {"user: T2's requester", sign_in("user", "cy@beta.example")},
      {"agent in the department", sign_in("agent", "alice@example.com")},
      {"agent outside it", sign_in("agent", "bob@example.com")},
      {"agent with extended read-only", sign_in("agent", "carol@example.com")},
      {"team member", sign_in("agent", "dave@example.com")},
      {"department manager", sign_in("agent", "erin@example.com")},
      {"admin", sign_in("agent", "root@example.com")},
      {"token tickets:read", Caller{"", "", tokens_["tickets:read"]}},
      {"token tickets:write", Caller{"", "", tokens_["tickets:write"]}},
      {"token users:read", Caller{"", "", tokens_["users:read"]}},
      {"token admin", Caller{"", "", admin_token}},
  };
  for (const auto& [who, expected] : table) {
    ASSERT_EQ(expected.size(), routes.size()) << who;
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const auto r = send(actors.at(who), routes[i].method, routes[i].target, routes[i].body);
      const bool denied = r.status == 401 || r.status == 403;
      EXPECT_EQ(denied ? 'D' : 'A', expected[i]) << who << " → " << routes[i].name << ": " << r.status << " " << r.body;
      EXPECT_LT(r.status, 500) << who << " → " << routes[i].name << ": " << r.body;
    }
  }
}

TEST_F(Permissions, ListsShowOnlyWhatEachPersonMaySee) {
  auto numbers = [&](const Caller& c) {
    std::set<std::string> out;
    auto r = send(c, "GET", "/api/v1/tickets");
    EXPECT_EQ(r.status, 200) << r.body;
    const json body = r.json();  // (not r.json()["tickets"] in the loop: the temporary would be gone)
    for (const auto& t : body["tickets"]) out.insert(t["number"].get<std::string>());
    return out;
  };
  const std::set<std::string> both{t1_, t2_}, only_t1{t1_}, only_t2{t2_}, none;
  EXPECT_EQ(numbers(Caller{"", "", admin_token}), both);
  EXPECT_EQ(numbers(sign_in("agent", "alice@example.com")), both);
  EXPECT_EQ(numbers(sign_in("agent", "bob@example.com")), none);
  EXPECT_EQ(numbers(sign_in("agent", "dave@example.com")), only_t1);
  EXPECT_EQ(numbers(sign_in("agent", "root@example.com")), both);
  EXPECT_EQ(numbers(sign_in("user", "ada@acme.example")), only_t1);
  EXPECT_EQ(numbers(sign_in("user", "ben@acme.example")), only_t1);
  EXPECT_EQ(numbers(sign_in("user", "cy@beta.example")), only_t2);
  EXPECT_EQ(numbers(sign_in("user", "dan@beta.example")), none);
  EXPECT_EQ(numbers(sign_in("user", "ada@acme.example", t1_)), only_t1);
}

TEST_F(Permissions, UsersNeverSeeInternalNotes) {
  const auto alice = sign_in("agent", "alice@example.com");
  ASSERT_EQ(send(alice, "POST", "/api/v1/tickets/" + t2_ + "/notes", R"({"message": "internal only"})").status, 201);
  const auto as_user = send(sign_in("user", "cy@beta.example"), "GET", "/api/v1/tickets/" + t2_);
  ASSERT_EQ(as_user.status, 200);
  EXPECT_EQ(as_user.body.find("internal only"), std::string::npos) << as_user.body;
  EXPECT_NE(send(alice, "GET", "/api/v1/tickets/" + t2_).body.find("internal only"), std::string::npos);
}

TEST_F(Permissions, ACookieWriteWithoutTheCsrfTokenIsRefused) {
  const auto alice = sign_in("agent", "alice@example.com");
  auto r = send(alice, "POST", "/api/v1/tickets/" + t1_ + "/notes", R"({"message": "forged"})", /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["code"], "csrf_failed");
  Caller wrong = alice;
  wrong.csrf = "0000";
  EXPECT_EQ(send(wrong, "POST", "/api/v1/tickets/" + t1_ + "/notes", R"({"message": "forged"})").status, 403);
}

TEST_F(Permissions, TokensAreShownOnceAndRevokedTokensStopWorking) {
  const auto created = admin_call("POST", "/api/v1/tokens", {{"name", "short-lived"}, {"scopes", {"tickets:read"}}}, 201);
  const std::string token = created["token"];
  EXPECT_EQ(send(Caller{"", "", token}, "GET", "/api/v1/tickets").status, 200);
  const auto listed = admin_call("GET", "/api/v1/tokens", json(), 200);
  EXPECT_EQ(listed.dump().find(token), std::string::npos) << "the secret is never listed";
  admin_call("DELETE", "/api/v1/tokens/short-lived", json(), 200);
  EXPECT_EQ(send(Caller{"", "", token}, "GET", "/api/v1/tickets").status, 401);
  admin_call("POST", "/api/v1/tokens", {{"name", "bad"}, {"scopes", {"everything"}}}, 400);
}

TEST_F(Permissions, CatalogAndOrganizationsAsResources) {
  const auto orgs = admin_call("GET", "/api/v1/organizations", json(), 200)["organizations"];
  ASSERT_EQ(orgs.size(), 2u);
  EXPECT_EQ(orgs[0]["name"], "Acme");
  EXPECT_EQ(orgs[0]["share_tickets"], true);
  EXPECT_EQ(orgs[0]["members"], 2);
  const auto user = sign_in("user", "ada@acme.example");
  EXPECT_EQ(send(user, "GET", "/api/v1/organizations").status, 403);
  auto departments = send(user, "GET", "/api/v1/departments");
  ASSERT_EQ(departments.status, 200) << departments.body;
  EXPECT_EQ(departments.json()["departments"].size(), 2u);
  auto topics = send(Caller{"", "", tokens_["tickets:read"]}, "GET", "/api/v1/help-topics");
  ASSERT_EQ(topics.status, 200) << topics.body;
  EXPECT_FALSE(topics.json()["help_topics"].empty());
}

TEST(AdminCli, TokensAndAgentsFromTheShell) {
  TempDir dir;
  Server server(dir.path(), test_config());
  const std::string config = (dir.path() / "helpdesk.yaml").string(), data = (dir.path() / "data").string();
  const std::string exe = helpdeskd_path().string();
  std::string out;
  ASSERT_EQ(run_command({"/bin/sh", "-c", exe + " token create ci --scope tickets:read --config " + config + " --data " +
                                              data + " 2>/dev/null"},
                        out),
            0)
      << out;
  const std::string token = out.substr(0, out.find('\n'));
  EXPECT_EQ(token.rfind("hd_", 0), 0u) << out;
  auto listed = http_request(server.port(), "GET", "/api/v1/tickets", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(listed.status, 200) << listed.body;
  out.clear();
  EXPECT_EQ(run_command({exe, "token", "list", "--config", config, "--data", data}, out), 0);
  EXPECT_EQ(out.find(token), std::string::npos) << "token list never shows the secret";
  out.clear();
  EXPECT_EQ(run_command({exe, "token", "revoke", "ci", "--config", config, "--data", data}, out), 0) << out;
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/tickets", "", {{"Authorization", "Bearer " + token}}).status, 401);
  out.clear();
  EXPECT_EQ(run_command({exe, "token", "create", "x", "--scope", "root", "--config", config, "--data", data}, out), 1);
  EXPECT_NE(out.find("unknown scope 'root'"), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(run_command({exe, "agent", "add", "grace@example.com", "--name", "Grace", "--department", "it", "--role",
                         "agent", "--config", config, "--data", data},
                        out),
            0)
      << out;
  auto agents = http_request(server.port(), "GET", "/api/v1/agents", "", {{"Authorization", "Bearer " + admin_token}});
  EXPECT_NE(agents.body.find("grace@example.com"), std::string::npos) << agents.body;
  out.clear();
  EXPECT_EQ(run_command({exe, "agent", "add", "x@example.com", "--name", "X", "--department", "nowhere", "--role", "agent",
                         "--config", config, "--data", data},
                        out),
            1);
  EXPECT_NE(out.find("unknown department 'nowhere'"), std::string::npos) << out;
}

}  // namespace
