// Outbound: the events that cause mail, the outbox they are queued in, and the timer that sends
// it (outbound.hpp). The parts live in outbound_*.cpp; this file wires them to the host.
#include <mutex>
#include <set>
#include <tuple>

#include "outbound.hpp"
#include "outbound_compose.hpp"
#include "outbound_outbox.hpp"
#include "outbound_recipients.hpp"
#include "outbound_sender.hpp"
#include "outbound_settings.hpp"
#include "outbound_templates.hpp"

namespace intake_email {
namespace {
constexpr const char* kTimerKind = "intake-email.outbox";
constexpr const char* kTimerKey = "outbox";
constexpr int kBatch = 50;
}  // namespace

struct Outbound::Impl {
  Impl(helpdesk::Host& h, const CommonSettings& c, helpdesk::Database& d, const MessageIds& i)
      : host(h),
        common(c),
        db(d),
        ids(i),
        log(h.logger()),
        settings(OutboundSettings::from_json(h.settings())),
        templates(load_templates(template_dir(), settings)),
        sender(settings, d, log) {}

  void on_event(const helpdesk::Event& event);
  // own_addresses(ctx), worked out once per catalog (a reload makes a new one).
  std::set<std::string> own_addresses_of(const std::shared_ptr<const nlohmann::json>& catalog, const ComposeContext& ctx);
  // An auth-local link (`event`: email, name, url, expires_at) mailed with `template_name`, which
  // is also the outbox kind; `what` names the mail in errors ("password reset mail").
  void on_account_link(const helpdesk::Event& event, const std::string& template_name, const std::string& what);
  void queue(const std::vector<Notice>& notices, const helpdesk::Ticket& ticket, const ComposeContext& ctx);
  void on_timer();
  void schedule_at(helpdesk::Timestamp when);
  void report_unknown(const std::string& template_name, const std::vector<std::string>& names);
  // A mail that cannot be queued: logged, and shown in health() as the last error.
  void note_error(const std::string& error);
  // q.raw from `mail`; false (noted, as "<what> not queued: …") when the mail cannot be built.
  bool build(QueuedMail& q, const OutgoingMail& mail, const std::string& what);

  helpdesk::Host& host;
  const CommonSettings& common;
  helpdesk::Database& db;
  const MessageIds& ids;
  std::shared_ptr<spdlog::logger> log;
  OutboundSettings settings;
  std::map<std::string, MailTemplate> templates;
  OutboxSender sender;
  // Queueing (event thread) and the timer's "when next" (scheduler thread) take turns, so the
  // timer cannot replace a fresh "send now" with a later time it computed before the new row.
  std::mutex schedule_mutex;
  mutable std::mutex state_mutex;  // guards the four below
  std::set<std::string> reported_unknown;
  std::string queue_error;
  std::shared_ptr<const nlohmann::json> own_addresses_catalog;
  std::set<std::string> own_addresses_cached;
};

void Outbound::Impl::note_error(const std::string& error) {
  log->error("{}", error);
  std::lock_guard lock(state_mutex);
  queue_error = error;
}

bool Outbound::Impl::build(QueuedMail& q, const OutgoingMail& mail, const std::string& what) {
  try {
    q.raw = build_message(mail);
    return true;
  } catch (const std::invalid_argument& e) {
    note_error(what + " not queued: " + e.what());
    return false;
  }
}

void Outbound::Impl::report_unknown(const std::string& template_name, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    {
      std::lock_guard lock(state_mutex);
      if (!reported_unknown.insert(template_name + "/" + name).second) continue;
    }
    std::string known;
    for (auto p : kPlaceholders) known += (known.empty() ? "" : ", ") + std::string(p);
    log->warn("template {}: unknown placeholder {{{}}} left as written (known: {})", template_name, name, known);
  }
}

std::set<std::string> Outbound::Impl::own_addresses_of(const std::shared_ptr<const nlohmann::json>& catalog,
                                                       const ComposeContext& ctx) {
  std::lock_guard lock(state_mutex);
  if (catalog != own_addresses_catalog) {
    own_addresses_cached = own_addresses(ctx);
    own_addresses_catalog = catalog;
  }
  return own_addresses_cached;
}

