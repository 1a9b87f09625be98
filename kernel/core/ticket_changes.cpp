// TicketService's changes: thread entries and ticket updates, each one transaction with its
// audit row, each followed by its events once committed.
#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {
namespace {

void update_row(Sql& sql, const Ticket& t, int priority_rank) {
  sql.exec(
      "UPDATE tickets SET status_key = ?, priority_key = ?, priority_rank = ?, department_key = ?, topic_key = ?, "
      "team_key = ?, assignee_id = ?, closed_at = ?, due_at = ?, sla_plan_key = ?, first_response_due_at = ?, "
      "is_overdue = ?, updated_at = ? WHERE id = ?",
      {t.status, t.priority, std::int64_t{priority_rank}, t.department,
       t.topic.empty() ? SqlValue(nullptr) : SqlValue(t.topic), t.team.empty() ? SqlValue(nullptr) : SqlValue(t.team),
       t.assignee_id ? SqlValue(*t.assignee_id) : SqlValue(nullptr),
       t.closed_at ? SqlValue(*t.closed_at) : SqlValue(nullptr), t.due_at ? SqlValue(*t.due_at) : SqlValue(nullptr),
       t.sla_plan.empty() ? SqlValue(nullptr) : SqlValue(t.sla_plan),
       t.first_response_due_at ? SqlValue(*t.first_response_due_at) : SqlValue(nullptr),
       std::int64_t{t.overdue ? 1 : 0}, t.updated_at, t.id});
}

// Moves `t` to status `key`, keeping closed_at in step with the state.
void apply_status(Ticket& t, const Status& status, Timestamp now) {
  t.status = status.key;
  t.state = status.state;
  if (status.state == "closed")
    t.closed_at = now;
  else
    t.closed_at.reset();
}

bool is_done(const std::string& state) { return state == "resolved" || state == "closed"; }

// The events a state change implies beyond the change's own.
std::vector<std::string> state_events(const Ticket& before, const Ticket& after) {
  std::vector<std::string> names;
  if (before.status != after.status) names.push_back(events::ticket_status_changed);
  if (after.state == "closed" && before.state != "closed") names.push_back(events::ticket_closed);
  if (is_done(before.state) && !is_done(after.state)) names.push_back(events::ticket_reopened);
  return names;
}

const Status& open_status(const Catalog& catalog) {
  const auto* s = catalog.status(catalog.ticket_defaults().default_status);
  if (!s || s->state != "open") s = catalog.first_status_in("open");
  if (!s) throw Error(500, "config_error", "no status with state 'open' is configured");
  return *s;
}

}  // namespace

Ticket KernelTicketService::change_ticket(const std::string& number, const Actor& actor, const std::string& action,
                                          const std::function<void(Sql&, Ticket&)>& change,
                                          const std::string& event_name) {
  const auto catalog = catalog_.get();
  const Timestamp now = clock_();
  Ticket before, after;
  db_.write([&](Sql& sql) {
    auto t = ticket_sql::load(sql, number, *catalog);
    if (!t) throw not_found("ticket " + number + " does not exist");
    before = *t;
    after = *t;
    change(sql, after);
    after.updated_at = now;
    update_sla(sql, before, after, now);
    const auto* p = catalog->priority(after.priority);
    update_row(sql, after, p ? p->urgency : 0);
    write_audit(sql, now, actor, {"ticket", after.id, action, to_json(before), to_json(after)});
  });
  const nlohmann::json data = {{"before", to_json(before)}, {"after", to_json(after)}};
  std::vector<std::string> names{event_name};
  for (auto& n : state_events(before, after))
    if (n != event_name) names.push_back(n);
  if (event_name != events::ticket_updated) names.push_back(events::ticket_updated);
  for (const auto& n : names) publish(n, number, data, actor);
  return after;
}

Ticket KernelTicketService::assign(const std::string& number, std::optional<std::int64_t> agent_id,
                                   const std::string& team, const Actor& actor) {
  const auto catalog = catalog_.get();
  if (!team.empty() && !catalog->team(team)) throw bad_request("unknown team '" + team + "'", "invalid_field");
  return change_ticket(
      number, actor, "assign",
      [&](Sql& sql, Ticket& t) {
        t.assignee_id = agent_id;
        t.assignee.clear();
        if (agent_id) {
          auto a = sql.query_one("SELECT name FROM agents WHERE id = ? AND active = 1", {*agent_id});
          if (!a) throw bad_request("agent " + std::to_string(*agent_id) + " does not exist or is inactive", "invalid_field");
          t.assignee = a->text(0);
        }
        t.team = team;
      },
      events::ticket_assigned);
}

Ticket KernelTicketService::transfer(const std::string& number, const std::string& department, const Actor& actor) {
  if (!catalog_.get()->department(department))
    throw bad_request("unknown department '" + department + "'", "invalid_field");
  return change_ticket(
      number, actor, "transfer", [&](Sql&, Ticket& t) { t.department = department; }, events::ticket_transferred);
}

Ticket KernelTicketService::set_status(const std::string& number, const std::string& status, const Actor& actor) {
  const auto catalog = catalog_.get();
  const auto* s = catalog->status(status);
  if (!s) throw bad_request("unknown status '" + status + "'", "invalid_field");
  const Timestamp now = clock_();
  return change_ticket(
      number, actor, "status", [&](Sql&, Ticket& t) { apply_status(t, *s, now); }, events::ticket_status_changed);
}

