#include "plugin.hpp"

#include "settings.hpp"
#include "ticket_actions.hpp"

namespace intake_api {

void IntakeApiPlugin::start(helpdesk::Host& host) {
  const Settings settings = Settings::from_json(host.settings());
  add_routes(host, settings, stats_);
  add_ticket_action_routes(host);
  host.logger()->info("osTicket API at POST /api/tickets.json (max {} attachments), REST API at /api/v1/tickets",
                      settings.max_attachments);
}

nlohmann::json IntakeApiPlugin::health() const {
  return {{"tickets_created", stats_->tickets_created.load()}, {"requests_rejected", stats_->requests_rejected.load()}};
}

}  // namespace intake_api

HELPDESK_PLUGIN(intake_api::IntakeApiPlugin)
