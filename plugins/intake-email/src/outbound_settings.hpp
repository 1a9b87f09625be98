#pragma once
// The outgoing settings (plugin.yaml, "outgoing"): the SMTP relay, the default From, which
// notifications are on, template overrides, the ticket link and the attempt limit.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport/endpoint.hpp"
#include "transport/oauth2.hpp"

namespace intake_email {

// The notifications, by their settings name (notifications.<name>).
inline constexpr std::string_view kNotifications[] = {"new_ticket_autoresponse", "agent_reply",      "new_ticket_alert",
                                                      "new_message_alert",       "assignment_alert", "overdue_alert"};
// The templates, by file name (templates/<name>.txt) and settings name (templates.<name>).
inline constexpr std::string_view kTemplates[] = {"auto_response",     "agent_reply",      "new_ticket_alert",
                                                  "new_message_alert", "assignment_alert", "overdue_alert",
                                                  "password_reset",    "registration_confirm"};

struct MailTemplate {
  std::string subject;
  std::string body;
};

// A mailbox: "Help Desk <help@example.com>" or "help@example.com".
struct Mailbox {
  std::string name;
  std::string email;  // lower-cased
  bool empty() const { return email.empty(); }
};

struct OutboundSettings {
  bool smtp_configured = false;  // smtp.url given
  helpdesk::mail::Endpoint smtp;
  std::optional<helpdesk::mail::OAuth2Refresh> smtp_oauth2;
  Mailbox from;                                            // may be empty: departments' emails only
  std::map<std::string, bool, std::less<>> notifications;  // every name in kNotifications
  // Per template, the overridden parts (an absent part keeps the default file's).
  std::map<std::string, std::optional<std::string>> template_subjects, template_bodies;
  std::string ticket_url;  // with {number}; "" = no links
  int max_attempts = 30;

  // Throws std::invalid_argument whose message starts with the setting's path ("smtp.url: …").
  static OutboundSettings from_json(const nlohmann::json& settings);
  bool enabled(std::string_view notification) const;
};

// Parses "Name <addr>" or "addr"; nullopt when it is not one plausible address (or holds CR/LF).
std::optional<Mailbox> parse_mailbox(std::string_view text);
// An addr-spec we are willing to put into a header and an SMTP envelope: one '@', no spaces,
// control characters, angle brackets, commas or quotes.
bool plausible_address(std::string_view email);

}  // namespace intake_email
