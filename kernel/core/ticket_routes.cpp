#include "kernel/core/ticket_routes.hpp"

namespace helpdesk::kernel {

void add_ticket_routes(RouteTable& routes, KernelTicketService& tickets) {
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
}

}  // namespace helpdesk::kernel
