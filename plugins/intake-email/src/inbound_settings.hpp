#pragma once
// The "incoming" settings of plugin.yaml: the mailboxes to poll and the protection limits.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "transport/endpoint.hpp"
#include "transport/oauth2.hpp"

namespace intake_email {

struct MailAccount {
  std::string name;
  bool pop3 = false;  // else IMAP
  helpdesk::mail::Endpoint endpoint;
  std::optional<helpdesk::mail::OAuth2Refresh> oauth2;
  std::string department, topic;
  std::int64_t interval_seconds = 60;
  std::string after_import = "seen";  // keep, seen, move, delete
  std::string move_to;
};

struct InboundSettings {
  std::vector<MailAccount> accounts;
  bool reply_to_closed_new_ticket = false;  // reply_to_closed: new_ticket (else reopen)
  bool cc_as_collaborators = true;
  std::int64_t rate_limit_per_hour = 30;
  std::vector<std::string> banned_senders;  // lower-cased
  std::size_t max_message_bytes = 26214400;
  std::size_t max_attachment_bytes = 10485760;

  // Throws std::invalid_argument naming the setting, e.g. "accounts[1].url: …".
  static InboundSettings from_json(const nlohmann::json& settings);
  // The account by name, or nullptr.
  const MailAccount* account(const std::string& name) const;
};

}  // namespace intake_email
