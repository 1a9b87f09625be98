#pragma once
// Loop protection: is this mail a bounce, an automatic reply, or a notification we sent
// ourselves? Such mail must never create a ticket or trigger an auto-reply.
#include <map>
#include <string>
#include <string_view>

#include "parsed_mail.hpp"

namespace helpdesk::mail {

struct ClassifyInput {
  const std::map<std::string, std::string>* headers = nullptr;  // lower-case name -> value
  std::string content_type;      // top-level, lower-case type/subtype
  std::string report_type;       // its report-type parameter, lower-case
  std::string from_email;        // lower-case
  std::string loop_header_value; // ours; "" means any X-Helpdesk-Loop is ours
};

struct Classification {
  MailKind kind = MailKind::normal;
  std::string reason;  // the header or property that decided, e.g. "Precedence: bulk"
};

// Checks in order: our own loop header, bounce signs, auto-reply signs.
Classification classify(const ClassifyInput& in);

// Parses a message/delivery-status body (RFC 3464) into recipients, action and status.
void parse_delivery_status(std::string_view text, BounceInfo& info);

}  // namespace helpdesk::mail
