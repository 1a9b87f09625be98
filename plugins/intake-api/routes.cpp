#include "routes.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include <helpdesk/text.hpp>

#include "ticket_request.hpp"

namespace intake_api {

namespace {

using helpdesk::Error;
using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;

using helpdesk::lower;

bool all_digits(const std::string& s, std::size_t max_len) {
  return !s.empty() && s.size() <= max_len && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// osTicket also takes XML (at /api/tickets.xml); this server takes JSON only and says so.
void require_json(const Request& req) {
  std::string type = lower(req.header("content-type"));
  type = type.substr(0, type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  const bool xml_type = type.ends_with("/xml") || type.ends_with("+xml");
  const auto first = req.body.find_first_not_of(" \t\r\n");
  const bool xml_body = first != std::string::npos && req.body[first] == '<';
  if (xml_type || xml_body)
    throw Error(415, "unsupported_media_type",
                "only JSON is supported; send Content-Type: application/json (osTicket's XML format is not)");
}

[[noreturn]] void bad_param(const std::string& name, const std::string& why) {
  throw helpdesk::bad_request("invalid query parameter '" + name + "': " + why, "invalid_param");
}

helpdesk::TicketQuery parse_query(const Request& req) {
  static const std::set<std::string> known = {"status", "state", "department", "priority", "topic", "requester",
                                              "assignee", "q",   "sort",       "order",    "limit", "cursor"};
  for (const auto& [name, value] : req.query)
    if (!known.count(name))
      throw helpdesk::bad_request("unknown query parameter '" + name + "'; known: status, state, department, "
                                  "priority, topic, requester, assignee, q, sort, order, limit, cursor",
                                  "invalid_param");
  helpdesk::TicketQuery q;
  q.status = req.query_param("status");
  q.state = req.query_param("state");
  if (!q.state.empty() && q.state != "open" && q.state != "in_progress" && q.state != "resolved" && q.state != "closed")
    bad_param("state", "'" + q.state + "' is not one of open, in_progress, resolved, closed");
  q.department = req.query_param("department");
  q.priority = req.query_param("priority");
  q.topic = req.query_param("topic");
  q.requester_email = req.query_param("requester");
  if (auto a = req.query_param("assignee"); !a.empty()) {
    if (!all_digits(a, 18)) bad_param("assignee", "expected an agent id, got '" + a + "'");
    q.assignee_id = std::stoll(a);
  }
  q.text = req.query_param("q");
  q.sort = req.query_param("sort", "created");
  if (q.sort != "created" && q.sort != "updated" && q.sort != "number" && q.sort != "priority")
    bad_param("sort", "'" + q.sort + "' is not one of created, updated, number, priority");
  const std::string order = req.query_param("order", "desc");
  if (order != "asc" && order != "desc") bad_param("order", "'" + order + "' is not asc or desc");
  q.descending = order == "desc";
  if (auto l = req.query_param("limit"); !l.empty()) {
    if (!all_digits(l, 3) || std::stoi(l) < 1 || std::stoi(l) > 100)
      bad_param("limit", "expected a number from 1 to 100, got '" + l + "'");
    q.limit = std::stoi(l);
  }
  q.cursor = req.query_param("cursor");
  return q;
}

Response create_ticket(helpdesk::TicketService& tickets, spdlog::logger& log, const Settings& settings,
                       const Request& req) {
  require_json(req);
  TicketRequest parsed = parse_ticket_request(req.json_body(), settings);
  if (parsed.ticket.ip.empty()) parsed.ticket.ip = req.remote_address;
  if (settings.log_unknown_fields) {
    if (!parsed.custom_keys.empty())
      log.info("{}: keys {} are not osTicket's; passed on as custom fields (those no form declares are ignored)",
               req.request_id, join(parsed.custom_keys));
    if (!parsed.ignored_keys.empty())
      log.info("{}: osTicket keys {} are not supported here and were ignored", req.request_id,
               join(parsed.ignored_keys));
  }
  helpdesk::Ticket ticket = tickets.create(parsed.ticket, req.actor);
  log.debug("{}: created ticket {} for {} ({} attachment(s)) as {}", req.request_id, ticket.number,
            parsed.ticket.requester.email, parsed.ticket.attachments.size(), req.actor.id);
  return Response::text(201, ticket.number);  // osTicket answers the bare number
}

Response list_tickets(helpdesk::TicketService& tickets, const Request& req) {
  helpdesk::TicketQuery query = parse_query(req);
  query.viewer = req.actor;  // agents and users see only what they may (the kernel filters)
  helpdesk::TicketPage page = tickets.list(query);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : page.items) items.push_back(helpdesk::to_json(t));
  return Response::json(200, {{"tickets", std::move(items)},
                              {"next_cursor", page.next_cursor.empty() ? nlohmann::json(nullptr)
                                                                       : nlohmann::json(page.next_cursor)}});
}

Response get_ticket(helpdesk::TicketService& tickets, const Request& req) {
  const std::string& number = req.path_param("number");
  auto detail = tickets.get(number);
  if (!detail) throw helpdesk::not_found("ticket " + number + " not found");
  if (req.actor.kind == helpdesk::Actor::Kind::user)  // end users never see internal notes
    std::erase_if(detail->thread, [](const helpdesk::ThreadEntry& e) { return e.kind == "note" || e.kind == "event"; });
  return Response::json(200, helpdesk::to_json(*detail));
}

Response get_attachment(helpdesk::TicketService& tickets, const Request& req) {
  const std::string& number = req.path_param("number");
  const std::string& id_text = req.path_param("id");
  const std::string missing = "attachment " + id_text + " not found on ticket " + number;
  if (!all_digits(id_text, 18)) throw helpdesk::not_found(missing);
  const std::int64_t id = std::stoll(id_text);
  auto detail = tickets.get(number);
  if (!detail) throw helpdesk::not_found("ticket " + number + " not found");
  const helpdesk::AttachmentInfo* info = nullptr;
  for (const auto& entry : detail->thread) {
    if (req.actor.kind == helpdesk::Actor::Kind::user && entry.kind == "note") continue;
    for (const auto& a : entry.attachments)
      if (a.id == id) info = &a;
  }
  if (!info) throw helpdesk::not_found(missing);  // ids of other tickets' files look the same
  auto data = tickets.attachment_data(id);
  if (!data) throw helpdesk::not_found(missing);
  Response r = Response::text(200, std::move(*data),
                              info->content_type.empty() ? "application/octet-stream" : info->content_type);
  r.set_header("Content-Disposition", content_disposition(info->filename));
  r.set_header("X-Content-Type-Options", "nosniff");  // an uploaded .html must not run as our page
  return r;
}

}  // namespace

std::string content_disposition(const std::string& filename) {
  std::string fallback, encoded;
  bool ascii = true;
  for (unsigned char c : filename) {
    if (c >= 0x80) {
      ascii = false;
      if ((c & 0xC0) != 0x80) fallback += '_';  // one '_' per UTF-8 character
    } else if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      fallback += '_';
    } else {
      fallback += static_cast<char>(c);
    }
    if (std::isalnum(c) || (c && std::strchr("!#$&+-.^_`|~", c))) {
      encoded += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  std::string value = "attachment; filename=\"" + fallback + "\"";
  if (!ascii) value += "; filename*=UTF-8''" + encoded;
  return value;
}

void add_routes(helpdesk::Host& host, const Settings& settings, std::shared_ptr<Stats> stats) {
  helpdesk::TicketService* tickets = &host.tickets();
  std::shared_ptr<spdlog::logger> log = host.logger();
  auto& router = host.router();

  router.add({Method::post, "/api/tickets.json", Access::api_key("can_create_tickets"),
              [tickets, log, settings, stats](const Request& req) {
                try {
                  Response r = create_ticket(*tickets, *log, settings, req);
                  ++stats->tickets_created;
                  return r;
                } catch (...) {
                  ++stats->requests_rejected;
                  throw;
                }
              }});
  // Agents with ticket.view (in the ticket's department), end users (their tickets), tokens with
  // tickets:read; the kernel checks it and filters lists by the viewer.
  router.add({Method::get, "/api/v1/tickets", Access::person("ticket.view", "tickets:read"),
              [tickets](const Request& req) { return list_tickets(*tickets, req); }});
  router.add({Method::get, "/api/v1/tickets/{number}", Access::person("ticket.view", "tickets:read").on_ticket(),
              [tickets](const Request& req) { return get_ticket(*tickets, req); }});
  router.add({Method::get, "/api/v1/tickets/{number}/attachments/{id}",
              Access::person("ticket.view", "tickets:read").on_ticket(),
              [tickets](const Request& req) { return get_attachment(*tickets, req); }});
}

}  // namespace intake_api
