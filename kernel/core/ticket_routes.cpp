#include "kernel/core/ticket_routes.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {

void add_ticket_routes(RouteTable& routes, KernelTicketService& tickets, Authorizer& authorizer) {
  using http::Access;
  using http::Method;
  // Agents with ticket.delete in the ticket's department; of tokens only admin ones, as deleting
  // cannot be undone (osTicket's API keys cannot delete at all).
  routes.add({Method::del, "/api/v1/tickets/{number}", Access::agent("ticket.delete", "admin").on_ticket(),
              [&tickets](const http::Request& req) {
                const std::string& number = req.path_param("number");
                tickets.remove(number, req.actor);
                return http::Response::json(200, {{"deleted", number}});
              }},
             "kernel");

  // Merging needs ticket.merge on both tickets: the route's check covers {number}; the same one
  // check runs again for the ticket named in the body (404 when it does not exist).
  const Access merge = Access::agent("ticket.merge", "tickets:write").on_ticket();
  routes.add({Method::post, "/api/v1/tickets/{number}/merge", merge,
              [&tickets, &authorizer, merge](const http::Request& req) {
                const auto body = req.json_body();
                if (!body.is_object() || !body.contains("into") || !body["into"].is_string() ||
                    body["into"].get<std::string>().empty())
                  throw bad_request("send {\"into\": \"<ticket number>\"}: the ticket to merge this one into",
                                    "missing_field");
                for (const auto& [key, value] : body.items())
                  if (key != "into") throw bad_request("unknown field '" + key + "'; known: into", "invalid_field");
                const std::string into = body["into"];
                http::Request target = req;
                target.path_params["number"] = into;
                authorizer.authorize(target, merge);
                return http::Response::json(200, to_json(tickets.merge(req.path_param("number"), into, req.actor)));
              }},
             "kernel");
}

}  // namespace helpdesk::kernel
