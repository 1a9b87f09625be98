#pragma once
// A Notice and its ticket made into a mail: sender (the department's address, else `from`), the
// rendered template, the subject token. Message-ID and threading are added when it is queued.
#include <helpdesk/tickets.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common_settings.hpp"
#include "outbound_mime.hpp"
#include "outbound_recipients.hpp"
#include "outbound_settings.hpp"

namespace intake_email {

struct ComposeContext {
  const CommonSettings& common;
  const OutboundSettings& settings;
  const std::map<std::string, MailTemplate>& templates;
  const nlohmann::json& catalog;  // Host::catalog()
};

struct Composed {
  OutgoingMail mail;  // message_id and threading still empty
  std::vector<std::string> unknown_placeholders;
};

// The department's email (with its name) when it has one, else settings.from; empty when neither.
Mailbox sender_for(const std::string& department, const ComposeContext& ctx);
// Every address we send from: the departments' emails and settings.from (lower-cased).
std::set<std::string> own_addresses(const ComposeContext& ctx);
// The values of kPlaceholders for this notice.
std::map<std::string, std::string> placeholder_values(const Notice& notice, const helpdesk::Ticket& ticket,
                                                      const ComposeContext& ctx);
// Throws std::invalid_argument when there is no sender address for the ticket's department.
Composed compose(const Notice& notice, const helpdesk::Ticket& ticket, const ComposeContext& ctx,
                 helpdesk::Timestamp now);

}  // namespace intake_email