Ticket KernelTicketService::close(const std::string& number, const Actor& actor) {
  const auto catalog = catalog_.get();
  const auto* s = catalog->first_status_in("closed");
  if (!s) throw Error(500, "config_error", "no status with state 'closed' is configured");
  const Timestamp now = clock_();
  return change_ticket(
      number, actor, "close",
      [&](Sql&, Ticket& t) {
        if (t.state == "closed") throw conflict("ticket " + number + " is already closed");
        apply_status(t, *s, now);
      },
      events::ticket_closed);
}

Ticket KernelTicketService::reopen(const std::string& number, const Actor& actor) {
  const auto catalog = catalog_.get();
  const Status& s = open_status(*catalog);
  const Timestamp now = clock_();
  return change_ticket(
      number, actor, "reopen",
      [&](Sql&, Ticket& t) {
        if (!is_done(t.state)) throw conflict("ticket " + number + " is not resolved or closed");
        apply_status(t, s, now);
      },
      events::ticket_reopened);
}

Ticket KernelTicketService::set_priority(const std::string& number, const std::string& priority, const Actor& actor) {
  const auto* p = catalog_.get()->priority(priority);
  if (!p) throw bad_request("unknown priority '" + priority + "'", "invalid_field");
  const std::string key = p->key;
  return change_ticket(
      number, actor, "priority", [&](Sql&, Ticket& t) { t.priority = key; }, events::ticket_updated);
}

Ticket KernelTicketService::change_tags(const std::string& number, const std::vector<std::string>& add,
                                        const std::vector<std::string>& remove, const Actor& actor) {
  return change_ticket(
      number, actor, "tags",
      [&](Sql& sql, Ticket& t) {
        for (const auto& tag : add) sql.exec("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, ?)", {t.id, tag});
        for (const auto& tag : remove) sql.exec("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?", {t.id, tag});
        t.tags.clear();
        ticket_sql::load_tags(sql, t);
      },
      events::ticket_updated);
}

Ticket KernelTicketService::assign_by_email(const std::string& number, const std::string& email, const Actor& actor) {
  return change_ticket(
      number, actor, "assign",
      [&](Sql& sql, Ticket& t) {
        auto a = sql.query_one("SELECT id, name FROM agents WHERE email = ? AND active = 1", {email});
        if (!a) throw bad_request("no active agent '" + email + "'", "invalid_field");
        t.assignee_id = a->integer(0);
        t.assignee = a->text(1);
      },
      events::ticket_assigned);
}

ThreadEntry KernelTicketService::add_message(const std::string& number, const ReplyInput& input, const Actor& actor) {
  return add_entry(number, "message", input, actor);
}
ThreadEntry KernelTicketService::reply(const std::string& number, const ReplyInput& input, const Actor& actor) {
  return add_entry(number, "response", input, actor);
}
ThreadEntry KernelTicketService::note(const std::string& number, const ReplyInput& input, const Actor& actor) {
  return add_entry(number, "note", input, actor);
}

ThreadEntry KernelTicketService::add_entry(const std::string& number, const std::string& kind,
                                           const ReplyInput& input, const Actor& actor) {
  if (input.body.empty()) throw bad_request("'body' is required", "missing_field");
  if (input.format != "text" && input.format != "html")
    throw bad_request("format must be text or html", "invalid_field");
  const auto catalog = catalog_.get();
  const auto stored = store_files(input.attachments);
  const Timestamp now = clock_();

  ThreadEntry entry{0, kind, actor.name, input.body, input.format, now, {}};
  Ticket before, after;
  db_.write([&](Sql& sql) {
    auto t = ticket_sql::load(sql, number, *catalog);
    if (!t) throw not_found("ticket " + number + " does not exist");
    // The requester's side (mail, portal) may still write to a ticket that was merged away: the
    // message belongs on the ticket it went into (followed while that one exists).
    for (int hop = 0; kind == "message" && !t->merged_into.empty() && hop < 16; ++hop) {
      auto target = ticket_sql::load(sql, t->merged_into, *catalog);
      if (!target) break;
      t = std::move(target);
    }
    before = after = *t;
    sql.exec(
        "INSERT INTO thread_entries (ticket_id, kind, author_kind, author_id, author_name, body, format, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {t->id, kind, std::string(to_string(actor.kind)), actor.id, actor.name, input.body, input.format, now});
    entry.id = sql.last_insert_id();
    entry.attachments = ticket_sql::insert_attachments(sql, files_, t->id, entry.id, stored);
    // The first agent reply stops the first-response clock.
    if (kind == "response" && actor.kind != Actor::Kind::system)
      sql.exec("UPDATE tickets SET first_responded_at = ? WHERE id = ? AND first_responded_at IS NULL", {now, t->id});
    // A requester's message reopens a finished ticket, as osTicket and Zammad do, and ends a
    // wait on the user (the SLA clock runs again).
    const auto* status = catalog->status(after.status);
    if (kind == "message" && (is_done(after.state) || (status && status->pauses_sla)))
      apply_status(after, open_status(*catalog), now);
    after.updated_at = now;
    update_sla(sql, before, after, now);
    const auto* p = catalog->priority(after.priority);
    update_row(sql, after, p ? p->urgency : 0);
    write_audit(sql, now, actor,
                {"ticket", after.id, kind == "note" ? "note" : "reply", nullptr,
                 {{"entry_id", entry.id}, {"kind", kind}, {"status", after.status}}});
  });
  const auto entry_json = to_json(entry);
  publish(kind == "note" ? events::ticket_noted : events::ticket_replied, after.number, entry_json, actor);
  if (before.status != after.status) {
    const nlohmann::json data = {{"before", to_json(before)}, {"after", to_json(after)}};
    for (const auto& n : state_events(before, after)) publish(n, after.number, data, actor);
  }
  return entry;
}

}  // namespace helpdesk::kernel
