#pragma once
// Puts a checked mail into the ticket service: onto the ticket it replies to when the sender is
// allowed there (requester, collaborator, agent), else as a new ticket.
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <helpdesk/plugin.hpp>

#include "common_settings.hpp"
#include "inbound_settings.hpp"
#include "inbound_store.hpp"
#include "message_ids.hpp"
#include "parsed_mail.hpp"

namespace intake_email {

struct DeliveryTarget {
  std::string department, topic;  // for new tickets
  std::set<std::string> own_addresses;
};

struct Stored {
  std::string ticket_number;
  std::int64_t entry_id = 0;
  bool reply = false;  // an entry on an existing ticket (else a new ticket)
};

class Delivery {
 public:
  Delivery(helpdesk::Host& host, const CommonSettings& common, const InboundSettings& settings, const MessageIds& ids,
           InboundStore& store)
      : host_(host), common_(common), settings_(settings), ids_(ids), store_(store) {}

  Stored deliver(const helpdesk::mail::ParsedMail& mail, const DeliveryTarget& target);
  // After a crash between the ticket service's commit and our record: the ticket or entry this
  // mail already became (same requester and subject, or same body on the thread, since `since`).
  std::optional<Stored> adopt(const helpdesk::mail::ParsedMail& mail, std::int64_t since);

 private:
  Stored create(const helpdesk::mail::ParsedMail& mail, const DeliveryTarget& target, const std::string& follow_up_of);
  std::optional<std::string> reply_target(const helpdesk::mail::ParsedMail& mail);

  helpdesk::Host& host_;
  const CommonSettings& common_;
  const InboundSettings& settings_;
  const MessageIds& ids_;
  InboundStore& store_;
};

}  // namespace intake_email
