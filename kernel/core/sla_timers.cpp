#include "kernel/core/sla_timers.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "kernel/core/audit.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/util/json_text.hpp"

namespace helpdesk::kernel {
namespace {

// The timer's payload: {"ticket", "plan", "steps": [{"id", "event", "at", "escalation"}...]},
// written as text: this runs in the writer's transaction for every new ticket, where building it
// as an nlohmann tree first cost more than running the SLA policy script.
std::string sla_payload(const std::string& number, const std::string& plan, const std::vector<const SlaStep*>& steps) {
  std::string out;
  out.reserve(64 + 192 * steps.size());
  out += '{';
  append_json_member(out, "ticket", number);
  append_json_member(out, "plan", plan);
  out += ",\"steps\":[";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const SlaStep& s = *steps[i];
    out += i ? ",{" : "{";
    append_json_member(out, "id", s.id);
    append_json_member(out, "event", s.event);
    append_json_member(out, "at", s.at);
    out += ",\"escalation\":";
    s.escalation.append_json(out);
    out += '}';
  }
  out += "]}";
  return out;
}

SlaStep step_from_json(const nlohmann::json& j) {
  return {j.value("id", ""), j.value("event", ""), j.value("at", Timestamp{0}),
          SlaEscalation::from_json(j.value("escalation", nlohmann::json::object()))};
}

// Who a step notifies, as {"who", "email", "name"} objects; unknown people are left out.
nlohmann::json recipients(Sql& sql, const Catalog& catalog, const std::vector<std::string>& notify,
                          const SqlRow& ticket) {
  auto out = nlohmann::json::array();
  auto add_agent = [&](const std::string& who, const SqlRow& a) {
    out.push_back({{"who", who}, {"email", a.text(0)}, {"name", a.text(1)}});
  };
  for (const auto& who : notify) {
    if (who == "assignee" && !ticket.is_null(5)) {
      if (auto a = sql.query_one("SELECT email, name FROM agents WHERE id = ? AND active = 1", {ticket.integer(5)}))
        add_agent(who, *a);
    } else if (who == "manager") {
      const auto* d = catalog.department(ticket.text(7));
      if (d && !d->manager.empty()) {
        if (auto a = sql.query_one("SELECT email, name FROM agents WHERE email = ? AND active = 1", {d->manager}))
          add_agent(who, *a);
        else
          out.push_back({{"who", who}, {"email", d->manager}, {"name", ""}});
      }
    } else if (who == "team" && !ticket.is_null(6)) {
      for (const auto& a : sql.query("SELECT a.email, a.name FROM team_members m JOIN agents a ON a.id = m.agent_id "
                                     "WHERE m.team_key = ? AND a.active = 1 ORDER BY a.id",
                                     {ticket.text(6)}))
        add_agent(who, a);
    } else if (who.find('@') != std::string::npos) {
      out.push_back({{"who", "address"}, {"email", who}, {"name", ""}});
    }
  }
  return out;
}

// The escalation's changes, applied through the ticket service (each audited and published).
void apply_escalation(KernelTicketService& tickets, const std::string& number, const SlaEscalation& e) {
  const Actor sla = Actor::system("sla");
  auto attempt = [&](const char* what, auto&& fn) {
    try {
      fn();
    } catch (const std::exception& ex) {
      spdlog::warn("SLA escalation of ticket {}: {} failed: {}", number, what, ex.what());
    }
  };
  if (!e.set_priority.empty()) attempt("set_priority", [&] { tickets.set_priority(number, e.set_priority, sla); });
  if (!e.assign_team.empty())
    attempt("assign_team", [&] {
      const auto current = tickets.get(number);
      if (current) tickets.assign(number, current->ticket.assignee_id, e.assign_team, sla);
    });
  if (!e.assign_agent.empty()) attempt("assign_agent", [&] { tickets.assign_by_email(number, e.assign_agent, sla); });
  if (!e.note.empty()) attempt("note", [&] { tickets.note(number, ReplyInput{e.note, "text", {}}, sla); });
}

}  // namespace

void cancel_sla_steps(Sql& sql, const std::string& number) {
  // "key <> ''" repeats the partial index's condition so SQLite uses timers_pending_key; without
  // it this scans every timer, one per open ticket (creation slowed tenfold at 100k tickets).
  sql.exec("UPDATE timers SET state = 'cancelled' WHERE kind = ? AND key = ? AND state = 'pending' AND key <> ''",
           {std::string(sla_timer_kind), number});
}

