// The permission matrix over real HTTP: every registered route × every kind of actor against the
// explicit allow/deny table in permission_table.hpp (a route without a row fails the test).
// Sessions come from the fixture-signin test plugin (no password), so the table tests the
// kernel's one check: roles per department, extended access, teams, department managers, admins,
// end users and organization sharing, guests, the second-factor step, token scopes, API keys.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include "harness.hpp"
#include "permission_table.hpp"
#include "base32.hpp"  // mfa-totp's core: the codes mia's authenticator would show
#include "totp.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

namespace matrix = helpdesk::test::matrix;

struct Caller {
  std::string cookie, csrf;  // a session
  std::string bearer;        // or a token
  std::string api_key;       // or an API key
};
Caller with_token(const std::string& token) {
  Caller c;
  c.bearer = token;
  return c;
}
Caller with_key(const std::string& key) {
  Caller c;
  c.api_key = key;
  return c;
}

// The plugins with routes: intake-api, auth-local, mfa-totp and intake-email (no mailboxes, no
// SMTP: mail waits in the outbox), and the test's fixture-signin. Lockouts high, so the many wrong
// passwords of the matrix are answered as such.
const std::string desk_plugins = R"(  - name: intake-api
  - name: fixture-signin
  - name: auth-local
    config: {argon2_mem_kib: 8192, lockout_account_failures: 100000, lockout_address_failures: 100000}
  - name: mfa-totp
  - name: intake-email
    config: {smtp: {}, accounts: []}
)";

// A server with the people, organizations, tickets and tokens the tables speak of. Each suite
// below has its own (DeskFixture<Suite>), so what the matrix changes cannot reach the other tests.
template <class Suite>
class DeskFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string config = test_config(desk_plugins);
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
    if (!c.api_key.empty()) headers["X-API-Key"] = c.api_key;
    return http_request(server_->port(), method, target, body, headers);
  }
  static json admin_call(const std::string& method, const std::string& target, const json& body, int expected) {
    auto r = send(with_token(admin_token), method, target, body.is_null() ? "" : body.dump());
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
    return Caller{set_cookie.substr(0, set_cookie.find(';')), r.json()["csrf_token"], "", ""};
  }
  static std::string ticket(const std::string& email, const std::string& subject, json attachments = json::array()) {
    json body = {{"name", email.substr(0, email.find('@'))}, {"email", email}, {"subject", subject}, {"message", "Please help."}};
    if (!attachments.empty()) body["attachments"] = attachments;
    auto r = server_->post_ticket(body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  }
  static std::string user_id(const std::string& email) {
    sign_in("user", email);  // makes sure the user exists
    const auto users = admin_call("GET", "/api/v1/users?email=" + email, json(), 200)["users"];
    EXPECT_EQ(users.size(), 1u) << email;
    return users.empty() ? "" : std::to_string(users[0]["id"].get<int>());
  }

  static void setup() {
    auto agent = [](const std::string& email, const std::string& department, json extra = json::object()) {
      json body = {{"email", email}, {"name", email.substr(0, email.find('@'))}, {"department", department}, {"role", "agent"}};
      body.update(extra);
      return std::to_string(admin_call("POST", "/api/v1/agents", body, 201)["id"].get<int>());
    };
    agent("alice@example.com", "support");
    agent("bob@example.com", "it");
    agent("carol@example.com", "it", {{"extended", {{{"department", "support"}, {"role", "viewer"}}}}});
    agent("dave@example.com", "it", {{"teams", {"level-2"}}});
    agent("erin@example.com", "it");
    agent("root@example.com", "it", {{"admin", true}});
    agent("gus@example.com", "it");
    agent("mia@example.com", "support");
    ids_.agent = agent("spare@example.com", "it", {{"name", "Spare"}});
    admin_call("POST", "/api/v1/organizations", {{"name", "Acme"}, {"share_tickets", true}}, 201);
    admin_call("POST", "/api/v1/organizations", {{"name", "Beta"}, {"share_tickets", false}}, 201);
    t1_ = ticket("ada@acme.example", "Acme printer",
                 {{{"name", "log.txt"}, {"data", "bG9nIGxpbmUgMQ=="}, {"type", "text/plain"}, {"encoding", "base64"}}});
    t2_ = ticket("cy@beta.example", "Beta invoice");
    for (const auto& [email, org] : std::vector<std::pair<std::string, std::string>>{
             {"ada@acme.example", "Acme"}, {"ben@acme.example", "Acme"}, {"cy@beta.example", "Beta"}, {"dan@beta.example", "Beta"}})
      admin_call("PATCH", "/api/v1/users/" + user_id(email), {{"organization", org}}, 200);
    ids_.user = user_id("spare@example.org");
    admin_call("POST", "/api/v1/tickets/" + t1_ + "/assign", {{"team", "level-2"}}, 200);
    admin_call("POST", "/api/v1/tickets/" + t2_ + "/assign", {{"agent_email", "gus@example.com"}}, 200);
    const auto t1 = admin_call("GET", "/api/v1/tickets/" + t1_, json(), 200);
    ids_.t1 = t1_;
    ids_.t2 = t2_;
    ids_.attachment = std::to_string(t1["thread"][0]["attachments"][0]["id"].get<int>());
    for (const auto& scope : {"tickets:read", "tickets:write", "users:read", "kb:write"})
      tokens_[scope] = admin_call("POST", "/api/v1/tokens", {{"name", std::string("matrix-") + scope}, {"scopes", {scope}}}, 201)["token"];
  }

  static inline TempDir* dir_ = nullptr;
  static inline Server* server_ = nullptr;
  static inline std::string t1_, t2_;
  static inline std::map<std::string, std::string> tokens_;
  static inline matrix::Ids ids_;
};

