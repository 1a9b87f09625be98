#pragma once
// SLA plans on business-hour calendars: which plan a ticket gets, when its first response and
// resolution fall due, and when each escalation step fires. A plan's policy script (if any) sets
// the targets and steps (kernel/rules/sla_policy.hpp); without one, the plan's minutes apply with
// the default steps: a warning at 75% of each target, and the breach at 100% (which marks the
// ticket overdue for the resolution target).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/config/config.hpp"
#include "kernel/rules/business_calendar.hpp"
#include "kernel/rules/sla_policy.hpp"

namespace helpdesk::kernel {

// One escalation step at its time: sla.warning below 100% of the target, sla.breached from 100%.
struct SlaStep {
  std::string id;      // SlaEscalation::id(), e.g. "resolution@0.75"
  std::string event;   // sla.warning or sla.breached
  std::int64_t at = 0;
  SlaEscalation escalation;
};

struct SlaDue {
  std::string plan;      // empty: no plan applies, nothing is due
  std::string calendar;  // the calendar the times are on ("" = 24x7)
  std::optional<std::int64_t> first_response, resolution;
  std::vector<SlaStep> steps;  // sorted by time
  bool pause_on_hold = false;  // the plan's clock stops while the status pauses SLA
  std::optional<ScriptFailure> failure;  // the policy failed: the plan's own values apply
};

class SlaClock {
 public:
  // Throws std::invalid_argument naming the calendar when one is malformed (unknown time zone,
  // bad hours or holidays).
  SlaClock(const std::vector<CalendarConfig>& calendars, const std::vector<SlaPlan>& plans,
           std::shared_ptr<const SlaPolicyEngine> policies = nullptr);

  // `chosen` (set by a filter) wins; else the first plan listing the topic, else the first listing
  // the department; "" when none applies.
  std::string plan_for(const std::string& chosen, const std::string& topic, const std::string& department) const;
  // Due times for a ticket of `plan` whose clock started at `start` (unix seconds) and stood still
  // for `paused_seconds` of business time since. `ticket` (when given) is what the plan's policy
  // script sees; without it the policy does not run.
  SlaDue due(const std::string& plan, std::int64_t start, std::int64_t paused_seconds = 0,
             const SlaPolicyTicket* ticket = nullptr) const;
  // The two halves of due(), for callers that need the targets first (the calendar a pause is
  // measured on): the plan's targets, its policy run on `ticket` when given …
  SlaTargets targets(const SlaPlan& plan, const SlaPolicyTicket* ticket) const;
  // … and the due times and steps they give.
  SlaDue due_from(const SlaPlan& plan, const SlaTargets& targets, std::int64_t start, std::int64_t paused_seconds) const;
  // Business seconds in [from, to) on `calendar` ("" = 24x7).
  std::int64_t business_seconds(const std::string& calendar, std::int64_t from, std::int64_t to) const;
  const SlaPlan* plan(const std::string& key) const;
  const SlaPolicyEngine* policies() const { return policies_.get(); }

  static constexpr double warning_fraction = 0.75;

 private:
  const BusinessCalendar& calendar(const std::string& key) const;
  std::vector<SlaPlan> plans_;
  std::shared_ptr<const SlaPolicyEngine> policies_;
  std::map<std::string, std::shared_ptr<const BusinessCalendar>> calendars_;
};

// "mon".."sun" hours from the config as a calendar spec.
CalendarSpec calendar_spec(const CalendarConfig& config);

}  // namespace helpdesk::kernel
