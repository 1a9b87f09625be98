#include "ticket_actions.hpp"

#include <set>

#include <helpdesk/text.hpp>

namespace intake_api {
namespace {

using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;
using nlohmann::json;

// The body as a JSON object whose keys are all in `known` (a typo is an error, not a no-op).
json object_body(const Request& req, const std::set<std::string>& known) {
  json body = req.body.empty() ? json::object() : req.json_body();
  if (!body.is_object()) throw helpdesk::bad_request("the body must be a JSON object", "invalid_json");
  for (const auto& [key, value] : body.items())
    if (!known.count(key)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw helpdesk::bad_request("unknown field '" + key + "'; known: " + list, "invalid_field");
    }
  return body;
}

std::string text_field(const json& body, const char* key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw helpdesk::bad_request(std::string("'") + key + "' is required", "missing_field");
    return {};
  }
  if (!it->is_string()) throw helpdesk::bad_request(std::string("'") + key + "' must be a string", "invalid_field");
  return it->get<std::string>();
}

helpdesk::ReplyInput reply_input(const Request& req) {
  const json body = object_body(req, {"message", "format"});
  helpdesk::ReplyInput in;
  in.body = text_field(body, "message", true);
  if (in.body.empty()) throw helpdesk::bad_request("'message' is empty", "missing_field");
  if (auto f = text_field(body, "format", false); !f.empty()) in.format = f;
  return in;
}

Response entry_response(const helpdesk::ThreadEntry& e) { return Response::json(201, helpdesk::to_json(e)); }
Response ticket_response(const helpdesk::Ticket& t) { return Response::json(200, helpdesk::to_json(t)); }

// The catalog entry of `kind` ("statuses", "priorities") whose key, or name in any case, is `value`.
const json* catalog_entry(const json& catalog, const char* kind, const std::string& value) {
  if (!catalog.contains(kind)) return nullptr;
  for (const auto& entry : catalog.at(kind))
    if (entry.value("key", "") == value || helpdesk::lower(entry.value("name", "")) == helpdesk::lower(value)) return &entry;
  return nullptr;
}

// Status and priority, both checked before either is applied (so a bad one changes nothing).
// Closing, reopening and transfers have routes of their own, with their own permissions
// (ticket.close, ticket.transfer): PATCH, under ticket.edit, cannot do them.
Response update(helpdesk::Host& host, const Request& req) {
  auto& tickets = host.tickets();
  const std::string& number = req.path_param("number");
  json body = req.body.empty() ? json::object() : req.json_body();
  if (body.is_object() && body.contains("department"))
    throw helpdesk::bad_request("a transfer is POST /api/v1/tickets/" + number +
                                    "/transfer {\"department\": …} (permission ticket.transfer)",
                                "invalid_field");
  body = object_body(req, {"status", "priority"});
  if (body.empty()) throw helpdesk::bad_request("nothing to change: send status and/or priority", "missing_field");
  const std::string status = text_field(body, "status", false), priority = text_field(body, "priority", false);
  const auto shared_catalog = host.catalog();
  const json& catalog = *shared_catalog;
  if (!priority.empty() && !catalog_entry(catalog, "priorities", priority))
    throw helpdesk::bad_request("unknown priority '" + priority + "'", "invalid_field");
  const auto current = tickets.get(number);
  if (!current) throw helpdesk::not_found("ticket " + number + " not found");
  if (!status.empty()) {
    const json* entry = catalog_entry(catalog, "statuses", status);
    if (!entry) throw helpdesk::bad_request("unknown status '" + status + "'", "invalid_field");
    const bool closes = entry->value("state", "") == "closed", closed = current->ticket.state == "closed";
    if (closes != closed)
      throw helpdesk::bad_request(std::string("status '") + status + "' " + (closes ? "closes" : "reopens") +
                                      " the ticket: that is POST /api/v1/tickets/" + number +
                                      (closes ? "/close" : "/reopen") + " (permission ticket.close)",
                                  "invalid_field");
  }
  if (!priority.empty()) tickets.set_priority(number, priority, req.actor);
  if (!status.empty()) tickets.set_status(number, status, req.actor);
  auto detail = tickets.get(number);
  if (!detail) throw helpdesk::not_found("ticket " + number + " not found");
  return ticket_response(detail->ticket);
}

Response transfer(helpdesk::TicketService& tickets, const Request& req) {
  const json body = object_body(req, {"department"});
  const std::string department = text_field(body, "department", true);
  return ticket_response(tickets.transfer(req.path_param("number"), department, req.actor));
}

Response assign(helpdesk::TicketService& tickets, helpdesk::Directory& directory, const Request& req) {
  const std::string& number = req.path_param("number");
  const json body = object_body(req, {"agent_id", "agent_email", "team"});
  std::optional<std::int64_t> agent;
  if (auto it = body.find("agent_id"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw helpdesk::bad_request("'agent_id' must be an integer", "invalid_field");
    agent = it->get<std::int64_t>();
  }
  if (auto email = text_field(body, "agent_email", false); !email.empty()) {
    auto found = directory.find_agent(email);
    if (!found) throw helpdesk::bad_request("no active agent '" + email + "'", "invalid_field");
    agent = found->id;
  }
  const bool agent_given = body.contains("agent_id") || body.contains("agent_email");
  const bool team_given = body.contains("team");
  if (!agent_given && !team_given) throw helpdesk::bad_request("send agent_id, agent_email and/or team", "missing_field");
  // What the body leaves out stays as it is ({"team": …} keeps the agent; null clears).
  auto current = tickets.get(number);
  if (!current) throw helpdesk::not_found("ticket " + number + " not found");
  if (!agent_given) agent = current->ticket.assignee_id;
  const std::string team = team_given ? text_field(body, "team", false) : current->ticket.team;
  return ticket_response(tickets.assign(number, agent, team, req.actor));
}

}  // namespace

void add_ticket_action_routes(helpdesk::Host& host) {
  helpdesk::TicketService* tickets = &host.tickets();
  helpdesk::Directory* directory = &host.directory();
  auto& router = host.router();
  // Agents holding the permission in the ticket's department, or tokens with tickets:write.
  auto agent = [](const char* permission) { return Access::agent(permission, "tickets:write").on_ticket(); };
  router.add({Method::post, "/api/v1/tickets/{number}/reply", agent("ticket.reply"),
              [tickets](const Request& req) { return entry_response(tickets->reply(req.path_param("number"), reply_input(req), req.actor)); }});
  router.add({Method::post, "/api/v1/tickets/{number}/notes", agent("ticket.note"),
              [tickets](const Request& req) { return entry_response(tickets->note(req.path_param("number"), reply_input(req), req.actor)); }});
  // The requester (or a collaborator) writes on their own ticket.
  router.add({Method::post, "/api/v1/tickets/{number}/messages", Access::user().on_ticket(),
              [tickets](const Request& req) { return entry_response(tickets->add_message(req.path_param("number"), reply_input(req), req.actor)); }});
  router.add({Method::patch, "/api/v1/tickets/{number}", agent("ticket.edit"),
              [&host](const Request& req) { return update(host, req); }});
  router.add({Method::post, "/api/v1/tickets/{number}/transfer", agent("ticket.transfer"),
              [tickets](const Request& req) { return transfer(*tickets, req); }});
  router.add({Method::post, "/api/v1/tickets/{number}/assign", agent("ticket.assign"),
              [tickets, directory](const Request& req) { return assign(*tickets, *directory, req); }});
  router.add({Method::post, "/api/v1/tickets/{number}/close", agent("ticket.close"), [tickets](const Request& req) {
                object_body(req, {});
                return ticket_response(tickets->close(req.path_param("number"), req.actor));
              }});
  router.add({Method::post, "/api/v1/tickets/{number}/reopen", agent("ticket.close"), [tickets](const Request& req) {
                object_body(req, {});
                return ticket_response(tickets->reopen(req.path_param("number"), req.actor));
              }});
}

}  // namespace intake_api
