#pragma once
// The ticket routes the kernel serves itself, for what only the kernel may do to its tables
// (the REST API's everyday ticket routes come from the intake-api plugin).
#include "kernel/core/authorizer.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/http/router.hpp"

namespace helpdesk::kernel {

void add_ticket_routes(RouteTable& routes, KernelTicketService& tickets, Authorizer& authorizer);

}  // namespace helpdesk::kernel
