// Business-hour calendars against the real tzdata. Expected instants are written as local
// date-times and converted with date::zoned_time, so each test reads like the SLA it checks.
#include "kernel/rules/business_calendar.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <stdexcept>
#include <string>

namespace helpdesk::kernel {
namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

// A local date-time in `zone` as UTC unix seconds. `choose` picks the instant for a wall time that
// occurs twice (the hour repeated when clocks go back).
std::int64_t local(const char* zone, int y, unsigned m, unsigned d, int hh, int mm = 0,
                   date::choose choose = date::choose::earliest) {
  auto wall = date::local_days{date::year{y} / date::month{m} / date::day{d}} +
              std::chrono::hours{hh} + std::chrono::minutes{mm};
  date::zoned_time<std::chrono::seconds> zoned{zone, wall, choose};
  return zoned.get_sys_time().time_since_epoch().count();
}

// The local wall time of a UTC instant, "2026-03-09 16:00", for readable failure messages.
std::string wall(const char* zone, std::int64_t instant) {
  date::zoned_time<std::chrono::seconds> zoned{zone,
                                               date::sys_seconds{std::chrono::seconds{instant}}};
  return date::format("%F %R %Z", zoned);
}

std::vector<TimeOfDayRange> ranges(std::initializer_list<const char*> texts) {
  std::vector<TimeOfDayRange> out;
  for (const char* text : texts) out.push_back(parse_time_range(text));
  return out;
}

CalendarSpec weekdays(const char* zone, std::vector<TimeOfDayRange> hours,
                      std::vector<std::string> holidays = {}) {
  CalendarSpec spec;
  spec.key = "office";
  spec.timezone = zone;
  for (int d = 0; d < 5; ++d) spec.weekly[d] = hours;
  spec.holidays = std::move(holidays);
  return spec;
}

CalendarSpec every_day(const char* zone, std::vector<TimeOfDayRange> hours,
                       std::vector<std::string> holidays = {}) {
  auto spec = weekdays(zone, hours, std::move(holidays));
  spec.weekly[5] = spec.weekly[6] = hours;
  return spec;
}

constexpr const char* kBerlin = "Europe/Berlin";
constexpr const char* kNewYork = "America/New_York";

class BerlinOffice : public ::testing::Test {
 protected:
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}))};
};

TEST_F(BerlinOffice, FridayAfternoonPlusADayIsMondayAfternoon) {
  auto friday = local(kBerlin, 2026, 3, 6, 16);
  ASSERT_EQ(date::weekday{date::sys_days{date::year{2026} / 3 / 6}}, date::Friday);
  auto due = calendar.add_business_seconds(friday, 8 * kHour);
  EXPECT_EQ(due, local(kBerlin, 2026, 3, 9, 16)) << wall(kBerlin, due);
}

TEST_F(BerlinOffice, WeekendTicketStartsCountingMonday) {
  auto saturday = local(kBerlin, 2026, 3, 7, 10);
  EXPECT_EQ(calendar.add_business_seconds(saturday, kHour), local(kBerlin, 2026, 3, 9, 10));
}

TEST_F(BerlinOffice, EarlyTicketStartsCountingAtOpening) {
  auto early = local(kBerlin, 2026, 3, 10, 8);
  EXPECT_EQ(calendar.add_business_seconds(early, 30 * kMinute), local(kBerlin, 2026, 3, 10, 9, 30));
}

TEST_F(BerlinOffice, DueAtClosingTimeIsClosingTimeNotNextOpening) {
  auto friday = local(kBerlin, 2026, 3, 6, 16);
  EXPECT_EQ(calendar.add_business_seconds(friday, kHour), local(kBerlin, 2026, 3, 6, 17));
  EXPECT_EQ(calendar.add_business_seconds(friday, kHour + 1), local(kBerlin, 2026, 3, 9, 9) + 1);
}

