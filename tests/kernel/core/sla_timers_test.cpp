// SLA timers driven by an injected clock: a warning at 75% and a breach at the due time fire once
// as events and audit rows, a met target fires nothing, and timers survive a restart.
#include <gtest/gtest.h>

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
struct SlaFixture : CoreFixture {
  SlaFixture() {
    SlaPlan plan;
    plan.key = "fast";
    plan.first_response_minutes = 60;
    plan.resolution_minutes = 120;
    plan.departments = {"support", "it"};
    auto set = std::make_shared<RuleSet>();
    set->sla = std::make_shared<const SlaClock>(std::vector<CalendarConfig>{}, std::vector<SlaPlan>{plan});
    rules = std::make_unique<RulesHolder>(set);
    tickets = std::make_unique<KernelTicketService>(*db, *catalog, *files, *publisher, quiet_logger(),
                                                    [this] { return now; }, rules.get());
    bus->subscribe("*", [this](const Event& e) {
      if (e.name.rfind("sla.", 0) != 0) return;
      std::lock_guard lock(m);
      seen.push_back(e.name + " " + e.data.value("target", ""));
    }, "test");
  }
  std::unique_ptr<DurableScheduler> scheduler() {
    auto s = std::make_unique<DurableScheduler>(*db, [this] { return now; }, quiet_logger());
    register_sla_timers(*s, *db, *catalog, *publisher);
    return s;
  }
  std::vector<std::string> events() {
    bus->flush();
    std::lock_guard lock(m);
    return seen;
  }
  std::unique_ptr<RulesHolder> rules;
  std::mutex m;
  std::vector<std::string> seen;
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

}  // namespace
