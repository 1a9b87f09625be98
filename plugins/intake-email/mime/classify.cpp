#include "classify.hpp"

#include <algorithm>
#include <cctype>

#include <helpdesk/text.hpp>

namespace helpdesk::mail {

namespace {

using helpdesk::lower;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace((unsigned char)s.front())) s.remove_prefix(1);
  while (!s.empty() && std::isspace((unsigned char)s.back())) s.remove_suffix(1);
  return s;
}

const std::string* header(const ClassifyInput& in, const std::string& name) {
  auto it = in.headers->find(name);
  return it == in.headers->end() ? nullptr : &it->second;
}

// "Name: value" as the reason, with the value as the sender wrote it (trimmed).
std::string reason(std::string_view display_name, const std::string& value) {
  return std::string(display_name) + ": " + std::string(trim(value));
}

// Comma or semicolon separated tokens, lower-case ("OOF, AutoReply").
bool has_token(const std::string& value, std::string_view want) {
  std::string v = lower(value);
  std::size_t pos = 0;
  while (pos <= v.size()) {
    std::size_t end = v.find_first_of(",;", pos);
    if (end == std::string::npos) end = v.size();
    if (trim(std::string_view(v).substr(pos, end - pos)) == want) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

Classification classify(const ClassifyInput& in) {
  if (const std::string* loop = header(in, "x-helpdesk-loop")) {
    std::string value(trim(*loop));
    if (in.loop_header_value.empty() || value == in.loop_header_value)
      return {MailKind::own_notification, reason("X-Helpdesk-Loop", value)};
    // Another helpdesk's notification: answering it would start a ping-pong between the two.
    return {MailKind::auto_reply, reason("X-Helpdesk-Loop", value) + " (another instance)"};
  }

  if (in.content_type == "multipart/report" && in.report_type == "delivery-status")
    return {MailKind::bounce, "multipart/report; report-type=delivery-status"};
  std::string local = in.from_email.substr(0, in.from_email.find('@'));
  if (local == "mailer-daemon") return {MailKind::bounce, "From: " + in.from_email};
  if (const std::string* failed = header(in, "x-failed-recipients")) return {MailKind::bounce, reason("X-Failed-Recipients", *failed)};

  if (const std::string* v = header(in, "auto-submitted"); v && lower(trim(*v)).substr(0, 2) != "no")
    return {MailKind::auto_reply, reason("Auto-Submitted", *v)};
  if (const std::string* v = header(in, "x-autoreply")) return {MailKind::auto_reply, reason("X-Autoreply", *v)};
  if (const std::string* v = header(in, "x-autorespond")) return {MailKind::auto_reply, reason("X-Autorespond", *v)};
  if (const std::string* v = header(in, "precedence")) {
    std::string p = lower(trim(*v));
    if (p == "bulk" || p == "junk" || p == "list" || p == "auto_reply")
      return {MailKind::auto_reply, reason("Precedence", *v)};
  }
  if (const std::string* v = header(in, "x-auto-response-suppress"); v && (has_token(*v, "all") || has_token(*v, "autoreply")))
    return {MailKind::auto_reply, reason("X-Auto-Response-Suppress", *v)};
  if (in.content_type == "multipart/report" && in.report_type == "disposition-notification")
    return {MailKind::auto_reply, "multipart/report; report-type=disposition-notification"};
  return {};
}

void parse_delivery_status(std::string_view text, BounceInfo& info) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "final-recipient" || (name == "original-recipient" && info.recipients.empty())) {
      // "rfc822; user@example.com"
      std::size_t semi = value.find(';');
      std::string addr = lower(trim(semi == std::string_view::npos ? value : value.substr(semi + 1)));
      if (!addr.empty() && addr.front() == '<' && addr.back() == '>') addr = addr.substr(1, addr.size() - 2);
      if (!addr.empty() && std::find(info.recipients.begin(), info.recipients.end(), addr) == info.recipients.end())
        info.recipients.push_back(addr);
    } else if (name == "action" && info.action.empty()) {
      info.action = lower(value);
    } else if (name == "status" && info.status.empty()) {
      info.status = std::string(value.substr(0, value.find_first_of(" \t(")));
    }
  }
}

}  // namespace helpdesk::mail
