// The plugin loader against real fixture libraries: each broken plugin is refused with a log line
// naming the file and the reason, its registrations are rolled back, and the server serves.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

const std::string fixture_plugins = R"(  - name: intake-api
  - name: fixture-bad-abi
  - name: fixture-no-factory
  - name: fixture-throwing-start
  - name: missing-plugin
  - name: greeter-a
    plugin: fixture-settings
    config:
      greeting: hi
      repeat: 3
  - name: greeter-b
    plugin: fixture-settings
  - name: greeter-typo
    plugin: fixture-settings
    config:
      greting: oops
  - name: greeter-off
    plugin: fixture-settings
    enabled: false
)";

json plugin_named(const json& list, const std::string& name) {
  for (const auto& p : list)
    if (p["name"] == name) return p;
  return nullptr;
}

TEST(Plugins, BrokenPluginsAreRefusedWhileTheServerServes) {
  TempDir dir;
  Server server(dir.path(), test_config(fixture_plugins));
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);

  auto r = server.get("/api/v1/system/plugins", admin_token);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto plugins = r.json()["plugins"];
  ASSERT_EQ(plugins.size(), 9u) << plugins.dump(2);

  EXPECT_EQ(plugin_named(plugins, "intake-api")["state"], "running");
  const auto bad_abi = plugin_named(plugins, "fixture-bad-abi");
  EXPECT_EQ(bad_abi["state"], "failed");
  EXPECT_NE(bad_abi["error"].get<std::string>().find("does not match the kernel's"), std::string::npos) << bad_abi;
  EXPECT_NE(bad_abi["path"].get<std::string>().find("libfixture-bad-abi.so"), std::string::npos);
  const auto no_factory = plugin_named(plugins, "fixture-no-factory");
  EXPECT_EQ(no_factory["state"], "failed");
  EXPECT_NE(no_factory["error"].get<std::string>().find("helpdesk_create_plugin"), std::string::npos);
  const auto throwing = plugin_named(plugins, "fixture-throwing-start");
  EXPECT_EQ(throwing["state"], "failed");
  EXPECT_NE(throwing["error"].get<std::string>().find("the mailbox password is wrong"), std::string::npos);
  const auto missing = plugin_named(plugins, "missing-plugin");
  EXPECT_EQ(missing["state"], "failed");
  EXPECT_NE(missing["error"].get<std::string>().find("not found"), std::string::npos);
  const auto typo = plugin_named(plugins, "greeter-typo");
  EXPECT_EQ(typo["state"], "failed");
  EXPECT_NE(typo["error"].get<std::string>().find("helpdesk.yaml:"), std::string::npos) << typo;
  EXPECT_NE(typo["error"].get<std::string>().find("greting"), std::string::npos) << typo;
  EXPECT_EQ(plugin_named(plugins, "greeter-off")["state"], "disabled");
  EXPECT_EQ(plugin_named(plugins, "greeter-a")["version"], "1.2.3");

  // The throwing plugin's route was rolled back; the two good instances have their own settings.
  EXPECT_EQ(http_request(server.port(), "GET", "/fixture/throwing").status, 404);
  auto a = http_request(server.port(), "GET", "/fixture/greeter-a");
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.json(), json({{"greeting", "hi"}, {"repeat", 3}}));
  auto b = http_request(server.port(), "GET", "/fixture/greeter-b");
  EXPECT_EQ(b.json(), json({{"greeting", "hello"}, {"repeat", 1}}));

  const auto log = server.log();
  EXPECT_NE(log.find("plugin fixture-bad-abi failed"), std::string::npos) << log;
  EXPECT_NE(log.find("plugin fixture-no-factory failed"), std::string::npos);
  EXPECT_NE(log.find("plugin fixture-throwing-start failed"), std::string::npos);
  EXPECT_NE(log.find("plugin greeter-typo failed"), std::string::npos);

  // Still creates tickets.
  EXPECT_EQ(server.post_ticket({{"name", "A"}, {"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}}).status,
            201);
  EXPECT_EQ(server.terminate(), 0);
}

TEST(Plugins, ARequiredPluginThatFailsStopsTheServer) {
  TempDir dir;
  Server server(dir.path(), test_config("  - name: fixture-throwing-start\n    required: true\n"), false);
  EXPECT_EQ(server.wait_exit(), 1);
  EXPECT_NE(server.log().find("required plugin 'fixture-throwing-start' failed"), std::string::npos) << server.log();
}

TEST(Config, ErrorsNameFileLineAndKeyAndTheServerDoesNotStart) {
  TempDir dir;
  auto text = test_config();
  text.replace(text.find("department: it"), 14, "department: nowhere");
  const auto file = dir.path() / "helpdesk.yaml";
  Server server(dir.path(), text, false);
  EXPECT_EQ(server.wait_exit(), 1);
  EXPECT_NE(server.log().find("nowhere"), std::string::npos) << server.log();

  std::string out;
  EXPECT_EQ(run_command({helpdeskd_path().string(), "config", "check", "--config", file.string()}, out), 1);
  EXPECT_NE(out.find(file.string() + ":"), std::string::npos) << out;
  EXPECT_NE(out.find("help_topics[1].department"), std::string::npos) << out;

  std::ofstream(file) << test_config();
  out.clear();
  EXPECT_EQ(run_command({helpdeskd_path().string(), "config", "check", "--config", file.string()}, out), 0) << out;
}

TEST(Cli, HelpVersionAndBadArguments) {
  std::string out;
  EXPECT_EQ(run_command({helpdeskd_path().string(), "--version"}, out), 0);
  EXPECT_NE(out.find("plugin ABI"), std::string::npos);
  out.clear();
  EXPECT_EQ(run_command({helpdeskd_path().string(), "--help"}, out), 0);
  EXPECT_NE(out.find("--listen"), std::string::npos);
  out.clear();
  EXPECT_EQ(run_command({helpdeskd_path().string(), "--frobnicate"}, out), 2);
  EXPECT_NE(out.find("--frobnicate"), std::string::npos);
}

TEST(Plugins, APluginCommandRunsBesideTheServerOnTheSameDatabase) {
  TempDir dir;
  Server server(dir.path(), test_config("  - name: intake-api\n  - name: fixture-command\n"));
  const auto config = (dir.path() / "helpdesk.yaml").string();
  const auto data = (dir.path() / "data").string();
  const auto command = "printf 'Mail from the pipe\\n' | " + helpdeskd_path().string() + " fixture-ticket --config " +
                       config + " --data " + data + " --exit 0 mta@example.com";
  std::string out;
  ASSERT_EQ(run_command({"/bin/sh", "-c", command}, out), 0) << out;
  EXPECT_NE(out.find("serving=no"), std::string::npos) << out;
  const std::string number = out.substr(0, out.find(' '));
  auto t = server.get("/api/v1/tickets/" + number);
  ASSERT_EQ(t.status, 200) << t.body << "\n" << out;
  EXPECT_EQ(t.json()["subject"], "Mail from the pipe");
  EXPECT_EQ(t.json()["requester"]["email"], "mta@example.com");
  // The command's own exit code passes through.
  out.clear();
  EXPECT_EQ(run_command({"/bin/sh", "-c", "echo x | " + helpdeskd_path().string() + " fixture-ticket --config " + config +
                                                " --data " + data + " --exit 65"},
                        out),
            65)
      << out;
  // A command no plugin provides: EX_UNAVAILABLE with the reason.
  out.clear();
  EXPECT_EQ(run_command({helpdeskd_path().string(), "pipe", "--config", config, "--data", data}, out), 69);
  EXPECT_NE(out.find("no plugin provides the command 'pipe'"), std::string::npos) << out;
  EXPECT_NE(out.find("fixture-ticket"), std::string::npos) << out;
}

}  // namespace