TEST_F(BerlinOffice, ZeroMovesToTheNextOpenInstant) {
  auto open = local(kBerlin, 2026, 3, 10, 10);
  EXPECT_EQ(calendar.add_business_seconds(open, 0), open);
  EXPECT_EQ(calendar.add_business_seconds(local(kBerlin, 2026, 3, 10, 17), 0),
            local(kBerlin, 2026, 3, 11, 9));
}

TEST_F(BerlinOffice, IsOpenAndNextOpen) {
  EXPECT_TRUE(calendar.is_open(local(kBerlin, 2026, 3, 10, 9)));
  EXPECT_TRUE(calendar.is_open(local(kBerlin, 2026, 3, 10, 16, 59)));
  EXPECT_FALSE(calendar.is_open(local(kBerlin, 2026, 3, 10, 17)));  // closed at its end
  EXPECT_FALSE(calendar.is_open(local(kBerlin, 2026, 3, 10, 8, 59)));
  EXPECT_FALSE(calendar.is_open(local(kBerlin, 2026, 3, 7, 12)));  // Saturday

  auto tuesday_ten = local(kBerlin, 2026, 3, 10, 10);
  EXPECT_EQ(calendar.next_open(tuesday_ten), tuesday_ten);
  EXPECT_EQ(calendar.next_open(local(kBerlin, 2026, 3, 6, 17)), local(kBerlin, 2026, 3, 9, 9));
  EXPECT_EQ(calendar.next_open(local(kBerlin, 2026, 3, 8, 23, 59)), local(kBerlin, 2026, 3, 9, 9));
}

TEST_F(BerlinOffice, BusinessSecondsBetween) {
  auto friday = local(kBerlin, 2026, 3, 6, 16);
  EXPECT_EQ(calendar.business_seconds_between(friday, local(kBerlin, 2026, 3, 9, 10)), 2 * kHour);
  EXPECT_EQ(calendar.business_seconds_between(friday, friday), 0);
  EXPECT_EQ(calendar.business_seconds_between(friday, friday - kHour), 0);
  EXPECT_EQ(calendar.business_seconds_between(local(kBerlin, 2026, 3, 7, 0),
                                              local(kBerlin, 2026, 3, 9, 0)),
            0);
  EXPECT_EQ(calendar.key(), "office");
}

TEST(BusinessCalendar, LunchBreakIsNotCounted) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"13:00-17:00", "09:00-12:00"}))};
  EXPECT_EQ(calendar.add_business_seconds(local(kBerlin, 2026, 3, 10, 11, 30), kHour),
            local(kBerlin, 2026, 3, 10, 13, 30));
  EXPECT_EQ(calendar.add_business_seconds(local(kBerlin, 2026, 3, 10, 12, 30), 0),
            local(kBerlin, 2026, 3, 10, 13));
  EXPECT_FALSE(calendar.is_open(local(kBerlin, 2026, 3, 10, 12, 15)));
  EXPECT_EQ(calendar.business_seconds_between(local(kBerlin, 2026, 3, 10, 11),
                                              local(kBerlin, 2026, 3, 10, 14)),
            2 * kHour);
  // Seven hours a day: 7 h from Tuesday 09:00 end exactly at Tuesday 17:00.
  EXPECT_EQ(calendar.add_business_seconds(local(kBerlin, 2026, 3, 10, 9), 7 * kHour),
            local(kBerlin, 2026, 3, 10, 17));
}

TEST(BusinessCalendar, TouchingRangesJoin) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-12:00", "12:00-17:00"}))};
  EXPECT_TRUE(calendar.is_open(local(kBerlin, 2026, 3, 10, 12)));
  EXPECT_EQ(calendar.add_business_seconds(local(kBerlin, 2026, 3, 10, 11), 2 * kHour),
            local(kBerlin, 2026, 3, 10, 13));
}

TEST(BusinessCalendar, HolidayOnMondayPushesToTuesday) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}), {"2026-03-09"})};
  auto friday = local(kBerlin, 2026, 3, 6, 16);
  EXPECT_EQ(calendar.add_business_seconds(friday, 8 * kHour), local(kBerlin, 2026, 3, 10, 16));
  EXPECT_EQ(calendar.add_business_seconds(friday, 2 * kHour), local(kBerlin, 2026, 3, 10, 10));
  EXPECT_FALSE(calendar.is_open(local(kBerlin, 2026, 3, 9, 12)));
  EXPECT_EQ(calendar.next_open(local(kBerlin, 2026, 3, 9, 12)), local(kBerlin, 2026, 3, 10, 9));
}

