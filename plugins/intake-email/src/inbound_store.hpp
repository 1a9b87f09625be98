#pragma once
// The inbound side's rows: messages taken in (intake_email_messages, direction 'in'), mailbox items
// handled (intake_email_fetched), the quarantine, per-sender counts and small state.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <helpdesk/storage.hpp>

#include "inbound_rules.hpp"

namespace intake_email {

// A mailbox item: IMAP (uidvalidity, uid) or POP3 (0, uidl).
struct FetchKey {
  std::string account;
  std::int64_t uidvalidity = 0;
  std::string uid;
};

// What is recorded with a message: the ticket it went to and how.
struct Record {
  std::string message_id;       // may be empty
  std::string ticket_number;    // empty when no ticket
  std::int64_t entry_id = 0;
  std::string source;           // pipe, api or the account name
  std::string outcome;          // ticket, reply, duplicate, ignored, rejected, quarantined
};

// An earlier 'in' row for a Message-ID: stored (ticket known) or pending (started, crash before
// the record: the ticket may exist).
struct PriorIn {
  std::string ticket_number;  // empty while pending
  std::int64_t created_at = 0;
};

class InboundStore {
 public:
  explicit InboundStore(helpdesk::Database& db) : db_(db) {}

  // The ticket of an id we stored or sent (either direction), or nullopt.
  std::optional<std::string> ticket_of(const std::string& message_id);
  std::optional<PriorIn> prior_in(const std::string& message_id);
  // Records the stored message (replacing its pending row) and the mailbox item, in one commit.
  void record(const Record& r, const std::optional<FetchKey>& fetch, std::int64_t now);
  // Keeps the whole message with the reason (and records the mailbox item with `outcome`:
  // "unreadable" for an item the mailbox would not hand over) in one commit.
  std::int64_t quarantine(const std::string& source, const std::string& reason, const std::string& sender,
                          const std::string& subject, const std::string& raw, const std::optional<FetchKey>& fetch,
                          std::int64_t now, const std::string& outcome = "quarantined");
  // Counts one message from `email` and returns its window (see count_message); when the window
  // is within `limit` and `message_id` is not empty, marks it pending in the same commit.
  RateWindow admit(const std::string& email, std::int64_t limit, const std::string& message_id,
                   const std::string& source, std::int64_t now);

  // Mailbox bookkeeping.
  // uid -> outcome of every recorded item.
  std::map<std::string, std::string> fetched_uids(const std::string& account, std::int64_t uidvalidity);
  // Items recorded but not yet flagged/moved/deleted (after a crash between commit and clean-up).
  std::vector<std::string> uncleaned(const std::string& account, std::int64_t uidvalidity);
  void mark_cleaned(const std::vector<FetchKey>& keys);  // one commit for all
  std::int64_t imported_count(const std::string& account);

  std::optional<std::string> state(const std::string& key);
  void set_state(const std::string& key, const std::string& value);

  // Newest first: id, received_at (ISO 8601), source, reason, sender, subject.
  nlohmann::json list_quarantine(int limit);

 private:
  helpdesk::Database& db_;
};

}  // namespace intake_email
