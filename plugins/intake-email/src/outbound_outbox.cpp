#include "outbound_outbox.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace intake_email {

std::int64_t retry_delay_seconds(int attempts) {
  if (attempts < 1) attempts = 1;
  return std::min<std::int64_t>(3600, std::int64_t{60} << std::min(attempts - 1, 6));
}

namespace outbox {

ThreadIds thread_ids(helpdesk::Sql& sql, const std::string& number, std::size_t max_references) {
  ThreadIds t;
  if (auto in = sql.query_one("SELECT message_id FROM intake_email_messages WHERE ticket_number = ? AND direction = "
                              "'in' ORDER BY id DESC LIMIT 1",
                              {number}))
    t.in_reply_to = in->text(0);
  const auto rows =
      sql.query("SELECT message_id FROM intake_email_messages WHERE ticket_number = ? ORDER BY id DESC LIMIT ?",
                {number, static_cast<std::int64_t>(max_references)});
  if (rows.empty()) return t;
  if (t.in_reply_to.empty()) t.in_reply_to = rows.front().text(0);
  // The thread's root first (clients use it to group), then the latest ones, oldest first.
  if (auto root = sql.query_one(
          "SELECT message_id FROM intake_email_messages WHERE ticket_number = ? ORDER BY id LIMIT 1", {number}))
    t.references.push_back(root->text(0));
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    const std::string id = it->text(0);
    if (id != t.in_reply_to && std::find(t.references.begin(), t.references.end(), id) == t.references.end())
      t.references.push_back(id);
  }
  std::erase(t.references, t.in_reply_to);
  t.references.push_back(t.in_reply_to);
  return t;
}

void insert(helpdesk::Sql& sql, const QueuedMail& m, helpdesk::Timestamp now) {
  sql.exec(
      "INSERT INTO intake_email_outbox (message_id, kind, ticket_number, envelope_from, recipients, raw, state, "
      "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
      {m.message_id, m.kind, m.ticket_number, m.envelope_from, nlohmann::json(m.recipients).dump(), m.raw, now, now});
  sql.exec(
      "INSERT INTO intake_email_messages (direction, message_id, ticket_number, entry_id, source, created_at) "
      "VALUES ('out', ?, ?, ?, ?, ?)",
      {m.message_id, m.ticket_number, m.entry_id == 0 ? helpdesk::SqlValue(nullptr) : helpdesk::SqlValue(m.entry_id),
       m.kind, now});
}

std::vector<OutboxRow> due(helpdesk::Sql& sql, helpdesk::Timestamp now, int limit) {
  std::vector<OutboxRow> out;
  for (const auto& r :
       sql.query("SELECT id, message_id, envelope_from, recipients, raw, attempts FROM intake_email_outbox "
                 "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                 {now, static_cast<std::int64_t>(limit)})) {
    OutboxRow row{r.integer(0), r.text(1), r.text(2), {}, r.text(4), static_cast<int>(r.integer(5))};
    const auto rcpt = nlohmann::json::parse(r.text(3), nullptr, false);
    if (rcpt.is_array())
      for (const auto& a : rcpt)
        if (a.is_string()) row.recipients.push_back(a.get<std::string>());
    out.push_back(std::move(row));
  }
  return out;
}

void mark_sent(helpdesk::Sql& sql, std::int64_t id, helpdesk::Timestamp now) {
  sql.exec(
      "UPDATE intake_email_outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL "
      "WHERE id = ?",
      {now, id});
}

bool mark_attempt_failed(helpdesk::Sql& sql, std::int64_t id, int attempts_before, int max_attempts,
                         const std::string& error, helpdesk::Timestamp now) {
  const int attempts = attempts_before + 1;
  if (attempts >= max_attempts) {
    mark_failed(sql, id, attempts_before, error);
    return true;
  }
  sql.exec("UPDATE intake_email_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
           {static_cast<std::int64_t>(attempts), error, now + retry_delay_seconds(attempts), id});
  return false;
}

void mark_failed(helpdesk::Sql& sql, std::int64_t id, int attempts_before, const std::string& error) {
  sql.exec("UPDATE intake_email_outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
           {static_cast<std::int64_t>(attempts_before + 1), error, id});
}

void defer(helpdesk::Sql& sql, std::int64_t id, helpdesk::Timestamp when) {
  sql.exec("UPDATE intake_email_outbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at < ?", {when, id, when});
}

std::optional<helpdesk::Timestamp> next_due(helpdesk::Sql& sql) {
  auto r = sql.query_one("SELECT MIN(next_attempt_at) FROM intake_email_outbox WHERE state = 'pending'");
  if (!r || r->is_null(0)) return std::nullopt;
  return r->integer(0);
}

OutboxCounts counts(helpdesk::Sql& sql) {
  OutboxCounts c;
  for (const auto& r : sql.query("SELECT state, COUNT(*) FROM intake_email_outbox GROUP BY state")) {
    const std::string state = r.text(0);
    if (state == "pending") c.pending = r.integer(1);
    if (state == "sent") c.sent = r.integer(1);
    if (state == "failed") c.failed = r.integer(1);
  }
  if (auto r = sql.query_one("SELECT MAX(sent_at) FROM intake_email_outbox WHERE state = 'sent'"); r && !r->is_null(0))
    c.last_sent_at = r->integer(0);
  return c;
}

}  // namespace outbox
}  // namespace intake_email