TEST(BusinessCalendar, HolidayIsAWholeLocalDayNotAUtcDay) {
  // Tokyo is UTC+9: the local holiday starts at 15:00 UTC the day before.
  const char* tokyo = "Asia/Tokyo";
  BusinessCalendar calendar{every_day(tokyo, ranges({"00:00-24:00"}), {"2026-05-05"})};
  EXPECT_TRUE(calendar.is_open(local(tokyo, 2026, 5, 4, 23, 59)));
  EXPECT_FALSE(calendar.is_open(local(tokyo, 2026, 5, 5, 0)));
  EXPECT_FALSE(calendar.is_open(local(tokyo, 2026, 5, 5, 23, 59)));
  EXPECT_EQ(
      calendar.business_seconds_between(local(tokyo, 2026, 5, 4, 0), local(tokyo, 2026, 5, 7, 0)),
      48 * kHour);
  EXPECT_EQ(calendar.add_business_seconds(local(tokyo, 2026, 5, 4, 23), 2 * kHour),
            local(tokyo, 2026, 5, 6, 1));
}

// Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET.
TEST(BusinessCalendarDst, BerlinOfficeKeepsLocalHoursAcrossBothChanges) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}))};
  auto due = calendar.add_business_seconds(local(kBerlin, 2026, 3, 27, 16), 8 * kHour);
  EXPECT_EQ(due, local(kBerlin, 2026, 3, 30, 16)) << wall(kBerlin, due);
  due = calendar.add_business_seconds(local(kBerlin, 2026, 10, 23, 16), 8 * kHour);
  EXPECT_EQ(due, local(kBerlin, 2026, 10, 26, 16)) << wall(kBerlin, due);
  // A whole week of 40 hours from Monday to Monday, spanning each change.
  due = calendar.add_business_seconds(local(kBerlin, 2026, 3, 23, 9), 40 * kHour);
  EXPECT_EQ(due, local(kBerlin, 2026, 3, 27, 17)) << wall(kBerlin, due);
  EXPECT_EQ(calendar.business_seconds_between(local(kBerlin, 2026, 10, 19, 0),
                                              local(kBerlin, 2026, 11, 2, 0)),
            80 * kHour);
}

TEST(BusinessCalendarDst, SpringForwardDayIsShort) {
  BusinessCalendar calendar{every_day(kBerlin, ranges({"01:00-04:00"}))};
  auto start = local(kBerlin, 2026, 3, 29, 1);
  // 02:00-03:00 does not exist that night: three wall-clock hours hold two real ones.
  EXPECT_EQ(calendar.business_seconds_between(start, local(kBerlin, 2026, 3, 29, 5)), 2 * kHour);
  EXPECT_EQ(calendar.add_business_seconds(start, 2 * kHour), local(kBerlin, 2026, 3, 29, 4));
  EXPECT_EQ(calendar.add_business_seconds(start, kHour + 30 * kMinute),
            local(kBerlin, 2026, 3, 29, 3, 30));
}

TEST(BusinessCalendarDst, RangesStartingOrEndingInTheGapUseTheTransition) {
  BusinessCalendar late{every_day(kBerlin, ranges({"02:30-05:00"}))};
  EXPECT_EQ(late.next_open(local(kBerlin, 2026, 3, 29, 0)), local(kBerlin, 2026, 3, 29, 3));
  EXPECT_EQ(
      late.business_seconds_between(local(kBerlin, 2026, 3, 29, 0), local(kBerlin, 2026, 3, 30, 0)),
      2 * kHour);
  BusinessCalendar early{every_day(kBerlin, ranges({"00:00-02:30"}))};
  EXPECT_EQ(early.business_seconds_between(local(kBerlin, 2026, 3, 29, 0),
                                           local(kBerlin, 2026, 3, 30, 0)),
            2 * kHour);
  EXPECT_FALSE(early.is_open(local(kBerlin, 2026, 3, 29, 3)));
}

