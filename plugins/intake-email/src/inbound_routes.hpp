#pragma once
// HTTP: osTicket's POST /api/tickets.email (raw message, X-API-Key) and the admin's view of the
// quarantine (GET /api/v1/email/quarantine).
#include <helpdesk/http.hpp>

#include "inbound_process.hpp"

namespace intake_email {

void add_inbound_routes(helpdesk::http::Router& router, const InboundSettings& settings, Processor& processor);

}  // namespace intake_email
