#include "kernel/rules/business_calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace helpdesk::kernel {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kSecondsPerWeek = 7 * kSecondsPerDay;
// Due times beyond this are a bug upstream (milliseconds passed as seconds, a corrupt plan), not an
// SLA; stopping also bounds the work one call can cause.
constexpr std::int64_t kSearchHorizon = 36'525 * kSecondsPerDay;  // 100 years
// Weekly hours exist (the constructor checks), so only absurd holiday lists or zone data could
// keep a calendar closed this long; the walk stops instead of looping on.
constexpr std::int64_t kMaxClosedSpan = 3'653 * kSecondsPerDay;  // 10 years
// Instants the date library handles comfortably, with room for the horizon on both ends.
constexpr std::int64_t kEarliestInstant = -2'208'988'800;  // 1900-01-01T00:00:00Z
constexpr std::int64_t kLatestInstant = 253'402'300'799;   // 9999-12-31T23:59:59Z

constexpr const char* kDayNames[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "H:MM" or "HH:MM" from 00:00 to 24:00 as minutes after midnight; nullopt otherwise.
std::optional<int> parse_clock(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto hours = s.substr(0, colon), minutes = s.substr(colon + 1);
  if (hours.size() > 2 || minutes.size() != 2 || !all_digits(hours) || !all_digits(minutes)) {
    return std::nullopt;
  }
  int h = to_int(hours), m = to_int(minutes);
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string clock_text(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

std::string range_text(const TimeOfDayRange& r) {
  return clock_text(r.start_minute) + "-" + clock_text(r.end_minute);
}

// One day's ranges, validated, sorted and with touching ranges joined: one range per stretch of
// open time, so a join at a time DST makes ambiguous needs no clipping later.
std::vector<TimeOfDayRange> checked_day(const std::string& where,
                                        std::vector<TimeOfDayRange> ranges) {
  for (const auto& r : ranges) {
    if (r.start_minute < 0 || r.end_minute > kMinutesPerDay || r.start_minute >= r.end_minute) {
      throw std::invalid_argument(where + "range " + std::to_string(r.start_minute) + "-" +
                                  std::to_string(r.end_minute) +
                                  " (minutes) is outside 00:00-24:00, empty or inverted");
    }
  }
  std::sort(ranges.begin(), ranges.end(),
            [](const auto& a, const auto& b) { return a.start_minute < b.start_minute; });
  std::vector<TimeOfDayRange> joined;
  for (const auto& r : ranges) {
    if (!joined.empty() && r.start_minute < joined.back().end_minute) {
      throw std::invalid_argument(where + "ranges " + range_text(joined.back()) + " and " +
                                  range_text(r) + " overlap");
    }
    if (!joined.empty() && r.start_minute == joined.back().end_minute) {
      joined.back().end_minute = r.end_minute;
    } else {
      joined.push_back(r);
    }
  }
  return joined;
}

// Local date "YYYY-MM-DD" as days since 1970-01-01; nullopt unless it is a real calendar date.
std::optional<std::int32_t> parse_local_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s.substr(0, 4)) ||
      !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) {
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{to_int(s.substr(0, 4))},
                           date::month{static_cast<unsigned>(to_int(s.substr(5, 2)))},
                           date::day{static_cast<unsigned>(to_int(s.substr(8, 2)))}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd}.time_since_epoch().count();
}

// 0 = Monday, matching CalendarSpec::weekly; 1970-01-01 was a Thursday.
int weekday_index(std::int32_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

void check_instant(const char* what, std::int64_t value) {
  if (value < kEarliestInstant || value > kLatestInstant) {
    throw std::invalid_argument(std::string("business calendar: ") + what + " " +
                                std::to_string(value) + " is outside the years 1900-9999");
  }
}

}  // namespace

TimeOfDayRange parse_time_range(const std::string& text) {
  auto s = trim(text);
  auto dash = s.find('-');
  std::optional<int> start, end;
  if (dash != std::string_view::npos) {
    start = parse_clock(trim(s.substr(0, dash)));
    end = parse_clock(trim(s.substr(dash + 1)));
  }
  if (!start || !end) {
    throw std::invalid_argument("bad time range '" + text +
                                "' (want HH:MM-HH:MM between 00:00 and 24:00)");
  }
  if (*start == *end) throw std::invalid_argument("time range '" + text + "' is empty");
  if (*start > *end) {
    throw std::invalid_argument("time range '" + text +
                                "' ends before it starts (split a range that crosses midnight "
                                "into two days)");
  }
  return {*start, *end};
}