TEST(BusinessCalendarDst, FallBackDayIsLongAndTheRepeatedHourCounts) {
  BusinessCalendar calendar{every_day(kBerlin, ranges({"01:00-04:00"}))};
  auto start = local(kBerlin, 2026, 10, 25, 1);
  EXPECT_EQ(calendar.business_seconds_between(start, local(kBerlin, 2026, 10, 25, 5)), 4 * kHour);
  // Two hours after 01:00 CEST is 02:00 CET, the second time the clock shows 02:00.
  EXPECT_EQ(calendar.add_business_seconds(start, 2 * kHour),
            local(kBerlin, 2026, 10, 25, 2, 0, date::choose::latest));
  EXPECT_EQ(calendar.add_business_seconds(start, 3 * kHour + 30 * kMinute),
            local(kBerlin, 2026, 10, 25, 3, 30));
  // Opening inside the repeated hour takes its first occurrence, closing its last.
  BusinessCalendar inside{every_day(kBerlin, ranges({"02:30-03:30"}))};
  EXPECT_EQ(inside.next_open(local(kBerlin, 2026, 10, 25, 0)), local(kBerlin, 2026, 10, 25, 2, 30));
  EXPECT_EQ(inside.business_seconds_between(local(kBerlin, 2026, 10, 25, 0),
                                            local(kBerlin, 2026, 10, 26, 0)),
            2 * kHour);
}

// America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
TEST(BusinessCalendarDst, NewYorkOfficeAcrossBothChanges) {
  BusinessCalendar calendar{weekdays(kNewYork, ranges({"09:00-17:00"}))};
  auto due = calendar.add_business_seconds(local(kNewYork, 2026, 3, 6, 16), 8 * kHour);
  EXPECT_EQ(due, local(kNewYork, 2026, 3, 9, 16)) << wall(kNewYork, due);
  due = calendar.add_business_seconds(local(kNewYork, 2026, 10, 30, 16), 8 * kHour);
  EXPECT_EQ(due, local(kNewYork, 2026, 11, 2, 16)) << wall(kNewYork, due);

  BusinessCalendar night{every_day(kNewYork, ranges({"00:00-04:00"}))};
  EXPECT_EQ(night.business_seconds_between(local(kNewYork, 2026, 3, 8, 0),
                                           local(kNewYork, 2026, 3, 9, 0)),
            3 * kHour);
  EXPECT_EQ(night.business_seconds_between(local(kNewYork, 2026, 11, 1, 0),
                                           local(kNewYork, 2026, 11, 2, 0)),
            5 * kHour);
}

TEST(BusinessCalendar, TwentyFourSevenFromConfigText) {
  BusinessCalendar calendar{every_day(kBerlin, ranges({"00:00-24:00"}))};
  auto from = local(kBerlin, 2026, 10, 24, 12);
  EXPECT_EQ(calendar.add_business_seconds(from, 48 * kHour), from + 48 * kHour);
  EXPECT_EQ(calendar.business_seconds_between(from, from + 1000 * kHour), 1000 * kHour);
  EXPECT_TRUE(calendar.is_open(local(kBerlin, 2026, 3, 29, 3)));
  EXPECT_EQ(calendar.next_open(from), from);
}

