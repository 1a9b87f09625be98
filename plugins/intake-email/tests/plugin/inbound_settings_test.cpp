// Inbound settings: accounts are read with their defaults, and every unusable value is refused
// with an error naming "accounts[i].key".
#include <gtest/gtest.h>

#include "inbound_settings.hpp"

using namespace intake_email;
using nlohmann::json;

namespace {
std::string error_of(const json& settings) {
  try {
    InboundSettings::from_json(settings);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}
json imap_account() {
  return {{"name", "support"}, {"url", "imaps://mail.example.com/INBOX"}, {"username", "support@example.com"},
          {"password", "pw"}};
}
}  // namespace

TEST(InboundSettings, DefaultsAndAccounts) {
  auto pop = imap_account();
  pop["name"] = "pop";
  pop["url"] = "pop3://127.0.0.1:1110";
  pop["department"] = "sales";
  const auto s = InboundSettings::from_json({{"accounts", json::array({imap_account(), pop})}, {"banned_senders", json::array({"Spam@Example.com"})}});
  ASSERT_EQ(s.accounts.size(), 2u);
  EXPECT_FALSE(s.accounts[0].pop3);
  EXPECT_EQ(s.accounts[0].after_import, "seen");
  EXPECT_EQ(s.accounts[0].interval_seconds, 60);
  EXPECT_TRUE(s.accounts[0].endpoint.verify_tls);
  EXPECT_TRUE(s.accounts[1].pop3);
  EXPECT_EQ(s.accounts[1].after_import, "keep") << "POP3 cannot flag, so it keeps by default";
  EXPECT_EQ(s.accounts[1].department, "sales");
  EXPECT_EQ(s.banned_senders, std::vector<std::string>{"spam@example.com"});
  EXPECT_FALSE(s.reply_to_closed_new_ticket);
  EXPECT_EQ(s.account("pop"), &s.accounts[1]);
  EXPECT_EQ(s.account("nope"), nullptr);
}

TEST(InboundSettings, OAuth2Account) {
  auto a = imap_account();
  a.erase("password");
  a["oauth2"] = {{"token_url", "https://login.example.com/token"}, {"client_id", "id"}, {"refresh_token", "rt"}};
  const auto s = InboundSettings::from_json({{"accounts", json::array({a})}});
  ASSERT_TRUE(s.accounts[0].oauth2);
  EXPECT_EQ(s.accounts[0].oauth2->refresh_token, "rt");
}

TEST(InboundSettings, RefusalsNameTheSetting) {
  auto bad = [](const std::string& key, const json& value) {
    auto a = imap_account();
    if (value.is_null()) a.erase(key);
    else a[key] = value;
    auto first = imap_account();
    first["name"] = "first";
    return json{{"accounts", json::array({first, a})}};
  };
  EXPECT_EQ(error_of(bad("url", "http://x")).rfind("accounts[1].url:", 0), 0u) << error_of(bad("url", "http://x"));
  EXPECT_EQ(error_of(bad("name", nullptr)), "accounts[1].name: is required");
  EXPECT_EQ(error_of(bad("password", nullptr)), "accounts[1].password: set a password or oauth2");
  EXPECT_EQ(error_of(bad("interval_seconds", 0)), "accounts[1].interval_seconds: must be between 1 and 86400");
  EXPECT_EQ(error_of(bad("after_import", "move")), "accounts[1].move_to: is required for after_import: move");
  EXPECT_EQ(error_of(bad("after_import", "burn")).rfind("accounts[1].after_import:", 0), 0u);
  EXPECT_EQ(error_of(bad("colour", "red")), "accounts[1].colour: unknown key");
  EXPECT_EQ(error_of(bad("verify_tls", "no")), "accounts[1].verify_tls: must be true or false");
  EXPECT_EQ(error_of(bad("oauth2", json{{"client_id", "x"}})), "accounts[1].oauth2.token_url: is required");
  auto pop = imap_account();
  pop["url"] = "pop3s://mail.example.com";
  pop["after_import"] = "seen";
  EXPECT_EQ(error_of({{"accounts", json::array({pop})}}), "accounts[0].after_import: POP3 can only keep or delete (got 'seen')");
  EXPECT_EQ(error_of({{"accounts", json::array({imap_account(), imap_account()})}}),
            "accounts[1].name: 'support' is used by another account");
  EXPECT_EQ(error_of({{"reply_to_closed", "ignore"}}), "reply_to_closed: must be reopen or new_ticket (got 'ignore')");
  EXPECT_EQ(error_of({{"banned_senders", json::array({"nobody"})}}), "banned_senders[0]: must be an address or @domain (got 'nobody')");
  EXPECT_EQ(error_of({{"max_message_bytes", 10}}), "max_message_bytes: must be at least 1024");
}