// Hands out the calendar's open intervals in UTC, in order, from a starting instant: each local
// day's ranges converted on that day, clipped so that none starts before the starting instant or
// overlaps the one before (see local_to_utc for why neighbours can overlap).
struct BusinessCalendar::Cursor {
  struct Interval {
    std::int64_t start, end;
  };

  // Intervals are handed out until a local day starts at or after `limit`; whole weeks are offered
  // only when they end by `limit`.
  Cursor(const BusinessCalendar& calendar, std::int64_t from, std::int64_t limit)
      : calendar_(calendar), limit_(limit), floor_(from), last_open_(from) {
    auto local = calendar_.zone_->to_local(date::sys_seconds{std::chrono::seconds{from}});
    // The day before too: its ranges, converted with choose::latest, may end after `from`.
    day_ = date::floor<date::days>(local).time_since_epoch().count() - 1;
  }

  std::optional<Interval> next() {
    for (;;) {
      const auto& ranges = ranges_today();
      while (next_range_ < ranges.size()) {
        const auto& range = ranges[next_range_++];
        auto start =
            std::max(local_to_utc(day_, range.start_minute, date::choose::earliest), floor_);
        auto end = local_to_utc(day_, range.end_minute, date::choose::latest);
        if (end > start) {
          floor_ = last_open_ = end;
          return Interval{start, end};
        }
      }
      ++day_;
      next_range_ = 0;
      auto day_start = local_to_utc(day_, 0, date::choose::earliest);
      if (day_start >= limit_) return std::nullopt;
      if (day_start - last_open_ > kMaxClosedSpan) {
        throw std::runtime_error("business calendar '" + calendar_.key_ +
                                 "': no open hours for 10 years after " +
                                 std::to_string(last_open_));
      }
    }
  }

  // When the walk stands at the start of a local week that holds exactly the calendar's weekly
  // seconds (no holiday, one UTC offset throughout), the UTC end of that week. Callers that need
  // the whole week take it with skip_week() instead of visiting its days, which keeps spans of
  // years to a few hundred steps.
  std::optional<std::int64_t> whole_week() const {
    if (next_range_ != 0) return std::nullopt;
    const auto& holidays = calendar_.holidays_;
    auto holiday = std::lower_bound(holidays.begin(), holidays.end(), day_);
    if (holiday != holidays.end() && *holiday < day_ + 7) return std::nullopt;
    auto midnight = static_cast<std::int64_t>(day_) * kSecondsPerDay;
    auto info = calendar_.zone_->get_info(date::sys_seconds{std::chrono::seconds{midnight}});
    // Midnight under this offset is the week's start only if no transition is near: check the
    // offset holds from the week's start to just past its end.
    auto week_start = midnight - info.offset.count();
    auto week_end = week_start + kSecondsPerWeek;
    if (week_start < floor_ || week_end > limit_ ||
        info.begin.time_since_epoch().count() > week_start ||
        info.end.time_since_epoch().count() <= week_end) {
      return std::nullopt;
    }
    return week_end;
  }

  void skip_week() {
    auto week_end = *whole_week();
    day_ += 7;
    floor_ = last_open_ = week_end;
  }

 private:
  const std::vector<TimeOfDayRange>& ranges_today() const {
    static const std::vector<TimeOfDayRange> closed;
    if (std::binary_search(calendar_.holidays_.begin(), calendar_.holidays_.end(), day_)) {
      return closed;
    }
    return calendar_.weekly_[weekday_index(day_)];
  }

  // A local wall-clock time on `day` as a UTC instant. Around DST changes a wall-clock time may not
  // exist (spring forward: 02:30 in Berlin on 2026-03-29) or exist twice (fall back: 02:30 on
  // 2026-10-25). A nonexistent time becomes the transition instant (date::to_sys does this for
  // both choices), so a range that starts in the gap opens at 03:00 and one that ends in it closes
  // at 03:00. For a time that exists twice, opening times take the earlier instant
  // (choose::earliest) and closing times the later one (choose::latest): a range runs from the
  // first time the wall clock shows its opening time to the last time it shows its closing time,
  // so an office open 02:00-04:00 on the night clocks go back is open all three hours it lives.
  // Ranges within a day are joined when they touch, but a range ending at an ambiguous midnight
  // (America/Havana goes back from 01:00 to 00:00) overlaps the next day's first range by the
  // repeated hour; next() clips the later one so no second is counted twice.
  std::int64_t local_to_utc(std::int32_t day, int minute, date::choose choose) const {
    date::local_seconds local{std::chrono::seconds{static_cast<std::int64_t>(day) * kSecondsPerDay +
                                                   std::int64_t{minute} * 60}};
    return calendar_.zone_->to_sys(local, choose).time_since_epoch().count();
  }