void add_sla_timer(Sql& sql, const std::string& number, const std::string& plan, const std::vector<SlaStep>& steps,
                   const std::vector<std::string>& fired) {
  std::vector<const SlaStep*> left;
  left.reserve(steps.size());
  for (const auto& s : steps)
    if (std::find(fired.begin(), fired.end(), s.id) == fired.end()) left.push_back(&s);
  if (left.empty()) return;
  std::stable_sort(left.begin(), left.end(), [](const SlaStep* a, const SlaStep* b) { return a->at < b->at; });
  sql.exec("INSERT INTO timers (kind, key, due_at, payload) VALUES (?, ?, ?, ?)",
           {std::string(sla_timer_kind), number, left.front()->at, sla_payload(number, plan, left)});
}

void schedule_sla_steps(Sql& sql, const std::string& number, const std::string& plan,
                        const std::vector<SlaStep>& steps, const std::vector<std::string>& fired) {
  cancel_sla_steps(sql, number);
  add_sla_timer(sql, number, plan, steps, fired);
}

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events,
                         KernelTicketService& tickets) {
  scheduler.on(
      sla_timer_kind,
      [&db, &catalog, &events, &scheduler, &tickets](const Timer& timer) {
        const std::string number = timer.payload.value("ticket", "");
        const std::string plan = timer.payload.value("plan", "");
        std::vector<SlaStep> steps;
        for (const auto& s : timer.payload.value("steps", nlohmann::json::array())) steps.push_back(step_from_json(s));
        if (steps.empty()) return;
        const SlaStep step = steps.front();
        steps.erase(steps.begin());
        bool fire = false;
        nlohmann::json data;
        const Timestamp now = scheduler.now();
        db.write([&](Sql& sql) {
          // Claim the timer here, in the step's own transaction: a recompute that cancelled it
          // meanwhile wins, and a crash after this commit cannot fire the step twice.
          if (sql.exec("UPDATE timers SET state = 'done', fired_at = ? WHERE id = ? AND state = 'pending'",
                       {now, timer.id}) == 0)
            return;
          auto row = sql.query_one(
              "SELECT id, status_key, first_responded_at, first_response_due_at, due_at, assignee_id, team_key, "
              "department_key, sla_paused_at, sla_fired FROM tickets WHERE number = ?",
              {number});
          if (!row) return;            // the ticket is gone: nothing more to watch
          if (!row->is_null(8)) return;  // paused: resuming schedules the steps again
          const auto cat = catalog.get();
          const auto* status = cat->status(row->text(1));
          const std::string state = status ? status->state : "open";
          const bool done = state == "resolved" || state == "closed";
          const std::string& target = step.escalation.target;
          const bool met = target == "first_response" ? !row->is_null(2) || done : done;
          auto fired = nlohmann::json::parse(row->text(9), nullptr, false);
          if (!fired.is_array()) fired = nlohmann::json::array();
          std::vector<std::string> fired_ids = fired.get<std::vector<std::string>>();
          if (!met) fired_ids.push_back(step.id);
          // The next step rides in the same transaction, so the chain survives a crash.
          schedule_sla_steps(sql, number, plan, steps, fired_ids);
          if (met) return;
          fire = true;
          const auto due = target == "first_response" ? row->integer(3) : row->integer(4);
          data = {{"target", target},
                  {"plan", plan},
                  {"step", step.id},
                  {"at", step.escalation.at},
                  {"due_at", iso8601(due)},
                  {"notify", recipients(sql, *cat, step.escalation.notify, *row)},
                  {"escalation", step.escalation.to_json()}};
          sql.exec("UPDATE tickets SET sla_fired = ?" + std::string(step.escalation.overdue ? ", is_overdue = 1" : "") +
                       " WHERE id = ?",
                   {nlohmann::json(fired_ids).dump(), row->integer(0)});
          write_audit(sql, now, Actor::system("sla"), {"ticket", row->integer(0), step.event, nullptr, data});
        });
        if (!fire) return;
        events.publish(Event{step.event, number, data, Actor::system("sla"), now});
        apply_escalation(tickets, number, step.escalation);
      },
      "kernel");
}

}  // namespace helpdesk::kernel
