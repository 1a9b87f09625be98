#include "kernel/core/trigger_dispatch.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {
namespace {

constexpr const char* kDepthScope = "trigger-depth:";

}  // namespace

TriggerDispatch::TriggerDispatch(KernelEventBus& bus, KernelTicketService& tickets, const RulesHolder& rules,
                                 std::shared_ptr<spdlog::logger> log, DurableScheduler* scheduler)
    : tickets_(tickets), rules_(rules), log_(std::move(log)), scheduler_(scheduler) {
  // Registered even without triggers: timers scheduled before a reload or restart still fire.
  if (scheduler_) scheduler_->on(deferred_timer_kind, [this](const Timer& t) { fire_deferred(t); }, "kernel");
  // Every event: a reload may subscribe triggers to events the first rule set did not name.
  bus.subscribe("*", [this](const Event& e) { handle(e); }, "kernel");
}

Actor TriggerDispatch::actor_for(const std::string& name, int depth) {
  return Actor{Actor::Kind::system, trigger_actor_id(name), "trigger " + name,
               {std::string(kDepthScope) + std::to_string(depth)}};
}

int TriggerDispatch::depth_of(const Event& event) {
  if (event.actor.kind != Actor::Kind::system || event.actor.id.rfind("trigger:", 0) != 0) return 0;
  for (const auto& scope : event.actor.scopes)
    if (scope.rfind(kDepthScope, 0) == 0) {
      try {
        return std::stoi(scope.substr(std::char_traits<char>::length(kDepthScope)));
      } catch (const std::exception&) {
      }
    }
  return 1;
}

void TriggerDispatch::handle(const Event& event) {
  if (event.ticket_number.empty()) return;
  const auto set = rules_.get();
  if (!set || !set->triggers || set->triggers->events().count(event.name) == 0) return;
  const int depth = depth_of(event);
  if (depth >= kMaxDepth) {
    log_->warn("{} of ticket {} by {} is {} trigger changes deep: triggers not run (loop guard)", event.name,
               event.ticket_number, event.actor.id, depth);
    return;
  }
  const auto detail = tickets_.get(event.ticket_number);
  if (!detail) return;
  const TriggerEvent te{event.name, to_string(event.actor.kind), event.actor.id, event.actor.name, event.data};
  const TriggerResult result = set->triggers->run(detail->ticket, te);
  for (const auto& f : result.failures)
    log_->error("trigger '{}' failed on {} of ticket {} ({}): {} (line {}); no actions applied", f.script,
                event.name, event.ticket_number, f.kind, f.message, f.line);
  for (const auto& action : result.actions) {
    const Actor actor = actor_for(action.script, depth + 1);
    try {
      apply(action, event.ticket_number, detail->ticket, actor);
    } catch (const std::exception& e) {
      log_->warn("trigger '{}': {} on ticket {} failed: {}", action.script, action.action, event.ticket_number,
                 e.what());
    }
  }
}

void TriggerDispatch::apply(const TriggerAction& a, const std::string& number, const Ticket& ticket,
                            const Actor& actor) {
  const auto text = [&] { return a.value.is_string() ? a.value.get<std::string>() : std::string(); };
  if (a.action == "set_status") {
    tickets_.set_status(number, text(), actor);
  } else if (a.action == "close") {
    tickets_.close(number, actor);
  } else if (a.action == "reopen") {
    tickets_.reopen(number, actor);
  } else if (a.action == "set_priority") {
    tickets_.set_priority(number, text(), actor);
  } else if (a.action == "set_department") {
    tickets_.transfer(number, text(), actor);
  } else if (a.action == "set_team") {
    const auto now = tickets_.get(number);  // an earlier action may have changed the agent
    tickets_.assign(number, now ? now->ticket.assignee_id : ticket.assignee_id, text(), actor);
  } else if (a.action == "set_agent") {
    tickets_.assign_by_email(number, text(), actor);
  } else if (a.action == "add_note") {
    tickets_.note(number, ReplyInput{text(), "text", {}}, actor);
  } else if (a.action == "reply") {
    tickets_.reply(number, ReplyInput{text(), "text", {}}, actor);
  } else if (a.action == "add_tag") {
    tickets_.change_tags(number, {text()}, {}, actor);
  } else if (a.action == "remove_tag") {
    tickets_.change_tags(number, {}, {text()}, actor);
  } else if (a.action == "after") {
    defer(a, number);
  }
  // stop: nothing to apply
}

void TriggerDispatch::defer(const TriggerAction& a, const std::string& number) {
  if (!scheduler_) throw std::runtime_error("deferred actions need the scheduler");
  const auto now = tickets_.get(number);  // the status after this trigger's earlier actions
  if (!now) return;
  const std::string action = a.value.value("action", "");
  const Timestamp due = scheduler_->now() + a.value.value("seconds", std::int64_t{0});
  scheduler_->schedule(deferred_timer_kind, due,
                       {{"ticket", number}, {"script", a.script}, {"action", action},
                        {"value", a.value.value("value", nlohmann::json())}, {"status", now->ticket.status}},
                       number + "/" + a.script + "/" + action);
}

void TriggerDispatch::fire_deferred(const Timer& timer) {
  const std::string number = timer.payload.value("ticket", "");
  const std::string script = timer.payload.value("script", "");
  const auto detail = tickets_.get(number);
  if (!detail) return;
  if (detail->ticket.status != timer.payload.value("status", "")) {
    log_->info("trigger '{}': deferred {} on ticket {} dropped: its status changed to {}", script,
               timer.payload.value("action", ""), number, detail->ticket.status);
    return;
  }
  const TriggerAction action{script, timer.payload.value("action", ""), timer.payload.value("value", nlohmann::json())};
  try {
    apply(action, number, detail->ticket, actor_for(script, 1));
  } catch (const Error& e) {
    // The ticket moved on in a way the action no longer fits (e.g. already closed): nothing to retry.
    log_->warn("trigger '{}': deferred {} on ticket {} not applied: {}", script, action.action, number, e.what());
  }
}

}  // namespace helpdesk::kernel
