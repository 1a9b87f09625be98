#include "outbound_compose.hpp"

#include <algorithm>
#include <stdexcept>

#include <helpdesk/text.hpp>

#include "outbound_templates.hpp"

namespace intake_email {
namespace {

using nlohmann::json;

using helpdesk::lower;

const json* find_entry(const json& catalog, const char* list, const std::string& key) {
  if (!catalog.is_object() || !catalog.contains(list) || !catalog.at(list).is_array()) return nullptr;
  for (const auto& e : catalog.at(list))
    if (e.is_object() && e.value("key", std::string()) == key) return &e;
  return nullptr;
}

// The display name of a catalog entry, else its key.
std::string name_of(const json& catalog, const char* list, const std::string& key) {
  const json* e = find_entry(catalog, list, key);
  return e && e->contains("name") && e->at("name").is_string() ? e->at("name").get<std::string>() : key;
}

// "2026-11-27T14:00:00Z" -> "2026-11-27 14:00 UTC"; anything else unchanged.
std::string readable_time(const std::string& iso) {
  if (iso.size() == 20 && iso[10] == 'T' && iso.back() == 'Z')
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
  return iso;
}

}  // namespace

Mailbox sender_for(const std::string& department, const ComposeContext& ctx) {
  if (const json* d = find_entry(ctx.catalog, "departments", department)) {
    if (d->contains("email") && d->at("email").is_string()) {
      if (auto m = parse_mailbox(d->at("email").get<std::string>())) {
        if (m->name.empty()) m->name = d->value("name", std::string());
        return *m;
      }
    }
  }
  return ctx.settings.from;
}

std::set<std::string> own_addresses(const ComposeContext& ctx) {
  std::set<std::string> out;
  if (!ctx.settings.from.empty()) out.insert(ctx.settings.from.email);
  if (ctx.catalog.is_object() && ctx.catalog.contains("departments") && ctx.catalog.at("departments").is_array())
    for (const auto& d : ctx.catalog.at("departments"))
      if (d.is_object() && d.contains("email") && d.at("email").is_string()) {
        if (auto m = parse_mailbox(d.at("email").get<std::string>()))
          out.insert(m->email);
        else if (!d.at("email").get<std::string>().empty())
          out.insert(lower(d.at("email").get<std::string>()));
      }
  return out;
}

std::map<std::string, std::string> placeholder_values(const Notice& n, const helpdesk::Ticket& t,
                                                      const ComposeContext& ctx) {
  std::string url = ctx.settings.ticket_url;
  if (const auto at = url.find("{number}"); at != std::string::npos) url.replace(at, 8, t.number);
  std::string due = n.due_at;
  if (due.empty() && t.due_at) due = helpdesk::iso8601(*t.due_at);
  return {
      {"ticket.number", t.number},
      {"ticket.subject", t.subject},
      {"ticket.status", name_of(ctx.catalog, "statuses", t.status)},
      {"ticket.priority", name_of(ctx.catalog, "priorities", t.priority)},
      {"ticket.department", name_of(ctx.catalog, "departments", t.department)},
      {"recipient.name", n.recipient.name.empty() ? n.recipient.email : n.recipient.name},
      {"recipient.email", n.recipient.email},
      {"message", n.message},
      {"author", n.author},
      {"url", url},
      {"due_at", readable_time(due)},
  };
}

Composed compose(const Notice& n, const helpdesk::Ticket& t, const ComposeContext& ctx, helpdesk::Timestamp now) {
  const auto tpl = ctx.templates.find(n.template_name);
  if (tpl == ctx.templates.end()) throw std::invalid_argument("no template named " + n.template_name);
  Composed c;
  c.mail.from = sender_for(t.department, ctx);
  if (c.mail.from.empty())
    throw std::invalid_argument("no sender address for department '" + t.department +
                                "': give the department an email or set intake-email's `from`");
  c.mail.to = Mailbox{n.recipient.name, n.recipient.email};
  const auto values = placeholder_values(n, t, ctx);
  std::string subject = header_text(render(tpl->second.subject, values, c.unknown_placeholders));
  const std::string token = ctx.common.token_for(t.number);
  if (subject.find(token) == std::string::npos) subject = token + " " + subject;
  c.mail.subject = subject;
  c.mail.body = render(tpl->second.body, values, c.unknown_placeholders);
  c.mail.loop_id = ctx.common.instance_id;
  c.mail.auto_reply = n.auto_reply;
  c.mail.date = now;
  return c;
}

}  // namespace intake_email
