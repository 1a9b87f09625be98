#pragma once
// The plugin's HTTP routes:
//   POST /api/tickets.json                          X-API-Key with can_create_tickets (osTicket's API)
//   GET  /api/v1/tickets                            token tickets:read; filters, sort, cursor paging
//   GET  /api/v1/tickets/{number}                   token tickets:read; the ticket and its thread
//   GET  /api/v1/tickets/{number}/attachments/{id}  token tickets:read; the file's bytes
#include <atomic>
#include <cstdint>
#include <memory>

#include <helpdesk/plugin.hpp>

#include "settings.hpp"

namespace intake_api {

// Counters for Plugin::health(); shared with the handlers, which may outlive nothing but the plugin.
struct Stats {
  std::atomic<std::uint64_t> tickets_created{0};
  std::atomic<std::uint64_t> requests_rejected{0};  // POST /api/tickets.json answered 4xx/5xx
};

// Registers the routes on host.router(). Handlers keep references to host.tickets() and the
// logger, valid until the plugin stops.
void add_routes(helpdesk::Host& host, const Settings& settings, std::shared_ptr<Stats> stats);

// The Content-Disposition value for downloading `filename`: an ASCII fallback in filename="…"
// plus RFC 6266's filename*=UTF-8''… when the name is not plain ASCII.
std::string content_disposition(const std::string& filename);

}  // namespace intake_api
