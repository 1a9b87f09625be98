#include <gtest/gtest.h>

#include <date/tz.h>

#include "kernel/rules/sla_clock.hpp"

using namespace helpdesk::kernel;

namespace {

std::int64_t berlin(int y, unsigned m, unsigned d, int h, int min = 0) {
  using namespace date;
  const auto local = local_days{year{y} / month{m} / day{d}} + std::chrono::hours{h} + std::chrono::minutes{min};
  const auto utc = zoned_time{"Europe/Berlin", local}.get_sys_time();
  return std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()).count();
}

CalendarConfig office() {
  CalendarConfig c;
  c.key = "office";
  c.timezone = "Europe/Berlin";
  for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) c.hours[d] = {"09:00-17:00"};
  c.holidays = {"2026-12-25"};
  return c;
}

std::vector<SlaPlan> plans() {
  SlaPlan standard;
  standard.key = "standard";
  standard.calendar = "office";
  standard.first_response_minutes = 8 * 60;
  standard.resolution_minutes = 16 * 60;
  standard.departments = {"it"};
  SlaPlan network = standard;
  network.key = "network";
  network.topics = {"network"};
  network.departments = {};
  SlaPlan vip;
  vip.key = "vip";
  vip.first_response_minutes = 60;
  return {standard, network, vip};
}

}  // namespace

TEST(SlaClock, TopicWinsOverDepartmentAndAChosenPlanWinsOverBoth) {
  SlaClock clock({office()}, plans());
  EXPECT_EQ(clock.plan_for("", "network", "it"), "network");
  EXPECT_EQ(clock.plan_for("", "general", "it"), "standard");
  EXPECT_EQ(clock.plan_for("vip", "network", "it"), "vip");
  EXPECT_EQ(clock.plan_for("", "", "hr"), "");
}

TEST(SlaClock, DueTimesFollowBusinessHours) {
  SlaClock clock({office()}, plans());
  // Friday 2026-11-27 16:00 Berlin: 1 h left that day, 7 h on Monday -> Monday 16:00.
  const auto due = clock.due("standard", berlin(2026, 11, 27, 16));
  EXPECT_EQ(due.plan, "standard");
  ASSERT_TRUE(due.first_response);
  EXPECT_EQ(*due.first_response, (berlin(2026, 11, 30, 16)));
  // The default steps: warning at 75% (6 of 8 hours), breach at 100%, for each target.
  ASSERT_EQ(due.steps.size(), 4u);
  EXPECT_EQ(due.steps[0].id, "first_response@0.75");
  EXPECT_EQ(due.steps[0].event, "sla.warning");
  EXPECT_EQ(due.steps[0].at, (berlin(2026, 11, 30, 14)));
  EXPECT_EQ(due.steps[1].id, "first_response@1");
  EXPECT_EQ(due.steps[1].event, "sla.breached");
  EXPECT_EQ(due.steps[3].id, "resolution@1");
  EXPECT_TRUE(due.steps[3].escalation.overdue);
  EXPECT_EQ(*due.resolution, (berlin(2026, 12, 1, 16)));
}

TEST(SlaClock, PlansWithoutCalendarRunAroundTheClockAndMissingTargetsStayEmpty) {
  SlaClock clock({office()}, plans());
  const auto start = berlin(2026, 12, 25, 23);  // a holiday night
  const auto due = clock.due("vip", start);
  EXPECT_EQ(*due.first_response, start + 3600);
  EXPECT_FALSE(due.resolution);
  EXPECT_EQ(clock.due("unknown", start).plan, "");
}

TEST(SlaClock, MalformedCalendarsAreRefusedByName) {
  auto bad = office();
  bad.timezone = "Mars/Olympus";
  EXPECT_THROW(SlaClock({bad}, plans()), std::invalid_argument);
  bad = office();
  bad.hours["mon"] = {"17:00-09:00"};
  try {
    SlaClock({bad}, plans());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("office"), std::string::npos) << e.what();
  }
}
