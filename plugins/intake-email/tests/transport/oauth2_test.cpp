// OAuth2: the refresh grant against a local token endpoint, and XOAUTH2 logins to Dovecot whose
// oauth2 passdb checks the bearer at the same endpoint (introspection).
#include "transport/oauth2.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <memory>

#include "mail_fixtures.hpp"
#include "support/net.hpp"
#include "support/token_endpoint.hpp"
#include "transport/imap_mailbox.hpp"
#include "transport/pop3_mailbox.hpp"

namespace helpdesk::mail {
namespace {

using testing::sample_message;

class OAuth2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = test::python_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    endpoint_ = std::make_unique<test::TokenEndpoint>();
  }
  OAuth2Refresh request() {
    OAuth2Refresh r;
    r.token_url = endpoint_->token_url();
    r.client_id = endpoint_->options().client_id;
    r.client_secret = "client-secret-value";
    r.refresh_token = endpoint_->options().refresh_token;
    r.scope = "https://mail.example.com/";
    return r;
  }
  std::unique_ptr<test::TokenEndpoint> endpoint_;
};

TEST_F(OAuth2Test, RefreshReturnsTheAccessTokenAndItsExpiry) {
  std::int64_t before = std::time(nullptr);
  OAuth2Token token = refresh_oauth2_token(request());
  EXPECT_EQ(token.access_token, endpoint_->options().access_token);
  EXPECT_GE(token.expires_at, before + endpoint_->options().expires_in);
  EXPECT_LE(token.expires_at, std::time(nullptr) + endpoint_->options().expires_in);
  EXPECT_EQ(token.refresh_token, request().refresh_token);  // not rotated: the old one stays
  EXPECT_FALSE(oauth2_needs_refresh(token, std::time(nullptr)));
}

TEST_F(OAuth2Test, InvalidGrantIsAPermanentErrorCarryingTheServersReason) {
  OAuth2Refresh r = request();
  r.refresh_token = "revoked-refresh-token";
  try {
    refresh_oauth2_token(r);
    FAIL() << "a revoked refresh token was accepted";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_FALSE(error.temporary()) << what;
    EXPECT_NE(what.find("OAuth2 token refresh at " + endpoint_->token_url()), std::string::npos)
        << what;
    EXPECT_NE(what.find("HTTP 400"), std::string::npos) << what;
    EXPECT_NE(what.find("invalid_grant: Token has been expired or revoked."), std::string::npos)
        << what;
    EXPECT_EQ(what.find("revoked-refresh-token"), std::string::npos) << what;
    EXPECT_EQ(what.find("client-secret-value"), std::string::npos) << what;
  }
}

TEST_F(OAuth2Test, UnreachableTokenEndpointIsTemporary) {
  OAuth2Refresh r = request();
  r.token_url = "http://127.0.0.1:" + std::to_string(test::free_port()) + "/token";
  try {
    refresh_oauth2_token(r, 5);
    FAIL() << "refresh against a closed port succeeded";
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.temporary()) << error.what();
  }
  r.token_url = "file:///etc/passwd";
  EXPECT_THROW(refresh_oauth2_token(r), TransportError);
}

// Dovecot with XOAUTH2 whose tokens it checks at the test's token endpoint.
class XOAuth2LoginTest : public testing::DovecotTest {
 protected:
  void SetUp() override {
    if (auto reason = test::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    if (auto reason = test::python_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    tokens_ = std::make_unique<test::TokenEndpoint>();
    test::DovecotOptions options;
    options.oauth2_introspection_url = tokens_->introspect_url();
    start_dovecot(options);
    if (IsSkipped()) return;
    dovecot().deliver("alice", sample_message("oauth"));
  }
  Endpoint with_bearer(Endpoint e, const std::string& bearer) {
    e.password.clear();
    e.oauth2_bearer = bearer;
    return e;
  }
  std::unique_ptr<test::TokenEndpoint> tokens_;
};

TEST_F(XOAuth2LoginTest, RefreshedTokenLogsIntoImapAndPop3) {
  OAuth2Refresh r;
  r.token_url = tokens_->token_url();
  r.client_id = tokens_->options().client_id;
  r.refresh_token = tokens_->options().refresh_token;
  OAuth2Token token = refresh_oauth2_token(r);
  ImapMailbox box(with_bearer(imap(), token.access_token));
  EXPECT_EQ(box.uids().size(), 1u) << log();
  Pop3Mailbox pop(with_bearer(pop3(), token.access_token));
  EXPECT_EQ(pop.list().size(), 1u) << log();
}

TEST_F(XOAuth2LoginTest, ExpiredBearerIsALoginFailureNotARetry) {
  ImapMailbox box(with_bearer(imap(), "expired-access-token"));
  try {
    box.uids();
    FAIL() << "an unknown bearer logged in";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_FALSE(error.temporary()) << what;
    EXPECT_NE(what.find("Login denied"), std::string::npos) << what;
    EXPECT_EQ(what.find("expired-access-token"), std::string::npos) << what;
  }
}

TEST_F(XOAuth2LoginTest, PasswordLoginsStillWorkBesideXOAuth2) {
  ImapMailbox box(imap());
  EXPECT_EQ(box.uids().size(), 1u) << log();
}

}  // namespace
}  // namespace helpdesk::mail
