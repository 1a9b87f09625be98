#include "kernel/rules/sla_clock.hpp"

#include <algorithm>
#include <stdexcept>

namespace helpdesk::kernel {

CalendarSpec calendar_spec(const CalendarConfig& config) {
  static const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  CalendarSpec spec;
  spec.key = config.key;
  spec.timezone = config.timezone;
  spec.holidays = config.holidays;
  for (int d = 0; d < 7; ++d) {
    auto it = config.hours.find(days[d]);
    if (it == config.hours.end()) continue;
    for (const auto& range : it->second) {
      try {
        spec.weekly[d].push_back(parse_time_range(range));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("calendar '" + config.key + "', " + days[d] + ": " + e.what());
      }
    }
  }
  return spec;
}

SlaClock::SlaClock(const std::vector<CalendarConfig>& calendars, const std::vector<SlaPlan>& plans) : plans_(plans) {
  for (const auto& c : calendars) calendars_[c.key] = std::make_shared<const BusinessCalendar>(calendar_spec(c));
}

std::string SlaClock::plan_for(const std::string& chosen, const std::string& topic,
                               const std::string& department) const {
  if (!chosen.empty()) return chosen;
  auto listed = [](const std::vector<std::string>& keys, const std::string& key) {
    return !key.empty() && std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  for (const auto& p : plans_)
    if (listed(p.topics, topic)) return p.key;
  for (const auto& p : plans_)
    if (listed(p.departments, department)) return p.key;
  return {};
}

SlaDue SlaClock::due(const std::string& plan_key, std::int64_t start) const {
  SlaDue out;
  auto plan = std::find_if(plans_.begin(), plans_.end(), [&](const SlaPlan& p) { return p.key == plan_key; });
  if (plan == plans_.end()) return out;
  out.plan = plan->key;
  static const BusinessCalendar always = BusinessCalendar::always_open();
  const BusinessCalendar* calendar = &always;
  if (!plan->calendar.empty()) calendar = calendars_.at(plan->calendar).get();
  auto target = [&](int minutes, std::optional<std::int64_t>& due, std::optional<std::int64_t>& warning) {
    if (minutes <= 0) return;
    const std::int64_t seconds = std::int64_t{minutes} * 60;
    due = calendar->add_business_seconds(start, seconds);
    warning = calendar->add_business_seconds(start, static_cast<std::int64_t>(seconds * warning_fraction));
  };
  target(plan->first_response_minutes, out.first_response, out.first_response_warning);
  target(plan->resolution_minutes, out.resolution, out.resolution_warning);
  return out;
}

}  // namespace helpdesk::kernel
