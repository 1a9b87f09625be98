#include "outbound_recipients.hpp"

#include <algorithm>

#include <helpdesk/text.hpp>

#include "html_to_text.hpp"  // intake_email_mime

namespace intake_email {
namespace {

using helpdesk::Person;
using nlohmann::json;

using helpdesk::lower;

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

bool flag(const json& j, const char* key) {
  return !(j.is_object() && j.contains(key) && j.at(key).is_boolean()) || j.at(key).get<bool>();
}

class Collector {
 public:
  explicit Collector(NoticeSources& s) : s_(s) {}
  // Adds `base` addressed to `person` unless that address must not (or need not) be mailed.
  void add(const Notice& base, const Person& person) {
    const std::string email = lower(person.email);
    if (email.empty() || !plausible_address(email) || s_.own_addresses.count(email)) return;
    if (!seen_.insert(base.template_name + "\n" + email).second) return;
    Notice n = base;
    n.recipient = person;
    n.recipient.email = email;
    out_.push_back(std::move(n));
  }
  std::vector<Notice> take() { return std::move(out_); }

 private:
  NoticeSources& s_;
  std::set<std::string> seen_;
  std::vector<Notice> out_;
};

Person requester_of(const json& ticket) {
  const auto& r = ticket.contains("requester") ? ticket.at("requester") : json::object();
  return Person{0, str(r, "name"), str(r, "email"), ""};
}

// The ticket's first message, for {message} in mails about a new ticket.
std::string first_message(NoticeSources& s, const std::string& number, std::int64_t* entry_id) {
  auto detail = s.tickets.get(number);
  if (!detail) return {};
  for (const auto& e : detail->thread)
    if (e.kind == "message") {
      if (entry_id) *entry_id = e.id;
      return entry_text(e.body, e.format);
    }
  return {};
}

void on_created(const helpdesk::Event& ev, NoticeSources& s, Collector& c) {
  const json& t = ev.data;
  const bool respond =
      s.settings.enabled("new_ticket_autoresponse") && flag(t, "autorespond") && !is_system_import(ev.actor);
  const bool alert = s.settings.enabled("new_ticket_alert") && flag(t, "alert");
  if (!respond && !alert) return;
  Notice base;
  base.message = first_message(s, ev.ticket_number, &base.entry_id);
  const Person requester = requester_of(t);
  base.author = requester.name.empty() ? requester.email : requester.name;
  if (respond) {
    Notice n = base;
    n.notification = "new_ticket_autoresponse";
    n.template_name = "auto_response";
    n.auto_reply = true;
    c.add(n, requester);
  }
  if (alert) {
    Notice n = base;
    n.notification = "new_ticket_alert";
    n.template_name = "new_ticket_alert";
    for (const auto& agent : s.directory.department_agents(str(t, "department"))) c.add(n, agent);
  }
}

// The entry of a ticket.replied event: the kernel sends the entry itself, the SDK's fake wraps
// it as {"entry": …}; both are read.
const json& entry_of(const json& data) {
  return data.is_object() && data.contains("entry") && data.at("entry").is_object() ? data.at("entry") : data;
}

void on_replied(const helpdesk::Event& ev, NoticeSources& s, Collector& c) {
  const json& entry = entry_of(ev.data);
  const std::string kind = str(entry, "kind");
  const bool response = kind == "response" && s.settings.enabled("agent_reply");
  const bool message = kind == "message" && s.settings.enabled("new_message_alert");
  if (!response && !message) return;  // notes and the rest notify nobody by mail
  auto detail = s.tickets.get(ev.ticket_number);
  if (!detail) return;
  Notice base;
  base.entry_id = entry.value("id", std::int64_t{0});
  base.message = entry_text(str(entry, "body"), str(entry, "format"));
  base.author = str(entry, "author");
  if (response) {
    base.notification = base.template_name = "agent_reply";
    c.add(base, detail->ticket.requester);
    for (const auto& p : s.tickets.collaborators(ev.ticket_number)) c.add(base, p);
    return;
  }
  base.notification = base.template_name = "new_message_alert";
  if (detail->ticket.assignee_id) {
    if (auto agent = s.directory.agent(*detail->ticket.assignee_id)) {
      c.add(base, *agent);
      return;
    }
  }
  for (const auto& agent : s.directory.department_agents(detail->ticket.department)) c.add(base, agent);
}

void on_assigned(const helpdesk::Event& ev, NoticeSources& s, Collector& c) {
  if (!s.settings.enabled("assignment_alert")) return;
  const auto& before = ev.data.contains("before") ? ev.data.at("before") : json::object();
  const auto& after = ev.data.contains("after") ? ev.data.at("after") : json::object();
  // The kernel sends ticket JSON ({"assignee": {"id", "name"}}); the SDK's fake {"agent_id"}.
  const auto id_of = [](const json& t) -> std::int64_t {
    if (!t.is_object()) return 0;
    if (t.contains("assignee") && t.at("assignee").is_object()) return t.at("assignee").value("id", std::int64_t{0});
    if (t.contains("agent_id") && t.at("agent_id").is_number_integer()) return t.at("agent_id").get<std::int64_t>();
    return 0;
  };
  const std::int64_t now = id_of(after);
  if (now == 0 || now == id_of(before)) return;  // unassigned, or only the team changed
  auto agent = s.directory.agent(now);
  if (!agent) return;
  Notice n;
  n.notification = n.template_name = "assignment_alert";
  n.author = ev.actor.name;
  n.message = first_message(s, ev.ticket_number, nullptr);
  c.add(n, *agent);
}

void on_breached(const helpdesk::Event& ev, NoticeSources& s, Collector& c) {
  if (!s.settings.enabled("overdue_alert")) return;
  const auto& notify = ev.data.contains("notify") ? ev.data.at("notify") : json::array();
  if (!notify.is_array()) return;
  Notice n;
  n.notification = n.template_name = "overdue_alert";
  n.due_at = str(ev.data, "due_at");
  n.author = ev.actor.name;
  for (const auto& who : notify) c.add(n, Person{0, str(who, "name"), str(who, "email"), ""});
}

}  // namespace

bool is_system_import(const helpdesk::Actor& actor) {
  return actor.kind == helpdesk::Actor::Kind::system && actor.id.rfind("import", 0) == 0;
}

std::string entry_text(const std::string& body, const std::string& format) {
  return format == "html" ? helpdesk::mail::html_to_text(body) : body;
}

std::vector<Notice> notices_for(const helpdesk::Event& event, NoticeSources& sources) {
  Collector c(sources);
  if (event.name == helpdesk::events::ticket_created)
    on_created(event, sources, c);
  else if (event.name == helpdesk::events::ticket_replied)
    on_replied(event, sources, c);
  else if (event.name == helpdesk::events::ticket_assigned)
    on_assigned(event, sources, c);
  else if (event.name == helpdesk::events::sla_breached)
    on_breached(event, sources, c);
  return c.take();
}

}  // namespace intake_email
