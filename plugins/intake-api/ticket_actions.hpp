#pragma once
// The REST API's changes to a ticket (token scope tickets:write): reply, note, update (status,
// priority, department), assign, close, reopen. Each answers the changed ticket or the new entry.
#include <helpdesk/plugin.hpp>

namespace intake_api {

void add_ticket_action_routes(helpdesk::Host& host);

}  // namespace intake_api
