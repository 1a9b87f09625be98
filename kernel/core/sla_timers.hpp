#pragma once
// Fires the SLA steps a new ticket schedules: at 75% of a target `sla.warning`, at the target
// `sla.breached`, each audited and published as the event of the same name, unless the target
// was met meanwhile (first agent response given; ticket resolved or closed).
#include <helpdesk/events.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/scheduler.hpp"

namespace helpdesk::kernel {

// One SLA step: at `at`, publish `event` about `target` unless the target was met.
struct SlaStep {
  std::string event;   // sla.warning or sla.breached
  std::string target;  // first_response or resolution
  Timestamp at = 0;
};
inline constexpr const char* sla_timer_kind = "sla.clock";

// Inserts the timer for the earliest of `steps` carrying the rest (nothing when empty).
void schedule_sla_steps(Sql& sql, const std::string& number, const std::string& plan, std::vector<SlaStep> steps);

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events);

}  // namespace helpdesk::kernel
