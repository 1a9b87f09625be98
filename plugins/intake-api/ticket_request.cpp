#include "ticket_request.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <optional>
#include <set>

#include <helpdesk/error.hpp>
#include <helpdesk/text.hpp>

#include "charset.hpp"
#include "data_url.hpp"

namespace intake_api {

namespace {

using nlohmann::json;

// The top-level keys osTicket itself defines; everything else is a custom field.
const std::set<std::string> kKnownKeys = {"email",      "name",     "subject",     "message", "ip",
                                          "phone",      "phone_ext", "topicId",    "priority", "priorityId",
                                          "source",     "alert",    "autorespond", "attachments"};
// osTicket keys that have no meaning here (it uses them to pick notification recipients).
const std::set<std::string> kIgnoredKeys = {"system_emails", "thread_entry_recipients"};

[[noreturn]] void missing(const std::string& key) {
  throw helpdesk::bad_request("missing required field '" + key + "'", "missing_field");
}

[[noreturn]] void invalid(const std::string& key, const std::string& why) {
  throw helpdesk::bad_request("invalid field '" + key + "': " + why, "invalid_field");
}

using helpdesk::lower;

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

bool blank(std::string_view s) { return trim(s).empty(); }

// Control characters become spaces: names and subjects end up in mail headers.
std::string single_line(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return trim(s);
}

// A string value; nullopt when absent or null. Numbers are accepted where `numbers_ok`.
std::optional<std::string> get_string(const json& body, const std::string& key, bool numbers_ok = false) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (numbers_ok && it->is_number_integer()) return it->dump();
  invalid(key, std::string("expected a string, got ") + (it->is_number() ? "a number" : std::string("a ") + it->type_name()));
}

// A positive id given as a JSON integer or a string of digits. "" and 0 mean none.
std::optional<int> get_id(const json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  long long v = 0;
  if (it->is_number_integer()) {
    v = it->get<long long>();
  } else if (it->is_string()) {
    std::string s = trim(it->get<std::string>());
    if (s.empty()) return std::nullopt;
    if (s.size() > 10 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
      invalid(key, "expected a number, got '" + s + "'");
    v = std::stoll(s);
  } else {
    invalid(key, std::string("expected a number, got a ") + it->type_name());
  }
  if (v < 0 || v > INT_MAX) invalid(key, "expected a positive id, got " + std::to_string(v));
  if (v == 0) return std::nullopt;
  return static_cast<int>(v);
}

// osTicket casts these with (bool); we take true/false, 1/0 and their strings, and refuse the
// rest rather than guess.
bool get_bool(const json& body, const std::string& key, bool fallback) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) {
    auto v = it->get<long long>();
    if (v == 0 || v == 1) return v == 1;
  } else if (it->is_string()) {
    std::string s = lower(trim(it->get<std::string>()));
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
  }
  invalid(key, "expected true or false, got " + it->dump());
}

std::string canonical_source(const std::string& source) {
  static const char* sources[] = {"API", "Email", "Web", "Phone", "Other"};
  for (const char* s : sources)
    if (lower(source) == lower(s)) return s;
  invalid("source", "'" + source + "' is not one of API, Email, Web, Phone, Other");
}

bool valid_ip(const std::string& ip) {
  unsigned char buf[16];
  return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
}

// The message: plain text, or a data: URL whose media type says text or HTML.
void parse_message(const json& body, const Settings& settings, helpdesk::NewTicket& t) {
  auto raw = get_string(body, "message");
  if (!raw || blank(*raw)) missing("message");
  std::string text = std::move(*raw);
  if (is_data_url(text)) {
    try {
      DataUrl url = parse_data_url(text);
      t.body_format = url.media_type == "text/html" ? "html" : "text";
      text = to_utf8(url.data, url.charset);
    } catch (const helpdesk::Error& e) {
      // "Data: the backup failed, twice" is a person's text, not a broken data URL; broken base64
      // or an unknown charset in a well-formed one is an error.
      if (e.code() != "invalid_data_url")
        throw helpdesk::Error(e.status(), e.code(), std::string("field 'message': ") + e.what());
    }
    if (blank(text)) missing("message");
  }
  if (text.size() > settings.max_message_bytes)
    throw helpdesk::bad_request("field 'message' is " + std::to_string(text.size()) + " bytes; the limit is " +
                                    std::to_string(settings.max_message_bytes) + " (max_message_bytes)",
                                "message_too_large");
  t.body = std::move(text);
}