  const BusinessCalendar& calendar_;
  std::int64_t limit_;
  std::int32_t day_ = 0;        // the local date being walked, days since 1970-01-01
  std::size_t next_range_ = 0;  // the next of that day's ranges to hand out
  std::int64_t floor_;          // nothing before this instant is handed out
  std::int64_t last_open_;      // end of the last open time seen, for the closed-span guard
};

BusinessCalendar::BusinessCalendar(const CalendarSpec& spec) : key_(spec.key) {
  const std::string where = "calendar '" + key_ + "': ";
  try {
    zone_ = date::locate_zone(spec.timezone);
  } catch (const std::exception&) {
    throw std::invalid_argument(where + "unknown time zone '" + spec.timezone + "'");
  }

  for (int d = 0; d < 7; ++d) {
    weekly_[d] = checked_day(where + kDayNames[d] + ": ", spec.weekly[d]);
    for (const auto& r : weekly_[d]) {
      weekly_seconds_ += static_cast<std::int64_t>(r.end_minute - r.start_minute) * 60;
    }
  }
  if (weekly_seconds_ == 0) throw std::invalid_argument(where + "no open hours in the week");

  for (const auto& text : spec.holidays) {
    auto day = parse_local_date(text);
    if (!day) throw std::invalid_argument(where + "bad holiday '" + text + "' (want YYYY-MM-DD)");
    holidays_.push_back(*day);
  }
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());

  // Whole days everywhere join across midnight too (DST or not), so time is plain arithmetic.
  continuous_ =
      holidays_.empty() && std::all_of(weekly_.begin(), weekly_.end(), [](const auto& day) {
        return day.size() == 1 && day[0].start_minute == 0 && day[0].end_minute == kMinutesPerDay;
      });
}

std::int64_t BusinessCalendar::add_business_seconds(std::int64_t from, std::int64_t seconds) const {
  check_instant("instant", from);
  if (seconds < 0) {
    throw std::invalid_argument("business calendar '" + key_ + "': negative duration " +
                                std::to_string(seconds));
  }
  auto beyond_horizon = [&] {
    return std::runtime_error("business calendar '" + key_ + "': " + std::to_string(seconds) +
                              " business seconds after " + std::to_string(from) +
                              " is more than 100 years away");
  };
  // Business time never runs faster than wall time, so this also bounds the walk below.
  if (seconds > kSearchHorizon) throw beyond_horizon();
  if (continuous_) return from + seconds;

  Cursor cursor(*this, from, from + kSearchHorizon);
  auto remaining = seconds;
  for (;;) {
    // Strictly more than a week: a due time at the very end of the week is found by next().
    if (remaining > weekly_seconds_ && cursor.whole_week()) {
      remaining -= weekly_seconds_;
      cursor.skip_week();
      continue;
    }
    auto interval = cursor.next();
    if (!interval) throw beyond_horizon();
    auto length = interval->end - interval->start;
    if (remaining <= length) return interval->start + remaining;
    remaining -= length;
  }
}

std::int64_t BusinessCalendar::business_seconds_between(std::int64_t from, std::int64_t to) const {
  check_instant("instant", from);
  check_instant("instant", to);
  if (to <= from) return 0;
  if (to - from > kSearchHorizon) {
    throw std::runtime_error("business calendar '" + key_ + "': span " + std::to_string(from) +
                             ".." + std::to_string(to) + " is longer than 100 years");
  }
  if (continuous_) return to - from;

  Cursor cursor(*this, from, to);
  std::int64_t total = 0;
  for (;;) {
    if (auto week_end = cursor.whole_week(); week_end && *week_end <= to) {
      total += weekly_seconds_;
      cursor.skip_week();
      continue;
    }
    auto interval = cursor.next();
    if (!interval || interval->start >= to) return total;
    total += std::min(interval->end, to) - interval->start;
    if (interval->end >= to) return total;
  }
}

bool BusinessCalendar::is_open(std::int64_t at) const { return next_open(at) == at; }

std::int64_t BusinessCalendar::next_open(std::int64_t at) const {
  return add_business_seconds(at, 0);
}

BusinessCalendar BusinessCalendar::always_open() {
  CalendarSpec spec;
  spec.key = "24x7";
  for (auto& day : spec.weekly) day = {{0, kMinutesPerDay}};
  return BusinessCalendar(spec);
}

}  // namespace helpdesk::kernel
