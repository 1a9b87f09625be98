#pragma once
// One outgoing notification as an RFC 5322 message: text/plain in UTF-8, quoted-printable, with
// RFC 2047 encoded words for non-ASCII subjects and names. Every header value passes through
// header_text(), so nothing a user typed (a subject, a name) can start a header of its own.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "outbound_settings.hpp"

namespace intake_email {

struct OutgoingMail {
  Mailbox from;  // From and Reply-To
  Mailbox to;
  std::string subject;                  // UTF-8
  std::string message_id;               // without angle brackets
  std::string in_reply_to;              // without angle brackets; "" for none
  std::vector<std::string> references;  // without angle brackets, oldest first
  std::string loop_id;                  // X-Helpdesk-Loop
  bool auto_reply = false;              // Auto-Submitted: auto-replied (else auto-generated)
  std::int64_t date = 0;                // unix seconds
  std::string body;                     // UTF-8 text, any line endings
};

// The whole message with CRLF line endings. Throws std::invalid_argument when an address or a
// Message-ID is unusable (naming which), never emits a header a value could inject.
std::string build_message(const OutgoingMail& mail);

// A header value made safe: CR, LF and other control characters become spaces, runs collapse.
std::string header_text(std::string_view value);
// `text` as is when it is printable ASCII, else RFC 2047 "Q" encoded words in UTF-8, folded so
// that no line exceeds 76 characters when the first starts after `used` characters ("Subject: ").
std::string encode_words(std::string_view text, std::size_t used = 0);
// "Name <addr>" with the name quoted or encoded as needed; "addr" when there is no name.
std::string format_mailbox(const Mailbox& mailbox, std::size_t used = 0);
// RFC 2045 quoted-printable with CRLF line breaks and lines of at most 76 characters.
std::string quoted_printable(std::string_view text);
// "Wed, 25 Nov 2026 23:00:00 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);

}  // namespace intake_email
