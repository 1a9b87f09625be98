// SLA policy scripts: targets and calendars set by the script, escalation steps declared with
// every option, bad values refused with the script's line, failures leaving the plan's values.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kernel/rules/sla_clock.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;

namespace {

class SlaPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sla_policy_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "lib");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  SlaPolicyEngine engine(const std::string& source, LuaLimits limits = {}) {
    const auto file = dir_ / "policy.lua";
    std::ofstream(file) << source;
    SlaVocabulary v;
    v.calendars = {"office"};
    v.teams = {"level-2"};
    v.priorities = {"low", "normal", "high", "critical"};
    return SlaPolicyEngine({{"standard", file}}, limits, dir_ / "lib", v);
  }

  SlaTargets run(const SlaPolicyEngine& e, const SlaPolicyTicket& ticket = base_ticket()) {
    SlaTargets t;
    t.first_response_minutes = 480;
    t.resolution_minutes = 1440;
    e.apply("standard", ticket, t);
    return t;
  }

  static SlaPolicyTicket base_ticket() {
    SlaPolicyTicket t;
    t.priority = "high";
    t.department = "it";
    t.tags = {"vip"};
    t.fields = {{"system", "vpn"}};
    t.created_at = 1'700'000'000;
    return t;
  }

  std::filesystem::path dir_;
};

TEST_F(SlaPolicyTest, SetsTargetsFromTheTicketAndPicksACalendar) {
  const auto e = engine(R"(
    local minutes = { critical = 60, high = 240 }
    return function(sla, ticket)
      assert(sla.plan == "standard" and sla.first_response_minutes == 480 and sla.calendar == "24x7")
      assert(ticket.tags[1] == "vip" and ticket.fields.system == "vpn" and ticket.created_at == 1700000000)
      sla:first_response(minutes[ticket.priority] / 4)
      sla:resolution(minutes[ticket.priority])
      sla:use_calendar("office")
    end)");
  EXPECT_TRUE(e.check().empty());
  const auto t = run(e);
  EXPECT_FALSE(t.failure) << t.failure->message;
  EXPECT_TRUE(t.policy_ran);
  EXPECT_EQ(t.first_response_minutes, 60);
  EXPECT_EQ(t.resolution_minutes, 240);
  EXPECT_EQ(t.calendar, "office");
  EXPECT_TRUE(t.escalations.empty());
}

TEST_F(SlaPolicyTest, DeclaresEscalationStepsWithEveryOption) {
  const auto e = engine(R"(
    return function(sla, ticket)
      sla:escalate{ target = "resolution", at = 0.75, notify = "assignee" }
      sla:escalate{ at = 1, overdue = true, notify = { "manager", "team", "boss@example.com" },
                    assign_team = "level-2", assign_agent = "grace@example.com", set_priority = "critical",
                    note = "Breached." }
      sla:escalate{ target = "first_response", at = 1.5 }
    end)");
  const auto t = run(e);
  ASSERT_FALSE(t.failure) << t.failure->message;
  ASSERT_EQ(t.escalations.size(), 3u);
  EXPECT_EQ(t.escalations[0].id(), "resolution@0.75");
  EXPECT_EQ(t.escalations[0].notify, std::vector<std::string>{"assignee"});
  const auto& breach = t.escalations[1];
  EXPECT_EQ(breach.id(), "resolution@1");
  EXPECT_TRUE(breach.overdue);
  EXPECT_EQ(breach.notify, (std::vector<std::string>{"manager", "team", "boss@example.com"}));
  EXPECT_EQ(breach.assign_team, "level-2");
  EXPECT_EQ(breach.assign_agent, "grace@example.com");
  EXPECT_EQ(breach.set_priority, "critical");
  EXPECT_EQ(breach.note, "Breached.");
  EXPECT_EQ(t.escalations[2].id(), "first_response@1.5");
  // JSON round trip (the timer payload).
  const auto back = SlaEscalation::from_json(breach.to_json());
  EXPECT_EQ(back.id(), breach.id());
  EXPECT_EQ(back.notify, breach.notify);
  EXPECT_TRUE(back.overdue);
  EXPECT_EQ(back.assign_team, breach.assign_team);
  EXPECT_EQ(back.assign_agent, breach.assign_agent);
  EXPECT_EQ(back.set_priority, breach.set_priority);
  EXPECT_EQ(back.note, breach.note);
  EXPECT_EQ(breach.to_json()["at"], 1.0);
}

