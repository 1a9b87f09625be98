// plugins: (their free-form config block as JSON), plugin_dirs:, and the defaults of config.hpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/kernel/config/config_test_support.hpp"

namespace helpdesk::kernel {
namespace {

using ::testing::HasSubstr;
using testing::issue_at;
using testing::issues_for;
using testing::kMinimal;

TEST(PluginConfig, BlockBecomesTypedJson) {
  ::setenv("HD_TEST_PLUGIN_PORT", "2525", 1);
  const Config c = testing::load_text(kMinimal + R"(plugins:
  - name: mail
    plugin: intake-email
    config:
      enabled_flag: true
      off: False
      quoted_bool: "true"
      count: 42
      negative: -7
      hex: 0x10
      ratio: 0.25
      exp: 1e3
      text: hello
      quoted_number: "42"
      single_quoted: '3'
      tagged: !!str 5
      nothing: ~
      empty:
      not_bool: yes
      huge: 99999999999999999999
      port: ${HD_TEST_PLUGIN_PORT}
      port_text: "${HD_TEST_PLUGIN_PORT}"
      list: [1, two, false]
      nested:
        inner: {a: 1}
        items:
          - name: x
)");
  ::unsetenv("HD_TEST_PLUGIN_PORT");
  ASSERT_EQ(c.plugins.size(), 1u);
  const nlohmann::json& j = c.plugins[0].config;
  EXPECT_EQ(j.at("enabled_flag"), true);
  EXPECT_TRUE(j.at("enabled_flag").is_boolean());
  EXPECT_EQ(j.at("off"), false);
  EXPECT_EQ(j.at("quoted_bool"), "true");
  EXPECT_TRUE(j.at("count").is_number_integer());
  EXPECT_EQ(j.at("count"), 42);
  EXPECT_EQ(j.at("negative"), -7);
  EXPECT_EQ(j.at("hex"), 16);
  EXPECT_TRUE(j.at("ratio").is_number_float());
  EXPECT_DOUBLE_EQ(j.at("ratio").get<double>(), 0.25);
  EXPECT_TRUE(j.at("exp").is_number_float());
  EXPECT_EQ(j.at("text"), "hello");
  EXPECT_EQ(j.at("quoted_number"), "42");
  EXPECT_EQ(j.at("single_quoted"), "3");
  EXPECT_EQ(j.at("tagged"), "5");
  EXPECT_TRUE(j.at("nothing").is_null());
  EXPECT_TRUE(j.at("empty").is_null());
  EXPECT_EQ(j.at("not_bool"), "yes");  // YAML 1.2: only true/false are booleans
  EXPECT_EQ(j.at("huge"), "99999999999999999999");
  EXPECT_EQ(j.at("port"), 2525);
  EXPECT_EQ(j.at("port_text"), "2525");
  EXPECT_EQ(j.at("list"), nlohmann::json::parse(R"([1, "two", false])"));
  EXPECT_EQ(j.at("nested"),
            nlohmann::json::parse(R"({"inner": {"a": 1}, "items": [{"name": "x"}]})"));
}

TEST(PluginConfig, EntryDefaultsAndPaths) {
  testing::TempDir dir;
  const auto file = dir.write("etc/helpdesk.yaml", kMinimal + R"(plugin_dirs:
  - plugins
  - ../lib/helpdesk
  - /opt/helpdesk/plugins
plugins:
  - name: intake-api
  - name: second-api
    plugin: intake-api
    path: libs/libintake-api.so
    required: true
    enabled: false
    config:
)");
  const Config c = load_config(file);
  const auto base = std::filesystem::absolute(dir.path() / "etc").lexically_normal();
  ASSERT_EQ(c.plugin_dirs.size(), 3u);
  EXPECT_EQ(c.plugin_dirs[0], base / "plugins");
  EXPECT_EQ(c.plugin_dirs[1], (base / "../lib/helpdesk").lexically_normal());
  EXPECT_EQ(c.plugin_dirs[2], std::filesystem::path("/opt/helpdesk/plugins"));
  ASSERT_EQ(c.plugins.size(), 2u);
  EXPECT_EQ(c.plugins[0].plugin, "intake-api");
  EXPECT_EQ(c.plugins[0].path, "");
  EXPECT_FALSE(c.plugins[0].required);
  EXPECT_TRUE(c.plugins[0].enabled);
  EXPECT_EQ(c.plugins[0].config, nlohmann::json::object());
  EXPECT_EQ(c.plugins[0].line, 20);
  EXPECT_EQ(c.plugins[1].name, "second-api");
  EXPECT_EQ(c.plugins[1].plugin, "intake-api");
  EXPECT_EQ(c.plugins[1].path, (base / "libs/libintake-api.so").string());
  EXPECT_TRUE(c.plugins[1].required);
  EXPECT_FALSE(c.plugins[1].enabled);
  EXPECT_EQ(c.plugins[1].config, nlohmann::json::object());
  EXPECT_EQ(c.plugins[1].line, 21);
}

TEST(PluginConfig, Problems) {
  const auto issues = issues_for(kMinimal + R"(plugins:
  - plugin: intake-api
  - name: a
    config: [1, 2]
  - name: a
  - name: b
    requird: true
    config:
      x: 1
      x: 2
  - name: ../evil
)");
  EXPECT_EQ(issue_at(issues, "plugins[0].name").line, 16);
  EXPECT_EQ(issue_at(issues, "plugins[0].name").message, "missing required key 'name'");
  EXPECT_EQ(issue_at(issues, "plugins[1].config").line, 18);
  EXPECT_EQ(issue_at(issues, "plugins[1].config").message, "expected a map, got a list");
  EXPECT_EQ(issue_at(issues, "plugins[2].name").message,
            "duplicate plugin name 'a' (first at line 17)");
  EXPECT_EQ(issue_at(issues, "plugins[3].requird").line, 21);
  EXPECT_THAT(issue_at(issues, "plugins[3].requird").message,
              HasSubstr("did you mean 'required'?"));
  EXPECT_EQ(issue_at(issues, "plugins[3].config.x").line, 24);
  EXPECT_EQ(issue_at(issues, "plugins[3].config.x").message,
            "duplicate key 'x' (first at line 23)");
  EXPECT_THAT(issue_at(issues, "plugins[4].name").message, HasSubstr("invalid key '../evil'"));
  EXPECT_EQ(issues.size(), 6u) << testing::dump(issues);
}

TEST(ConfigDefaults, EverythingNotWrittenKeepsItsDefault) {
  const Config c = testing::load_text(kMinimal + R"(help_topics:
  - {key: t, name: T}
forms:
  - key: f
    name: F
    fields:
      - key: note
)");
  const ServerConfig server;
  EXPECT_EQ(c.server.listen, server.listen);
  EXPECT_EQ(c.server.io_threads, 2);
  EXPECT_EQ(c.server.handler_threads, 32);
  EXPECT_EQ(c.server.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(c.server.max_header_bytes, 16u * 1024);
  EXPECT_EQ(c.server.read_timeout_seconds, 30);
  EXPECT_EQ(c.server.idle_timeout_seconds, 60);
  EXPECT_TRUE(c.server.access_log);
  EXPECT_TRUE(c.server.trusted_proxies.empty());
  EXPECT_EQ(c.storage.data_dir, std::filesystem::path("./data"));
  EXPECT_EQ(c.storage.read_connections, 4);
  EXPECT_EQ(c.storage.busy_timeout_ms, 5000);
  EXPECT_EQ(c.storage.max_batch, 256);
  EXPECT_EQ(c.tickets.number_format, "######");
  EXPECT_EQ(c.tickets.default_priority, "normal");
  EXPECT_EQ(c.tickets.default_status, "open");
  EXPECT_EQ(c.tickets.max_attachment_bytes, 8u * 1024 * 1024);
  EXPECT_FALSE(c.demo);
  EXPECT_TRUE(c.plugin_dirs.empty());
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_TRUE(c.api_keys.empty());
  ASSERT_EQ(c.help_topics.size(), 1u);
  EXPECT_TRUE(c.help_topics[0].is_public);
  EXPECT_FALSE(c.help_topics[0].id.has_value());
  EXPECT_EQ(c.help_topics[0].department, "");
  ASSERT_EQ(c.forms.at(0).fields.size(), 1u);
  EXPECT_EQ(c.forms[0].fields[0].label, "note");  // label defaults to the key
  EXPECT_EQ(c.forms[0].fields[0].type, "text");
  EXPECT_FALSE(c.forms[0].fields[0].required);
  EXPECT_EQ(c.priorities.at(0).urgency, 0);
}

TEST(ConfigDefaults, EmptyListsAndNullSectionsAreAllowed) {
  const Config c = testing::load_text(kMinimal + "teams: []\nplugins:\nforms:\nserver:\n");
  EXPECT_TRUE(c.teams.empty());
  EXPECT_TRUE(c.plugins.empty());
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
}

TEST(ConfigDefaults, WrittenValuesReplaceDefaults) {
  const Config c = testing::load_text(kMinimal + R"(server:
  listen: "[::]:0"
  max_body_bytes: 1048576
  access_log: false
storage:
  data_dir: /var/lib/helpdesk
  busy_timeout_ms: 0
demo: true
)");
  EXPECT_EQ(c.server.listen, "[::]:0");
  EXPECT_EQ(c.server.max_body_bytes, 1048576u);
  EXPECT_FALSE(c.server.access_log);
  EXPECT_EQ(c.storage.data_dir, std::filesystem::path("/var/lib/helpdesk"));
  EXPECT_EQ(c.storage.busy_timeout_ms, 0);
  EXPECT_TRUE(c.demo);
}

}  // namespace
}  // namespace helpdesk::kernel