// A file name without directories or control characters, at most 255 bytes (on a UTF-8 boundary).
std::string clean_filename(std::string_view name, std::size_t index) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  out = trim(out);
  if (out.size() > 255) {
    std::size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  if (out.empty() || out == "." || out == "..") out = "attachment-" + std::to_string(index + 1);
  return out;
}

// A content type safe to send back in a header: type/subtype[; params], printable ASCII.
bool valid_content_type(std::string_view s) {
  if (s.empty() || s.size() > 255 || s.find('/') == std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// One attachment, in either of the forms osTicket clients send:
//   {"file.png": "data:image/png;base64,…"}                      (osTicket's JSON API)
//   {"name": "file.png", "data": "…", "type": "image/png", "encoding": "base64"}  (its XML form, in JSON)
helpdesk::NewAttachment parse_attachment(const json& item, std::size_t index) {
  const std::string where = "attachments[" + std::to_string(index) + "]";
  if (!item.is_object() || item.empty())
    invalid(where, "expected an object like {\"name.ext\": \"data:…\"} or {\"name\": …, \"data\": …}");

  std::string name, data, type, encoding;
  if (item.size() == 1) {
    name = item.begin().key();
    if (!item.begin()->is_string()) invalid(where, "the value of \"" + name + "\" must be a data: URL string");
    data = item.begin()->get<std::string>();
  } else {
    auto field = [&](const char* key, bool required) {
      auto it = item.find(key);
      if (it == item.end() || it->is_null()) {
        if (required) invalid(where, std::string("an attachment object needs \"") + key + "\"");
        return std::string();
      }
      if (!it->is_string()) invalid(where + "." + key, std::string("expected a string, got a ") + it->type_name());
      return it->get<std::string>();
    };
    name = field("name", true);
    data = field("data", true);
    type = trim(field("type", false));
    encoding = lower(trim(field("encoding", false)));
    if (!encoding.empty() && encoding != "base64")
      invalid(where + ".encoding", "only \"base64\" is supported, got '" + encoding + "'");
    if (!type.empty() && !valid_content_type(type)) invalid(where + ".type", "'" + type + "' is not a content type");
  }

  helpdesk::NewAttachment a;
  a.filename = clean_filename(name, index);
  // The content type: as declared ("type", else the data: URL's), else by extension, else
  // text/plain for a plain string (as osTicket does) and application/octet-stream for bytes.
  std::string fallback = "application/octet-stream";
  try {
    if (is_data_url(data)) {
      DataUrl url = parse_data_url(data);
      if (type.empty() && url.has_media_type) type = url.content_type();
      a.data = std::move(url.data);
    } else if (encoding == "base64") {
      a.data = decode_base64(data);
    } else {
      a.data = std::move(data);  // osTicket keeps a plain string as the file's text
      fallback = "text/plain";
    }
  } catch (const helpdesk::Error& e) {
    throw helpdesk::Error(e.status(), e.code(), where + " (\"" + a.filename + "\"): " + e.what());
  }
  if (type.empty()) type = guess_content_type(a.filename);
  a.content_type = type.empty() ? fallback : type;
  return a;
}

void parse_attachments(const json& body, const Settings& settings, helpdesk::NewTicket& t) {
  auto it = body.find("attachments");
  if (it == body.end() || it->is_null()) return;
  if (!it->is_array()) invalid("attachments", std::string("expected a list, got a ") + it->type_name());
  if (it->size() > settings.max_attachments)
    throw helpdesk::bad_request("too many attachments: " + std::to_string(it->size()) + "; the limit is " +
                                    std::to_string(settings.max_attachments) + " (max_attachments)",
                                "too_many_attachments");
  for (std::size_t i = 0; i < it->size(); ++i) t.attachments.push_back(parse_attachment((*it)[i], i));
}

}  // namespace

bool is_valid_email(std::string_view e) {
  if (e.size() > 254) return false;
  const auto at = e.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == e.size()) return false;
  std::string_view local = e.substr(0, at), domain = e.substr(at + 1);
  if (local.size() > 64 || local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  for (unsigned char c : local)
    if (!(std::isalnum(c) || c >= 0x80 || (c && std::strchr("!#$%&'*+-/=?^_`{|}~.", c)))) return false;
  if (domain.front() == '[') return domain.back() == ']' && domain.size() > 2;
  std::size_t start = 0;
  while (true) {
    auto dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (unsigned char c : label)
      if (!(std::isalnum(c) || c == '-' || c >= 0x80)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string guess_content_type(std::string_view filename) {
  static const std::pair<const char*, const char*> types[] = {
      {"txt", "text/plain"},       {"log", "text/plain"},          {"csv", "text/csv"},
      {"htm", "text/html"},        {"html", "text/html"},          {"json", "application/json"},
      {"xml", "application/xml"},  {"pdf", "application/pdf"},     {"zip", "application/zip"},
      {"gz", "application/gzip"},  {"png", "image/png"},           {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},      {"gif", "image/gif"},           {"webp", "image/webp"},
      {"svg", "image/svg+xml"},    {"eml", "message/rfc822"},
      {"doc", "application/msword"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xls", "application/vnd.ms-excel"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
  };
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext = lower(filename.substr(dot + 1));
  for (const auto& [e, type] : types)
    if (ext == e) return type;
  return {};
}

TicketRequest parse_ticket_request(const json& body, const Settings& settings) {
  if (!body.is_object())
    throw helpdesk::bad_request(std::string("the request body must be a JSON object, got a ") + body.type_name(),
                                "invalid_request");
  TicketRequest out;
  helpdesk::NewTicket& t = out.ticket;

  auto email = get_string(body, "email");
  if (!email || blank(*email)) missing("email");
  t.requester.email = trim(*email);
  if (!is_valid_email(t.requester.email)) invalid("email", "'" + t.requester.email + "' is not an email address");

  auto subject = get_string(body, "subject");
  if (!subject || blank(*subject)) missing("subject");
  t.subject = single_line(*subject);

  parse_message(body, settings, t);

  t.requester.name = single_line(get_string(body, "name").value_or(""));
  if (t.requester.name.empty()) t.requester.name = t.requester.email.substr(0, t.requester.email.rfind('@'));

  t.requester.phone = single_line(get_string(body, "phone", true).value_or(""));
  if (auto ext = get_string(body, "phone_ext", true); ext && !blank(*ext))
    t.requester.phone += (t.requester.phone.empty() ? "x" : " x") + single_line(*ext);

  if (auto ip = get_string(body, "ip"); ip && !blank(*ip)) {
    t.ip = trim(*ip);
    if (!valid_ip(t.ip)) invalid("ip", "'" + t.ip + "' is not an IPv4 or IPv6 address");
  }

  t.topic_id = get_id(body, "topicId");
  if (auto it = body.find("priority"); it != body.end() && !it->is_null()) {
    const std::string text = it->is_string() ? trim(it->get<std::string>()) : std::string();
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    if (it->is_number_integer() || digits) {
      t.priority_id = get_id(body, "priority");  // a number is an id, as priorityId
    } else if (it->is_string()) {
      t.priority = text;
    } else {
      invalid("priority", std::string("expected a priority name or id, got a ") + it->type_name());
    }
  }
  if (auto id = get_id(body, "priorityId")) {  // osTicket's own key wins over the documented one
    t.priority_id = id;
    t.priority.clear();
  }

  if (auto source = get_string(body, "source"); source && !blank(*source)) t.source = canonical_source(trim(*source));
  t.alert = get_bool(body, "alert", true);
  t.autorespond = get_bool(body, "autorespond", true);

  parse_attachments(body, settings, t);

  for (const auto& [key, value] : body.items()) {
    if (kKnownKeys.count(key)) continue;
    if (kIgnoredKeys.count(key)) {
      out.ignored_keys.push_back(key);
      continue;
    }
    if (value.is_null()) continue;
    t.fields[key] = value;
    out.custom_keys.push_back(key);
  }
  return out;
}

}  // namespace intake_api
