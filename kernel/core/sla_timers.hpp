#pragma once
// The SLA clock's durable timer: one pending `sla.clock` timer per ticket (keyed by the ticket
// number) holds every step still to come and, when it fires, handles the earliest and schedules
// itself again for the next. Each step publishes sla.warning or sla.breached (with whom to
// notify), is audited, may mark the ticket overdue, and applies its escalation (assign a team or
// agent, raise the priority, leave a note) as actor `sla`; a step whose target was met meanwhile
// (first response given; ticket resolved or closed) is skipped, and one that fired is never fired
// again (tickets.sla_fired). While the ticket's clock is paused nothing fires; resuming, and any
// change to priority, topic or department, recomputes the steps (ticket_sla.cpp).
#include <helpdesk/events.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/rules/sla_clock.hpp"

namespace helpdesk::kernel {

class KernelTicketService;
inline constexpr const char* sla_timer_kind = "sla.clock";

// Cancels the ticket's pending SLA timer and schedules the earliest of `steps` not in `fired`,
// carrying the rest (nothing when none is left). Runs in the caller's transaction.
void schedule_sla_steps(Sql& sql, const std::string& number, const std::string& plan,
                        const std::vector<SlaStep>& steps, const std::vector<std::string>& fired);
void cancel_sla_steps(Sql& sql, const std::string& number);
// The second half of schedule_sla_steps, for a ticket that has no timer yet (a new one).
void add_sla_timer(Sql& sql, const std::string& number, const std::string& plan, const std::vector<SlaStep>& steps,
                   const std::vector<std::string>& fired);

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events,
                         KernelTicketService& tickets);

}  // namespace helpdesk::kernel
