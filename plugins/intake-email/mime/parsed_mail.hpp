#pragma once
// One inbound email, parsed into what a ticket needs: who, what, threading ids, bodies in UTF-8,
// attachments, and whether it is mail we must not answer (bounce, auto-reply, our own notice).
//
// parse_message() is the only entry point. It is thread-safe: GMime is initialised once on
// first use and every call works on its own objects. It never crashes on bad input: a message
// that cannot become a ticket throws MailParseError whose what() is the reason to show in the
// quarantine; damage that still leaves a usable message (a multipart missing its closing
// boundary, an undecodable charset) is repaired and noted in ParsedMail::warnings.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace helpdesk::mail {

struct Address {
  std::string name;   // display name, decoded to UTF-8; "" when absent
  std::string email;  // addr-spec, lower-cased
};

enum class MailKind { normal, bounce, auto_reply, own_notification };

// "normal", "bounce", "auto_reply", "own_notification" (the names used in logs and the corpus).
std::string_view to_string(MailKind kind);

struct MailAttachment {
  std::string filename;      // decoded UTF-8, sanitized (no path separators), never empty (fallback "attachment-N.ext")
  std::string content_type;  // lower-case type/subtype
  std::string content_id;    // without <>, for inline images; "" otherwise
  bool inline_part = false;  // shown inside the body (multipart/related resource or disposition inline)
  std::string data;          // decoded bytes
};

// What a delivery status notification says about the message that bounced (kind == bounce).
struct BounceInfo {
  std::vector<std::string> recipients;  // Final-Recipient addresses, lower-cased
  std::string status;                   // first Status: code, e.g. "5.1.1"; "" when not given
  std::string action;                   // first Action:, e.g. "failed"; "" when not given
  std::string original_message_id;     // Message-ID of the returned message, without <>
};

struct ParsedMail {
  std::string message_id;                 // without <>; "" when absent
  std::vector<std::string> in_reply_to;   // ids without <>
  std::vector<std::string> references;    // ids without <>, in order
  Address from;                           // required: no usable From -> MailParseError
  std::optional<Address> reply_to;
  std::vector<Address> to, cc;
  std::string subject;                    // decoded UTF-8, whitespace-collapsed
  std::int64_t date = 0;                  // unix seconds from Date:, 0 when absent/unparseable
  std::string text_body;                  // UTF-8 plain text (text/plain part, or derived from HTML)
  std::string html_body;                  // sanitized HTML ("" when the message has no HTML part)
  std::string reply_text;                 // text_body with quoted reply text and signature trimmed
  std::vector<MailAttachment> attachments;
  std::vector<std::string> dropped;       // attachments left out, each "name: reason" (size/count limits)
  std::vector<std::string> warnings;      // damage repaired while parsing, for the log
  std::map<std::string, std::string> headers;  // lower-case name -> decoded value (first occurrence)
  MailKind kind = MailKind::normal;
  std::string kind_reason;                // e.g. "Auto-Submitted: auto-replied"
  std::optional<BounceInfo> bounce;       // set for kind == bounce when a delivery-status part exists
};

struct ParseLimits {
  std::size_t max_message_bytes = 25 * 1024 * 1024;
  std::size_t max_attachment_bytes = 10 * 1024 * 1024;   // larger ones dropped and listed in `dropped`
  std::size_t max_attachments = 50;                       // the rest dropped and listed in `dropped`
  std::string loop_header_value;          // our instance id for X-Helpdesk-Loop detection ("" = any value is ours)
};

class MailParseError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;  // what() = the reason
};

// Parses one RFC 5322 message. Throws MailParseError when it cannot become a ticket: over
// max_message_bytes, empty, binary junk, no header section, nesting too deep, no usable From.
ParsedMail parse_message(std::string_view raw, const ParseLimits& limits = {});

}  // namespace helpdesk::mail
