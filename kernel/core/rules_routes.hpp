#pragma once
// The rules' admin routes: the dry-run ("what would the filters do to this ticket") and the
// state of every configured script.
#include "kernel/core/ticket_service.hpp"
#include "kernel/http/router.hpp"

namespace helpdesk::kernel {

void add_rules_routes(RouteTable& routes, KernelTicketService& tickets, const RulesHolder& rules);

}  // namespace helpdesk::kernel
