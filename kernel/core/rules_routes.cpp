#include "kernel/core/rules_routes.hpp"

#include <helpdesk/error.hpp>

#include "kernel/core/rules_setup.hpp"

namespace helpdesk::kernel {
namespace {

// A stored ticket as the filters would have seen it when it arrived.
FilterTicket from_stored(const TicketDetail& d) {
  FilterTicket ft;
  auto& t = ft.ticket;
  t.subject = d.ticket.subject;
  for (const auto& e : d.thread)
    if (e.kind == "message") {
      t.body = e.body;
      t.body_format = e.format;
      break;
    }
  t.requester = d.ticket.requester;
  t.topic = d.ticket.topic;
  t.priority = d.ticket.priority;
  t.department = d.ticket.department;
  t.source = d.ticket.source;
  t.fields = d.ticket.fields;
  return ft;
}

}  // namespace

void add_rules_routes(RouteTable& routes, KernelTicketService& tickets, const RulesHolder& rules) {
  using http::Access;
  using http::Method;
  using http::Response;

  routes.add({Method::post, "/api/v1/rules/dry-run", Access::agent("admin", "admin"),
              [&tickets](const http::Request& request) {
                const auto body = request.json_body();
                FilterTicket ticket;
                if (body.is_object() && body.contains("number")) {
                  if (!body["number"].is_string()) throw bad_request("'number' must be a string", "invalid_field");
                  auto stored = tickets.get(body["number"].get<std::string>());
                  if (!stored) throw not_found("ticket " + body["number"].get<std::string>() + " does not exist");
                  ticket = from_stored(*stored);
                } else {
                  ticket = filter_ticket_from_json(body);
                }
                const auto run = tickets.dry_run(ticket);
                auto out = rules_json(run.result);
                const auto& t = run.result.ticket;
                out["ticket"] = {{"subject", t.ticket.subject},       {"department", t.ticket.department},
                                 {"topic", t.ticket.topic},           {"priority", t.ticket.priority},
                                 {"team", t.team},                    {"agent", t.agent},
                                 {"sla_plan", t.sla_plan},            {"tags", t.tags},
                                 {"fields", t.ticket.fields}};
                out["would_create"] = !run.result.rejected && run.invalid.empty();
                out["invalid"] = run.invalid.empty() ? nlohmann::json(nullptr) : nlohmann::json(run.invalid);
                return Response::json(200, out);
              }},
             "kernel");

  routes.add({Method::get, "/api/v1/system/rules", Access::agent("admin", "admin"),
              [&rules](const http::Request&) {
                auto filters = nlohmann::json::array();
                if (auto set = rules.get(); set && set->filters) {
                  const auto& engine = set->filters;
                  const auto failures = engine->check();
                  for (const auto& s : engine->scripts()) {
                    nlohmann::json problems = nlohmann::json::array();
                    for (const auto& f : failures)
                      if (f.script == s.name) problems.push_back({{"line", f.line}, {"kind", f.kind}, {"message", f.message}});
                    filters.push_back({{"name", s.name}, {"script", s.file.string()}, {"problems", problems}});
                  }
                }
                return Response::json(200, {{"filters", filters}});
              }},
             "kernel");
}

}  // namespace helpdesk::kernel