void Outbound::Impl::on_event(const helpdesk::Event& event) {
  const auto catalog = host.catalog();  // shared: every event asks, so nothing is copied
  const ComposeContext ctx{common, settings, templates, *catalog};
  NoticeSources sources{settings, host.directory(), host.tickets(), own_addresses_of(catalog, ctx)};
  const auto notices = notices_for(event, sources);
  if (notices.empty()) return;
  const auto detail = host.tickets().get(event.ticket_number);
  if (!detail) return;  // deleted since: nothing to tell anyone
  queue(notices, detail->ticket, ctx);
  // In command mode (`helpdeskd pipe`) this timer row is what the server's scheduler picks up.
  schedule_at(host.scheduler().now());
}

// auth-local's links (password reset, registration confirmation), mailed through the outbox like
// any notice (no ticket, no token in logs).
void Outbound::Impl::on_account_link(const helpdesk::Event& event, const std::string& template_name,
                                     const std::string& what) {
  const std::string email = event.data.value("email", ""), url = event.data.value("url", "");
  const auto tmpl = templates.find(template_name);
  if (email.empty() || url.empty() || tmpl == templates.end()) return;
  const auto catalog = host.catalog();
  const ComposeContext ctx{common, settings, templates, *catalog};
  const Mailbox from = sender_for("", ctx);
  if (from.email.empty()) {
    note_error(what + " not queued: set intake-email's `from`");
    return;
  }
  const auto expires = event.data.value("expires_at", nlohmann::json());
  const std::string expires_at = expires.is_number_integer() ? helpdesk::iso8601(expires.get<helpdesk::Timestamp>())
                                 : expires.is_string()       ? expires.get<std::string>()
                                                             : std::string("soon");
  const std::map<std::string, std::string> values = {
      {"recipient.name", event.data.value("name", "")}, {"recipient.email", email}, {"url", url},
      {"expires_at", expires_at}};
  std::vector<std::string> unknown;
  OutgoingMail mail;
  mail.from = from;
  mail.to = Mailbox{event.data.value("name", ""), email};
  mail.subject = render(tmpl->second.subject, values, unknown);
  mail.body = render(tmpl->second.body, values, unknown);
  report_unknown(template_name, unknown);
  mail.loop_id = common.instance_id;
  mail.date = host.scheduler().now();
  mail.message_id = ids.make("account", 0);
  QueuedMail q{mail.message_id, template_name, "", 0, mail.from.email, {email}, {}};
  if (!build(q, mail, what + " to " + email)) return;
  std::lock_guard lock(schedule_mutex);
  db.write([&](helpdesk::Sql& sql) { outbox::insert(sql, q, mail.date); });
  schedule_at(mail.date);
}

void Outbound::Impl::queue(const std::vector<Notice>& notices, const helpdesk::Ticket& ticket,
                           const ComposeContext& ctx) {
  const auto now = host.scheduler().now();
  std::vector<std::pair<Notice, Composed>> mails;
  for (const auto& n : notices) {
    try {
      auto c = compose(n, ticket, ctx, now);
      report_unknown(n.template_name, c.unknown_placeholders);
      mails.emplace_back(n, std::move(c));
    } catch (const std::invalid_argument& e) {
      note_error(n.template_name + " to " + n.recipient.email + " for ticket " + ticket.number + " not queued: " + e.what());
    }
  }
  if (mails.empty()) return;
  std::lock_guard lock(schedule_mutex);
  db.write([&](helpdesk::Sql& sql) {
    // One thread for all mails of this event, so they do not reference each other.
    ThreadIds thread = outbox::thread_ids(sql, ticket.number);
    if (!plausible_address(thread.in_reply_to)) thread.in_reply_to.clear();
    std::erase_if(thread.references, [](const std::string& id) { return !plausible_address(id); });
    for (auto& [notice, c] : mails) {
      c.mail.message_id = ids.make(ticket.number, notice.entry_id);
      c.mail.in_reply_to = thread.in_reply_to;
      c.mail.references = thread.references;
      QueuedMail q{c.mail.message_id,
                   notice.template_name,
                   ticket.number,
                   notice.entry_id,
                   c.mail.from.email,
                   {c.mail.to.email},
                   {}};
      if (build(q, c.mail, notice.template_name + " for ticket " + ticket.number)) outbox::insert(sql, q, now);
    }
  });
}

