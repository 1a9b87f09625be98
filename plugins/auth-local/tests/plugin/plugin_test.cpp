// auth-local on the SDK's FakeHost with an in-memory SQLite database: what the integration tests
// cannot see from outside (the reset event, the stored hash, the settings' errors).
#include <gtest/gtest.h>

#include <helpdesk/testing/fake_host.hpp>

#include "auth_local_plugin.hpp"
#include "sqlite_database.hpp"

std::vector<helpdesk::Migration> auth_local_migrations();

namespace {

using helpdesk::http::Method;
using helpdesk::http::Request;
using nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;

struct Fixture {
  explicit Fixture(json settings = json::object()) : host("auth-local", std::move(settings)) {
    db.apply(auth_local_migrations());
    host.set_database(&db);
    host.scheduler().set_now(kNow);
    agent = host.directory().add_agent({0, "Ann Agent", "ann@example.com", ""});
  }
  void start() { host.start(plugin); }
  helpdesk::http::Response post(const std::string& target, const json& body) {
    Request r;
    r.body = body.dump();
    return host.router().call(Method::post, target, r);
  }
  std::string stored_hash() {
    std::string hash;
    db.read([&](helpdesk::Sql& sql) {
      if (auto row = sql.query_one("SELECT hash FROM auth_local_passwords WHERE kind = 'agent' AND person_id = ?", {agent.id}))
        hash = row->text(0);
    });
    return hash;
  }
  int set_password(const std::string& password) {
    std::string out, err;
    return host.commands().run("password", {"set", "ann@example.com"}, password + "\n", out, err);
  }

  auth_test::SqliteDatabase db;
  helpdesk::testing::FakeHost host;
  auth_local::AuthLocalPlugin plugin;
  helpdesk::Person agent;
};

const json kFast = {{"argon2_ops", 1}, {"argon2_mem_kib", 8192}};

TEST(AuthLocalPlugin, ResetRequestPublishesTheLinkForTheMailPluginAndLogsNoToken) {
  json settings = kFast;
  settings["reset_url"] = "https://help.example.com/r/{token}";
  settings["reset_minutes"] = 20;
  Fixture f(settings);
  f.start();
  auto r = f.post("/api/v1/auth/password-reset", {{"email", "ANN@example.com"}});
  ASSERT_EQ(r.status, 202) << r.body;
  const auto events = f.host.events().published("auth.password_reset");
  ASSERT_EQ(events.size(), 1u);
  const auto& data = events[0].data;
  EXPECT_EQ(data["email"], "ann@example.com");
  EXPECT_EQ(data["name"], "Ann Agent");
  EXPECT_EQ(data["kind"], "agent");
  EXPECT_EQ(data["expires_at"], kNow + 20 * 60);
  const std::string url = data["url"];
  ASSERT_EQ(url.rfind("https://help.example.com/r/", 0), 0u) << url;
  const std::string token = url.substr(std::string("https://help.example.com/r/").size());
  EXPECT_EQ(token.size(), 43u);
  EXPECT_FALSE(f.host.logged_contains(token));
  // The same answer for an unknown email, and no event.
  auto unknown = f.post("/api/v1/auth/password-reset", {{"email", "nobody@example.com"}});
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(unknown.body, r.body);
  EXPECT_EQ(f.host.events().published("auth.password_reset").size(), 1u);
  // Only the digest is stored.
  f.db.read([&](helpdesk::Sql& sql) {
    EXPECT_FALSE(sql.query_one("SELECT 1 FROM auth_local_reset_tokens WHERE token_sha256 = ?", {token}).has_value());
  });
}

TEST(AuthLocalPlugin, ResetRequestsForOneEmailAreLimited) {
  Fixture f(kFast);
  f.start();
  for (int i = 0; i < 7; ++i) EXPECT_EQ(f.post("/api/v1/auth/password-reset", {{"email", "ann@example.com"}}).status, 202);
  EXPECT_EQ(f.host.events().published("auth.password_reset").size(), 5u);  // five per hour
  f.host.scheduler().advance(2 * 60 * 60);
  EXPECT_EQ(f.post("/api/v1/auth/password-reset", {{"email", "ann@example.com"}}).status, 202);
  EXPECT_EQ(f.host.events().published("auth.password_reset").size(), 6u);
}

TEST(AuthLocalPlugin, ALoginRehashesAPasswordMadeWithOtherParameters) {
  Fixture f({{"argon2_ops", 2}, {"argon2_mem_kib", 8192}});
  f.start();
  // A hash made with one pass, as an older configuration would have stored it.
  const std::string old_hash = auth_local::hash_password("a long enough secret", {1, 8192 * 1024});
  f.db.write([&](helpdesk::Sql& sql) {
    sql.exec("INSERT INTO auth_local_passwords (kind, person_id, hash, updated_at) VALUES ('agent', ?, ?, 0)",
             {f.agent.id, old_hash});
  });
  auto r = f.post("/api/v1/auth/login", {{"email", "ann@example.com"}, {"password", "a long enough secret"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string upgraded = f.stored_hash();
  EXPECT_NE(upgraded, old_hash);
  EXPECT_NE(upgraded.find("t=2"), std::string::npos) << upgraded;
  EXPECT_FALSE(auth_local::needs_rehash(upgraded, {2, 8192 * 1024}));
  ASSERT_EQ(f.host.sessions().started().size(), 1u);
  EXPECT_EQ(f.host.sessions().started()[0].method, "password");
}

TEST(AuthLocalPlugin, LockoutStateOutlivesThePluginObject) {
  json settings = kFast;
  settings["lockout_account_failures"] = 2;
  Fixture f(settings);
  f.start();
  ASSERT_EQ(f.set_password("a long enough secret"), 0);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "ann@example.com"}, {"password", "wrong"}}).status, 401);
  // A second plugin instance on the same database (a restart) still refuses.
  helpdesk::testing::FakeHost again("auth-local", settings);
  again.set_database(&f.db);
  again.scheduler().set_now(kNow + 60);
  again.directory().add_agent({0, "Ann Agent", "ann@example.com", ""});
  auth_local::AuthLocalPlugin restarted;
  again.start(restarted);
  Request r;
  r.body = json{{"email", "ann@example.com"}, {"password", "a long enough secret"}}.dump();
  auto locked = again.router().call(Method::post, "/api/v1/auth/login", r);
  EXPECT_EQ(locked.status, 429) << locked.body;
  bool retry_after = false;
  for (const auto& [name, value] : locked.headers) retry_after |= name == "Retry-After" && value == std::to_string(15 * 60 - 60);
  EXPECT_TRUE(retry_after) << locked.body;
}

