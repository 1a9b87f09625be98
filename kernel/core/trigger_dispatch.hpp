#pragma once
// Runs the triggers (kernel/rules/trigger_engine.hpp) on the events they name, on the event
// bus's thread, and applies their recorded actions through the ticket service as the actor
// "trigger:<name>". Loop guard: a trigger never sees its own changes, and an event caused by a
// chain of more than kMaxDepth trigger changes is dropped with a warning. The depth travels in
// the actor's scopes ("trigger-depth:N"), since events are delivered after the change commits.
// A trigger's `after` action becomes a durable `trigger.after` timer (one per ticket, trigger and
// action: scheduling again replaces it) that applies the action when due, unless the ticket's
// status has changed since it was scheduled.
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "kernel/core/event_bus.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {

class TriggerDispatch {
 public:
  static constexpr int kMaxDepth = 3;

  // Subscribes (owner "kernel") to every event and runs the triggers of the rule set current at
  // that moment (so a reload takes effect at once).
  // With `scheduler`, also handles the timers of deferred actions.
  TriggerDispatch(KernelEventBus& bus, KernelTicketService& tickets, const RulesHolder& rules,
                  std::shared_ptr<spdlog::logger> log, DurableScheduler* scheduler = nullptr);
  static constexpr const char* deferred_timer_kind = "trigger.after";

  // One event (what the subscription calls; public for tests).
  void handle(const Event& event);

  // The actor of trigger `name`'s changes at chain depth `depth` (1 for a change caused by a
  // person's or the system's event).
  static Actor actor_for(const std::string& name, int depth);
  // The chain depth of the change that caused `event` (0 when no trigger caused it).
  static int depth_of(const Event& event);

 private:
  void apply(const TriggerAction& action, const std::string& number, const Ticket& ticket, const Actor& actor);
  void defer(const TriggerAction& action, const std::string& number);
  void fire_deferred(const Timer& timer);

  KernelTicketService& tickets_;
  const RulesHolder& rules_;
  std::shared_ptr<spdlog::logger> log_;
  DurableScheduler* scheduler_;
};

}  // namespace helpdesk::kernel