class Permissions : public DeskFixture<Permissions> {};
class PermissionsMatrix : public DeskFixture<PermissionsMatrix> {};

// ---- The permission matrix (the table is in permission_table.hpp) ----

// The error codes with which the kernel's one check refuses a caller (authorizer.cpp,
// credentials.cpp); a handler's own 401/403 has another code (invalid_credentials, …), except
// "forbidden" where a handler refuses a kind of caller (a guest changing a password).
bool kernel_denial(const Response& r, std::string& code) {
  if (r.status != 401 && r.status != 403) return false;
  const auto body = json::parse(r.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object() && body["error"].value("code", json()).is_string())
    code = body["error"]["code"];
  static const std::set<std::string> denials = {"unauthorized",           "forbidden",          "csrf_failed",
                                                "session_expired",        "second_factor_required",
                                                "address_not_allowed"};
  // Handlers' answers about the input: a wrong password, a closed registration, a wrong code.
  static const std::set<std::string> answers = {"invalid_credentials", "wrong_password", "registration_closed",
                                                "invalid_code"};
  EXPECT_TRUE(denials.count(code) || answers.count(code)) << "a 401/403 of unknown kind: " << r.body;
  return denials.count(code) > 0;
}

// "/api/v1/tickets/{number}" matches "/api/v1/tickets/000001" (no query strings in the table).
bool target_matches(const std::string& pattern, const std::string& target) {
  auto split = [](const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    for (std::size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1)
      out.push_back(path.substr(start, slash - start));
    out.push_back(path.substr(start));
    return out;
  };
  const auto p = split(pattern), t = split(target);
  if (p.size() != t.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i].front() == '{' ? t[i].empty() : p[i] != t[i]) return false;
  return true;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