TEST(AuthLocalPlugin, DemoPasswordsAreSetOnlyWhereNoneIs) {
  json settings = kFast;
  settings["demo_passwords"] = true;
  Fixture f(settings);
  const auto admin = f.host.directory().add_agent({0, "Demo Admin", "admin@example.com", ""});
  f.host.directory().add_agent({0, "Demo Agent", "agent@example.com", ""});
  f.host.directory().add_user({0, "Demo User", "user@example.com", ""});
  // The admin chose a password already: the demo one must not replace it.
  const std::string chosen = auth_local::hash_password("the admin's own choice", {1, 8192 * 1024});
  f.db.write([&](helpdesk::Sql& sql) {
    sql.exec("INSERT INTO auth_local_passwords (kind, person_id, hash, updated_at) VALUES ('agent', ?, ?, 0)",
             {admin.id, chosen});
  });
  f.start();
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "admin@example.com"}, {"password", "demo-admin-password"}}).status, 401);
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "admin@example.com"}, {"password", "the admin's own choice"}}).status, 200);
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "agent@example.com"}, {"password", "demo-agent-password"}}).status, 200);
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "user@example.com"}, {"password", "demo-user-password"}}).status, 200);
  EXPECT_TRUE(f.host.logged_contains("demo_passwords is on"));
  EXPECT_FALSE(f.host.logged_contains("demo-agent-password"));
}

