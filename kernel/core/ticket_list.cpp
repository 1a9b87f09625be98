// TicketService::list: filters, sort and keyset pagination. The cursor is "<sort value>.<id>" of
// the last row of the previous page, so a page is an index range scan at any depth.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <helpdesk/error.hpp>

#include "kernel/core/access_policy.hpp"
#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {
namespace {

const char* sort_column(const std::string& sort) {
  if (sort == "created") return "t.created_at";
  if (sort == "updated") return "t.updated_at";
  if (sort == "number") return "t.id";
  if (sort == "priority") return "t.priority_rank";
  throw bad_request("sort must be one of created, updated, number, priority", "invalid_param");
}

std::int64_t sort_value(const Ticket& t, const std::string& sort, const Catalog& catalog) {
  if (sort == "created") return t.created_at;
  if (sort == "updated") return t.updated_at;
  if (sort == "number") return t.id;
  const auto* p = catalog.priority(t.priority);
  return p ? p->urgency : 0;
}

bool parse_int(std::string_view s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

TicketPage KernelTicketService::list(const TicketQuery& q) {
  const auto catalog = catalog_.get();
  if (q.limit < 1 || q.limit > 100) throw bad_request("limit must be between 1 and 100", "invalid_param");
  const std::string column = sort_column(q.sort);

  std::string where = " WHERE 1 = 1";
  std::vector<SqlValue> params;
  auto add = [&](const std::string& clause, SqlValue v) {
    where += " AND " + clause;
    params.push_back(std::move(v));
  };
  if (!q.status.empty()) add("t.status_key = ?", q.status);
  if (!q.department.empty()) add("t.department_key = ?", q.department);
  if (!q.priority.empty()) add("t.priority_key = ?", q.priority);
  if (!q.topic.empty()) add("t.topic_key = ?", q.topic);
  if (!q.requester_email.empty()) {
    std::string email = q.requester_email;  // stored lower-case
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    add("u.email = ?", email);
  }
  if (q.assignee_id) add("t.assignee_id = ?", *q.assignee_id);
  if (!q.text.empty()) {
    // Each word as a quoted FTS5 string (its syntax never reaches the engine), all required.
    std::string match;
    std::size_t words = 0;
    for (std::size_t i = 0; i < q.text.size();) {
      while (i < q.text.size() && std::isspace(static_cast<unsigned char>(q.text[i]))) ++i;
      std::size_t end = i;
      while (end < q.text.size() && !std::isspace(static_cast<unsigned char>(q.text[end]))) ++end;
      if (end > i) {
        std::string word = q.text.substr(i, end - i);
        std::string quoted = "\"";
        for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        match += (match.empty() ? "" : " ") + quoted + "\"";
        ++words;
      }
      i = end;
    }
    if (q.text.size() > 500 || words > 20) throw bad_request("search: at most 20 words and 500 characters", "invalid_param");
    if (words > 0) {
      const bool user = q.viewer.kind == Actor::Kind::user;
      add(std::string("t.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?") +
              (user ? " AND kind <> 'note'" : "") + ")",
          match);
    }
  }
  if (!q.state.empty()) {
    std::string keys;
    for (const auto& key : catalog->statuses_in(q.state)) {
      keys += keys.empty() ? "?" : ", ?";
      params.emplace_back(key);
    }
    static const std::set<std::string> states = {"open", "in_progress", "resolved", "closed"};
    if (!states.count(q.state)) throw bad_request("state must be one of open, in_progress, resolved, closed", "invalid_param");
    if (keys.empty()) return {};  // no status maps onto that state: nothing can be in it
    where += " AND t.status_key IN (" + keys + ")";
  }
  const char* cmp = q.descending ? "<" : ">";
  if (!q.cursor.empty()) {
    const auto dot = q.cursor.find('.');
    std::int64_t value = 0, id = 0;
    if (dot == std::string::npos || !parse_int(std::string_view(q.cursor).substr(0, dot), value) ||
        !parse_int(std::string_view(q.cursor).substr(dot + 1), id))
      throw bad_request("cursor is malformed; pass next_cursor from the previous page", "invalid_cursor");
    where += " AND (" + column + " " + cmp + " ? OR (" + column + " = ? AND t.id " + cmp + " ?))";
    params.insert(params.end(), {value, value, id});
  }
  const char* dir = q.descending ? " DESC" : " ASC";
  const std::string sql_text = std::string("SELECT ") + ticket_sql::select_columns + ticket_sql::from_joins + where +
                               " ORDER BY " + column + dir + ", t.id" + dir + " LIMIT " + std::to_string(q.limit + 1);

  TicketPage page;
  bool more = false;
  db_.read([&](Sql& sql) {
    // What the viewer may see, in the same snapshot; spliced before ORDER BY.
    std::vector<SqlValue> visible_params;
    const std::string visible = visibility_clause(sql, q.viewer, *catalog, visible_params);
    std::string text = sql_text;
    if (!visible.empty()) {
      text.insert(text.find(" ORDER BY "), " AND " + visible);
      params.insert(params.end(), visible_params.begin(), visible_params.end());
    }
    for (const auto& row : sql.query(text, params)) page.items.push_back(ticket_sql::read_ticket(row, *catalog));
    if (page.items.empty()) return;
    more = static_cast<int>(page.items.size()) > q.limit;
    if (more) page.items.pop_back();
    std::string ids;
    std::vector<SqlValue> id_params;
    std::map<std::int64_t, Ticket*> by_id;
    for (auto& t : page.items) {
      ids += ids.empty() ? "?" : ", ?";
      id_params.emplace_back(t.id);
      by_id[t.id] = &t;
    }
    for (const auto& f :
         sql.query("SELECT ticket_id, field_key, value FROM ticket_fields WHERE ticket_id IN (" + ids + ")", id_params))
      by_id[f.integer(0)]->fields[f.text(1)] = f.text(2);
    for (const auto& r :
         sql.query("SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id IN (" + ids + ") ORDER BY tag", id_params))
      by_id[r.integer(0)]->tags.push_back(r.text(1));
  });
  if (more) {
    const auto& last = page.items.back();
    page.next_cursor = std::to_string(sort_value(last, q.sort, *catalog)) + "." + std::to_string(last.id);
  }
  return page;
}

}  // namespace helpdesk::kernel
