#pragma once
// Fires the SLA timers a new ticket schedules: at 75% of a target `sla.warning`, at the target
// `sla.breached`, each audited and published as the event of the same name, unless the target
// was met meanwhile (first agent response given; ticket resolved or closed).
#include <helpdesk/events.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/scheduler.hpp"

namespace helpdesk::kernel {

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events);

}  // namespace helpdesk::kernel