TEST(AuthLocalPlugin, SettingsErrorsNameTheSetting) {
  auto error_of = [](const json& settings) {
    try {
      auth_local::Settings::from_json(settings);
    } catch (const helpdesk::Error& e) {
      EXPECT_EQ(e.code(), "invalid_settings");
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of({{"reset_url", "https://example.com/reset"}}).find("reset_url must contain {token}"), std::string::npos);
  EXPECT_NE(error_of({{"min_password_length", 4}}).find("min_password_length"), std::string::npos);
  EXPECT_NE(error_of({{"argon2_mem_kib", 4}}).find("argon2_mem_kib"), std::string::npos);
  EXPECT_NE(error_of({{"self_registration", "yes"}}).find("self_registration must be true or false"), std::string::npos);
  const auto defaults = auth_local::Settings::from_json(json::object());
  EXPECT_EQ(defaults.argon2, auth_local::Argon2Params::interactive());
  EXPECT_FALSE(defaults.self_registration);
  EXPECT_EQ(defaults.reset_minutes, 60);
  EXPECT_EQ(defaults.registration_minutes, 24 * 60);
  EXPECT_NE(error_of({{"registration_url", "https://example.com/join"}}).find("registration_url must contain {token}"),
            std::string::npos);
}

// The token of the newest auth.registration event's link (after `prefix`).
std::string registration_token(Fixture& f, const std::string& prefix) {
  const auto events = f.host.events().published("auth.registration");
  if (events.empty()) return {};
  const std::string url = events.back().data["url"];
  EXPECT_EQ(url.rfind(prefix, 0), 0u) << url;
  return url.substr(prefix.size());
}

TEST(AuthLocalPlugin, RegistrationMakesTheAccountOnlyWhenTheMailedLinkIsUsed) {
  json settings = kFast;
  settings["self_registration"] = true;
  settings["registration_url"] = "https://help.example.com/join/{token}";
  settings["registration_minutes"] = 30;
  Fixture f(settings);
  f.start();
  const json body = {{"email", "New@Example.com"}, {"name", "New Person"}, {"password", "a long enough secret"}};
  auto asked = f.post("/api/v1/auth/register", body);
  ASSERT_EQ(asked.status, 202) << asked.body;
  const auto events = f.host.events().published("auth.registration");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data["email"], "new@example.com");
  EXPECT_EQ(events[0].data["name"], "New Person");
  EXPECT_EQ(events[0].data["expires_at"], kNow + 30 * 60);
  const std::string token = registration_token(f, "https://help.example.com/join/");
  ASSERT_EQ(token.size(), 43u);
  EXPECT_FALSE(f.host.logged_contains(token));
  EXPECT_FALSE(f.host.logged_contains("a long enough secret"));
  // Nothing exists until the link is used: no user, no sign-in.
  EXPECT_FALSE(f.host.directory().find_user("new@example.com"));
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "new@example.com"}, {"password", "a long enough secret"}}).status, 401);

  EXPECT_EQ(f.post("/api/v1/auth/register/confirm", {{"token", "not-a-token"}}).status, 400);
  auto confirmed = f.post("/api/v1/auth/register/confirm", {{"token", token}});
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_EQ(json::parse(confirmed.body)["person"]["name"], "New Person");
  EXPECT_FALSE(json::parse(confirmed.body)["csrf_token"].get<std::string>().empty());  // signed in
  EXPECT_TRUE(f.host.directory().find_user("new@example.com"));
  EXPECT_EQ(f.post("/api/v1/auth/login", {{"email", "new@example.com"}, {"password", "a long enough secret"}}).status, 200);
  auto again = f.post("/api/v1/auth/register/confirm", {{"token", token}});
  EXPECT_EQ(again.status, 400) << "a link works once";
  // Now the address is known: registering it again is refused by name.
  auto known = f.post("/api/v1/auth/register", body);
  EXPECT_EQ(known.status, 409);
  EXPECT_NE(known.body.find("already_registered"), std::string::npos);
}

TEST(AuthLocalPlugin, RegistrationLinksExpireAndAreLimited) {
  json settings = kFast;
  settings["self_registration"] = true;
  Fixture f(settings);
  f.start();
  auto ask = [&](const std::string& email) {
    return f.post("/api/v1/auth/register", {{"email", email}, {"name", "N"}, {"password", "a long enough secret"}});
  };
  ASSERT_EQ(ask("late@example.com").status, 202);
  const std::string token = registration_token(f, "http://localhost:8080/register/confirm?token=");
  f.host.scheduler().advance(24 * 60 * 60 + 1);
  EXPECT_EQ(f.post("/api/v1/auth/register/confirm", {{"token", token}}).status, 400) << "expired";
  EXPECT_FALSE(f.host.directory().find_user("late@example.com"));
  // A weak password or a bad address is refused before anything is sent.
  EXPECT_EQ(f.post("/api/v1/auth/register", {{"email", "w@example.com"}, {"name", "W"}, {"password", "password"}}).status, 400);
  EXPECT_EQ(ask("no-at-sign").status, 400);
  // Links per email are limited as reset links are (five per hour).
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ask("flood@example.com").status, 202);
  EXPECT_EQ(ask("flood@example.com").status, 202);
  EXPECT_EQ(ask("flood@example.com").status, 429);
  EXPECT_EQ(f.host.events().published("auth.registration").size(), 6u);
}

}  // namespace
