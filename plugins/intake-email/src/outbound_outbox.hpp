#pragma once
// The outbox tables' SQL: queueing a mail (outbox row + 'out' row in intake_email_messages, in
// the caller's transaction), the thread's ids for In-Reply-To/References, the due rows, and
// their fate (sent, retry with backoff, failed).
#include <cstdint>
#include <helpdesk/storage.hpp>
#include <helpdesk/tickets.hpp>
#include <optional>
#include <string>
#include <vector>

namespace intake_email {

struct QueuedMail {
  std::string message_id;  // without angle brackets
  std::string kind;        // the template name
  std::string ticket_number;
  std::int64_t entry_id = 0;
  std::string envelope_from;
  std::vector<std::string> recipients;
  std::string raw;
};

struct OutboxRow {
  std::int64_t id = 0;
  std::string message_id;
  std::string envelope_from;
  std::vector<std::string> recipients;
  std::string raw;
  int attempts = 0;
};

struct ThreadIds {
  std::string in_reply_to;              // "" when the ticket has no stored message yet
  std::vector<std::string> references;  // oldest first, ends with in_reply_to
};

struct OutboxCounts {
  std::int64_t pending = 0, sent = 0, failed = 0;
  std::optional<helpdesk::Timestamp> last_sent_at;
};

// Seconds before attempt `attempts + 1` after `attempts` failed ones: 1 minute doubling, at most
// an hour.
std::int64_t retry_delay_seconds(int attempts);

namespace outbox {

// In-Reply-To: the requester's latest message we took in, else the latest we sent; References:
// the thread's first message and its latest ones (at most `max_references`), oldest first.
ThreadIds thread_ids(helpdesk::Sql& sql, const std::string& ticket_number, std::size_t max_references = 10);
void insert(helpdesk::Sql& sql, const QueuedMail& mail, helpdesk::Timestamp now);
std::vector<OutboxRow> due(helpdesk::Sql& sql, helpdesk::Timestamp now, int limit);
void mark_sent(helpdesk::Sql& sql, std::int64_t id, helpdesk::Timestamp now);
// Counts an attempt and schedules the next one, or marks the row failed after `max_attempts`.
// Returns true when the row failed.
bool mark_attempt_failed(helpdesk::Sql& sql, std::int64_t id, int attempts_before, int max_attempts,
                         const std::string& error, helpdesk::Timestamp now);
void mark_failed(helpdesk::Sql& sql, std::int64_t id, int attempts_before, const std::string& error);
// Moves a row's next attempt without counting one (the relay was down before we got to it).
void defer(helpdesk::Sql& sql, std::int64_t id, helpdesk::Timestamp when);
// When the earliest pending row is due; nullopt when nothing is pending.
std::optional<helpdesk::Timestamp> next_due(helpdesk::Sql& sql);
OutboxCounts counts(helpdesk::Sql& sql);

}  // namespace outbox
}  // namespace intake_email
