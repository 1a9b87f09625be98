#include <gtest/gtest.h>

#include <atomic>

#include <helpdesk/error.hpp>

#include "core_fixture.hpp"
#include "kernel/core/scheduler.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;
using namespace helpdesk::kernel::testing;

TEST(Scheduler, FiresDueTimersOnceWithTheirPayload) {
  CoreFixture f;
  DurableScheduler s(*f.db, [&] { return f.now; }, quiet_logger());
  std::vector<Timer> fired;
  s.on("test.kind", [&](const Timer& t) { fired.push_back(t); }, "test");
  s.schedule("test.kind", f.now + 60, {{"ticket", "000001"}}, "");
  EXPECT_EQ(s.run_due(), 0) << "not due yet";
  f.now += 60;
  EXPECT_EQ(s.run_due(), 1);
  EXPECT_EQ(s.run_due(), 0) << "fired once";
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].payload["ticket"], "000001");
}

TEST(Scheduler, SurvivesARestartAndFiresWhatFellDueMeanwhile) {
  CoreFixture f;
  {
    DurableScheduler s(*f.db, [&] { return f.now; }, quiet_logger());
    s.schedule("test.kind", f.now + 10, {}, "");
  }  // "the server stops" before the timer is due
  f.now += 3600;
  DurableScheduler again(*f.db, [&] { return f.now; }, quiet_logger());
  int fired = 0;
  again.on("test.kind", [&](const Timer&) { ++fired; }, "test");
  EXPECT_EQ(again.run_due(), 1);
  EXPECT_EQ(fired, 1);
}

TEST(Scheduler, AKeyReplacesThePendingTimerAndCancelWorks) {
  CoreFixture f;
  DurableScheduler s(*f.db, [&] { return f.now; }, quiet_logger());
  int fired = 0;
  s.on("sla.check", [&](const Timer& t) { fired += t.payload["n"].get<int>(); }, "test");
  s.schedule("sla.check", f.now, {{"n", 1}}, "ticket-1");
  s.schedule("sla.check", f.now, {{"n", 10}}, "ticket-1");
  const auto id = s.schedule("sla.check", f.now, {{"n", 100}}, "ticket-2");
  EXPECT_TRUE(s.cancel(id));
  EXPECT_FALSE(s.cancel(id));
  EXPECT_EQ(s.run_due(), 1);
  EXPECT_EQ(fired, 10);
}

TEST(Scheduler, AFailingHandlerIsRetriedWithBackoff) {
  CoreFixture f;
  DurableScheduler s(*f.db, [&] { return f.now; }, quiet_logger());
  int calls = 0;
  s.on("flaky", [&](const Timer&) {
    if (++calls == 1) throw std::runtime_error("smtp down");
  }, "test");
  s.schedule("flaky", f.now, {}, "");
  EXPECT_EQ(s.run_due(), 0);
  EXPECT_EQ(s.run_due(), 0) << "backing off";
  f.now += 2;
  EXPECT_EQ(s.run_due(), 1);
  EXPECT_EQ(calls, 2);
  std::string error;
  f.db->read([&](Sql& sql) { error = sql.query_one("SELECT last_error FROM timers")->text(0); });
  EXPECT_EQ(error, "smtp down");
}

TEST(Scheduler, RemovingAnOwnerRemovesItsHandlers) {
  CoreFixture f;
  DurableScheduler s(*f.db, [&] { return f.now; }, quiet_logger());
  s.on("plugin.kind", [](const Timer&) {}, "plugin-a");
  EXPECT_THROW(s.on("plugin.kind", [](const Timer&) {}, "plugin-b"), Error);
  s.remove_owner("plugin-a");
  s.schedule("plugin.kind", f.now, {}, "");
  EXPECT_EQ(s.run_due(), 0) << "no handler: the timer waits";
  s.on("plugin.kind", [](const Timer&) {}, "plugin-b");
  EXPECT_EQ(s.run_due(), 1);
}
