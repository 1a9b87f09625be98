#include "outbound_settings.hpp"

#include <algorithm>
#include <stdexcept>

#include <helpdesk/text.hpp>

namespace intake_email {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw std::invalid_argument(path + ": " + why);
}

using helpdesk::lower;

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

std::string text(const nlohmann::json& map, const std::string& path, const char* key, std::string fallback = {}) {
  if (!map.contains(key) || map.at(key).is_null()) return fallback;
  if (!map.at(key).is_string()) refuse(path + key, "must be a string");
  return map.at(key).get<std::string>();
}

bool flag(const nlohmann::json& map, const std::string& path, const char* key, bool fallback) {
  if (!map.contains(key) || map.at(key).is_null()) return fallback;
  if (!map.at(key).is_boolean()) refuse(path + key, "must be true or false");
  return map.at(key).get<bool>();
}

bool known(std::string_view name, const auto& names) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::string list(const auto& names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

void read_smtp(const nlohmann::json& s, OutboundSettings& out) {
  if (!s.contains("smtp") || s.at("smtp").is_null()) return;
  const auto& smtp = s.at("smtp");
  if (!smtp.is_object()) refuse("smtp", "must be a map such as {url: smtp://mail.example.com:587}");
  if (smtp.empty()) return;
  for (const auto& [key, value] : smtp.items())
    if (!known(key, std::initializer_list<std::string_view>{"url", "username", "password", "oauth2", "starttls",
                                                            "verify_tls", "ca_file"}))
      refuse("smtp." + key, "unknown setting (known: url, username, password, oauth2, starttls, verify_tls, ca_file)");
  auto& e = out.smtp;
  e.url = text(smtp, "smtp.", "url");
  if (e.url.rfind("smtp://", 0) != 0 && e.url.rfind("smtps://", 0) != 0)
    refuse("smtp.url", e.url.empty() ? "is required when smtp is set (smtp://host:587 or smtps://host:465)"
                                     : "must start with smtp:// or smtps://, not '" + e.url + "'");
  e.username = text(smtp, "smtp.", "username");
  e.password = text(smtp, "smtp.", "password");
  e.starttls = flag(smtp, "smtp.", "starttls", false);
  e.verify_tls = flag(smtp, "smtp.", "verify_tls", true);
  e.ca_file = text(smtp, "smtp.", "ca_file");
  if (smtp.contains("oauth2") && !smtp.at("oauth2").is_null()) {
    const auto& o = smtp.at("oauth2");
    if (!o.is_object())
      refuse("smtp.oauth2", "must be a map {token_url, client_id, client_secret, refresh_token, scope}");
    helpdesk::mail::OAuth2Refresh r;
    r.token_url = text(o, "smtp.oauth2.", "token_url");
    r.client_id = text(o, "smtp.oauth2.", "client_id");
    r.client_secret = text(o, "smtp.oauth2.", "client_secret");
    r.refresh_token = text(o, "smtp.oauth2.", "refresh_token");
    r.scope = text(o, "smtp.oauth2.", "scope");
    r.ca_file = e.ca_file;
    if (r.token_url.rfind("http://", 0) != 0 && r.token_url.rfind("https://", 0) != 0)
      refuse("smtp.oauth2.token_url", "must be an http:// or https:// URL");
    if (r.client_id.empty()) refuse("smtp.oauth2.client_id", "is required");
    if (r.refresh_token.empty()) refuse("smtp.oauth2.refresh_token", "is required");
    if (e.username.empty()) refuse("smtp.username", "is required with oauth2 (the mailbox to log in as)");
    if (!e.password.empty()) refuse("smtp.password", "give either password or oauth2, not both");
    out.smtp_oauth2 = r;
  }
  out.smtp_configured = true;
}

void read_notifications(const nlohmann::json& s, OutboundSettings& out) {
  for (auto name : kNotifications) out.notifications[std::string(name)] = true;
  if (!s.contains("notifications") || s.at("notifications").is_null()) return;
  const auto& n = s.at("notifications");
  if (!n.is_object()) refuse("notifications", "must be a map such as {agent_reply: false}");
  for (const auto& [key, value] : n.items()) {
    if (!known(key, kNotifications))
      refuse("notifications." + key, "unknown notification (known: " + list(kNotifications) + ")");
    if (!value.is_boolean()) refuse("notifications." + key, "must be true or false");
    out.notifications[key] = value.get<bool>();
  }
}

void read_templates(const nlohmann::json& s, OutboundSettings& out) {
  if (!s.contains("templates") || s.at("templates").is_null()) return;
  const auto& t = s.at("templates");
  if (!t.is_object()) refuse("templates", "must be a map {name: {subject: …, body: …}}");
  for (const auto& [name, value] : t.items()) {
    const std::string path = "templates." + name;
    if (!known(name, kTemplates)) refuse(path, "unknown template (known: " + list(kTemplates) + ")");
    if (!value.is_object()) refuse(path, "must be a map {subject: …, body: …}");
    for (const auto& [key, part] : value.items())
      if (key != "subject" && key != "body") refuse(path + "." + key, "unknown key (a template has subject and body)");
    if (value.contains("subject")) {
      const std::string subject = text(value, path + ".", "subject");
      if (subject.find_first_of("\r\n") != std::string::npos) refuse(path + ".subject", "must be one line");
      out.template_subjects[name] = subject;
    }
    if (value.contains("body")) out.template_bodies[name] = text(value, path + ".", "body");
  }
}

}  // namespace

bool plausible_address(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos)
    return false;
  for (unsigned char c : email)
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == ';' || c == '(' || c == ')' ||
        c == '\\' || c == '[' || c == ']')
      return false;
  return true;
}

std::optional<Mailbox> parse_mailbox(std::string_view t) {
  if (t.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  Mailbox m;
  const auto open = t.find('<');
  if (open == std::string_view::npos) {
    m.email = lower(trim(t));
  } else {
    const auto close = t.find('>', open);
    if (close == std::string_view::npos || !trim(t.substr(close + 1)).empty()) return std::nullopt;
    m.email = lower(trim(t.substr(open + 1, close - open - 1)));
    m.name = trim(t.substr(0, open));
    if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"')
      m.name = m.name.substr(1, m.name.size() - 2);
  }
  if (!plausible_address(m.email)) return std::nullopt;
  return m;
}

OutboundSettings OutboundSettings::from_json(const nlohmann::json& s) {
  OutboundSettings out;
  if (!s.is_object()) return out;
  read_smtp(s, out);
  const std::string from = text(s, "", "from");
  if (!from.empty()) {
    auto m = parse_mailbox(from);
    if (!m) refuse("from", "'" + from + "' is not an address such as \"Help Desk <help@example.com>\"");
    out.from = *m;
  }
  read_notifications(s, out);
  read_templates(s, out);
  out.ticket_url = text(s, "", "ticket_url");
  if (out.ticket_url.find_first_of("\r\n ") != std::string::npos) refuse("ticket_url", "must be a URL without spaces");
  if (s.contains("max_attempts") && !s.at("max_attempts").is_null()) {
    const auto& m = s.at("max_attempts");
    if (!m.is_number_integer() || m.get<long long>() < 1 || m.get<long long>() > 1000)
      refuse("max_attempts", "must be an integer from 1 to 1000");
    out.max_attempts = m.get<int>();
  }
  return out;
}

bool OutboundSettings::enabled(std::string_view notification) const {
  const auto it = notifications.find(notification);
  return it == notifications.end() || it->second;
}

}  // namespace intake_email
