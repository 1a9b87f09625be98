#pragma once
#include <helpdesk/storage.hpp>
#include <helpdesk/tickets.hpp>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel {

// Seeds an empty database with a demo admin, agent and user and a few tickets, so a newcomer
// sees a working desk. Does nothing once any agent exists.
void seed_demo_data(Database& db, TicketService& tickets, const Config& config);

}  // namespace helpdesk::kernel