TEST(BusinessCalendar, AlwaysOpenAddsPlainSeconds) {
  auto calendar = BusinessCalendar::always_open();
  EXPECT_EQ(calendar.key(), "24x7");
  std::int64_t from = 1'780'000'000;
  EXPECT_EQ(calendar.add_business_seconds(from, 12'345), from + 12'345);
  EXPECT_EQ(calendar.add_business_seconds(from, 0), from);
  EXPECT_EQ(calendar.business_seconds_between(from, from + 777), 777);
  EXPECT_TRUE(calendar.is_open(from));
  EXPECT_EQ(calendar.next_open(from), from);
}

// Whole days with one far-away holiday: the day-by-day walk (not the 24x7 shortcut) must then
// count exactly wall time, whatever the zone does at midnight or in between. Havana goes back from
// 01:00 to 00:00 and forward from 00:00 to 01:00 (ambiguous and nonexistent midnights), Santiago
// changes at midnight, Lord Howe by half an hour.
TEST(BusinessCalendarProperty, WholeDaysCountWallTimeInEveryZone) {
  std::mt19937_64 random(20260329);
  auto lo = local("UTC", 2025, 1, 1, 0), hi = local("UTC", 2029, 1, 1, 0);
  std::uniform_int_distribution<std::int64_t> instant(lo, hi);
  std::uniform_int_distribution<std::int64_t> span(0, 400 * 24 * kHour);
  for (const char* zone : {kBerlin, kNewYork, "America/Havana", "America/Santiago",
                           "Australia/Lord_Howe", "Asia/Kolkata"}) {
    BusinessCalendar calendar{every_day(zone, ranges({"00:00-24:00"}), {"1999-12-31"})};
    for (int i = 0; i < 300; ++i) {
      auto from = instant(random), seconds = span(random);
      ASSERT_EQ(calendar.add_business_seconds(from, seconds), from + seconds)
          << zone << " " << from;
      ASSERT_EQ(calendar.business_seconds_between(from, from + seconds), seconds)
          << zone << " " << from;
      ASSERT_TRUE(calendar.is_open(from)) << zone << " " << from;
    }
  }
}

CalendarSpec busy_office(const char* zone) {
  auto spec = weekdays(zone, ranges({"08:30-12:00", "12:45-17:15"}),
                       {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-24",
                        "2026-12-25", "2027-01-01"});
  spec.weekly[5] = ranges({"10:00-14:00"});
  return spec;
}

TEST(BusinessCalendarProperty, BetweenIsTheInverseOfAdd) {
  std::mt19937_64 random(42);
  auto lo = local("UTC", 2025, 6, 1, 0), hi = local("UTC", 2027, 6, 1, 0);
  std::uniform_int_distribution<std::int64_t> instant(lo, hi);
  std::uniform_int_distribution<std::int64_t> amount(0, 600 * kHour);
  for (const char* zone : {kBerlin, kNewYork, "Australia/Lord_Howe"}) {
    BusinessCalendar calendar{busy_office(zone)};
    for (int i = 0; i < 1000; ++i) {
      auto from = instant(random), seconds = amount(random);
      auto due = calendar.add_business_seconds(from, seconds);
      ASSERT_GE(due, from);
      ASSERT_EQ(calendar.business_seconds_between(from, due), seconds)
          << zone << " from " << wall(zone, from) << " due " << wall(zone, due);
      // And the other way round: a nonzero amount between two instants is reached by the second
      // one (zero is not: adding 0 moves to the next opening, which may come after `to`).
      auto to = instant(random);
      auto between = calendar.business_seconds_between(from, to);
      if (between > 0) {
        auto reached = calendar.add_business_seconds(from, between);
        ASSERT_LE(reached, to) << zone << " " << wall(zone, from) << " " << wall(zone, to);
        ASSERT_EQ(calendar.business_seconds_between(reached, to), 0) << zone;
      }
    }
  }
}

// An independent reading of the calendar: an instant is open when its local wall time falls in a
// range of its local date. (Exact here because the office is closed at night, when clocks change.)
class WallClock {
 public:
  WallClock(const char* zone, CalendarSpec spec)
      : zone_(date::locate_zone(zone)), spec_(std::move(spec)) {
    for (const auto& text : spec_.holidays) {
      int y = 0;
      unsigned m = 0, d = 0;
      std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d);
      holidays_.insert(date::local_days{date::year{y} / date::month{m} / date::day{d}});
    }
  }

  bool open(std::int64_t instant) const {
    auto local_time = zone_->to_local(date::sys_seconds{std::chrono::seconds{instant}});
    auto day = date::floor<date::days>(local_time);
    if (holidays_.count(day)) return false;
    auto index = date::weekday{day}.iso_encoding() - 1;
    auto minute = std::chrono::duration_cast<std::chrono::minutes>(local_time - day).count();
    for (const auto& r : spec_.weekly[index]) {
      if (minute >= r.start_minute && minute < r.end_minute) return true;
    }
    return false;
  }

 private:
  const date::time_zone* zone_;
  CalendarSpec spec_;
  std::set<date::local_days> holidays_;
};

