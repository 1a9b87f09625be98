// Live reload over real HTTP: SIGHUP applies a changed filter chain at once; an edited script is
// picked up without a signal; a broken config is refused and the running rules stay.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <thread>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

std::string priority_of(const Server& server, const std::string& subject) {
  auto r = server.post_ticket({{"name", "A"}, {"email", "a@example.com"}, {"subject", subject}, {"message", "m"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return server.get("/api/v1/tickets/" + r.body).json()["priority"];
}

// Polls until a new ticket gets `expected` (reloads happen on the server's own schedule).
bool eventually_priority(const Server& server, const std::string& expected) {
  for (int i = 0; i < 100; ++i) {
    if (priority_of(server, "Reload probe") == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::string filter_yaml(const fs::path& script) { return "filters:\n  - {name: probe, script: " + script.string() + "}\n"; }

TEST(Reload, SighupAndScriptEditsApplyAndABrokenConfigIsRefused) {
  TempDir dir;
  const auto script = dir.path() / "probe.lua";
  std::ofstream(script) << "return function(ticket) ticket:set_priority('high') end\n";
  Server server(dir.path(), test_config("  - name: intake-api\n", filter_yaml(script)));
  EXPECT_EQ(priority_of(server, "Before"), "high");

  // The config drops the filter: SIGHUP applies it.
  std::ofstream(dir.path() / "helpdesk.yaml") << test_config("  - name: intake-api\n");
  ASSERT_EQ(::kill(server.pid(), SIGHUP), 0);
  EXPECT_TRUE(eventually_priority(server, "normal")) << server.log();

  // The filter comes back and its script is edited afterwards: noticed without a signal.
  std::ofstream(dir.path() / "helpdesk.yaml") << test_config("  - name: intake-api\n", filter_yaml(script));
  ASSERT_EQ(::kill(server.pid(), SIGHUP), 0);
  EXPECT_TRUE(eventually_priority(server, "high")) << server.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a new modification time
  std::ofstream(script) << "return function(ticket) ticket:set_priority('low') end\n";
  EXPECT_TRUE(eventually_priority(server, "low")) << server.log();

  // A broken config: refused with file, line and key; the running rules stay.
  std::ofstream(dir.path() / "helpdesk.yaml") << test_config("  - name: intake-api\n", filter_yaml(script))
                                              << "tickets:\n  default_priority: normal\n";
  ASSERT_EQ(::kill(server.pid(), SIGHUP), 0);
  for (int i = 0; i < 50 && server.log().find("reload refused") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_NE(server.log().find("reload refused"), std::string::npos) << server.log();
  EXPECT_NE(server.log().find("helpdesk.yaml:"), std::string::npos) << server.log();
  EXPECT_EQ(priority_of(server, "Still filtered"), "low");
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);
}

}  // namespace
