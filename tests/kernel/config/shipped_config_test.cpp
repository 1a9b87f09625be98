// The config files we ship load without a single issue and say what the docs promise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "kernel/util/crypto.hpp"
#include "tests/kernel/config/config_test_support.hpp"

namespace helpdesk::kernel {
namespace {

const std::filesystem::path kSource = HELPDESK_SOURCE_DIR;

template <class T>
const T* by_key(const std::vector<T>& items, const std::string& key) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.key == key; });
  return it == items.end() ? nullptr : &*it;
}

Config load_shipped() {
  // The demo secrets come from ${NAME:-default}; make sure the defaults are what is tested.
  ::unsetenv("HELPDESK_DEMO_API_KEY");
  ::unsetenv("HELPDESK_DEMO_READ_TOKEN");
  ::unsetenv("HELPDESK_DEMO_ADMIN_TOKEN");
  try {
    return load_config(kSource / "config/helpdesk.yaml");
  } catch (const ConfigError& e) {
    ADD_FAILURE() << e.what();
    return {};
  }
}

TEST(ShippedConfig, LoadsWithoutIssues) {
  EXPECT_NO_THROW(load_config(kSource / "config/helpdesk.yaml"));
}

TEST(ShippedConfig, ServerStorageAndTicketSettings) {
  const Config c = load_shipped();
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.server.handler_threads, 32);
  EXPECT_EQ(c.storage.data_dir, std::filesystem::path("./data"));  // kept as written
  EXPECT_TRUE(c.demo);
  EXPECT_TRUE(c.plugin_dirs.empty());
  EXPECT_EQ(c.tickets.number_format, "######");
  EXPECT_EQ(c.tickets.default_department, "support");
  EXPECT_EQ(c.tickets.default_priority, "normal");
  EXPECT_EQ(c.tickets.default_status, "open");
  EXPECT_EQ(c.file, std::filesystem::absolute(kSource / "config/helpdesk.yaml").lexically_normal());
}

TEST(ShippedConfig, Departments) {
  const Config c = load_shipped();
  ASSERT_EQ(c.departments.size(), 4u);
  ASSERT_NE(by_key(c.departments, "it"), nullptr);
  EXPECT_EQ(by_key(c.departments, "it")->name, "IT Support");
  EXPECT_EQ(by_key(c.departments, "hr")->name, "HR");
  EXPECT_EQ(by_key(c.departments, "support")->name, "Customer Support");
  EXPECT_EQ(by_key(c.departments, "billing")->email, "billing@example.com");
  EXPECT_GE(c.teams.size(), 2u);
}

TEST(ShippedConfig, StatusesCoverTheLifecycle) {
  const Config c = load_shipped();
  ASSERT_EQ(c.statuses.size(), 5u);
  EXPECT_EQ(by_key(c.statuses, "in_progress")->name, "In Progress");
  EXPECT_EQ(by_key(c.statuses, "on_hold")->state, "in_progress");
  EXPECT_EQ(by_key(c.statuses, "resolved")->state, "resolved");
  EXPECT_EQ(by_key(c.statuses, "closed")->state, "closed");
}

TEST(ShippedConfig, PrioritiesUseOsTicketIds) {
  const Config c = load_shipped();
  ASSERT_EQ(c.priorities.size(), 4u);
  const std::vector<std::pair<std::string, int>> expected = {
      {"low", 1}, {"normal", 2}, {"high", 3}, {"critical", 4}};
  for (const auto& [key, id] : expected) {
    const Priority* p = by_key(c.priorities, key);
    ASSERT_NE(p, nullptr) << key;
    EXPECT_EQ(p->id, id) << key;
  }
  EXPECT_GT(by_key(c.priorities, "critical")->urgency, by_key(c.priorities, "low")->urgency);
}

