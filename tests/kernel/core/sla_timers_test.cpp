// SLA timers driven by an injected clock: a warning at 75% and a breach at the due time fire once
// as events and audit rows, a met target fires nothing, and timers survive a restart.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>

#include "core_fixture.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/core/sla_timers.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;
using namespace helpdesk::kernel::testing;

namespace {

const Actor agent{Actor::Kind::agent, "7", "Grace", {}};

// Tickets get the 24x7 "fast" plan: first response in 60 min, resolution in 120 min.
// With `policy`, the plan runs that Lua policy script; `slow` (IT only, when `it_plan`) is a second plan.
struct SlaFixture : CoreFixture {
  explicit SlaFixture(const std::string& policy = "", bool it_plan = false) {
    SlaPlan plan;
    plan.key = "fast";
    plan.first_response_minutes = 60;
    plan.resolution_minutes = 120;
    plan.departments = {"support", "it"};
    std::vector<SlaPlan> plans{plan};
    if (it_plan) {
      plans[0].departments = {"support"};
      SlaPlan slow;
      slow.key = "slow";
      slow.first_response_minutes = 600;
      slow.resolution_minutes = 1200;
      slow.departments = {"it"};
      plans.push_back(slow);
    }
    std::shared_ptr<const SlaPolicyEngine> policies;
    if (!policy.empty()) {
      std::ofstream(dir() / "policy.lua") << policy;
      SlaVocabulary v;
      v.teams = {"level-2"};
      v.priorities = {"low", "normal", "high", "critical"};
      policies = std::make_shared<const SlaPolicyEngine>(std::vector<SlaPolicyScript>{{"fast", dir() / "policy.lua"}},
                                                         LuaLimits{}, dir(), v);
    }
    db->write([](Sql& sql) {
      sql.exec("INSERT INTO agents (id, email, name, department_key, created_at) VALUES "
               "(7, 'grace@example.com', 'Grace', 'support', 0), (8, 'boss@example.com', 'Boss', 'support', 0), "
               "(9, 'linus@example.com', 'Linus', 'it', 0)");
      sql.exec("INSERT INTO team_members (team_key, agent_id) VALUES ('level-2', 9)");
    });
    auto set = std::make_shared<RuleSet>();
    set->sla = std::make_shared<const SlaClock>(std::vector<CalendarConfig>{}, plans, policies);
    rules = std::make_unique<RulesHolder>(set);
    tickets = std::make_unique<KernelTicketService>(*db, *catalog, *files, *publisher, quiet_logger(),
                                                    [this] { return now; }, rules.get());
    bus->subscribe("*", [this](const Event& e) {
      if (e.name.rfind("sla.", 0) != 0) return;
      std::lock_guard lock(m);
      seen.push_back(e.name + " " + e.data.value("target", ""));
      all.push_back(e);
    }, "test");
  }
  // The bus delivers on its own thread into this object's members: stop it before they go.
  ~SlaFixture() {
    tickets.reset();
    bus.reset();
  }
  std::unique_ptr<DurableScheduler> scheduler() {
    auto s = std::make_unique<DurableScheduler>(*db, [this] { return now; }, quiet_logger());
    register_sla_timers(*s, *db, *catalog, *publisher, *tickets);
    return s;
  }
  std::vector<std::string> events() {
    bus->flush();
    std::lock_guard lock(m);
    return seen;
  }
  std::unique_ptr<RulesHolder> rules;
  std::vector<Event> all_events() {
    bus->flush();
    std::lock_guard lock(m);
    return all;
  }
  std::mutex m;
  std::vector<std::string> seen;
  std::vector<Event> all;
};

TEST(SlaTimers, NewTicketsGetDueTimesFromTheirPlan) {
  SlaFixture f;
  const auto t = f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(t.sla_plan, "fast");
  EXPECT_EQ(t.first_response_due_at, f.now + 3600);
  EXPECT_EQ(t.due_at, f.now + 7200);
  EXPECT_EQ(f.tickets->get(t.number)->ticket.due_at, f.now + 7200);
}

TEST(SlaTimers, WarningThenBreachFireOnceAtTheirTimes) {
  SlaFixture f;
  auto s = f.scheduler();
  const auto start = f.now;
  f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(s->run_due(), 0);
  f.now = start + 45 * 60;  // 75% of the first-response target
  EXPECT_EQ(s->run_due(), 1);
  EXPECT_EQ(f.events(), (std::vector<std::string>{"sla.warning first_response"}));
  f.now = start + 60 * 60;
  EXPECT_EQ(s->run_due(), 1);
  f.now = start + 120 * 60;
  EXPECT_EQ(s->run_due(), 2);  // resolution warning (90 min) and breach
  EXPECT_EQ(s->run_due(), 0);
  EXPECT_EQ(f.events(), (std::vector<std::string>{"sla.warning first_response", "sla.breached first_response",
                                                  "sla.warning resolution", "sla.breached resolution"}));
  int audited = 0;
  f.db->read([&](Sql& sql) {
    audited = static_cast<int>(sql.query_one("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'sla.%'")->integer(0));
  });
  EXPECT_EQ(audited, 4);
}

TEST(SlaTimers, MetTargetsFireNothing) {
  SlaFixture f;
  auto s = f.scheduler();
  const auto start = f.now;
  const auto t = f.tickets->create(f.ticket(), agent);
  f.now = start + 10 * 60;
  f.tickets->reply(t.number, {"On it.", "text", {}}, agent);
  f.now = start + 30 * 60;
  f.tickets->close(t.number, agent);
  f.now = start + 3 * 3600;
  s->run_due();
  EXPECT_TRUE(f.events().empty());
}

TEST(SlaTimers, ABreachDueWhileTheServerWasDownFiresAfterRestart) {
  SlaFixture f;
  const auto start = f.now;
  {
    auto s = f.scheduler();
    f.tickets->create(f.ticket(), agent);
    EXPECT_EQ(s->run_due(), 0);
  }  // the server stops before anything is due
  f.now = start + 5 * 3600;
  auto again = f.scheduler();
  EXPECT_EQ(again->run_due(), 4);
  EXPECT_EQ(f.events().size(), 4u);
}

TEST(SlaTimers, APolicysEscalationNotifiesAssignsRaisesAndMarksOverdue) {
  SlaFixture f(R"(
    return function(sla, ticket)
      sla:escalate{ target = "resolution", at = 0.75, notify = "assignee" }
      sla:escalate{ target = "resolution", at = 1, overdue = true, notify = { "assignee", "manager", "team" },
                    assign_team = "level-2", set_priority = "critical", note = "Escalated by the SLA." }
    end)");
  auto s = f.scheduler();
  const auto start = f.now;
  const auto t = f.tickets->create(f.ticket(), agent);
  f.tickets->assign(t.number, 7, "", agent);
  f.now = start + 90 * 60;
  EXPECT_EQ(s->run_due(), 2);  // first-response breach (kept by default) and the resolution warning
  auto events = f.all_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].name, "sla.warning");
  EXPECT_EQ(events[1].data["step"], "resolution@0.75");
  EXPECT_EQ(events[1].data["notify"], (nlohmann::json::array({{{"who", "assignee"}, {"email", "grace@example.com"}, {"name", "Grace"}}})));
  EXPECT_FALSE(f.tickets->get(t.number)->ticket.overdue);

  f.now = start + 120 * 60;
  EXPECT_EQ(s->run_due(), 1);
  events = f.all_events();
  ASSERT_EQ(events.size(), 3u);
  const auto& breach = events[2];
  EXPECT_EQ(breach.name, "sla.breached");
  std::vector<std::string> notified;
  for (const auto& n : breach.data["notify"]) notified.push_back(n["who"].get<std::string>() + ":" + n["email"].get<std::string>());
  // The team is empty until the escalation assigns it (notify resolves before the escalation acts).
  EXPECT_EQ(notified, (std::vector<std::string>{"assignee:grace@example.com", "manager:boss@example.com"}));
  const auto after = f.tickets->get(t.number);
  EXPECT_TRUE(after->ticket.overdue);
  EXPECT_EQ(after->ticket.team, "level-2");
  EXPECT_EQ(after->ticket.priority, "critical");
  EXPECT_EQ(after->thread.back().kind, "note");
  EXPECT_EQ(after->thread.back().body, "Escalated by the SLA.");
  // The priority change recomputed the steps; none fires twice.
  f.now = start + 10 * 3600;
  EXPECT_EQ(s->run_due(), 0);
  EXPECT_EQ(f.all_events().size(), 3u);
}