TEST(BusinessCalendarProperty, AgreesWithTheWallClockForAYear) {
  for (const char* zone : {kBerlin, kNewYork}) {
    BusinessCalendar calendar{busy_office(zone)};
    WallClock wall_clock{zone, busy_office(zone)};
    auto start = local(zone, 2026, 1, 1, 0), end = local(zone, 2027, 1, 1, 0);
    for (auto t = start; t < end; t += 15 * kMinute) {
      ASSERT_EQ(calendar.is_open(t), wall_clock.open(t)) << zone << " " << wall(zone, t);
    }
    // Business time counted minute by minute over random spans of up to three days.
    std::mt19937_64 random(7);
    std::uniform_int_distribution<std::int64_t> minute(0, (end - start) / kMinute);
    std::uniform_int_distribution<std::int64_t> length(0, 3 * 24 * 60);
    for (int i = 0; i < 60; ++i) {
      auto from = start + minute(random) * kMinute, to = from + length(random) * kMinute;
      std::int64_t expected = 0;
      for (auto t = from; t < to; t += kMinute) expected += wall_clock.open(t) ? kMinute : 0;
      ASSERT_EQ(calendar.business_seconds_between(from, to), expected)
          << zone << " " << wall(zone, from) << " .. " << wall(zone, to);
    }
  }
}

TEST(BusinessCalendar, TenThousandBusinessHoursIsFast) {
  BusinessCalendar calendar{busy_office(kBerlin)};
  auto from = local(kBerlin, 2026, 2, 2, 10);
  auto began = std::chrono::steady_clock::now();
  std::int64_t due = 0;
  for (int i = 0; i < 20; ++i) due = calendar.add_business_seconds(from + i, 10'000 * kHour);
  auto elapsed = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(calendar.business_seconds_between(from + 19, due), 10'000 * kHour);
  // 20 calls over ~5 years each; a minute-by-minute walk would take seconds per call.
  EXPECT_LT(elapsed, std::chrono::milliseconds(500));
}

TEST(BusinessCalendarErrors, UnknownZoneIsNamed) {
  try {
    BusinessCalendar calendar{weekdays("Mars/Olympus_Mons", ranges({"09:00-17:00"}))};
    FAIL() << "accepted an unknown zone";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Mars/Olympus_Mons"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("office"), std::string::npos) << e.what();
  }
}

void expect_bad_range(const std::string& text) {
  try {
    parse_time_range(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(BusinessCalendarErrors, BadTimeRanges) {
  for (const char* text : {"25:00-26:00", "17:00-09:00", "09:00-09:00", "09:60-10:00",
                           "24:00-24:00", "24:30-24:45", "9-17", "09:00", "09:00-", "-17:00", "",
                           "ab:cd-ef:gh", "09:00-17:00-18:00", "009:00-17:00", "09:0-17:00"}) {
    expect_bad_range(text);
  }
}

TEST(BusinessCalendarErrors, GoodTimeRanges) {
  auto whole = parse_time_range("00:00-24:00");
  EXPECT_EQ(whole.start_minute, 0);
  EXPECT_EQ(whole.end_minute, 1440);
  auto office = parse_time_range(" 9:00 - 17:30 ");
  EXPECT_EQ(office.start_minute, 540);
  EXPECT_EQ(office.end_minute, 1050);
}

TEST(BusinessCalendarErrors, OverlappingRanges) {
  try {
    BusinessCalendar calendar{weekdays(kBerlin, ranges({"12:00-17:00", "09:00-13:00"}))};
    FAIL() << "accepted overlapping ranges";
  } catch (const std::invalid_argument& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("09:00-13:00"), std::string::npos) << what;
    EXPECT_NE(what.find("12:00-17:00"), std::string::npos) << what;
    EXPECT_NE(what.find("Monday"), std::string::npos) << what;
  }
}

TEST(BusinessCalendarErrors, InvertedOrOutOfRangeStructs) {
  auto spec = weekdays(kBerlin, {{17 * 60, 9 * 60}});
  EXPECT_THROW(BusinessCalendar{spec}, std::invalid_argument);
  spec = weekdays(kBerlin, {{-10, 60}});
  EXPECT_THROW(BusinessCalendar{spec}, std::invalid_argument);
  spec = weekdays(kBerlin, {{0, 1441}});
  EXPECT_THROW(BusinessCalendar{spec}, std::invalid_argument);
}

TEST(BusinessCalendarErrors, BadHolidays) {
  for (const char* text :
       {"2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-01x"}) {
    try {
      BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}), {text})};
      ADD_FAILURE() << "accepted holiday '" << text << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("'" + std::string(text) + "'"), std::string::npos)
          << e.what();
    }
  }
}

