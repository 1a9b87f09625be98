#pragma once
// Which notifications an event causes and to whom (osTicket's alerts and notices): one Notice
// per recipient, already filtered (switched off, our own addresses, empty or unusable addresses,
// the same person twice).
#include <cstdint>
#include <helpdesk/plugin.hpp>
#include <set>
#include <string>
#include <vector>

#include "outbound_settings.hpp"

namespace intake_email {

struct Notice {
  std::string notification;   // settings name, e.g. "new_ticket_autoresponse"
  std::string template_name;  // e.g. "auto_response"; also the outbox kind
  helpdesk::Person recipient;
  std::int64_t entry_id = 0;  // the thread entry the mail carries; 0 for none
  std::string message;        // {message}, plain text
  std::string author;         // {author}
  std::string due_at;         // {due_at} when the event says (SLA), else the ticket's
  bool auto_reply = false;    // Auto-Submitted: auto-replied
};

struct NoticeSources {
  const OutboundSettings& settings;
  helpdesk::Directory& directory;
  helpdesk::TicketService& tickets;
  std::set<std::string> own_addresses;  // lower-cased: departments' emails and `from`
};

// The notices for `event` (empty for events that notify nobody).
std::vector<Notice> notices_for(const helpdesk::Event& event, NoticeSources& sources);

// A ticket created by an importer (actor of kind system whose id starts with "import") gets no
// auto-response, as osTicket's importer sends none.
bool is_system_import(const helpdesk::Actor& actor);

// The plain text of an entry body ("html" bodies are converted).
std::string entry_text(const std::string& body, const std::string& format);

}  // namespace intake_email
