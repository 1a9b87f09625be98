#pragma once
// Walks a parsed GMime tree and collects what a ticket uses: the readable bodies (choosing
// among multipart/alternative versions, following multipart/related to its root), the
// attachments and inline images, and for multipart/report the delivery-status part.
#include <string>
#include <vector>

#include <gmime/gmime.h>

#include "parsed_mail.hpp"

namespace helpdesk::mail {

struct MimeContent {
  std::vector<std::string> texts;  // UTF-8 plain-text bodies, in message order
  std::vector<std::string> htmls;  // UTF-8 HTML bodies (not yet sanitized), in message order
  std::vector<MailAttachment> attachments;
  std::vector<std::string> dropped;
  std::vector<std::string> warnings;
  std::string delivery_status;      // message/delivery-status text ("" when none)
  std::string returned_message_id;  // Message-ID of the message a report returns
};

// Deeper trees than this are refused (MailParseError): real mail nests a handful of levels.
inline constexpr int max_mime_depth = 32;

// Throws MailParseError for nesting deeper than max_mime_depth. Applies the attachment size and
// count limits and names unnamed attachments.
MimeContent walk_mime(GMimeObject* root, const ParseLimits& limits);

}  // namespace helpdesk::mail
