// Merging tickets (osTicket's "Merge", Zammad's and Request Tracker's merge): one ticket's thread,
// attachments, people and tags move onto another in one transaction; the ticket merged away is
// closed and names the other (tickets.merged_into), so a message sent to it later lands there.
#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {
namespace {

void add_note(Sql& sql, std::int64_t ticket_id, const Actor& actor, const std::string& text, Timestamp now) {
  sql.exec(
      "INSERT INTO thread_entries (ticket_id, kind, author_kind, author_id, author_name, body, format, created_at) "
      "VALUES (?, 'note', ?, ?, ?, ?, 'text', ?)",
      {ticket_id, std::string(to_string(actor.kind)), actor.id, actor.name, text, now});
}

}  // namespace

Ticket KernelTicketService::merge(const std::string& number, const std::string& into, const Actor& actor) {
  if (number == into) throw bad_request("a ticket cannot be merged into itself", "invalid_field");
  const auto catalog = catalog_.get();
  const auto* closed = catalog->first_status_in("closed");
  if (!closed) throw Error(500, "config_error", "no status with state 'closed' is configured");
  const Timestamp now = clock_();
  nlohmann::json target_before;
  change_ticket(
      number, actor, "merge",
      [&](Sql& sql, Ticket& t) {
        if (!t.merged_into.empty()) throw conflict("ticket " + number + " is already merged into " + t.merged_into);
        const auto target = ticket_sql::load(sql, into, *catalog);
        if (!target) throw bad_request("ticket '" + into + "' does not exist", "invalid_field");
        if (!target->merged_into.empty())
          throw conflict("ticket " + into + " is merged into " + target->merged_into + "; merge into that one");
        target_before = to_json(*target);
        // The thread and its search text (rowid = entry id), the attachments, then the people and
        // tags: the requester becomes a collaborator of the target.
        sql.exec("UPDATE ticket_search SET ticket_id = ? WHERE rowid IN (SELECT id FROM thread_entries WHERE ticket_id = ?)",
                 {target->id, t.id});
        sql.exec("UPDATE thread_entries SET ticket_id = ? WHERE ticket_id = ?", {target->id, t.id});
        sql.exec("UPDATE attachments SET ticket_id = ? WHERE ticket_id = ?", {target->id, t.id});
        sql.exec("INSERT OR IGNORE INTO ticket_collaborators (ticket_id, user_id, added_at) "
                 "SELECT ?, user_id, ? FROM ticket_collaborators WHERE ticket_id = ? AND user_id <> ?",
                 {target->id, now, t.id, target->requester.id});
        if (t.requester.id != target->requester.id)
          sql.exec("INSERT OR IGNORE INTO ticket_collaborators (ticket_id, user_id, added_at) VALUES (?, ?, ?)",
                   {target->id, t.requester.id, now});
        sql.exec("INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) SELECT ?, tag FROM ticket_tags WHERE ticket_id = ?",
                 {target->id, t.id});
        add_note(sql, target->id, actor, "Ticket #" + number + " (" + t.subject + ") was merged into this ticket.", now);
        add_note(sql, t.id, actor, "Merged into ticket #" + into + ".", now);
        sql.exec("UPDATE tickets SET updated_at = ? WHERE id = ?", {now, target->id});
        write_audit(sql, now, actor, {"ticket", target->id, "merge", nullptr, {{"merged", number}}});
        // The source: closed, pointing at the target (its SLA clock stops with the close).
        sql.exec("UPDATE tickets SET merged_into = ? WHERE id = ?", {into, t.id});
        t.merged_into = into;
        t.status = closed->key;
        t.state = closed->state;
        if (!t.closed_at) t.closed_at = now;
      },
      events::ticket_updated);  // (then ticket.closed and ticket.status_changed if it closes now)
  auto target = get(into);
  if (!target) throw not_found("ticket " + into + " does not exist");
  publish(events::ticket_updated, into, {{"before", target_before}, {"after", to_json(target->ticket)}, {"merged", number}},
          actor);
  return target->ticket;
}

}  // namespace helpdesk::kernel
