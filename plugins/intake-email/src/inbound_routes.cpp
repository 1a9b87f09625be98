#include "inbound_routes.hpp"

#include <helpdesk/error.hpp>

namespace intake_email {

using helpdesk::Error;
using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;

void add_inbound_routes(helpdesk::http::Router& router, const InboundSettings& settings, Processor& processor) {
  router.add({Method::post, "/api/tickets.email", Access::api_key("can_create_tickets"),
              [&processor](const Request& req) {
                if (req.body.empty()) throw helpdesk::bad_request("the body must be the raw RFC 5322 message", "empty_body");
                Result result;
                try {
                  result = processor.process(req.body, {"api", "", "", std::nullopt});
                } catch (const Error&) {
                  throw;
                } catch (const std::exception& e) {
                  throw Error(503, "temporarily_unavailable", std::string("try again later: ") + e.what());
                }
                switch (result.outcome) {
                  case Outcome::ticket:
                  case Outcome::reply:
                  case Outcome::duplicate:
                    return Response::text(201, result.ticket_number);
                  case Outcome::rejected: throw helpdesk::forbidden(result.reason);
                  case Outcome::ignored: throw Error(422, "mail_ignored", "no ticket: " + result.reason);
                  case Outcome::quarantined: throw Error(422, "mail_quarantined", "quarantined: " + result.reason);
                }
                throw Error(500, "internal", "unknown outcome");
              },
              settings.max_message_bytes});

  // Admins: signed in (an admin agent) or with an admin token, as every admin route.
  router.add({Method::get, "/api/v1/email/quarantine", Access::agent("admin", "admin"), [&processor](const Request& req) {
                const auto text = req.query_param("limit", "50");
                int limit = 0;
                try {
                  limit = std::stoi(text);
                } catch (const std::exception&) {
                }
                if (limit < 1 || limit > 500)
                  throw helpdesk::bad_request("invalid query parameter 'limit': must be 1..500", "invalid_param");
                return Response::json(200, {{"items", processor.store().list_quarantine(limit)}});
              }});
}

}  // namespace intake_email
