#include <gtest/gtest.h>

#include <helpdesk/error.hpp>

#include "kernel/core/credentials.hpp"
#include "kernel/util/crypto.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;

namespace {

Config config_with_credentials() {
  Config c;
  c.api_keys = {{"office", sha256_hex("office-key-0123456789"), {"10.0.0.0/8", "::1"}, true, false},
                {"readonly", sha256_hex("readonly-key-0123456789"), {"127.0.0.1"}, false, false}};
  c.tokens = {{"reader", sha256_hex("reader-token"), {"tickets:read"}}, {"root", sha256_hex("root-token"), {"admin"}}};
  c.server.trusted_proxies = {"127.0.0.1"};
  return c;
}

int status_of(const Credentials& creds, http::Request& r, const http::Access& access) {
  try {
    creds.authenticate(r, access);
  } catch (const Error& e) {
    return e.status();
  }
  return 200;
}

http::Request request(const std::string& from, std::map<std::string, std::string> headers) {
  http::Request r;
  r.remote_address = from;
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST(Credentials, ApiKeysAreBoundToAddressesAndRights) {
  Credentials creds(config_with_credentials());
  const auto create = http::Access::api_key("can_create_tickets");
  auto ok = request("10.1.2.3", {{"x-api-key", "office-key-0123456789"}});
  EXPECT_EQ(status_of(creds, ok, create), 200);
  EXPECT_EQ(ok.actor.kind, Actor::Kind::api_key);
  EXPECT_EQ(ok.actor.id, "office");
  auto v6 = request("::1", {{"x-api-key", "office-key-0123456789"}});
  EXPECT_EQ(status_of(creds, v6, create), 200);
  auto wrong_ip = request("192.168.1.1", {{"x-api-key", "office-key-0123456789"}});
  EXPECT_EQ(status_of(creds, wrong_ip, create), 403);
  auto wrong_key = request("10.1.2.3", {{"x-api-key", "nope"}});
  EXPECT_EQ(status_of(creds, wrong_key, create), 401);
  auto no_key = request("10.1.2.3", {});
  EXPECT_EQ(status_of(creds, no_key, create), 401);
  auto no_right = request("127.0.0.1", {{"x-api-key", "readonly-key-0123456789"}});
  EXPECT_EQ(status_of(creds, no_right, create), 403);
}

TEST(Credentials, TokensNeedTheirScope) {
  Credentials creds(config_with_credentials());
  auto reader = request("127.0.0.1", {{"authorization", "Bearer reader-token"}});
  EXPECT_EQ(status_of(creds, reader, http::Access::token("tickets:read")), 200);
  EXPECT_EQ(reader.actor.scopes, std::vector<std::string>{"tickets:read"});
  auto writer = request("127.0.0.1", {{"authorization", "Bearer reader-token"}});
  EXPECT_EQ(status_of(creds, writer, http::Access::token("tickets:write")), 403);
  auto root = request("127.0.0.1", {{"authorization", "Bearer root-token"}});
  EXPECT_EQ(status_of(creds, root, http::Access::token("tickets:write")), 200) << "admin holds every scope";
  auto basic = request("127.0.0.1", {{"authorization", "Basic abc"}});
  EXPECT_EQ(status_of(creds, basic, http::Access::token("tickets:read")), 401);
  auto anyone = request("127.0.0.1", {});
  EXPECT_EQ(status_of(creds, anyone, http::Access::anyone()), 200);
}

TEST(Credentials, ForwardedForIsBelievedOnlyFromTrustedProxies) {
  Credentials creds(config_with_credentials());
  EXPECT_EQ(creds.client_address(request("127.0.0.1", {{"x-forwarded-for", "10.0.0.9, 127.0.0.1"}})), "10.0.0.9");
  EXPECT_EQ(creds.client_address(request("192.0.2.1", {{"x-forwarded-for", "10.0.0.9"}})), "192.0.2.1");
  EXPECT_EQ(creds.client_address(request("127.0.0.1", {})), "127.0.0.1");
}
