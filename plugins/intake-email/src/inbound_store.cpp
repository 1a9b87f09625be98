#include "inbound_store.hpp"

#include <helpdesk/tickets.hpp>

namespace intake_email {

using helpdesk::Sql;
using helpdesk::SqlValue;

namespace {
void insert_fetched(Sql& sql, const FetchKey& f, const std::string& message_id, const std::string& ticket,
                    const std::string& outcome, std::int64_t now) {
  SqlValue ticket_value = nullptr;
  if (!ticket.empty()) ticket_value = ticket;
  sql.exec(
      "INSERT INTO intake_email_fetched (account, uidvalidity, uid, message_id, ticket_number, outcome, fetched_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, uidvalidity, uid) DO NOTHING",
      {f.account, f.uidvalidity, f.uid, message_id, ticket_value, outcome, now});
}
}  // namespace

std::optional<std::string> InboundStore::ticket_of(const std::string& message_id) {
  std::optional<std::string> out;
  db_.read([&](Sql& sql) {
    if (auto row = sql.query_one(
            "SELECT ticket_number FROM intake_email_messages WHERE message_id = ? AND ticket_number IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            {message_id}))
      out = row->text(0);
  });
  return out;
}

std::optional<PriorIn> InboundStore::prior_in(const std::string& message_id) {
  std::optional<PriorIn> out;
  db_.read([&](Sql& sql) {
    if (auto row = sql.query_one(
            "SELECT ticket_number, created_at FROM intake_email_messages WHERE direction = 'in' AND message_id = ? "
            "ORDER BY ticket_number IS NULL, id DESC LIMIT 1",
            {message_id}))
      out = PriorIn{row->text(0), row->integer(1)};
  });
  return out;
}

void InboundStore::record(const Record& r, const std::optional<FetchKey>& fetch, std::int64_t now) {
  db_.write([&](Sql& sql) {
    if (!r.message_id.empty() && !r.ticket_number.empty()) {
      SqlValue entry = nullptr;
      if (r.entry_id) entry = r.entry_id;
      const auto updated = sql.exec(
          "UPDATE intake_email_messages SET ticket_number = ?, entry_id = ?, created_at = ? "
          "WHERE direction = 'in' AND message_id = ? AND ticket_number IS NULL",
          {r.ticket_number, entry, now, r.message_id});
      if (updated == 0 && r.outcome != "duplicate")
        sql.exec(
            "INSERT INTO intake_email_messages (direction, message_id, ticket_number, entry_id, source, created_at) "
            "VALUES ('in', ?, ?, ?, ?, ?)",
            {r.message_id, r.ticket_number, entry, r.source, now});
    }
    if (fetch) insert_fetched(sql, *fetch, r.message_id, r.ticket_number, r.outcome, now);
  });
}

std::int64_t InboundStore::quarantine(const std::string& source, const std::string& reason, const std::string& sender,
                                      const std::string& subject, const std::string& raw,
                                      const std::optional<FetchKey>& fetch, std::int64_t now,
                                      const std::string& outcome) {
  std::int64_t id = 0;
  db_.write([&](Sql& sql) {
    sql.exec(
        "INSERT INTO intake_email_quarantine (received_at, source, reason, sender, subject, raw) VALUES (?, ?, ?, ?, ?, ?)",
        {now, source, reason, sender, subject, raw});
    id = sql.last_insert_id();
    if (fetch) insert_fetched(sql, *fetch, "", "", outcome, now);
  });
  return id;
}

RateWindow InboundStore::admit(const std::string& email, std::int64_t limit, const std::string& message_id,
                               const std::string& source, std::int64_t now) {
  RateWindow w;
  db_.write([&](Sql& sql) {
    std::optional<RateWindow> current;
    if (auto row = sql.query_one("SELECT window_start, count FROM intake_email_senders WHERE email = ?", {email}))
      current = RateWindow{row->integer(0), row->integer(1)};
    w = count_message(current, now);
    sql.exec(
        "INSERT INTO intake_email_senders (email, window_start, count) VALUES (?, ?, ?) "
        "ON CONFLICT (email) DO UPDATE SET window_start = excluded.window_start, count = excluded.count",
        {email, w.start, w.count});
    if (!over_rate_limit(w, limit) && !message_id.empty())
      sql.exec(
          "INSERT INTO intake_email_messages (direction, message_id, ticket_number, entry_id, source, created_at) "
          "VALUES ('in', ?, NULL, NULL, ?, ?)",
          {message_id, source, now});
  });
  return w;
}

std::map<std::string, std::string> InboundStore::fetched_uids(const std::string& account, std::int64_t uidvalidity) {
  std::map<std::string, std::string> out;
  db_.read([&](Sql& sql) {
    for (const auto& row : sql.query(
             "SELECT uid, outcome FROM intake_email_fetched WHERE account = ? AND uidvalidity = ?", {account, uidvalidity}))
      out[row.text(0)] = row.text(1);
  });
  return out;
}

std::vector<std::string> InboundStore::uncleaned(const std::string& account, std::int64_t uidvalidity) {
  std::vector<std::string> out;
  db_.read([&](Sql& sql) {
    for (const auto& row : sql.query(
             "SELECT uid FROM intake_email_fetched WHERE account = ? AND uidvalidity = ? AND cleaned = 0",
             {account, uidvalidity}))
      out.push_back(row.text(0));
  });
  return out;
}

void InboundStore::mark_cleaned(const std::vector<FetchKey>& keys) {
  if (keys.empty()) return;
  db_.write([&](Sql& sql) {
    for (const auto& key : keys)
      sql.exec("UPDATE intake_email_fetched SET cleaned = 1 WHERE account = ? AND uidvalidity = ? AND uid = ?",
               {key.account, key.uidvalidity, key.uid});
  });
}

std::int64_t InboundStore::imported_count(const std::string& account) {
  std::int64_t n = 0;
  db_.read([&](Sql& sql) {
    if (auto row = sql.query_one(
            "SELECT COUNT(*) FROM intake_email_fetched WHERE account = ? AND outcome IN ('ticket', 'reply')", {account}))
      n = row->integer(0);
  });
  return n;
}

std::optional<std::string> InboundStore::state(const std::string& key) {
  std::optional<std::string> out;
  db_.read([&](Sql& sql) {
    if (auto row = sql.query_one("SELECT value FROM intake_email_state WHERE key = ?", {key})) out = row->text(0);
  });
  return out;
}

void InboundStore::set_state(const std::string& key, const std::string& value) {
  db_.write([&](Sql& sql) {
    sql.exec(
        "INSERT INTO intake_email_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {key, value});
  });
}

nlohmann::json InboundStore::list_quarantine(int limit) {
  auto items = nlohmann::json::array();
  db_.read([&](Sql& sql) {
    for (const auto& row : sql.query(
             "SELECT id, received_at, source, reason, sender, subject FROM intake_email_quarantine "
             "ORDER BY received_at DESC, id DESC LIMIT ?",
             {static_cast<std::int64_t>(limit)}))
      items.push_back({{"id", row.integer(0)},
                       {"received_at", helpdesk::iso8601(row.integer(1))},
                       {"source", row.text(2)},
                       {"reason", row.text(3)},
                       {"sender", row.text(4)},
                       {"subject", row.text(5)}});
  });
  return items;
}

}  // namespace intake_email
