#include "kernel/core/ticket_service.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/sla_timers.hpp"
#include "kernel/core/ticket_number.hpp"
#include "kernel/core/ticket_validation.hpp"

namespace helpdesk::kernel {

Timestamp system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace ticket_sql {

const char* const select_columns =
    "t.id, t.number, t.subject, t.status_key, t.priority_key, t.department_key, t.topic_key, t.team_key, "
    "t.assignee_id, a.name, u.id, u.name, u.email, u.phone, t.source, t.created_at, t.updated_at, t.closed_at, "
    "t.due_at, t.sla_plan_key, t.first_response_due_at, t.is_overdue, t.merged_into";
const char* const from_joins =
    " FROM tickets t JOIN users u ON u.id = t.user_id LEFT JOIN agents a ON a.id = t.assignee_id";

Ticket read_ticket(const SqlRow& r, const Catalog& catalog) {
  Ticket t;
  t.id = r.integer(0);
  t.number = r.text(1);
  t.subject = r.text(2);
  t.status = r.text(3);
  const auto* status = catalog.status(t.status);
  t.state = status ? status->state : "open";
  t.priority = r.text(4);
  t.department = r.text(5);
  t.topic = r.text(6);
  t.team = r.text(7);
  if (!r.is_null(8)) t.assignee_id = r.integer(8);
  t.assignee = r.text(9);
  t.requester = Person{r.integer(10), r.text(11), r.text(12), r.text(13)};
  t.source = r.text(14);
  t.created_at = r.integer(15);
  t.updated_at = r.integer(16);
  if (!r.is_null(17)) t.closed_at = r.integer(17);
  if (!r.is_null(18)) t.due_at = r.integer(18);
  t.sla_plan = r.text(19);
  if (!r.is_null(20)) t.first_response_due_at = r.integer(20);
  t.overdue = r.integer(21) != 0;
  t.merged_into = r.text(22);
  return t;
}

std::optional<Ticket> load(Sql& sql, const std::string& number, const Catalog& catalog) {
  auto row = sql.query_one(std::string("SELECT ") + select_columns + from_joins + " WHERE t.number = ?", {number});
  if (!row) return std::nullopt;
  Ticket t = read_ticket(*row, catalog);
  for (const auto& f : sql.query("SELECT field_key, value FROM ticket_fields WHERE ticket_id = ?", {t.id}))
    t.fields[f.text(0)] = f.text(1);
  load_tags(sql, t);
  return t;
}

void load_tags(Sql& sql, Ticket& t) {
  for (const auto& r : sql.query("SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag", {t.id}))
    t.tags.push_back(r.text(0));
}

std::vector<AttachmentInfo> insert_attachments(Sql& sql, AttachmentStore& store, std::int64_t ticket_id,
                                               std::int64_t entry_id, const std::vector<StoredAttachment>& files) {
  std::vector<AttachmentInfo> out;
  for (const auto& f : files) {
    if (!store.has(f.sha256)) store.put(f.meta.data);  // a deletion's clean-up ran in between
    const auto type = f.meta.content_type.empty() ? std::string("application/octet-stream") : f.meta.content_type;
    const auto size = static_cast<std::int64_t>(f.meta.data.size());
    sql.exec(
        "INSERT INTO attachments (ticket_id, entry_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?)",
        {ticket_id, entry_id, f.meta.filename, type, size, f.sha256});
    out.push_back({sql.last_insert_id(), f.meta.filename, type, size, f.sha256});
  }
  return out;
}


}  // namespace ticket_sql

nlohmann::json rules_json(const FilterResult& r) {
  auto steps = nlohmann::json::array();
  for (const auto& s : r.steps) steps.push_back({{"script", s.script}, {"action", s.action}, {"value", s.value}});
  auto failures = nlohmann::json::array();
  for (const auto& f : r.failures)
    failures.push_back({{"script", f.script}, {"line", f.line}, {"kind", f.kind}, {"message", f.message}});
  return {{"steps", steps},
          {"failures", failures},
          {"rejected", r.rejected},
          {"reject_reason", r.reject_reason},
          {"rejected_by", r.rejected_by},
          {"stopped_by", r.stopped_by},
          {"auto_replies", r.auto_replies}};
}


KernelTicketService::KernelTicketService(Database& db, const CatalogHolder& catalog, AttachmentStore& files,
                                         EventBus& events, std::shared_ptr<spdlog::logger> log, Clock clock,
                                         const RulesHolder* rules)
    : db_(db),
      catalog_(catalog),
      files_(files),
      events_(events),
      log_(std::move(log)),
      clock_(std::move(clock)),
      rules_(rules) {}

FilterResult KernelTicketService::run_filters(NewTicket& in, const std::string& organization) {
  const auto catalog = catalog_.get();
  // Filters see the ticket with its defaults resolved; the caller validates their changes again.
  const ResolvedTicket defaults = resolve_new_ticket(in, *catalog);
  in.topic_id.reset();
  in.topic = defaults.topic;
  in.priority_id.reset();
  in.priority = defaults.priority;
  in.department = defaults.department;

  const auto rule_set = rules_ ? rules_->get() : nullptr;
  const auto engine = rule_set ? rule_set->filters : nullptr;
  FilterResult result;  // its ticket.ticket is left empty: the filtered ticket is `in`
  if (!engine || engine->scripts().empty()) return result;
  FilterTicket ft;
  ft.channel = in.source;
  std::transform(ft.channel.begin(), ft.channel.end(), ft.channel.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  ft.headers = in.headers;
  ft.ticket = std::move(in);  // (moved back below: no copy of the body per ticket)
  ft.organization = organization;
  if (ft.organization.empty() && organizations_exist())
    db_.read([&](Sql& sql) {
      if (auto org = sql.query_one("SELECT o.name FROM users u JOIN organizations o ON o.id = u.organization_id "
                                   "WHERE u.email = ?",
                                   {defaults.email}))
        ft.organization = org->text(0);
    });
  result = engine->run(std::move(ft));
  for (const auto& f : result.failures)
    log_->warn("filter {} failed ({}) on a ticket from {}: {}", f.script, f.kind, defaults.email, f.message);
  in = std::move(result.ticket.ticket);
  return result;
}

bool KernelTicketService::organizations_exist() {
  // Most desks have none: skip the per-ticket lookup then, rechecking now and again because
  // another process (an importer) may add some.
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const auto checked = organizations_checked_.load(std::memory_order_relaxed);
  if (checked != 0 && now - checked < std::chrono::steady_clock::duration(std::chrono::seconds(10)).count())
    return organizations_exist_.load(std::memory_order_relaxed);
  bool exist = false;
  db_.read([&](Sql& sql) { exist = sql.query_one("SELECT 1 FROM organizations LIMIT 1").has_value(); });
  organizations_exist_.store(exist, std::memory_order_relaxed);
  organizations_checked_.store(now, std::memory_order_relaxed);
  return exist;
}

DryRun KernelTicketService::dry_run(const FilterTicket& ticket) {
  NewTicket in = ticket.ticket;
  DryRun out;
  out.result = run_filters(in, ticket.organization);
  out.result.ticket.ticket = in;  // run_filters moved it into `in`
  if (!out.result.rejected) {
    try {
      resolve_new_ticket(in, *catalog_.get());
    } catch (const Error& e) {
      out.invalid = e.what();
    }
  }
  return out;
}

std::vector<StoredAttachment> KernelTicketService::store_files(const std::vector<NewAttachment>& files) {
  const auto limit = catalog_.get()->ticket_defaults().max_attachment_bytes;
  std::vector<StoredAttachment> stored;
  for (const auto& f : files) {
    if (f.filename.empty()) throw bad_request("an attachment has no file name", "invalid_field");
    if (f.data.size() > limit)
      throw Error(413, "attachment_too_large",
                  "attachment '" + f.filename + "' is " + std::to_string(f.data.size()) + " bytes; the limit is " +
                      std::to_string(limit));
  }
  for (const auto& f : files) stored.push_back({f, files_.put(f.data)});
  return stored;
}


Ticket KernelTicketService::create(const NewTicket& original, const Actor& actor) {
  const auto catalog = catalog_.get();
  NewTicket in = original;
  const FilterResult rules = run_filters(in, "");
  const auto rule_set = rules_ ? rules_->get() : nullptr;
  const SlaClock* sla = rule_set ? rule_set->sla.get() : nullptr;
  if (rules.rejected)
    throw Error(422, "rejected", "the ticket was rejected by filter '" + rules.rejected_by + "': " + rules.reject_reason);
  const ResolvedTicket r = resolve_new_ticket(in, *catalog);
  for (const auto& key : r.ignored_fields)
    log_->info("ticket from {}: ignoring unknown field '{}'", r.email, key);
  const auto stored = store_files(in.attachments);
  const Timestamp now = clock_();
  // The SLA plan and its policy, before the transaction (Lua stays off the writer's path).
  SlaDue due;
  if (sla) {
    Ticket view;
    view.subject = in.subject;
    view.priority = r.priority;
    view.department = r.department;
    view.topic = r.topic;
    view.team = rules.ticket.team;
    view.source = in.source;
    view.status = r.status;
    view.state = catalog->status(r.status)->state;
    view.requester.email = r.email;
    view.tags.assign(rules.ticket.tags.begin(), rules.ticket.tags.end());
    for (const auto& [key, value] : r.fields) view.fields[key] = value;
    view.created_at = now;
    const SlaPolicyTicket policy_view = sla_policy_ticket(view, rules.ticket.organization);
    due = sla->due(sla->plan_for(rules.ticket.sla_plan, r.topic, r.department), now, 0, &policy_view);
  }

  Ticket t;
  db_.write([&](Sql& sql) {
    std::int64_t user_id;
    std::string user_name = in.requester.name.empty() ? r.email.substr(0, r.email.find('@')) : in.requester.name;
    if (auto u = sql.query_one("SELECT id, name FROM users WHERE email = ?", {r.email})) {
      user_id = u->integer(0);
      user_name = u->text(1);
    } else {
      sql.exec("INSERT INTO users (email, name, phone, created_at) VALUES (?, ?, ?, ?)",
               {r.email, user_name, in.requester.phone, now});
      user_id = sql.last_insert_id();
    }
    const auto seq = sql.query_one("UPDATE sequences SET value = value + 1 WHERE name = 'ticket' RETURNING value");
    t.number = format_ticket_number(catalog->ticket_defaults().number_format, seq->integer(0));
    // What the filters chose beyond the ticket's own fields; an unknown agent stays unassigned.
    t.team = rules.ticket.team;
    t.sla_plan = rules.ticket.sla_plan;
    if (!rules.ticket.agent.empty()) {
      if (auto a = sql.query_one("SELECT id, name FROM agents WHERE email = ? AND active = 1", {rules.ticket.agent})) {
        t.assignee_id = a->integer(0);
        t.assignee = a->text(1);
      } else {
        log_->warn("filter assigned unknown agent '{}'; ticket left unassigned", rules.ticket.agent);
      }
    }
    auto optional_text = [](const std::string& v) { return v.empty() ? SqlValue(nullptr) : SqlValue(v); };
    auto optional_time = [](const std::optional<Timestamp>& v) { return v ? SqlValue(*v) : SqlValue(nullptr); };
    t.sla_plan = due.plan;
    t.first_response_due_at = due.first_response;
    t.due_at = due.resolution;
    const std::int64_t pinned = !due.plan.empty() && due.plan == rules.ticket.sla_plan ? 1 : 0;
    sql.exec(
        "INSERT INTO tickets (number, subject, status_key, priority_key, priority_rank, department_key, topic_key, "
        "team_key, assignee_id, sla_plan_key, first_response_due_at, due_at, user_id, source, ip, created_at, "
        "updated_at, sla_plan_pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {t.number, in.subject, r.status, r.priority, std::int64_t{r.priority_rank}, r.department,
         optional_text(r.topic), optional_text(t.team), t.assignee_id ? SqlValue(*t.assignee_id) : SqlValue(nullptr),
         optional_text(t.sla_plan), optional_time(t.first_response_due_at), optional_time(t.due_at), user_id,
         in.source, in.ip, now, now, pinned});
    t.id = sql.last_insert_id();
    sql.exec(
        "INSERT INTO thread_entries (ticket_id, kind, author_kind, author_id, author_name, body, format, created_at) "
        "VALUES (?, 'message', 'user', ?, ?, ?, ?, ?)",
        {t.id, std::to_string(user_id), user_name, in.body, in.body_format, now});
    const auto entry_id = sql.last_insert_id();
    ticket_sql::insert_attachments(sql, files_, t.id, entry_id, stored);
    for (const auto& [key, value] : r.fields)
      sql.exec("INSERT INTO ticket_fields (ticket_id, field_key, value) VALUES (?, ?, ?)", {t.id, key, value});
    add_sla_timer(sql, t.number, due.plan, due.steps, {});
    for (const auto& tag : rules.ticket.tags) {
      sql.exec("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?)", {t.id, tag});
      t.tags.push_back(tag);
    }

    t.subject = in.subject;
    t.status = r.status;
    t.state = catalog->status(r.status)->state;
    t.priority = r.priority;
    t.department = r.department;
    t.topic = r.topic;
    t.requester = Person{user_id, user_name, r.email, in.requester.phone};
    t.source = in.source;
    t.created_at = t.updated_at = now;
    for (const auto& [key, value] : r.fields) t.fields[key] = value;
    auto after = to_json(t);
    if (!rules.steps.empty() || !rules.failures.empty()) after["rules"] = rules_json(rules);
    write_audit(sql, now, actor, {"ticket", t.id, "create", nullptr, after});
    // A failed filter flags the ticket in its audit trail.
    if (!rules.failures.empty())
      write_audit(sql, now, Actor::system("rules"), {"ticket", t.id, "filter_failed", nullptr, rules_json(rules)["failures"]});
    if (due.failure)
      write_audit(sql, now, Actor::system("sla"),
                  {"ticket", t.id, "sla_policy_failed", nullptr,
                   {{"script", due.failure->script}, {"line", due.failure->line}, {"kind", due.failure->kind},
                    {"message", due.failure->message}}});
  });
  // Whether to notify travels with the event (osTicket's `alert` and `autorespond` flags).
  auto created = to_json(t);
  created["alert"] = in.alert;
  created["autorespond"] = in.autorespond;
  publish(events::ticket_created, t.number, created, actor);
  for (const auto& text : rules.auto_replies) {
    try {
      reply(t.number, ReplyInput{text, "text", {}}, Actor::system("auto-reply"));
    } catch (const std::exception& e) {
      log_->error("ticket {}: auto-reply failed: {}", t.number, e.what());
    }
  }
  return t;
}

std::optional<TicketDetail> KernelTicketService::get(const std::string& number) {
  const auto catalog = catalog_.get();
  std::optional<TicketDetail> out;
  db_.read([&](Sql& sql) {
    auto t = ticket_sql::load(sql, number, *catalog);
    if (!t) return;
    out.emplace();
    out->ticket = std::move(*t);
    std::map<std::int64_t, std::size_t> index;
    for (const auto& r : sql.query(
             "SELECT id, kind, author_name, body, format, created_at FROM thread_entries WHERE ticket_id = ? ORDER BY id",
             {out->ticket.id})) {
      index[r.integer(0)] = out->thread.size();
      out->thread.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5), {}});
    }
    for (const auto& r : sql.query(
             "SELECT entry_id, id, filename, content_type, size, sha256 FROM attachments WHERE ticket_id = ? ORDER BY id",
             {out->ticket.id})) {
      auto it = index.find(r.integer(0));
      if (it != index.end())
        out->thread[it->second].attachments.push_back({r.integer(1), r.text(2), r.text(3), r.integer(4), r.text(5)});
    }
  });
  return out;
}

std::optional<std::string> KernelTicketService::attachment_data(std::int64_t attachment_id) {
  std::string sha;
  db_.read([&](Sql& sql) {
    if (auto r = sql.query_one("SELECT sha256 FROM attachments WHERE id = ?", {attachment_id})) sha = r->text(0);
  });
  if (sha.empty()) return std::nullopt;
  return files_.get(sha);
}

void KernelTicketService::publish(const std::string& name, const std::string& number, nlohmann::json data,
                                  const Actor& actor) {
  events_.publish(Event{name, number, std::move(data), actor, clock_()});
}

}  // namespace helpdesk::kernel
