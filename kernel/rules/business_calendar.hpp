#pragma once
// Business-hour calendars for SLA plans: when a ticket's first response and resolution fall due,
// counting only the hours a team works (weekly hours in a local time zone, minus holidays), as
// osTicket's and Zammad's SLA calendars do.
//
// All instants are UTC unix seconds. Work happens in local days: each local date's open ranges are
// turned into UTC instants on that date, so a day of 23 or 25 hours (a DST change) is counted as it
// was lived, not as 24 hours.
//
// Time zones come from the system tzdata (/usr/share/zoneinfo) through Howard Hinnant's date/tz
// built with USE_OS_TZDB=1. That build reads the zone files' transition lists only, which end in
// 2037: after that year every zone keeps the offset it had last (no more DST changes).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace date {
class time_zone;  // from <date/tz.h>; kept out of this header because tz.h is heavy to compile
}

namespace helpdesk::kernel {

// [start_minute, end_minute) after local midnight; end_minute may be 1440 (midnight that ends the
// day). A range that runs past midnight (night shifts) is written as two ranges on two days.
struct TimeOfDayRange {
  int start_minute = 0;
  int end_minute = 0;
};

struct CalendarSpec {
  std::string key;
  std::string timezone = "UTC";                       // IANA name, e.g. "Europe/Berlin"
  std::array<std::vector<TimeOfDayRange>, 7> weekly;  // 0 = Monday … 6 = Sunday; empty = closed
  std::vector<std::string> holidays;                  // "YYYY-MM-DD" local dates, closed all day
};

// Parses "09:00-17:00" (hours may have one digit: "9:00-17:00"; "24:00" is allowed as the end,
// so "00:00-24:00" is a whole day). Throws std::invalid_argument naming the text when it is
// malformed, out of range, empty or inverted ("17:00-09:00").
TimeOfDayRange parse_time_range(const std::string& text);

// An immutable calendar; cheap to copy and safe to share between threads.
class BusinessCalendar {
 public:
  // Throws std::invalid_argument, naming the calendar key and the offending value, for: an unknown
  // time zone, a holiday that is not a valid "YYYY-MM-DD" date, a range outside 00:00-24:00,
  // empty or inverted, ranges that overlap on one day, and a calendar with no open hours at all.
  // Ranges on a day may be given in any order; touching ranges ("09:00-12:00", "12:00-17:00") join.
  explicit BusinessCalendar(const CalendarSpec& spec);

  // The instant `seconds` of business time after `from`. With 0 it is the next open instant at or
  // after `from` (`from` itself when open). When the due time lands exactly on the end of an open
  // range it is that end, not the next opening. Throws std::invalid_argument for negative
  // `seconds` and std::runtime_error when the answer lies beyond the search horizon (100 years
  // from `from`, or 10 years without any open hour).
  std::int64_t add_business_seconds(std::int64_t from, std::int64_t seconds) const;

  // Business seconds in [from, to); 0 when to <= from. The inverse of add_business_seconds:
  // business_seconds_between(f, add_business_seconds(f, s)) == s. Throws std::runtime_error when
  // the span is longer than 100 years.
  std::int64_t business_seconds_between(std::int64_t from, std::int64_t to) const;

  // True when `at` lies inside an open range (ranges are closed at their end instant).
  bool is_open(std::int64_t at) const;

  // The next open instant at or after `at`: `at` itself when open, else the start of the next
  // open range. Throws std::runtime_error when nothing opens within 10 years.
  std::int64_t next_open(std::int64_t at) const;

  const std::string& key() const { return key_; }

  // 24x7 in UTC with no holidays, keyed "24x7": for plans without a calendar.
  static BusinessCalendar always_open();

 private:
  struct Cursor;  // the walk over open intervals, in business_calendar.cpp

  std::string key_;
  const date::time_zone* zone_ = nullptr;  // owned by the tz database, lives for the process
  std::array<std::vector<TimeOfDayRange>, 7> weekly_;  // sorted, joined, validated
  std::vector<std::int32_t> holidays_;  // local dates as days since 1970-01-01, sorted, unique
  std::int64_t weekly_seconds_ = 0;     // open seconds in a week without holidays or DST change
  bool continuous_ = false;             // open every minute of every day: plain arithmetic
};

}  // namespace helpdesk::kernel