TEST(SlaTimers, TheClockStopsWhileTheTicketWaitsOnTheUser) {
  SlaFixture f;
  auto s = f.scheduler();
  const auto start = f.now;
  const auto t = f.tickets->create(f.ticket(), agent);
  f.now = start + 30 * 60;
  f.tickets->set_status(t.number, "on_hold", agent);
  f.now = start + 100 * 60;
  EXPECT_EQ(s->run_due(), 0) << "nothing fires while paused";
  // The user answers: the ticket is open again and the 70 minutes waited are added.
  f.tickets->add_message(t.number, {"Here is the log.", "text", {}}, Actor{Actor::Kind::user, "1", "Ada", {}});
  const auto resumed = f.tickets->get(t.number)->ticket;
  EXPECT_EQ(resumed.status, "open");
  EXPECT_EQ(resumed.first_response_due_at, start + (60 + 70) * 60);
  EXPECT_EQ(resumed.due_at, start + (120 + 70) * 60);
  f.now = start + 114 * 60;
  EXPECT_EQ(s->run_due(), 0);
  f.now = start + 115 * 60;  // 45 business minutes after the start: the first-response warning
  EXPECT_EQ(s->run_due(), 1);
  EXPECT_EQ(f.events(), std::vector<std::string>{"sla.warning first_response"});
}

