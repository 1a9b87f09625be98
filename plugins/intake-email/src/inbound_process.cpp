#include "inbound_process.hpp"

#include <spdlog/spdlog.h>

#include "inbound_deliver.hpp"
#include "inbound_rules.hpp"
#include "message_ids.hpp"
#include "parsed_mail.hpp"

namespace intake_email {

using helpdesk::mail::MailKind;
using helpdesk::mail::ParsedMail;

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::ticket: return "ticket";
    case Outcome::reply: return "reply";
    case Outcome::duplicate: return "duplicate";
    case Outcome::ignored: return "ignored";
    case Outcome::rejected: return "rejected";
    case Outcome::quarantined: return "quarantined";
  }
  return "ignored";
}

Processor::Processor(helpdesk::Host& host, const CommonSettings& common, const InboundSettings& settings,
                     helpdesk::Database& db, const MessageIds& ids)
    : host_(host), common_(common), settings_(settings), ids_(ids), store_(db) {}

std::set<std::string> Processor::own_addresses() const {
  std::set<std::string> ours;
  const auto catalog = host_.catalog();
  if (catalog->contains("departments"))
    for (const auto& d : catalog->at("departments"))
      if (d.contains("email") && d["email"].is_string()) ours.insert(d["email"].get<std::string>());
  for (const auto& a : settings_.accounts)
    if (a.endpoint.username.find('@') != std::string::npos) ours.insert(a.endpoint.username);
  std::set<std::string> lowered;
  for (auto e : ours) {
    for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    lowered.insert(e);
  }
  return lowered;
}

Result Processor::quarantine(std::string_view raw, const Source& source, const std::string& reason,
                             const std::string& sender, const std::string& subject) {
  const auto now = host_.scheduler().now();
  const auto id = store_.quarantine(source.name, reason, sender, subject, std::string(raw), source.fetch, now);
  host_.logger()->warn("mail from {} quarantined (#{}, source {}): {}", sender.empty() ? "?" : sender, id,
                       source.name, reason);
  host_.events().publish({helpdesk::events::mail_rejected, "",
                          {{"reason", reason}, {"outcome", "quarantined"}, {"sender", sender}, {"quarantine_id", id}},
                          helpdesk::Actor::system(host_.instance_name()), now});
  return {Outcome::quarantined, "", reason};
}

Result Processor::refuse(Outcome outcome, const Source& source, const std::string& message_id,
                         const std::string& sender, const std::string& reason) {
  const auto now = host_.scheduler().now();
  store_.record({message_id, "", 0, source.name, to_string(outcome)}, source.fetch, now);
  host_.logger()->info("mail {} from {} {} (source {}): {}", message_id, sender, to_string(outcome), source.name, reason);
  host_.events().publish({helpdesk::events::mail_rejected, "",
                          {{"reason", reason}, {"outcome", to_string(outcome)}, {"sender", sender},
                           {"message_id", message_id}},
                          helpdesk::Actor::system(host_.instance_name()), now});
  return {outcome, "", reason};
}

Result Processor::finish(Outcome outcome, const Source& source, const std::string& message_id,
                         const std::string& ticket, std::int64_t entry_id) {
  const auto now = host_.scheduler().now();
  store_.record({message_id, ticket, entry_id, source.name, to_string(outcome)}, source.fetch, now);
  host_.events().publish({helpdesk::events::mail_received, ticket,
                          {{"ticket", ticket}, {"message_id", message_id}, {"outcome", to_string(outcome)}},
                          helpdesk::Actor::system(host_.instance_name()), now});
  return {outcome, ticket, ""};
}

Result Processor::process(std::string_view raw, const Source& source) {
  if (raw.size() > settings_.max_message_bytes)
    return quarantine(raw.substr(0, settings_.max_message_bytes), source,
                      "message is larger than max_message_bytes (" + std::to_string(settings_.max_message_bytes) +
                          " bytes); kept truncated");
  helpdesk::mail::ParseLimits limits;
  limits.max_message_bytes = settings_.max_message_bytes;
  limits.max_attachment_bytes = settings_.max_attachment_bytes;
  limits.loop_header_value = common_.instance_id;
  ParsedMail mail;
  try {
    mail = helpdesk::mail::parse_message(raw, limits);
  } catch (const helpdesk::mail::MailParseError& e) {
    return quarantine(raw, source, std::string("unparseable: ") + e.what());
  }
  const std::string& sender = mail.from.email;
  if (is_banned(sender, settings_.banned_senders))
    return refuse(Outcome::rejected, source, mail.message_id, sender, "sender " + sender + " is banned");
  if (mail.kind != MailKind::normal)
    return refuse(Outcome::ignored, source, mail.message_id, sender,
                  std::string(helpdesk::mail::to_string(mail.kind)) + " (" + mail.kind_reason + ")");

  // Seen before (an MTA retry, a re-fetch after a crash): answer with what it became. A message
  // without a Message-ID is known by its bytes.
  if (mail.message_id.empty()) mail.message_id = content_message_id(raw);
  std::optional<PriorIn> prior;
  if (!mail.message_id.empty()) prior = store_.prior_in(mail.message_id);
  if (prior && !prior->ticket_number.empty())
    return finish(Outcome::duplicate, source, mail.message_id, prior->ticket_number, 0);

  const auto now = host_.scheduler().now();
  if (!prior) {
    const auto window = store_.admit(sender, settings_.rate_limit_per_hour, mail.message_id, source.name, now);
    if (over_rate_limit(window, settings_.rate_limit_per_hour))
      return quarantine(raw, source,
                        "rate limit: " + std::to_string(window.count) + " messages from " + sender +
                            " within an hour (rate_limit_per_hour " + std::to_string(settings_.rate_limit_per_hour) + ")",
                        sender, mail.subject);
  }

  Delivery delivery(host_, common_, settings_, ids_, store_);
  DeliveryTarget target{source.department, source.topic, own_addresses()};
  try {
    // A pending row from an interrupted run: the ticket service may have committed without us.
    if (prior) {
      if (auto adopted = delivery.adopt(mail, prior->created_at))
        return finish(adopted->reply ? Outcome::reply : Outcome::ticket, source, mail.message_id, adopted->ticket_number,
                      adopted->entry_id);
    }
    const auto stored = delivery.deliver(mail, target);
    return finish(stored.reply ? Outcome::reply : Outcome::ticket, source, mail.message_id, stored.ticket_number,
                  stored.entry_id);
  } catch (const helpdesk::Error& e) {
    // The ticket service refused the message itself (4xx): keep it for an admin, do not retry.
    if (e.status() >= 500 || e.status() == 409) throw;
    return quarantine(raw, source, "ticket service refused it: " + std::string(e.what()), sender, mail.subject);
  }
}

}  // namespace intake_email
