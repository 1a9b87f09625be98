// The SLA clock through a ticket's life: the plan's due times and steps at creation, and inside
// every later change's transaction: pause while the status waits on the user, resume (the due
// times move by the business time spent waiting), and recompute when priority, topic,
// department or state changes.
#include <spdlog/spdlog.h>

#include "kernel/core/audit.hpp"
#include "kernel/core/sla_timers.hpp"
#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {

SlaPolicyTicket sla_policy_ticket(const Ticket& t, const std::string& organization) {
  SlaPolicyTicket p;
  p.number = t.number;
  p.subject = t.subject;
  p.priority = t.priority;
  p.department = t.department;
  p.topic = t.topic;
  p.team = t.team;
  p.source = t.source;
  p.status = t.status;
  p.state = t.state;
  p.requester_email = t.requester.email;
  p.organization = organization;
  p.tags = t.tags;
  p.fields = t.fields;
  p.created_at = t.created_at;
  return p;
}

void KernelTicketService::update_sla(Sql& sql, const Ticket& before, Ticket& after, Timestamp now) {
  const bool relevant = before.priority != after.priority || before.topic != after.topic ||
                        before.department != after.department || before.status != after.status;
  if (!relevant) return;
  const auto rule_set = rules_ ? rules_->get() : nullptr;
  const SlaClock* sla = rule_set ? rule_set->sla.get() : nullptr;
  if (!sla) return;
  auto row = sql.query_one(
      "SELECT t.sla_paused_at, t.sla_paused_seconds, t.sla_fired, t.sla_plan_pinned, o.name FROM tickets t "
      "JOIN users u ON u.id = t.user_id LEFT JOIN organizations o ON o.id = u.organization_id WHERE t.id = ?",
      {after.id});
  if (!row) return;
  std::optional<Timestamp> paused_at;
  if (!row->is_null(0)) paused_at = row->integer(0);
  std::int64_t paused_seconds = row->integer(1);
  auto fired_json = nlohmann::json::parse(row->text(2), nullptr, false);
  std::vector<std::string> fired;
  if (fired_json.is_array())
    for (const auto& f : fired_json)
      if (f.is_string()) fired.push_back(f.get<std::string>());
  const bool pinned = row->integer(3) != 0;

  std::string plan = after.sla_plan;
  if (!pinned && (before.topic != after.topic || before.department != after.department))
    plan = sla->plan_for("", after.topic, after.department);
  if (plan != after.sla_plan) fired.clear();  // another plan's steps start afresh
  const SlaPlan* p = sla->plan(plan);
  const auto* status = catalog_.get()->status(after.status);
  const bool pause = p && p->pause_on_hold && status && status->pauses_sla;

  const SlaPolicyTicket view = sla_policy_ticket(after, row->text(4));
  if (pause && !paused_at) {
    // Paused: keep the due times shown, fire nothing until the clock runs again.
    sql.exec("UPDATE tickets SET sla_paused_at = ? WHERE id = ?", {now, after.id});
    cancel_sla_steps(sql, after.number);
    return;
  }
  if (pause) return;  // still paused (e.g. priority changed while waiting): resuming recomputes
  // The policy runs once: its calendar measures the wait, its targets give the new due times.
  SlaDue due;
  if (p) {
    const SlaTargets targets = sla->targets(*p, &view);
    if (paused_at) paused_seconds += sla->business_seconds(targets.calendar, *paused_at, now);
    due = sla->due_from(*p, targets, after.created_at, paused_seconds);
  }
  after.sla_plan = due.plan;
  after.first_response_due_at = due.first_response;
  after.due_at = due.resolution;
  if (after.overdue && (!due.resolution || *due.resolution > now)) after.overdue = false;
  sql.exec("UPDATE tickets SET sla_paused_at = NULL, sla_paused_seconds = ?, sla_fired = ?, is_overdue = ? WHERE id = ?",
           {paused_seconds, nlohmann::json(fired).dump(), std::int64_t{after.overdue ? 1 : 0}, after.id});
  schedule_sla_steps(sql, after.number, due.plan, due.steps, fired);
  if (due.failure)
    write_audit(sql, now, Actor::system("sla"),
                {"ticket", after.id, "sla_policy_failed", nullptr,
                 {{"script", due.failure->script}, {"line", due.failure->line}, {"kind", due.failure->kind},
                  {"message", due.failure->message}}});
}

}  // namespace helpdesk::kernel
