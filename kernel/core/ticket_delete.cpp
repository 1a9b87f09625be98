// Deleting a ticket (osTicket's "Delete", permission ticket.delete): every row of it goes in one
// transaction (thread, attachments, fields, tags, collaborators, pending timers, its search
// text through the triggers of 007_ticket_delete.sql), and the audit log keeps what it was.
#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/sla_timers.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/core/trigger_dispatch.hpp"

namespace helpdesk::kernel {

void KernelTicketService::remove(const std::string& number, const Actor& actor) {
  const auto catalog = catalog_.get();
  const Timestamp now = clock_();
  nlohmann::json before;
  std::vector<std::string> files;
  db_.write([&](Sql& sql) {
    auto t = ticket_sql::load(sql, number, *catalog);
    if (!t) throw not_found("ticket " + number + " not found");
    before = to_json(*t);
    for (const auto& r : sql.query("SELECT DISTINCT sha256 FROM attachments WHERE ticket_id = ?", {t->id}))
      files.push_back(r.text(0));
    for (const char* table : {"attachments", "thread_entries", "ticket_fields", "ticket_tags", "ticket_collaborators"})
      sql.exec(std::string("DELETE FROM ") + table + " WHERE ticket_id = ?", {t->id});
    cancel_sla_steps(sql, number);
    // Deferred trigger actions are keyed "<number>/<script>/<action>"; '0' follows '/'.
    sql.exec("UPDATE timers SET state = 'cancelled' WHERE kind = ? AND key >= ? AND key < ? AND state = 'pending' "
             "AND key <> ''",
             {std::string(TriggerDispatch::deferred_timer_kind), number + "/", number + "0"});
    sql.exec("DELETE FROM tickets WHERE id = ?", {t->id});
    write_audit(sql, now, actor, {"ticket", t->id, "delete", before, nullptr});
  });
  // The files no ticket names any more. In a write job of its own, so it is ordered with every
  // insert: one committed before sees the row and keeps the file; one after writes it again.
  if (!files.empty()) {
    try {
      db_.write([&](Sql& sql) {
        for (const auto& sha : files)
          if (!sql.query_one("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", {sha})) files_.remove(sha);
      });
    } catch (const std::exception& e) {  // the ticket is gone; a file left behind is only space
      log_->warn("ticket {} deleted; removing its attachment files failed: {}", number, e.what());
    }
  }
  log_->info("ticket {} deleted by {} {}", number, to_string(actor.kind), actor.id);
  publish(ticket_deleted_event, number, before, actor);
}

}  // namespace helpdesk::kernel
