#include "kernel/core/trigger_dispatch.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {
namespace {

constexpr const char* kDepthScope = "trigger-depth:";

}  // namespace

TriggerDispatch::TriggerDispatch(KernelEventBus& bus, KernelTicketService& tickets, const RulesHolder& rules,
                                 std::shared_ptr<spdlog::logger> log)
    : tickets_(tickets), rules_(rules), log_(std::move(log)) {
  const auto set = rules_.get();
  if (!set || !set->triggers) return;
  for (const auto& name : set->triggers->events())
    bus.subscribe(name, [this](const Event& e) { handle(e); }, "kernel");
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
  if (!set || !set->triggers) return;
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
  }
  // stop: nothing to apply
}

}  // namespace helpdesk::kernel
