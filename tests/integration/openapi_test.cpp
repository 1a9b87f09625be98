// docs/openapi.json and the server agree: every route the shipped plugins register under /api is
// documented, and every documented path and method exists (fixture routes aside).
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DocumentsExactlyTheRegisteredRoutes) {
  TempDir dir;
  Server server(dir.path(), shipped_config());
  auto r = server.get("/api/v1/system/routes", demo_admin_token);
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> registered;
  const json served = r.json();
  for (const auto& route : served["routes"]) {
    const std::string pattern = route["pattern"];
    if (pattern == "/healthz" || pattern == "/readyz" || pattern.rfind("/api", 0) == 0)
      registered.insert(lower(route["method"]) + " " + pattern);
  }
  std::ifstream in(fs::path(HELPDESK_SOURCE_DIR) / "docs/openapi.json");
  const json doc = json::parse(in);
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      documented.insert(method + " " + path);
      EXPECT_TRUE(op.contains("summary") && op.contains("security")) << method << " " << path;
    }
  for (const auto& route : registered) EXPECT_TRUE(documented.count(route)) << "not in docs/openapi.json: " << route;
  for (const auto& route : documented) EXPECT_TRUE(registered.count(route)) << "documented but not served: " << route;
}

}  // namespace
