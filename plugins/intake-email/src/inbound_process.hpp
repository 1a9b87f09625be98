#pragma once
// One message from any source (pipe, API, mailbox) to its outcome: parsed, checked (size, loops,
// bans, rate limit), threaded onto its ticket or opened as a new one, recorded, or quarantined.
// Temporary failures (database, ticket service 5xx) throw, so the caller retries: the MTA (75),
// the API client (5xx) or the next poll.
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <helpdesk/plugin.hpp>

#include "common_settings.hpp"
#include "inbound_settings.hpp"
#include "inbound_store.hpp"
#include "message_ids.hpp"

namespace intake_email {

enum class Outcome { ticket, reply, duplicate, ignored, rejected, quarantined };
const char* to_string(Outcome o);

struct Source {
  std::string name;                     // pipe, api or the account name
  std::string department, topic;        // for new tickets ("" = the kernel's default)
  std::optional<FetchKey> fetch;        // the mailbox item, recorded with the outcome
};

struct Result {
  Outcome outcome = Outcome::ignored;
  std::string ticket_number;  // ticket, reply, duplicate
  std::string reason;         // ignored, rejected, quarantined
};

class Processor {
 public:
  Processor(helpdesk::Host& host, const CommonSettings& common, const InboundSettings& settings,
            helpdesk::Database& db, const MessageIds& ids);
  Result process(std::string_view raw, const Source& source);
  InboundStore& store() { return store_; }

 private:
  Result quarantine(std::string_view raw, const Source& source, const std::string& reason,
                    const std::string& sender = {}, const std::string& subject = {});
  Result refuse(Outcome outcome, const Source& source, const std::string& message_id, const std::string& sender,
                const std::string& reason);
  Result finish(Outcome outcome, const Source& source, const std::string& message_id, const std::string& ticket,
                std::int64_t entry_id);
  std::set<std::string> own_addresses() const;

  helpdesk::Host& host_;
  const CommonSettings& common_;
  const InboundSettings& settings_;
  const MessageIds& ids_;
  InboundStore store_;
};

}  // namespace intake_email
