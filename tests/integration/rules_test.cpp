// Ticket filters and SLA plans over real HTTP: the shipped scripts route, prioritise and give SLA
// due dates to tickets created through the API; a rejecting filter stores nothing; a broken
// script never loses the ticket; the dry-run stores nothing.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

class ShippedRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new Server(dir_->path(), shipped_config());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static json create(json body) {
    body.emplace("name", "Rita");
    body.emplace("email", "rita@example.com");
    body.emplace("message", "Please help.");
    auto r = server_->post_ticket(body, demo_api_key);
    EXPECT_EQ(r.status, 201) << r.body;
    auto t = server_->get("/api/v1/tickets/" + r.body, demo_admin_token);
    EXPECT_EQ(t.status, 200) << t.body;
    return t.json();
  }
  static bool has_tag(const json& t, const std::string& tag) {
    for (const auto& x : t["tags"])
      if (x == tag) return true;
    return false;
  }
  static TempDir* dir_;
  static Server* server_;
};
TempDir* ShippedRules::dir_ = nullptr;
Server* ShippedRules::server_ = nullptr;

TEST_F(ShippedRules, KeywordTriageSetsPriority) {
  auto down = create({{"subject", "Mail server down since 9:00"}});
  EXPECT_EQ(down["priority"], "critical");
  EXPECT_TRUE(has_tag(down, "triage:server")) << down["tags"];
  EXPECT_EQ(create({{"subject", "VPN drops every hour"}})["priority"], "high");
  EXPECT_EQ(create({{"subject", "Printer out of toner"}})["priority"], "normal");
  EXPECT_EQ(create({{"subject", "Forgot my password"}})["priority"], "low");
  EXPECT_EQ(create({{"subject", "A question"}})["priority"], "normal");  // untouched default
}

TEST_F(ShippedRules, RoutingByTopicAndDomain) {
  auto network = create({{"subject", "Wifi slow"}, {"topicId", 13}});
  EXPECT_EQ(network["department"], "it");
  EXPECT_EQ(network["team"], "level-2");
  auto finance = create({{"subject", "Invoice copy"}, {"email", "joe@finance.example.com"}});
  EXPECT_EQ(finance["department"], "billing");
  EXPECT_TRUE(has_tag(finance, "routed:billing"));
}

TEST_F(ShippedRules, VipCustomersGetTheVipPlan) {
  auto vip = create({{"subject", "Question about the contract"}, {"email", "ceo@vip.example.com"}});
  EXPECT_TRUE(has_tag(vip, "vip"));
  EXPECT_EQ(vip["priority"], "high");
  EXPECT_EQ(vip["sla_plan"], "vip");
  ASSERT_TRUE(vip["first_response_due_at"].is_string()) << vip;
  ASSERT_TRUE(vip["due_at"].is_string()) << vip;
}

TEST_F(ShippedRules, DepartmentPlansGiveBusinessHourDueDates) {
  auto t = create({{"subject", "Access for the new intern"}, {"topicId", 11}, {"system", "email"}});
  EXPECT_EQ(t["sla_plan"], "standard");
  EXPECT_TRUE(t["first_response_due_at"].is_string());
  EXPECT_GT(t["due_at"].get<std::string>(), t["first_response_due_at"].get<std::string>());
}

TEST_F(ShippedRules, DryRunShowsEveryStepAndStoresNothing) {
  const auto before = server_->get("/api/v1/tickets?limit=100", demo_admin_token).json()["tickets"].size();
  auto r = http_request(server_->port(), "POST", "/api/v1/rules/dry-run",
                        json{{"subject", "Server down"}, {"body", "x"}, {"email", "a@vip.example.com"}}.dump(),
                        {{"Authorization", "Bearer " + demo_admin_token}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto j = r.json();
  EXPECT_EQ(j["ticket"]["priority"], "critical");
  EXPECT_EQ(j["ticket"]["sla_plan"], "vip");
  EXPECT_TRUE(j["would_create"].get<bool>());
  ASSERT_FALSE(j["steps"].empty());
  EXPECT_EQ(j["steps"][0]["script"], "keyword-triage");
  EXPECT_EQ(server_->get("/api/v1/tickets?limit=100", demo_admin_token).json()["tickets"].size(), before);

  auto stored = http_request(server_->port(), "POST", "/api/v1/rules/dry-run", R"({"number": "000001"})",
                             {{"Authorization", "Bearer " + demo_admin_token}});
  EXPECT_EQ(stored.status, 200) << stored.body;
  auto missing = http_request(server_->port(), "POST", "/api/v1/rules/dry-run", R"({"number": "999999"})",
                              {{"Authorization", "Bearer " + demo_admin_token}});
  EXPECT_EQ(missing.status, 404);
  auto reader = http_request(server_->port(), "POST", "/api/v1/rules/dry-run", "{}",
                             {{"Authorization", "Bearer hd-demo-read-token-0123456789abcdef"}});
  EXPECT_EQ(reader.status, 403);
}

TEST(CustomRules, RejectStoresNothingAndABrokenScriptNeverLosesTheTicket) {
  TempDir dir;
  std::ofstream(dir.path() / "reject_spam.lua") << R"(return function(ticket)
  if contains(ticket.subject, "viagra") then ticket:reject("spam") end
end
)";
  std::ofstream(dir.path() / "broken.lua") << R"(return function(ticket)
  ticket:set_priority("high")
  local x = nil
  return x.field -- line 4: errors
end
)";
  std::ofstream(dir.path() / "endless.lua") << "return function(ticket) while true do end end\n";
  const std::string filters = "filters:\n  - {name: reject-spam, script: " + (dir.path() / "reject_spam.lua").string() +
                              "}\n  - {name: broken, script: " + (dir.path() / "broken.lua").string() +
                              "}\n  - {name: endless, script: " + (dir.path() / "endless.lua").string() + "}\n";
  Server server(dir.path(), test_config("  - name: intake-api\n", filters));

  auto spam = server.post_ticket({{"name", "S"}, {"email", "s@example.com"}, {"subject", "Cheap VIAGRA"}, {"message", "m"}});
  EXPECT_EQ(spam.status, 422) << spam.body;
  EXPECT_EQ(json::parse(spam.body)["error"]["code"], "rejected");
  EXPECT_EQ(server.get("/api/v1/tickets").json()["tickets"].size(), 0u);

  auto ok = server.post_ticket({{"name", "A"}, {"email", "a@example.com"}, {"subject", "Hello"}, {"message", "m"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto t = server.get("/api/v1/tickets/" + ok.body).json();
  EXPECT_EQ(t["priority"], "normal") << "the broken script's change is discarded";
  EXPECT_NE(server.log().find("broken.lua:4"), std::string::npos) << server.log();
  EXPECT_NE(server.log().find("filter endless failed (budget)"), std::string::npos) << server.log();
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);

  std::string out;
  EXPECT_EQ(run_command({helpdeskd_path().string(), "rules", "check", "--config", (dir.path() / "helpdesk.yaml").string()},
                        out),
            0)
      << out;
  std::ofstream(dir.path() / "broken.lua") << "return function(ticket)\n  if then\nend\n";
  out.clear();
  EXPECT_EQ(run_command({helpdeskd_path().string(), "rules", "check", "--config", (dir.path() / "helpdesk.yaml").string()},
                        out),
            1)
      << out;
  EXPECT_NE(out.find("broken.lua:2"), std::string::npos) << out;
}

}  // namespace
