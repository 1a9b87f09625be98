#include "kernel/core/sla_timers.hpp"

#include <algorithm>

#include "kernel/core/audit.hpp"

namespace helpdesk::kernel {

void schedule_sla_steps(Sql& sql, const std::string& number, const std::string& plan, std::vector<SlaStep> steps) {
  if (steps.empty()) return;
  std::stable_sort(steps.begin(), steps.end(), [](const SlaStep& a, const SlaStep& b) { return a.at < b.at; });
  auto list = nlohmann::json::array();
  for (const auto& s : steps) list.push_back({{"event", s.event}, {"target", s.target}, {"at", s.at}});
  sql.exec("INSERT INTO timers (kind, key, due_at, payload) VALUES (?, '', ?, ?)",
           {std::string(sla_timer_kind), steps.front().at,
            nlohmann::json{{"ticket", number}, {"plan", plan}, {"steps", list}}.dump()});
}

void register_sla_timers(DurableScheduler& scheduler, Database& db, const CatalogHolder& catalog, EventBus& events) {
  scheduler.on(
      sla_timer_kind,
      [&db, &catalog, &events, &scheduler](const Timer& timer) {
        const std::string number = timer.payload.value("ticket", "");
        const std::string plan = timer.payload.value("plan", "");
        std::vector<SlaStep> steps;
        for (const auto& s : timer.payload.value("steps", nlohmann::json::array()))
          steps.push_back({s.value("event", ""), s.value("target", ""), s.value("at", Timestamp{0})});
        if (steps.empty()) return;
        const SlaStep now_step = steps.front();
        steps.erase(steps.begin());
        bool met = true;
        nlohmann::json data;
        db.write([&](Sql& sql) {
          auto row = sql.query_one(
              "SELECT id, status_key, first_responded_at, first_response_due_at, due_at FROM tickets WHERE number = ?",
              {number});
          if (!row) return;  // the ticket is gone: nothing more to watch
          const auto* status = catalog.get()->status(row->text(1));
          const std::string state = status ? status->state : "open";
          const bool done = state == "resolved" || state == "closed";
          met = now_step.target == "first_response" ? !row->is_null(2) || done : done;
          // The next step rides in the same transaction, so the chain survives a crash (a crash
          // before the scheduler marks this timer done repeats this step: at least once).
          schedule_sla_steps(sql, number, plan, steps);
          if (met) return;
          const auto due = now_step.target == "first_response" ? row->integer(3) : row->integer(4);
          data = {{"target", now_step.target}, {"plan", plan}, {"due_at", iso8601(due)}};
          write_audit(sql, scheduler.now(), Actor::system("sla"),
                      {"ticket", row->integer(0), now_step.event, nullptr, data});
        });
        if (!met) events.publish(Event{now_step.event, number, data, Actor::system("sla"), scheduler.now()});
      },
      "kernel");
}

}  // namespace helpdesk::kernel
