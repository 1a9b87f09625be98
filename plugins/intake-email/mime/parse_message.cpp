// parse_message: raw bytes -> ParsedMail. Checks the input is mail at all, lets GMime parse it,
// then takes the envelope headers here and hands the body to mime_walk and the text helpers.
#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include <helpdesk/text.hpp>

#include "charset.hpp"
#include "classify.hpp"
#include "gmime_support.hpp"
#include "html_sanitizer.hpp"
#include "html_to_text.hpp"
#include "mime_walk.hpp"
#include "parsed_mail.hpp"
#include "reply_trim.hpp"

namespace helpdesk::mail {

namespace {

using detail::GPtr;
using detail::str_or_empty;

constexpr std::size_t max_warnings = 20;

using helpdesk::lower;

// Unfolds and collapses whitespace runs to one space, trimmed; repairs invalid UTF-8.
std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (unsigned char c : repair_utf8(s)) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

// Printable text for an error message: at most 40 bytes, control bytes as \xNN.
std::string quoted_sample(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s.substr(0, 40)) {
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out + (s.size() > 40 ? "...\"" : "\"");
}

// What GMime is given: leading blank lines and an mbox "From " line skipped. Throws for input
// that is not a message at all, so it reaches the quarantine with a reason instead of becoming a
// ticket from "(unknown)".
std::string_view checked_input(std::string_view raw, const ParseLimits& limits) {
  if (raw.size() > limits.max_message_bytes)
    throw MailParseError("message is " + std::to_string(raw.size()) + " bytes, over the " +
                         std::to_string(limits.max_message_bytes) + "-byte limit");
  std::size_t start = raw.find_first_not_of("\r\n");
  if (start == std::string_view::npos || raw.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw MailParseError("empty message");
  raw.remove_prefix(start);
  if (raw.substr(0, 5) == "From ") {
    std::size_t eol = raw.find('\n');
    raw.remove_prefix(eol == std::string_view::npos ? raw.size() : eol + 1);
  }
  std::size_t header_end = raw.find("\n\n");
  std::size_t crlf_end = raw.find("\n\r\n");
  header_end = std::min(header_end, crlf_end);
  std::string_view header = raw.substr(0, header_end);
  for (std::size_t i = 0; i < header.size(); ++i) {
    unsigned char c = header[i];
    if (c == 0) throw MailParseError("binary data: NUL byte in the header section at offset " + std::to_string(i));
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
      throw MailParseError("binary data: control byte in the header section at offset " + std::to_string(i));
  }
  // The first line must be a header field: a name of printable ASCII, then a colon.
  std::size_t i = 0;
  while (i < header.size() && header[i] > 0x20 && header[i] < 0x7F && header[i] != ':') ++i;
  std::size_t colon = i;
  while (colon < header.size() && (header[colon] == ' ' || header[colon] == '\t')) ++colon;
  if (i == 0 || colon >= header.size() || header[colon] != ':')
    throw MailParseError("no header section: the message starts with " + quoted_sample(raw));
  return raw;
}

struct ParserIssues {
  std::vector<std::string> warnings;
  bool nesting_overflow = false;
};

std::string issue_text(GMimeParserWarning code, const char* item) {
  std::string what = item ? std::string(" (") + collapse(std::string_view(item).substr(0, 80)) + ")" : "";
  switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE:
      return "truncated message: a multipart ends without its closing boundary; the parts read so far are kept";
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed multipart: no parts found inside it" + what;
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message" + what;
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "a MIME part ends right after its headers" + what;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "a multipart has no boundary parameter; read as one part" + what;
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid header name" + what;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "a MIME part without headers or content" + what;
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid Content-Type, read as application/octet-stream" + what;
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return "invalid RFC 2047 encoded header" + what;
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return "raw 8-bit bytes in a header" + what;
    case GMIME_WARN_INVALID_ADDRESS_LIST: return "invalid address list" + what;
    default: return "";  // duplicated headers/parameters and the like: harmless, not worth a log line
  }
}

void on_parser_issue(gint64 /*offset*/, GMimeParserWarning code, const gchar* item, gpointer user_data) {
  auto* issues = static_cast<ParserIssues*>(user_data);
  if (code == GMIME_CRIT_NESTING_OVERFLOW) issues->nesting_overflow = true;
  std::string text = issue_text(code, item);
  if (text.empty() || issues->warnings.size() >= max_warnings) return;
  if (std::find(issues->warnings.begin(), issues->warnings.end(), text) == issues->warnings.end())
    issues->warnings.push_back(std::move(text));
}

struct OptionsDeleter {
  void operator()(GMimeParserOptions* o) const { g_mime_parser_options_free(o); }
};

std::unique_ptr<GMimeParserOptions, OptionsDeleter> make_options(ParserIssues& issues) {
  std::unique_ptr<GMimeParserOptions, OptionsDeleter> options(g_mime_parser_options_new());
  // Real mail breaks every rule; loose mode reads what Outlook and friends actually send.
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_allow_addresses_without_domain(options.get(), TRUE);  // "MAILER-DAEMON"
  static const char* fallback_charsets[] = {"utf-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback_charsets);
  g_mime_parser_options_set_warning_callback(options.get(), on_parser_issue, &issues);
  return options;
}

bool usable_email(const std::string& email) {
  if (email.find_first_of(" \t\r\n<>,;\"") != std::string::npos) return false;
  std::size_t at = email.find('@');
  if (at == std::string::npos) return email == "mailer-daemon" || email == "postmaster";  // bounce senders
  return at > 0 && at + 1 < email.size() && email.find('@', at + 1) == std::string::npos;
}

void collect_mailboxes(InternetAddressList* list, std::vector<Address>& out, int depth = 0) {
  if (!list || depth > 2) return;
  int n = internet_address_list_length(list);
  for (int i = 0; i < n; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      collect_mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, depth + 1);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(ia)) continue;
    Address a;
    a.email = lower(collapse(str_or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)))));
    a.name = collapse(str_or_empty(internet_address_get_name(ia)));
    if (usable_email(a.email)) out.push_back(std::move(a));
  }
}

