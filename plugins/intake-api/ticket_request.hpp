#pragma once
// osTicket's JSON ticket request (POST /api/tickets.json) -> helpdesk::NewTicket.
//
// Keys (osTicket's, see docs/api.md): email (required), name (default: the email's local part,
// as osTicket's User::fromVars does), subject (required), message (required; a plain string is
// text, a data: URL is decoded and "text/html" makes it HTML), ip, phone, phone_ext, topicId,
// priority (key/name, or a number meaning an id), priorityId (wins over priority), source
// (API, Email, Web, Phone, Other; default API), alert and autorespond (default true),
// attachments. osTicket keys this server does not use (system_emails, thread_entry_recipients)
// are accepted and ignored. Every other key is a custom field value, passed on for the ticket
// service to check against the help topic's forms.
#include <string>
#include <vector>

#include <helpdesk/tickets.hpp>
#include <nlohmann/json.hpp>

#include "settings.hpp"

namespace intake_api {

struct TicketRequest {
  helpdesk::NewTicket ticket;
  std::vector<std::string> custom_keys;   // keys passed on as custom fields
  std::vector<std::string> ignored_keys;  // osTicket keys accepted and not used
};

// Throws helpdesk::Error 400 with code
//   "invalid_request"      the body is not a JSON object,
//   "missing_field"        email, subject or message absent, null or blank,
//   "invalid_field"        a known key with the wrong type or value (the message names the key),
//   "invalid_base64"       broken base64 in the message or an attachment (named),
//   "invalid_data_url"     a malformed data: URL (named),
//   "unsupported_charset"  a data: URL charset other than utf-8/iso-8859-1/windows-1252,
//   "message_too_large"    the decoded message is over settings.max_message_bytes,
//   "too_many_attachments" more than settings.max_attachments.
TicketRequest parse_ticket_request(const nlohmann::json& body, const Settings& settings);

// An email address as a ticket's requester may have: local@domain, no spaces or quotes, a
// domain of dot-separated labels (or an [address literal]), at most 254 bytes.
bool is_valid_email(std::string_view email);

// The content type for a file name's extension, or "" when unknown.
std::string guess_content_type(std::string_view filename);

}  // namespace intake_api