TEST(BusinessCalendarErrors, NoOpenHoursAtAll) {
  CalendarSpec spec;
  spec.key = "holidays-only";
  spec.holidays = {"2026-12-25"};
  EXPECT_THROW(BusinessCalendar{spec}, std::invalid_argument);
}

TEST(BusinessCalendarErrors, NegativeDurationAndAbsurdInstants) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}))};
  auto from = local(kBerlin, 2026, 3, 10, 10);
  EXPECT_THROW(calendar.add_business_seconds(from, -1), std::invalid_argument);
  EXPECT_THROW(calendar.add_business_seconds(INT64_MAX, 0), std::invalid_argument);
  EXPECT_THROW(calendar.business_seconds_between(from, INT64_MAX), std::invalid_argument);
}

TEST(BusinessCalendarErrors, SearchStopsAtTheHorizon) {
  BusinessCalendar calendar{weekdays(kBerlin, ranges({"09:00-17:00"}))};
  auto from = local(kBerlin, 2026, 3, 10, 10);
  // 40 hours a week: 200 years of business time would be due in about a thousand years.
  EXPECT_THROW(calendar.add_business_seconds(from, 200LL * 365 * 24 * kHour), std::runtime_error);
  // A small amount on a sparse calendar still beyond 100 years: one hour a week for 5300 weeks.
  CalendarSpec sparse;
  sparse.key = "sparse";
  sparse.weekly[0] = ranges({"09:00-10:00"});
  BusinessCalendar thin{sparse};
  EXPECT_THROW(thin.add_business_seconds(from, 5300 * kHour), std::runtime_error);
  EXPECT_NO_THROW(thin.add_business_seconds(from, 5000 * kHour));
  EXPECT_THROW(calendar.business_seconds_between(from, from + 101LL * 366 * 24 * kHour),
               std::runtime_error);
  EXPECT_THROW(BusinessCalendar::always_open().add_business_seconds(from, 101LL * 366 * 24 * kHour),
               std::runtime_error);
}

TEST(BusinessCalendarErrors, OpenOnlyOnDaysThatAreAllHolidaysStopsSearching) {
  // Mondays only, and every Monday for eleven years is a holiday.
  CalendarSpec spec;
  spec.key = "mondays";
  spec.weekly[0] = ranges({"09:00-17:00"});
  for (auto day = date::sys_days{date::year{2026} / 3 / 9};
       day < date::sys_days{date::year{2037} / 3 / 9}; day += date::days{7}) {
    spec.holidays.push_back(date::format("%F", day));
  }
  BusinessCalendar calendar{spec};
  EXPECT_THROW(calendar.next_open(local("UTC", 2026, 3, 8, 0)), std::runtime_error);
  EXPECT_EQ(calendar.next_open(local("UTC", 2037, 3, 8, 0)), local("UTC", 2037, 3, 9, 9));
}

}  // namespace
}  // namespace helpdesk::kernel