std::vector<Address> mailboxes(InternetAddressList* list) {
  std::vector<Address> out;
  collect_mailboxes(list, out);
  return out;
}

std::vector<std::string> message_ids(GMimeParserOptions* options, const char* value) {
  std::vector<std::string> ids;
  if (!value) return ids;
  GMimeReferences* refs = g_mime_references_parse(options, value);
  if (refs) {
    for (int i = 0; i < g_mime_references_length(refs); ++i) {
      std::string id = repair_utf8(str_or_empty(g_mime_references_get_message_id(refs, i)));
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
    g_mime_references_free(refs);
  }
  // Some clients drop the angle brackets: accept one bare id.
  std::string bare = collapse(value);
  if (ids.empty() && bare.find('@') != std::string::npos && bare.find(' ') == std::string::npos) ids.push_back(bare);
  return ids;
}

std::map<std::string, std::string> header_map(GMimeObject* object) {
  std::map<std::string, std::string> out;
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  int n = list ? g_mime_header_list_get_count(list) : 0;
  for (int i = 0; i < n; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    std::string name = lower(collapse(str_or_empty(g_mime_header_get_name(h))));
    if (name.empty() || out.count(name)) continue;
    out.emplace(std::move(name), collapse(str_or_empty(g_mime_header_get_value(h))));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    std::string piece = p;
    while (!piece.empty() && std::isspace((unsigned char)piece.back())) piece.pop_back();
    // Leading blank lines go; the indentation of the first real line stays.
    std::size_t first = piece.find_first_not_of(" \t\r\n");
    std::size_t line_start = first == std::string::npos ? piece.size() : piece.rfind('\n', first);
    piece.erase(0, line_start == std::string::npos ? 0 : std::min(piece.size(), line_start + 1));
    if (piece.empty()) continue;
    if (!out.empty()) out += separator;
    out += piece;
  }
  return out;
}

// Fills the bodies: text (or text derived from HTML), sanitized HTML, and the reply part.
void fill_bodies(const MimeContent& content, ParsedMail& mail) {
  std::string raw_html = join(content.htmls, "\n");
  mail.text_body = join(content.texts, "\n\n");
  if (!raw_html.empty()) {
    std::vector<std::string> sanitized;
    for (const std::string& h : content.htmls) sanitized.push_back(sanitize_html(h));
    mail.html_body = join(sanitized, "\n");
    if (mail.text_body.empty()) mail.text_body = html_to_text(raw_html);
  }
  // The HTML marks quotes that plain text cannot (Gmail's gmail_quote and gmail_signature divs):
  // asked for HTML-only mail, and when the plain text shows no quote.
  TrimmedReply reply = trim_reply(mail.text_body);
  if (!raw_html.empty() && (content.texts.empty() || !reply.trimmed)) {
    std::string stripped = sanitize_html(raw_html, SanitizeOptions{.strip_quotes = true});
    std::string unstripped = content.htmls.size() == 1 ? mail.html_body : sanitize_html(raw_html);
    if (stripped != unstripped) {
      TrimmedReply r = trim_reply(html_to_text(stripped));
      if (!r.text.empty()) reply = {r.text, true};
    }
  }
  mail.reply_text = std::move(reply.text);
}

}  // namespace

