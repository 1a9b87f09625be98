// api_keys: and tokens: secrets are hashed at load, addresses and scopes are checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel/config/net_address.hpp"
#include "kernel/util/crypto.hpp"
#include "tests/kernel/config/config_test_support.hpp"

namespace helpdesk::kernel {
namespace {

using config_detail::check_ip_or_cidr;
using ::testing::HasSubstr;
using testing::issue_at;
using testing::issues_for;
using testing::kMinimal;
using ::testing::Not;

const std::string kHash = sha256_hex("an-api-key-long-enough");

TEST(Credentials, PlainKeyIsHashedAtLoad) {
  const Config c = testing::load_text(kMinimal + R"(api_keys:
  - name: partner
    key: an-api-key-long-enough
    allowed_ips: [192.0.2.10]
    can_exec_cron: true
tokens:
  - name: reader
    key: a-token-long-enough-too
    scopes: [tickets:read, users:read]
)");
  ASSERT_EQ(c.api_keys.size(), 1u);
  EXPECT_EQ(c.api_keys[0].key_sha256, kHash);
  EXPECT_EQ(c.api_keys[0].key_sha256.size(), 64u);
  EXPECT_TRUE(c.api_keys[0].can_create_tickets);  // default
  EXPECT_TRUE(c.api_keys[0].can_exec_cron);
  ASSERT_EQ(c.tokens.size(), 1u);
  EXPECT_EQ(c.tokens[0].key_sha256, sha256_hex("a-token-long-enough-too"));
  EXPECT_EQ(c.tokens[0].scopes, (std::vector<std::string>{"tickets:read", "users:read"}));
}

TEST(Credentials, HashIsKeptLowerCase) {
  std::string upper = kHash;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const Config c =
      testing::load_text(kMinimal + "api_keys:\n  - name: p\n    key_sha256: " + upper + "\n");
  ASSERT_EQ(c.api_keys.size(), 1u);
  EXPECT_EQ(c.api_keys[0].key_sha256, kHash);
  EXPECT_TRUE(c.api_keys[0].allowed_ips.empty());  // allows none
}

TEST(Credentials, SecretProblems) {
  const auto issues = issues_for(kMinimal + R"(api_keys:
  - name: short
    key: too-short
  - name: both
    key_sha256: )" + kHash + R"(
    key: an-api-key-long-enough
  - name: neither
  - name: bad-hex
    key_sha256: abc123
tokens:
  - name: t
    key_sha256: )" + std::string(64, 'g') +
                                 R"(
    scopes: [admin]
)");
  const ConfigIssue short_key = issue_at(issues, "api_keys[0].key");
  EXPECT_EQ(short_key.line, 17);
  EXPECT_EQ(short_key.message, "must be at least 16 characters, got 9");
  EXPECT_THAT(short_key.message, Not(HasSubstr("too-short")));  // the secret is not echoed
  const ConfigIssue both = issue_at(issues, "api_keys[1].key");
  EXPECT_EQ(both.line, 20);
  EXPECT_EQ(both.message, "give either 'key' or 'key_sha256', not both");
  const ConfigIssue neither = issue_at(issues, "api_keys[2].key");
  EXPECT_EQ(neither.line, 21);
  EXPECT_EQ(neither.message, "missing 'key' or 'key_sha256'");
  const ConfigIssue hex = issue_at(issues, "api_keys[3].key_sha256");
  EXPECT_EQ(hex.line, 23);
  EXPECT_EQ(hex.message, "expected 64 hexadecimal digits (a SHA-256), got 6 characters");
  EXPECT_EQ(issue_at(issues, "tokens[0].key_sha256").line, 26);
  EXPECT_EQ(issues.size(), 5u) << testing::dump(issues);
}

TEST(Credentials, IpAndCidrSyntax) {
  for (const char* ok : {"127.0.0.1", "0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24", "203.0.113.7/32",
                         "::1", "::", "fd00::/8", "2001:db8::1/128", "::ffff:192.0.2.1"}) {
    EXPECT_EQ(check_ip_or_cidr(ok), "") << ok;
  }
  for (const char* bad : {"", "localhost", "256.0.0.1", "10.0.0", "10.0.0.1/33", "10.0.0.1/",
                          "10.0.0.1/-1", "10.0.0.1/8/8", "fd00::/129", "fd00:::1", "1.2.3.4 ",
                          "010.0.0.1", "fe80::1%eth0", "10.0.0.0/0x8"}) {
    EXPECT_NE(check_ip_or_cidr(bad), "") << bad;
  }
  EXPECT_EQ(check_ip_or_cidr("10.0.0.1/33"),
            "'10.0.0.1/33' has an invalid prefix length (0 to 32 for IPv4)");
  EXPECT_EQ(check_ip_or_cidr("host.example"), "'host.example' is not an IPv4/IPv6 address or CIDR");
}

TEST(Credentials, AllowedIpsAreValidatedWithTheirLines) {
  const auto issues = issues_for(kMinimal + R"(api_keys:
  - name: p
    key_sha256: )" + kHash + R"(
    allowed_ips:
      - 10.0.0.0/8
      - 10.0.0.0/99
      - "::1"
      - example.com
server:
  trusted_proxies: [127.0.0.1, 300.1.1.1]
)");
  EXPECT_EQ(issue_at(issues, "api_keys[0].allowed_ips[1]").line, 20);
  EXPECT_EQ(issue_at(issues, "api_keys[0].allowed_ips[3]").line, 22);
  EXPECT_EQ(issue_at(issues, "server.trusted_proxies[1]").line, 24);
  EXPECT_EQ(issues.size(), 3u) << testing::dump(issues);
}

TEST(Credentials, TokenScopes) {
  const auto issues = issues_for(kMinimal + R"(tokens:
  - name: a
    key: a-token-long-enough-1
    scopes: [tickets:read, ticket:write]
  - name: b
    key: a-token-long-enough-2
    scopes: []
  - name: c
    key: a-token-long-enough-3
)");
  const ConfigIssue unknown = issue_at(issues, "tokens[0].scopes[1]");
  EXPECT_EQ(unknown.line, 18);
  EXPECT_EQ(unknown.message,
            "'ticket:write' must be one of: tickets:read, tickets:write, users:read, kb:write, "
            "admin (did you mean 'tickets:write'?)");
  EXPECT_EQ(issue_at(issues, "tokens[1].scopes").line, 21);
  EXPECT_EQ(issue_at(issues, "tokens[1].scopes").message, "a token needs at least one scope");
  EXPECT_EQ(issue_at(issues, "tokens[2].scopes").line, 22);
  EXPECT_EQ(issue_at(issues, "tokens[2].scopes").message, "missing required key 'scopes'");
}

TEST(Credentials, NamesAndSecretsAreUnique) {
  const auto issues = issues_for(kMinimal + R"(api_keys:
  - name: p
    key: an-api-key-long-enough
  - name: p
    key_sha256: )" + kHash + R"(
)");
  EXPECT_EQ(issue_at(issues, "api_keys[1].name").line, 18);
  EXPECT_EQ(issue_at(issues, "api_keys[1].name").message,
            "duplicate API key name 'p' (first at line 16)");
  EXPECT_EQ(issue_at(issues, "api_keys[1].key_sha256").line, 19);
  EXPECT_EQ(issue_at(issues, "api_keys[1].key_sha256").message, "same secret as API key 'p'");
}

}  // namespace
}  // namespace helpdesk::kernel
