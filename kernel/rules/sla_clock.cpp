#include "kernel/rules/sla_clock.hpp"

#include <algorithm>
#include <cmath>
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

SlaClock::SlaClock(const std::vector<CalendarConfig>& calendars, const std::vector<SlaPlan>& plans,
                   std::shared_ptr<const SlaPolicyEngine> policies)
    : plans_(plans), policies_(std::move(policies)) {
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

const SlaPlan* SlaClock::plan(const std::string& key) const {
  auto it = std::find_if(plans_.begin(), plans_.end(), [&](const SlaPlan& p) { return p.key == key; });
  return it == plans_.end() ? nullptr : &*it;
}

const BusinessCalendar& SlaClock::calendar(const std::string& key) const {
  static const BusinessCalendar always = BusinessCalendar::always_open();
  if (key.empty()) return always;
  auto it = calendars_.find(key);
  return it == calendars_.end() ? always : *it->second;
}

std::int64_t SlaClock::business_seconds(const std::string& calendar_key, std::int64_t from, std::int64_t to) const {
  return calendar(calendar_key).business_seconds_between(from, to);
}

namespace {

// The steps a plan has without a policy (or whose policy declared none).
std::vector<SlaEscalation> default_escalations() {
  std::vector<SlaEscalation> out;
  for (const char* target : {"first_response", "resolution"}) {
    SlaEscalation warning;
    warning.target = target;
    warning.at = SlaClock::warning_fraction;
    warning.notify = {"assignee"};
    SlaEscalation breach;
    breach.target = target;
    breach.at = 1.0;
    breach.notify = {"assignee", "manager"};
    breach.overdue = breach.target == "resolution";
    out.push_back(warning);
    out.push_back(breach);
  }
  return out;
}

}  // namespace

SlaDue SlaClock::due(const std::string& plan_key, std::int64_t start, std::int64_t paused_seconds,
                     const SlaPolicyTicket* ticket) const {
  const SlaPlan* p = plan(plan_key);
  if (!p) return {};
  return due_from(*p, targets(*p, ticket), start, paused_seconds);
}

SlaTargets SlaClock::targets(const SlaPlan& p, const SlaPolicyTicket* ticket) const {
  SlaTargets targets;
  targets.calendar = p.calendar;
  targets.first_response_minutes = p.first_response_minutes;
  targets.resolution_minutes = p.resolution_minutes;
  if (ticket && policies_) policies_->apply(p.key, *ticket, targets);
  return targets;
}

SlaDue SlaClock::due_from(const SlaPlan& p, const SlaTargets& targets, std::int64_t start,
                          std::int64_t paused_seconds) const {
  SlaDue out;
  out.plan = p.key;
  out.pause_on_hold = p.pause_on_hold;
  out.failure = targets.failure;
  out.calendar = targets.calendar;
  const BusinessCalendar& cal = calendar(targets.calendar);
  auto seconds_of = [&](const std::string& target) {
    return 60 * (target == "first_response" ? targets.first_response_minutes : targets.resolution_minutes);
  };
  auto at = [&](std::int64_t business_seconds) { return cal.add_business_seconds(start, business_seconds + paused_seconds); };
  if (targets.first_response_minutes > 0) out.first_response = at(seconds_of("first_response"));
  if (targets.resolution_minutes > 0) out.resolution = at(seconds_of("resolution"));

  static const std::vector<SlaEscalation> defaults = default_escalations();
  const std::vector<SlaEscalation>& declared = targets.escalations.empty() ? defaults : targets.escalations;
  out.steps.reserve(declared.size() + 2);
  auto add_step = [&](const SlaEscalation& e) {
    const std::int64_t target_seconds = seconds_of(e.target);
    if (target_seconds <= 0) return;
    const auto offset = static_cast<std::int64_t>(std::llround(static_cast<double>(target_seconds) * e.at));
    out.steps.push_back({e.id(), e.at < 1.0 ? "sla.warning" : "sla.breached", at(offset), e});
  };
  for (const auto& e : declared) add_step(e);
  // Every target keeps its breach, even when a policy declared only warnings.
  for (const char* target : {"first_response", "resolution"}) {
    const bool has_breach = std::any_of(declared.begin(), declared.end(), [&](const SlaEscalation& e) {
      return e.target == target && e.at >= 1.0;
    });
    if (!has_breach) {  // as the default breach: tell the assignee and the manager
      SlaEscalation breach;
      breach.target = target;
      breach.notify = {"assignee", "manager"};
      breach.overdue = breach.target == "resolution";
      add_step(breach);
    }
  }
  std::stable_sort(out.steps.begin(), out.steps.end(), [](const SlaStep& a, const SlaStep& b) { return a.at < b.at; });
  // Two steps with one id (a policy declaring the same point twice): the first wins.
  std::vector<std::string> seen;
  std::erase_if(out.steps, [&](const SlaStep& s) {
    if (std::find(seen.begin(), seen.end(), s.id) != seen.end()) return true;
    seen.push_back(s.id);
    return false;
  });
  return out;
}

}  // namespace helpdesk::kernel