TEST(SlaTimers, DueTimesFollowPriorityChangesThroughThePolicy) {
  SlaFixture f(R"(
    local minutes = { low = 960, normal = 480, high = 240, critical = 60 }
    return function(sla, ticket)
      sla:first_response(minutes[ticket.priority] / 4)
      sla:resolution(minutes[ticket.priority])
    end)");
  const auto start = f.now;
  const auto t = f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(t.due_at, start + 480 * 60);
  f.now = start + 600;
  const auto raised = f.tickets->set_priority(t.number, "critical", agent);
  EXPECT_EQ(raised.due_at, start + 60 * 60);
  EXPECT_EQ(raised.first_response_due_at, start + 15 * 60);
  EXPECT_EQ(f.tickets->get(t.number)->ticket.due_at, start + 60 * 60);
  auto s = f.scheduler();
  f.now = start + 15 * 60;
  EXPECT_EQ(s->run_due(), 2);  // first-response warning and breach, on the new times
}

TEST(SlaTimers, ATransferChoosesTheNewDepartmentsPlan) {
  SlaFixture f("", /*it_plan=*/true);
  const auto start = f.now;
  const auto t = f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(t.sla_plan, "fast");
  const auto moved = f.tickets->transfer(t.number, "it", agent);
  EXPECT_EQ(moved.sla_plan, "slow");
  EXPECT_EQ(moved.due_at, start + 1200 * 60);
}

TEST(SlaTimers, AFailingPolicyLeavesThePlansMinutesAndFlagsTheTicket) {
  SlaFixture f("return function(sla) sla:resolution(10)\n error('no policy today') end");
  const auto t = f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(t.due_at, f.now + 120 * 60);
  std::string message;
  f.db->read([&](Sql& sql) {
    if (auto r = sql.query_one("SELECT after_json FROM audit_log WHERE action = 'sla_policy_failed'")) message = r->text(0);
  });
  EXPECT_NE(message.find("no policy today"), std::string::npos) << message;
  EXPECT_NE(message.find("\"line\":2"), std::string::npos) << message;
}

}  // namespace
