#include "kernel/core/sla_timers.hpp"

#include "kernel/core/audit.hpp"

namespace helpdesk::kernel {

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events) {
  for (const char* kind : {events::sla_warning, events::sla_breached}) {
    const std::string name = kind;
    scheduler.on(
        name,
        [&db, &catalog, &events, &scheduler, name](const Timer& timer) {
          const std::string number = timer.payload.value("ticket", "");
          const std::string target = timer.payload.value("target", "");
          bool met = true;
          nlohmann::json data;
          db.write([&](Sql& sql) {
            auto row = sql.query_one(
                "SELECT id, status_key, first_responded_at, first_response_due_at, due_at FROM tickets WHERE number = ?",
                {number});
            if (!row) return;  // the ticket is gone: nothing to warn about
            const auto* status = catalog.get()->status(row->text(1));
            const std::string state = status ? status->state : "open";
            met = target == "first_response" ? !row->is_null(2) : (state == "resolved" || state == "closed");
            if (met) return;
            const auto due = target == "first_response" ? row->integer(3) : row->integer(4);
            data = {{"target", target}, {"plan", timer.payload.value("plan", "")}, {"due_at", iso8601(due)}};
            write_audit(sql, scheduler.now(), Actor::system("sla"), {"ticket", row->integer(0), name, nullptr, data});
          });
          if (!met) events.publish(Event{name, number, data, Actor::system("sla"), scheduler.now()});
        },
        "kernel");
  }
}

}  // namespace helpdesk::kernel