TEST(ShippedConfig, HelpTopicsNestWithOsTicketIds) {
  const Config c = load_shipped();
  ASSERT_EQ(c.help_topics.size(), 8u);
  auto by_id = [&](int id) -> const HelpTopic& {
    const auto it = std::find_if(c.help_topics.begin(), c.help_topics.end(),
                                 [&](const HelpTopic& t) { return t.id == id; });
    EXPECT_NE(it, c.help_topics.end()) << id;
    return *it;
  };
  EXPECT_EQ(by_id(1).name, "General Inquiry");
  EXPECT_EQ(by_id(1).department, "support");
  EXPECT_EQ(by_id(2).name, "Feedback");
  EXPECT_EQ(by_id(10).name, "Report a Problem");
  EXPECT_EQ(by_id(10).department, "it");
  EXPECT_EQ(by_id(11).name, "Access Issue");
  EXPECT_EQ(by_id(11).parent, by_id(10).key);
  EXPECT_EQ(by_id(11).form, "access");
  EXPECT_EQ(by_id(12).parent, by_id(10).key);
  EXPECT_EQ(by_id(13).name, "Network / VPN");
  EXPECT_EQ(by_id(13).priority, "high");
  EXPECT_EQ(by_id(20).department, "billing");
  EXPECT_EQ(by_id(20).form, "billing");
  EXPECT_EQ(by_id(30).department, "hr");
}

TEST(ShippedConfig, Forms) {
  const Config c = load_shipped();
  const Form* access = by_key(c.forms, "access");
  ASSERT_NE(access, nullptr);
  ASSERT_EQ(access->fields.size(), 2u);
  EXPECT_EQ(access->fields[0].key, "system");
  EXPECT_EQ(access->fields[0].type, "choice");
  EXPECT_TRUE(access->fields[0].required);
  EXPECT_EQ(access->fields[0].choices, (std::vector<std::string>{"email", "vpn", "erp", "other"}));
  EXPECT_EQ(access->fields[1].type, "text");
  const Form* billing = by_key(c.forms, "billing");
  ASSERT_NE(billing, nullptr);
  EXPECT_EQ(billing->fields.at(0).key, "invoice_number");
  EXPECT_TRUE(billing->fields.at(0).required);
  EXPECT_EQ(billing->fields.at(1).type, "number");
}

TEST(ShippedConfig, PluginsAndDemoCredentials) {
  const Config c = load_shipped();
  ASSERT_EQ(c.plugins.size(), 4u);
  std::vector<std::string> names;
  for (const auto& p : c.plugins) {
    names.push_back(p.name);
    EXPECT_TRUE(p.enabled) << p.name;
    EXPECT_EQ(p.plugin, p.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"intake-api", "auth-local", "mfa-totp", "intake-email"}));
  EXPECT_EQ(c.plugins[0].config, nlohmann::json::object());
  EXPECT_EQ(c.plugins[1].config["demo_passwords"], true);

  ASSERT_EQ(c.api_keys.size(), 1u);
  EXPECT_EQ(c.api_keys[0].name, "demo");
  EXPECT_EQ(c.api_keys[0].key_sha256, sha256_hex("hd-demo-api-key-0123456789abcdef"));
  EXPECT_EQ(c.api_keys[0].allowed_ips, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_TRUE(c.api_keys[0].can_create_tickets);

  ASSERT_EQ(c.tokens.size(), 2u);
  EXPECT_EQ(c.tokens[0].name, "demo-read");
  EXPECT_EQ(c.tokens[0].key_sha256, sha256_hex("hd-demo-read-token-0123456789abcdef"));
  EXPECT_EQ(c.tokens[0].scopes, std::vector<std::string>{"tickets:read"});
  EXPECT_EQ(c.tokens[1].name, "demo-admin");
  EXPECT_EQ(c.tokens[1].key_sha256, sha256_hex("hd-demo-admin-token-0123456789abcdef"));
  EXPECT_EQ(c.tokens[1].scopes, std::vector<std::string>{"admin"});
}

TEST(ShippedConfig, DemoKeyComesFromTheEnvironmentWhenSet) {
  ::setenv("HELPDESK_DEMO_API_KEY", "a-key-from-the-environment", 1);
  const Config c = load_config(kSource / "config/helpdesk.yaml");
  ::unsetenv("HELPDESK_DEMO_API_KEY");
  EXPECT_EQ(c.api_keys.at(0).key_sha256, sha256_hex("a-key-from-the-environment"));
}

TEST(ShippedConfig, MinimalExampleLoads) {
  Config c;
  try {
    c = load_config(kSource / "config/examples/minimal.yaml");
  } catch (const ConfigError& e) {
    FAIL() << e.what();
  }
  EXPECT_EQ(c.tickets.default_department, "support");
  EXPECT_EQ(c.departments.size(), 1u);
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
}

TEST(ShippedConfig, MinimalTestDocumentLoads) {
  const Config c = testing::load_text(testing::kMinimal);
  EXPECT_EQ(c.statuses.size(), 2u);
}

}  // namespace
}  // namespace helpdesk::kernel
