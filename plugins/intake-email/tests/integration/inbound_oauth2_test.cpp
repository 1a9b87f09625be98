// OAuth2 mailboxes: the server refreshes the token at the token endpoint, logs into Dovecot with
// XOAUTH2 and imports; an account whose refresh is refused shows the failure in the plugin's
// health instead of failing silently.
#include <chrono>
#include <thread>

#include "inbound_support.hpp"
#include "support/dovecot_server.hpp"
#include "support/peers.hpp"
#include "support/token_endpoint.hpp"

using namespace inbound_test;
namespace mt = helpdesk::mail::test;

TEST(InboundOAuth2, RefreshesAndImportsAndShowsAFailedRefresh) {
  if (auto reason = mt::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  if (auto reason = mt::python_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  mt::TokenEndpoint tokens;
  mt::DovecotOptions options;
  options.oauth2_introspection_url = tokens.introspect_url();
  mt::DovecotServer dovecot(options);
  dovecot.start();
  dovecot.deliver("alice", message("oauth@example.org", "Mail over XOAUTH2", "oauth1@example.org"));

  auto account = [&](const std::string& name, const std::string& refresh_token) {
    return "        - name: " + name + "\n"
           "          url: imap://127.0.0.1:" + std::to_string(dovecot.imap_port()) + "/INBOX\n"
           "          username: alice\n"
           "          interval_seconds: 1\n"
           "          after_import: keep\n"
           "          oauth2:\n"
           "            token_url: " + tokens.token_url() + "\n"
           "            client_id: " + tokens.options().client_id + "\n"
           "            client_secret: test-secret\n"
           "            refresh_token: " + refresh_token + "\n";
  };
  TempDir dir;
  Server server(dir.path(), email_config("      accounts:\n" + account("m365", tokens.options().refresh_token) +
                                         account("revoked", "refresh-revoked")));
  nlohmann::json tickets, health;
  for (int i = 0; i < 150; ++i) {
    tickets = all_tickets(server);
    const auto plugins = server.get("/api/v1/system/plugins", helpdesk::test::admin_token).json()["plugins"];
    for (const auto& p : plugins)
      if (p["name"] == "intake-email") health = p["health"];
    if (!tickets.empty() && health.contains("incoming") &&
        health["incoming"]["accounts"]["revoked"]["last_error"].is_string())
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(tickets.size(), 1u) << server.log() << dovecot.log();
  EXPECT_EQ(tickets[0]["subject"], "Mail over XOAUTH2");
  const auto accounts = health["incoming"]["accounts"];
  EXPECT_TRUE(accounts["m365"]["last_error"].is_null()) << health.dump();
  ASSERT_TRUE(accounts["revoked"]["last_error"].is_string()) << health.dump();
  EXPECT_NE(accounts["revoked"]["last_error"].get<std::string>().find("OAuth2 token refresh failed"), std::string::npos)
      << health.dump();
  EXPECT_NE(server.log().find("OAuth2 token refresh FAILED"), std::string::npos) << "logged loudly";
}
