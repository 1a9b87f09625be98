#pragma once
// Pure checks of a new ticket against the catalog: no I/O, so the write transaction only stores.
#include <string>

#include <helpdesk/tickets.hpp>

#include "kernel/core/catalog.hpp"

namespace helpdesk::kernel {

struct ResolvedTicket {
  std::string email;  // lower-cased
  std::string department;
  std::string topic;
  std::string priority;
  int priority_rank = 0;
  std::string status;
  std::vector<std::pair<std::string, std::string>> fields;  // validated values as text
  std::vector<std::string> ignored_fields;                  // keys not on the topic's form
};

bool plausible_email(const std::string& email);
// Throws Error 400 naming the first problem.
ResolvedTicket resolve_new_ticket(const NewTicket& input, const Catalog& catalog);

}  // namespace helpdesk::kernel