TEST_F(PermissionsMatrix, EveryRouteForEveryActorMatchesTheTable) {
  // mia has an active authenticator, so every session she starts awaits its second factor.
  {
    const auto mia = sign_in("agent", "mia@example.com");
    const auto enrol = send(mia, "POST", "/api/v1/auth/totp/enrol");
    ASSERT_EQ(enrol.status, 200) << enrol.body;
    const std::string code = mfa_totp::totp_code(mfa_totp::base32_decode(enrol.json()["secret"].get<std::string>()), std::time(nullptr));
    const auto activate = send(mia, "POST", "/api/v1/auth/totp/activate", json{{"code", code}}.dump());
    ASSERT_EQ(activate.status, 200) << activate.body;
  }
  // How each column calls: session actors sign in afresh for every request (so logout-all and
  // the like cannot end a session that a later request uses).
  struct Who {
    std::string kind, email, only_ticket;  // a session from fixture-signin, when kind is set
    Caller caller;                          // else this
  };
  const std::map<std::string, Who> how = {
      {"anon", {}},
      {"guest", {"user", "ada@acme.example", t1_, {}}},
      {"ada", {"user", "ada@acme.example", "", {}}},
      {"ben", {"user", "ben@acme.example", "", {}}},
      {"dan", {"user", "dan@beta.example", "", {}}},
      {"cy", {"user", "cy@beta.example", "", {}}},
      {"alice", {"agent", "alice@example.com", "", {}}},
      {"bob", {"agent", "bob@example.com", "", {}}},
      {"carol", {"agent", "carol@example.com", "", {}}},
      {"dave", {"agent", "dave@example.com", "", {}}},
      {"gus", {"agent", "gus@example.com", "", {}}},
      {"erin", {"agent", "erin@example.com", "", {}}},
      {"root", {"agent", "root@example.com", "", {}}},
      {"mia", {"agent", "mia@example.com", "", {}}},
      {"t:r", {"", "", "", with_token(tokens_["tickets:read"])}},
      {"t:w", {"", "", "", with_token(tokens_["tickets:write"])}},
      {"u:r", {"", "", "", with_token(tokens_["users:read"])}},
      {"kb", {"", "", "", with_token(tokens_["kb:write"])}},
      {"adm", {"", "", "", with_token(admin_token)}},
      {"key", {"", "", "", with_key(api_key)}},
      {"far", {"", "", "", with_key(elsewhere_api_key)}},
  };
  std::vector<Who> who;
  for (const auto& column : matrix::actor_columns) {
    ASSERT_TRUE(how.count(column.short_name)) << column.short_name;
    who.push_back(how.at(column.short_name));
  }
  ASSERT_EQ(how.size(), who.size());
  const auto mia = http_request(server_->port(), "POST", "/fixture/sign-in",
                                json{{"kind", "agent"}, {"email", "mia@example.com"}}.dump());
  ASSERT_EQ(mia.json()["second_factor_required"], true) << mia.body;

  // Actor by actor through the rows, so that each actor who may close T1 reopens it next; the
  // answers are compared row by row at the end.
  const auto rows = matrix::permission_rows(ids_);
  std::vector<std::string> expected, observed(rows.size()), details(rows.size());
  for (const auto& row : rows) {
    std::string letters = row.letters;
    std::erase(letters, ' ');
    ASSERT_EQ(letters.size(), who.size()) << row.method << " " << row.target;
    ASSERT_TRUE(target_matches(row.pattern, row.target)) << row.target << " is not " << row.pattern;
    expected.push_back(letters);
  }
  int n = 0;
  for (std::size_t i = 0; i < who.size(); ++i) {
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto& row = rows[k];
      const Caller caller = who[i].kind.empty() ? who[i].caller : sign_in(who[i].kind, who[i].email, who[i].only_ticket);
      std::string target = row.target, body = row.body;
      ++n;
      replace_all(target, "{n}", std::to_string(n));
      replace_all(body, "{n}", std::to_string(n));
      if (target.find("{throwaway-token}") != std::string::npos) {
        const std::string name = "throwaway-" + std::to_string(n);
        admin_call("POST", "/api/v1/tokens", {{"name", name}, {"scopes", {"tickets:read"}}}, 201);
        replace_all(target, "{throwaway-token}", name);
      }
      if (target.find("{throwaway-ticket}") != std::string::npos)  // in support, like T1
        replace_all(target, "{throwaway-ticket}", ticket("ada@acme.example", "Throwaway " + std::to_string(n)));
      const auto r = send(caller, row.method, target, body);
      std::string code;
      const char got = kernel_denial(r, code) ? 'D' : 'A';
      observed[k] += got;
      EXPECT_LT(r.status, 500) << matrix::actor_columns[i].name << " → " << row.method << " " << target << ": " << r.body;
      if (got != expected[k][i])
        details[k] += std::string("\n  ") + matrix::actor_columns[i].name + ": expected " + expected[k][i] + ", got " +
                      std::to_string(r.status) + " " + r.body.substr(0, 200);
      if (std::getenv("MATRIX_DEBUG"))  // every answer, to review the table
        std::cout << row.method << " " << target << " | " << matrix::actor_columns[i].short_name << " " << got << " "
                  << r.status << " " << r.body.substr(0, 100) << "\n";
    }
  }
  for (std::size_t k = 0; k < rows.size(); ++k)
    EXPECT_EQ(observed[k], expected[k]) << rows[k].method << " " << rows[k].target << details[k];
  std::cout << "[ matrix   ] " << rows.size() << " rows x " << who.size() << " actors = " << n << " requests\n";
}

// Every registered route has a row, and every row names a registered route: a new route without
// a row in permission_table.hpp fails here.
TEST_F(PermissionsMatrix, TheTableCoversEveryRegisteredRoute) {
  std::set<std::pair<std::string, std::string>> registered, tabled;
  const json routes = admin_call("GET", "/api/v1/system/routes", json(), 200);
  for (const auto& r : routes["routes"]) {
    const std::string pattern = r["pattern"];
    if (pattern.rfind("/fixture/", 0) == 0) continue;  // the test's own sign-in, not a product route
    registered.insert({r["method"], pattern});
  }
  for (const auto& row : matrix::permission_rows(ids_)) tabled.insert({row.method, row.pattern});
  for (const auto& [method, pattern] : registered)
    EXPECT_TRUE(tabled.count({method, pattern})) << method << " " << pattern << " has no row in permission_table.hpp";
  for (const auto& [method, pattern] : tabled)
    EXPECT_TRUE(registered.count({method, pattern})) << method << " " << pattern << " is in the table but not registered";
  EXPECT_GE(registered.size(), 48u) << "auth-local, mfa-totp and intake-email should be loaded";
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
  EXPECT_EQ(numbers(with_token(admin_token)), both);
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
  EXPECT_EQ(send(with_token(token), "GET", "/api/v1/tickets").status, 200);
  const auto listed = admin_call("GET", "/api/v1/tokens", json(), 200);
  EXPECT_EQ(listed.dump().find(token), std::string::npos) << "the secret is never listed";
  admin_call("DELETE", "/api/v1/tokens/short-lived", json(), 200);
  EXPECT_EQ(send(with_token(token), "GET", "/api/v1/tickets").status, 401);
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
  auto topics = send(with_token(tokens_["tickets:read"]), "GET", "/api/v1/help-topics");
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
