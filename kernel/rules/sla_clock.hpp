#pragma once
// SLA plans on business-hour calendars: which plan a ticket gets, and when its first response and
// resolution fall due (and when to warn, at 75% of each target).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/config/config.hpp"
#include "kernel/rules/business_calendar.hpp"

namespace helpdesk::kernel {

struct SlaDue {
  std::string plan;  // empty: no plan applies, nothing is due
  std::optional<std::int64_t> first_response, first_response_warning;
  std::optional<std::int64_t> resolution, resolution_warning;
};

class SlaClock {
 public:
  // Throws std::invalid_argument naming the calendar when one is malformed (unknown time zone,
  // bad hours or holidays).
  SlaClock(const std::vector<CalendarConfig>& calendars, const std::vector<SlaPlan>& plans);

  // `chosen` (set by a filter) wins; else the first plan listing the topic, else the first listing
  // the department; "" when none applies.
  std::string plan_for(const std::string& chosen, const std::string& topic, const std::string& department) const;
  // Due times for a ticket of `plan` opened at `start` (unix seconds).
  SlaDue due(const std::string& plan, std::int64_t start) const;

  static constexpr double warning_fraction = 0.75;

 private:
  std::vector<SlaPlan> plans_;
  std::map<std::string, std::shared_ptr<const BusinessCalendar>> calendars_;
};

// "mon".."sun" hours from the config as a calendar spec.
CalendarSpec calendar_spec(const CalendarConfig& config);

}  // namespace helpdesk::kernel
