#include "inbound_deliver.hpp"

#include <helpdesk/text.hpp>

#include "inbound_rules.hpp"

namespace intake_email {

using helpdesk::Actor;
using helpdesk::mail::ParsedMail;

namespace {

std::string display_name(const helpdesk::mail::Address& a) {
  if (!a.name.empty()) return a.name;
  return a.email.substr(0, a.email.find('@'));
}

std::vector<helpdesk::NewAttachment> attachments_of(const ParsedMail& mail) {
  std::vector<helpdesk::NewAttachment> out;
  for (const auto& a : mail.attachments) out.push_back({a.filename, a.content_type, a.data});
  return out;
}

std::string subject_of(const ParsedMail& mail) { return mail.subject.empty() ? "(no subject)" : mail.subject; }

using helpdesk::lower;

}  // namespace

std::optional<std::string> Delivery::reply_target(const ParsedMail& mail) {
  auto match = find_thread(
      mail, ids_, [&](const std::string& id) { return store_.ticket_of(id); }, common_.subject_token);
  if (!match) return std::nullopt;
  host_.logger()->debug("mail {} points at ticket {} by {}", mail.message_id, match->ticket_number, match->how);
  return match->ticket_number;
}

Stored Delivery::deliver(const ParsedMail& mail, const DeliveryTarget& target) {
  auto& tickets = host_.tickets();
  const std::string& sender = mail.from.email;
  if (auto number = reply_target(mail)) {
    if (auto detail = tickets.get(*number)) {
      const auto& t = detail->ticket;
      helpdesk::ReplyInput input;
      input.body = reply_body(mail, input.format);
      input.attachments = attachments_of(mail);
      // An agent's email reply is an agent reply (it goes to the requester).
      if (auto agent = host_.directory().find_agent(sender)) {
        Actor actor{Actor::Kind::agent, std::to_string(agent->id), agent->name, {}};
        return {t.number, tickets.reply(t.number, input, actor).id, true};
      }
      bool allowed = lower(t.requester.email) == sender;
      if (!allowed)
        for (const auto& c : tickets.collaborators(t.number))
          if (lower(c.email) == sender) allowed = true;
      if (allowed) {
        if (t.state == "closed" && settings_.reply_to_closed_new_ticket) return create(mail, target, t.number);
        Actor actor{Actor::Kind::user, sender, display_name(mail.from), {}};
        return {t.number, tickets.add_message(t.number, input, actor).id, true};
      }
      host_.logger()->info("mail {} from {} points at ticket {} but the sender is not on it: new ticket",
                           mail.message_id, sender, t.number);
    }
  }
  return create(mail, target, "");
}

Stored Delivery::create(const ParsedMail& mail, const DeliveryTarget& target, const std::string& follow_up_of) {
  auto& tickets = host_.tickets();
  helpdesk::NewTicket n;
  n.requester.name = display_name(mail.from);
  n.requester.email = mail.from.email;
  n.subject = subject_of(mail);
  n.body = ticket_body(mail, n.body_format);
  n.source = "Email";
  n.department = target.department;
  n.topic = target.topic;
  n.headers = mail.headers;
  n.attachments = attachments_of(mail);
  const Actor actor{Actor::Kind::user, mail.from.email, n.requester.name, {}};
  const auto ticket = tickets.create(n, actor);
  const Actor system = Actor::system(host_.instance_name());
  if (!follow_up_of.empty())
    tickets.note(ticket.number, {"Follow-up to ticket #" + follow_up_of + " (closed), opened by a reply by email.", "text", {}},
                 system);
  if (settings_.cc_as_collaborators)
    for (const auto& cc : cc_collaborators(mail, target.own_addresses))
      tickets.add_collaborator(ticket.number, {0, display_name(cc), cc.email, ""}, system);
  return {ticket.number, 0, false};
}

std::optional<Stored> Delivery::adopt(const ParsedMail& mail, std::int64_t since) {
  auto& tickets = host_.tickets();
  // A reply: the thread it points at holds an entry with this body made since `since`.
  if (auto number = reply_target(mail)) {
    if (auto detail = tickets.get(*number)) {
      std::string format;
      const auto body = reply_body(mail, format);
      for (const auto& e : detail->thread)
        if (e.created_at >= since - 1 && e.body == body) return Stored{detail->ticket.number, e.id, true};
    }
  }
  helpdesk::TicketQuery q;
  q.requester_email = mail.from.email;
  q.sort = "created";
  q.descending = true;
  q.limit = 20;
  for (const auto& t : tickets.list(q).items) {
    if (t.created_at < since - 1) break;
    if (t.subject == subject_of(mail) && t.source == "Email") return Stored{t.number, 0, false};
  }
  return std::nullopt;
}

}  // namespace intake_email