TEST_F(SlaPolicyTest, BadValuesFailWithTheLineAndLeaveThePlansValues) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sla:use_calendar('mars')", "unknown calendar 'mars'"},
      {"sla:resolution(-5)", "minutes must be between"},
      {"sla:resolution('soon')", "minutes must be a number"},
      {"sla:escalate{ at = 0 }", "at must be a fraction"},
      {"sla:escalate{ target = 'lunch' }", "target must be"},
      {"sla:escalate{ assign_team = 'nobody' }", "unknown team nobody"},
      {"sla:escalate{ set_priority = 'urgent' }", "unknown priority urgent"},
      {"sla:escalate{ notify = { 'everyone' } }", "notify: say"},
      {"sla:escalate{ assign_agent = 'grace' }", "assign_agent must be an agent's email"},
      {"sla:escalate{ overdue = 'yes' }", "overdue must be true or false"},
      {"sla:escalate{ colour = 'red' }", "unknown key colour"},
      {"sla:escalate('soon')", "pass a table"},
      {"sla.escalate(1, {})", "call it as sla:escalate"},
      {"sla.escalate({}, {})", "used after the policy returned (or on another table)"},
  };
  for (const auto& [call, expected] : cases) {
    const auto e = engine("return function(sla, ticket)\n  sla:first_response(5)\n  " + call + "\nend\n");
    const auto t = run(e);
    ASSERT_TRUE(t.failure) << call;
    EXPECT_EQ(t.failure->line, 3) << call << ": " << t.failure->message;
    EXPECT_NE(t.failure->message.find(expected), std::string::npos) << call << ": " << t.failure->message;
    EXPECT_EQ(t.first_response_minutes, 480) << "a failed policy changes nothing: " << call;
    EXPECT_TRUE(t.escalations.empty());
  }
}

TEST_F(SlaPolicyTest, TheSlaObjectIsDeadAfterThePolicyReturns) {
  const auto e = engine(R"(
    local kept
    return function(sla, ticket)
      if kept then kept:resolution(1) end
      kept = sla
    end)");
  EXPECT_FALSE(run(e).failure);
  const auto second = run(e);
  ASSERT_TRUE(second.failure);
  EXPECT_NE(second.failure->message.find("used after the policy returned"), std::string::npos);
}

TEST_F(SlaPolicyTest, AnEndlessPolicyIsStoppedByTheBudget) {
  LuaLimits limits;
  limits.instructions = 10'000;
  const auto e = engine("return function(sla) while true do end end", limits);
  const auto t = run(e);
  ASSERT_TRUE(t.failure);
  EXPECT_EQ(t.failure->kind, "budget");
  EXPECT_EQ(t.resolution_minutes, 1440);
}

TEST_F(SlaPolicyTest, ASyntaxErrorIsReportedByCheck) {
  const auto e = engine("return function(sla) sla:resolution( end");
  ASSERT_EQ(e.check().size(), 1u);
  EXPECT_EQ(e.check()[0].kind, "syntax");
  EXPECT_EQ(e.check()[0].script, "standard");
  EXPECT_TRUE(run(e).failure);
}

TEST_F(SlaPolicyTest, TheClockTurnsPolicyStepsIntoTimesAndKeepsABreachPerTarget) {
  const auto e = engine(R"(
    return function(sla)
      sla:first_response(60)
      sla:resolution(120)
      sla:escalate{ target = "resolution", at = 0.5, notify = "team" }
    end)");
  SlaPlan plan;
  plan.key = "standard";
  plan.first_response_minutes = 480;
  plan.resolution_minutes = 1440;
  const SlaClock clock({}, {plan}, std::make_shared<const SlaPolicyEngine>(e));
  const auto ticket = base_ticket();
  const std::int64_t start = 1'700'000'000;
  const auto due = clock.due("standard", start, 600, &ticket);  // 10 minutes paused
  EXPECT_EQ(*due.first_response, start + 600 + 3600);
  EXPECT_EQ(*due.resolution, start + 600 + 7200);
  std::vector<std::string> ids;
  for (const auto& s : due.steps) ids.push_back(s.id + " " + s.event);
  EXPECT_EQ(ids, (std::vector<std::string>{"resolution@0.5 sla.warning", "first_response@1 sla.breached",
                                           "resolution@1 sla.breached"}));
  EXPECT_EQ(due.steps[0].at, start + 600 + 3600);
  // Without the ticket the policy does not run: the plan's own minutes.
  EXPECT_EQ(*clock.due("standard", start).resolution, start + 1440 * 60);
}

}  // namespace
