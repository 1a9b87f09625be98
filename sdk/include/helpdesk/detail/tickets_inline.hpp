#pragma once
// Inline bodies of helpdesk/tickets.hpp's JSON helpers.
#include <ctime>

namespace helpdesk {

inline std::string iso8601(Timestamp t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace detail {
inline nlohmann::json opt_time(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(iso8601(*t)) : nlohmann::json(nullptr);
}
inline nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }
}  // namespace detail

inline nlohmann::json to_json(const Ticket& t) {
  return {
      {"number", t.number},
      {"subject", t.subject},
      {"status", t.status},
      {"state", t.state},
      {"priority", t.priority},
      {"department", t.department},
      {"topic", detail::or_null(t.topic)},
      {"team", detail::or_null(t.team)},
      {"assignee", t.assignee_id ? nlohmann::json{{"id", *t.assignee_id}, {"name", t.assignee}} : nlohmann::json(nullptr)},
      {"requester", {{"id", t.requester.id}, {"name", t.requester.name}, {"email", t.requester.email}}},
      {"source", t.source},
      {"created_at", iso8601(t.created_at)},
      {"updated_at", iso8601(t.updated_at)},
      {"closed_at", detail::opt_time(t.closed_at)},
      {"due_at", detail::opt_time(t.due_at)},
      {"first_response_due_at", detail::opt_time(t.first_response_due_at)},
      {"sla_plan", detail::or_null(t.sla_plan)},
      {"is_overdue", t.overdue},
      {"tags", t.tags},
      {"fields", t.fields},
      {"merged_into", detail::or_null(t.merged_into)},
  };
}

inline nlohmann::json to_json(const ThreadEntry& e) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& a : e.attachments)
    files.push_back({{"id", a.id}, {"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size},
                     {"sha256", a.sha256}});
  return {{"id", e.id},         {"kind", e.kind},     {"author", e.author},
          {"body", e.body},     {"format", e.format}, {"created_at", iso8601(e.created_at)},
          {"attachments", files}};
}

inline nlohmann::json to_json(const TicketDetail& d) {
  nlohmann::json j = to_json(d.ticket);
  j["thread"] = nlohmann::json::array();
  for (const auto& e : d.thread) j["thread"].push_back(to_json(e));
  return j;
}

}  // namespace helpdesk
