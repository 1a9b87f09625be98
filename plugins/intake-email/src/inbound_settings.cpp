#include "inbound_settings.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <helpdesk/text.hpp>

namespace intake_email {
namespace {

using nlohmann::json;

using helpdesk::lower;

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw std::invalid_argument(where + ": " + why);
}

std::string text(const json& obj, const std::string& key, const std::string& where, bool required = false) {
  if (!obj.contains(key) || obj[key].is_null()) {
    if (required) fail(where + "." + key, "is required");
    return {};
  }
  if (!obj[key].is_string()) fail(where + "." + key, "must be a string");
  return obj[key].get<std::string>();
}

bool flag(const json& obj, const std::string& key, bool fallback, const std::string& where) {
  if (!obj.contains(key)) return fallback;
  if (!obj[key].is_boolean()) fail(where + "." + key, "must be true or false");
  return obj[key].get<bool>();
}

helpdesk::mail::OAuth2Refresh read_oauth2(const json& o, const std::string& where) {
  if (!o.is_object()) fail(where, "must be a map with token_url, client_id, client_secret, refresh_token");
  helpdesk::mail::OAuth2Refresh r;
  r.token_url = text(o, "token_url", where, true);
  r.client_id = text(o, "client_id", where, true);
  r.client_secret = text(o, "client_secret", where);
  r.refresh_token = text(o, "refresh_token", where, true);
  r.scope = text(o, "scope", where);
  if (!r.token_url.starts_with("https://") && !r.token_url.starts_with("http://"))
    fail(where + ".token_url", "must be an http(s):// URL");
  return r;
}

MailAccount read_account(const json& a, std::size_t i, std::set<std::string>& names) {
  const std::string where = "accounts[" + std::to_string(i) + "]";
  if (!a.is_object()) fail(where, "must be a map with name, url, username and password or oauth2");
  static const std::set<std::string> known = {"name",     "url",        "username",  "password",  "oauth2",
                                              "department", "topic",    "interval_seconds", "after_import",
                                              "move_to",  "starttls",   "verify_tls", "ca_file"};
  for (const auto& [key, value] : a.items())
    if (!known.count(key)) fail(where + "." + key, "unknown key");
  MailAccount acc;
  acc.name = text(a, "name", where, true);
  if (acc.name.empty() || acc.name.size() > 64 ||
      !std::all_of(acc.name.begin(), acc.name.end(),
                   [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; }))
    fail(where + ".name", "must be 1-64 letters, digits, '-', '_' or '.'");
  if (!names.insert(acc.name).second) fail(where + ".name", "'" + acc.name + "' is used by another account");
  auto& e = acc.endpoint;
  e.url = text(a, "url", where, true);
  const std::string scheme = lower(e.url.substr(0, e.url.find("://")));
  if (e.url.find("://") == std::string::npos || (scheme != "imap" && scheme != "imaps" && scheme != "pop3" && scheme != "pop3s"))
    fail(where + ".url", "must start with imap://, imaps://, pop3:// or pop3s:// (got '" + e.url + "')");
  acc.pop3 = scheme.starts_with("pop3");
  e.username = text(a, "username", where, true);
  e.password = text(a, "password", where);
  if (a.contains("oauth2")) acc.oauth2 = read_oauth2(a["oauth2"], where + ".oauth2");
  if (e.password.empty() && !acc.oauth2) fail(where + ".password", "set a password or oauth2");
  if (!e.password.empty() && acc.oauth2) fail(where + ".oauth2", "set either password or oauth2, not both");
  acc.department = text(a, "department", where);
  acc.topic = text(a, "topic", where);
  if (a.contains("interval_seconds")) {
    if (!a["interval_seconds"].is_number_integer()) fail(where + ".interval_seconds", "must be a whole number");
    acc.interval_seconds = a["interval_seconds"].get<std::int64_t>();
    if (acc.interval_seconds < 1 || acc.interval_seconds > 86400)
      fail(where + ".interval_seconds", "must be between 1 and 86400");
  }
  if (a.contains("after_import")) acc.after_import = text(a, "after_import", where);
  else if (acc.pop3) acc.after_import = "keep";
  static const std::set<std::string> imap_actions = {"keep", "seen", "move", "delete"};
  if (!imap_actions.count(acc.after_import))
    fail(where + ".after_import", "must be keep, seen, move or delete (got '" + acc.after_import + "')");
  if (acc.pop3 && acc.after_import != "keep" && acc.after_import != "delete")
    fail(where + ".after_import", "POP3 can only keep or delete (got '" + acc.after_import + "')");
  acc.move_to = text(a, "move_to", where);
  if (acc.after_import == "move" && acc.move_to.empty()) fail(where + ".move_to", "is required for after_import: move");
  e.starttls = flag(a, "starttls", false, where);
  e.verify_tls = flag(a, "verify_tls", true, where);
  e.ca_file = text(a, "ca_file", where);
  if (acc.oauth2) acc.oauth2->ca_file = e.ca_file;
  return acc;
}

}  // namespace

InboundSettings InboundSettings::from_json(const json& s) {
  InboundSettings out;
  if (s.contains("accounts") && !s["accounts"].is_null()) {
    if (!s["accounts"].is_array()) fail("accounts", "must be a list");
    std::set<std::string> names;
    for (std::size_t i = 0; i < s["accounts"].size(); ++i) out.accounts.push_back(read_account(s["accounts"][i], i, names));
  }
  const std::string closed = s.value("reply_to_closed", std::string("reopen"));
  if (closed != "reopen" && closed != "new_ticket") fail("reply_to_closed", "must be reopen or new_ticket (got '" + closed + "')");
  out.reply_to_closed_new_ticket = closed == "new_ticket";
  out.cc_as_collaborators = s.value("cc_as_collaborators", true);
  out.rate_limit_per_hour = s.value("rate_limit_per_hour", std::int64_t{30});
  if (out.rate_limit_per_hour < 0) fail("rate_limit_per_hour", "must be 0 (no limit) or more");
  if (s.contains("banned_senders") && s["banned_senders"].is_array()) {
    for (std::size_t i = 0; i < s["banned_senders"].size(); ++i) {
      const auto& b = s["banned_senders"][i];
      const std::string where = "banned_senders[" + std::to_string(i) + "]";
      if (!b.is_string()) fail(where, "must be an address or @domain");
      std::string v = lower(b.get<std::string>());
      if (v.find('@') == std::string::npos || v.size() < 2) fail(where, "must be an address or @domain (got '" + v + "')");
      out.banned_senders.push_back(v);
    }
  }
  const auto max_message = s.value("max_message_bytes", std::int64_t{26214400});
  const auto max_attachment = s.value("max_attachment_bytes", std::int64_t{10485760});
  if (max_message < 1024) fail("max_message_bytes", "must be at least 1024");
  if (max_attachment < 0) fail("max_attachment_bytes", "must not be negative");
  out.max_message_bytes = static_cast<std::size_t>(max_message);
  out.max_attachment_bytes = static_cast<std::size_t>(max_attachment);
  return out;
}

const MailAccount* InboundSettings::account(const std::string& name) const {
  for (const auto& a : accounts)
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace intake_email