void Outbound::Impl::schedule_at(helpdesk::Timestamp when) {
  host.scheduler().schedule(kTimerKind, when, nlohmann::json::object(), kTimerKey);
}

void Outbound::Impl::on_timer() {
  const auto now = host.scheduler().now();
  const BatchResult r = sender.send_due(now, kBatch);
  if (r.sent + r.retried + r.failed + r.deferred > 0)
    log->info("outbox: {} sent, {} to retry, {} failed, {} waiting", r.sent, r.retried, r.failed, r.deferred);
  if (!settings.smtp_configured) return;  // nothing can leave: no point waking up again
  std::lock_guard lock(schedule_mutex);
  std::optional<helpdesk::Timestamp> next;
  db.read([&](helpdesk::Sql& sql) { next = outbox::next_due(sql); });
  if (next) schedule_at(std::max(*next, now));
}

Outbound::Outbound(helpdesk::Host& host, const CommonSettings& common, helpdesk::Database& db, const MessageIds& ids)
    : impl_(std::make_unique<Impl>(host, common, db, ids)) {}

Outbound::~Outbound() = default;

void Outbound::start() {
  Impl* impl = impl_.get();
  for (const char* name : {helpdesk::events::ticket_created, helpdesk::events::ticket_replied,
                           helpdesk::events::ticket_assigned, helpdesk::events::sla_breached})
    impl->host.events().subscribe(name, [impl](const helpdesk::Event& e) { impl->on_event(e); });
  // auth-local's links: the event, the template that mails it, and its name in errors.
  for (const auto& [event, tmpl, what] :
       {std::tuple{"auth.password_reset", "password_reset", "password reset mail"},
        std::tuple{"auth.registration", "registration_confirm", "registration mail"}})
    impl->host.events().subscribe(event, [impl, tmpl = std::string(tmpl), what = std::string(what)](
                                             const helpdesk::Event& e) { impl->on_account_link(e, tmpl, what); });
  impl->host.scheduler().on(kTimerKind, [impl](const helpdesk::Timer&) { impl->on_timer(); });
  if (!impl->settings.smtp_configured) {
    if (impl->host.serving())  // a pipe run beside the server says nothing on stderr about it
      impl->log->warn("smtp not configured: notifications are queued in the outbox and not sent");
    return;
  }
  if (!impl->host.serving()) return;
  // Mail left pending by an earlier run (or queued by `helpdeskd pipe`) goes out now.
  std::optional<helpdesk::Timestamp> next;
  impl->db.read([&](helpdesk::Sql& sql) { next = outbox::next_due(sql); });
  if (next) impl->schedule_at(std::max(*next, impl->host.scheduler().now()));
}

void Outbound::stop() {}

nlohmann::json Outbound::health() const {
  nlohmann::json h = nlohmann::json::object();
  h["smtp"] = impl_->settings.smtp_configured ? "configured" : "smtp not configured";
  try {
    OutboxCounts c;
    impl_->db.read([&](helpdesk::Sql& sql) { c = outbox::counts(sql); });
    h["pending"] = c.pending;
    h["sent"] = c.sent;
    h["failed"] = c.failed;
    // From the table, so it survives restarts (and counts what another process sent).
    h["last_sent_at"] = c.last_sent_at ? nlohmann::json(helpdesk::iso8601(*c.last_sent_at)) : nlohmann::json(nullptr);
  } catch (const std::exception& e) {
    h["outbox_error"] = e.what();
  }
  std::string last_error = impl_->sender.last_error();
  {
    std::lock_guard lock(impl_->state_mutex);
    if (last_error.empty()) last_error = impl_->queue_error;
  }
  h["last_error"] = last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(last_error);
  return h;
}

}  // namespace intake_email
