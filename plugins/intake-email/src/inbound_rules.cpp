#include "inbound_rules.hpp"

#include <algorithm>
#include <cctype>

namespace intake_email {

using helpdesk::mail::Address;
using helpdesk::mail::ParsedMail;

bool is_banned(const std::string& email, const std::vector<std::string>& banned) {
  const auto at = email.rfind('@');
  const std::string domain = at == std::string::npos ? "" : email.substr(at);
  for (const auto& b : banned) {
    if (b == email) return true;
    if (!domain.empty() && b.front() == '@' && b == domain) return true;
  }
  return false;
}

std::optional<std::string> subject_ticket(const std::string& subject, const std::string& token_pattern) {
  const auto slot = token_pattern.find("{number}");
  if (slot == std::string::npos) return std::nullopt;
  const std::string prefix = token_pattern.substr(0, slot), suffix = token_pattern.substr(slot + 8);
  for (std::size_t from = 0; from <= subject.size();) {
    const auto p = subject.find(prefix, from);
    if (p == std::string::npos) return std::nullopt;
    std::size_t i = p + prefix.size(), digits = i;
    while (digits < subject.size() && std::isdigit(static_cast<unsigned char>(subject[digits]))) ++digits;
    // Numbers are at most 20 digits; anything longer is not ours.
    if (digits > i && digits - i <= 20 && subject.compare(digits, suffix.size(), suffix) == 0)
      return subject.substr(i, digits - i);
    from = p + 1;
  }
  return std::nullopt;
}

std::vector<std::string> thread_candidates(const ParsedMail& mail) {
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const auto& id : mail.in_reply_to) add(id);
  for (auto it = mail.references.rbegin(); it != mail.references.rend(); ++it) add(*it);
  return out;
}

std::optional<ThreadMatch> find_thread(const ParsedMail& mail, const MessageIds& ids,
                                       const std::function<std::optional<std::string>(const std::string&)>& stored,
                                       const std::string& token_pattern) {
  for (const auto& id : thread_candidates(mail)) {
    if (auto s = ids.verify(id)) return ThreadMatch{s->ticket_number, "signed id <" + id + ">"};
    if (auto n = stored(id)) return ThreadMatch{*n, "stored id <" + id + ">"};
  }
  if (auto n = subject_ticket(mail.subject, token_pattern)) return ThreadMatch{*n, "subject token"};
  return std::nullopt;
}

const char* to_string(SenderRole role) {
  switch (role) {
    case SenderRole::stranger: return "stranger";
    case SenderRole::requester: return "requester";
    case SenderRole::collaborator: return "collaborator";
    case SenderRole::agent: return "agent";
  }
  return "stranger";
}

RateWindow count_message(std::optional<RateWindow> current, std::int64_t now) {
  if (!current || now - current->start >= 3600 || now < current->start) return RateWindow{now, 1};
  return RateWindow{current->start, current->count + 1};
}

bool over_rate_limit(const RateWindow& window, std::int64_t limit) { return limit > 0 && window.count > limit; }

std::vector<Address> cc_collaborators(const ParsedMail& mail, const std::set<std::string>& ours) {
  std::vector<Address> out;
  std::set<std::string> seen{mail.from.email};
  for (const auto& a : mail.cc) {
    if (a.email.empty() || a.email.find('@') == std::string::npos || ours.count(a.email)) continue;
    if (!seen.insert(a.email).second) continue;
    out.push_back(a);
  }
  return out;
}

namespace {
std::string with_dropped(std::string body, const ParsedMail& mail, bool html) {
  if (mail.dropped.empty()) return body;
  body += html ? "<p>Attachments left out:</p><ul>" : "\n\nAttachments left out:\n";
  for (const auto& d : mail.dropped) {
    if (html) {
      std::string esc;
      for (char c : d) esc += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
      body += "<li>" + esc + "</li>";
    } else {
      body += "- " + d + "\n";
    }
  }
  if (html) body += "</ul>";
  return body;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}
}  // namespace

std::string ticket_body(const ParsedMail& mail, std::string& format) {
  if (blank(mail.text_body) && !blank(mail.html_body)) {
    format = "html";
    return with_dropped(mail.html_body, mail, true);
  }
  format = "text";
  return with_dropped(blank(mail.text_body) ? "(no message text)" : mail.text_body, mail, false);
}

std::string reply_body(const ParsedMail& mail, std::string& format) {
  if (blank(mail.reply_text)) return ticket_body(mail, format);
  format = "text";
  return with_dropped(mail.reply_text, mail, false);
}

}  // namespace intake_email
