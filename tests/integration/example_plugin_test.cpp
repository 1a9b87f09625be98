// docs/plugins.md's promise: a plugin written outside this tree against the installed SDK builds
// and loads. Installs the SDK component into a temp prefix, builds sdk/examples/hello there, and
// loads it into the real server.
#include <gtest/gtest.h>

#include <thread>

#include "harness.hpp"

using namespace helpdesk::test;

TEST(ExamplePlugin, BuildsOutOfTreeAgainstTheInstalledSdkAndLoads) {
  TempDir dir;
  const auto prefix = dir.path() / "sdk";
  const auto build = dir.path() / "hello-build";
  std::string out;
  ASSERT_EQ(run_command({"/usr/bin/env", "cmake", "--install", HELPDESK_BINARY_DIR, "--component", "sdk", "--prefix",
                         prefix.string()},
                        out),
            0)
      << out;
  ASSERT_EQ(run_command({"/usr/bin/env", "cmake", "-S", std::string(HELPDESK_SOURCE_DIR) + "/sdk/examples/hello", "-B",
                         build.string(), "-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix.string()},
                        out),
            0)
      << out;
  ASSERT_EQ(run_command({"/usr/bin/env", "cmake", "--build", build.string()}, out), 0) << out;
  ASSERT_TRUE(fs::exists(build / "plugins" / "hello" / "libhello.so")) << out;

  const std::string plugins = "  - name: intake-api\n  - name: hello\n    path: " + (build / "plugins" / "hello").string() +
                              "\n    config: {greeting: Bonjour}\n";
  Server server(dir.path(), test_config(plugins));
  ASSERT_EQ(server.post_ticket({{"name", "A"}, {"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}}).status,
            201);
  Response r;
  for (int i = 0; i < 50; ++i) {  // the event arrives asynchronously
    r = http_request(server.port(), "GET", "/hello/Ada");
    if (r.status == 200 && r.json()["tickets_created"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["message"], "Bonjour, Ada!");
  EXPECT_EQ(r.json()["tickets_created"], 1);
}