std::string_view to_string(MailKind kind) {
  switch (kind) {
    case MailKind::normal: return "normal";
    case MailKind::bounce: return "bounce";
    case MailKind::auto_reply: return "auto_reply";
    case MailKind::own_notification: return "own_notification";
  }
  return "normal";
}

ParsedMail parse_message(std::string_view raw, const ParseLimits& limits) {
  std::string_view input = checked_input(raw, limits);
  detail::ensure_gmime();

  ParserIssues issues;
  // Declared before the message: GMime's header lists keep a pointer to the options.
  auto options = make_options(issues);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(input.data(), input.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) throw MailParseError("not an RFC 5322 message: GMime found no message in the input");
  if (issues.nesting_overflow) throw MailParseError("MIME structure nested too deeply (GMime's nesting limit)");
  GMimeObject* object = GMIME_OBJECT(message.get());

  ParsedMail mail;
  mail.headers = header_map(object);
  std::vector<Address> from = mailboxes(g_mime_message_get_from(message.get()));
  if (from.empty()) {
    auto it = mail.headers.find("from");
    if (it == mail.headers.end()) throw MailParseError("no From header");
    throw MailParseError("From header has no usable address: " + quoted_sample(it->second));
  }
  mail.from = from.front();
  std::vector<Address> reply_to = mailboxes(g_mime_message_get_reply_to(message.get()));
  if (!reply_to.empty()) mail.reply_to = reply_to.front();
  mail.to = mailboxes(g_mime_message_get_to(message.get()));
  mail.cc = mailboxes(g_mime_message_get_cc(message.get()));
  mail.subject = collapse(str_or_empty(g_mime_message_get_subject(message.get())));
  mail.message_id = repair_utf8(str_or_empty(g_mime_message_get_message_id(message.get())));
  mail.in_reply_to = message_ids(options.get(), g_mime_object_get_header(object, "In-Reply-To"));
  mail.references = message_ids(options.get(), g_mime_object_get_header(object, "References"));
  if (GDateTime* date = g_mime_message_get_date(message.get())) mail.date = g_date_time_to_unix(date);

  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  MimeContent content = walk_mime(body, limits);
  fill_bodies(content, mail);
  mail.attachments = std::move(content.attachments);
  mail.dropped = std::move(content.dropped);
  mail.warnings = std::move(issues.warnings);
  for (std::string& w : content.warnings)
    if (mail.warnings.size() < max_warnings) mail.warnings.push_back(std::move(w));

  ClassifyInput in;
  in.headers = &mail.headers;
  if (body) {
    GMimeContentType* ct = g_mime_object_get_content_type(body);
    in.content_type = lower(str_or_empty(g_mime_content_type_get_media_type(ct)) + "/" +
                            str_or_empty(g_mime_content_type_get_media_subtype(ct)));
    in.report_type = lower(str_or_empty(g_mime_object_get_content_type_parameter(body, "report-type")));
  }
  in.from_email = mail.from.email;
  in.loop_header_value = limits.loop_header_value;
  Classification c = classify(in);
  mail.kind = c.kind;
  mail.kind_reason = std::move(c.reason);
  if (mail.kind == MailKind::bounce && (!content.delivery_status.empty() || !content.returned_message_id.empty())) {
    BounceInfo info;
    parse_delivery_status(content.delivery_status, info);
    info.original_message_id = content.returned_message_id;
    mail.bounce = std::move(info);
  }
  return mail;
}

}  // namespace helpdesk::mail
