#pragma once
// The kernel's TicketService: SQL on the group-commit database, attachments on disk, an audit
// row in the same transaction as every change, and an event published after each commit.
#include <atomic>
#include <functional>
#include <memory>

#include <spdlog/logger.h>

#include <helpdesk/events.hpp>
#include <helpdesk/storage.hpp>
#include <helpdesk/tickets.hpp>

#include "kernel/core/attachment_store.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/rules/filter_engine.hpp"
#include "kernel/rules/sla_clock.hpp"
#include "kernel/rules/trigger_engine.hpp"

namespace helpdesk::kernel {

using Clock = std::function<Timestamp()>;
// The rules built from one version of the config; swapped whole on reload.
struct RuleSet {
  std::shared_ptr<const FilterEngine> filters;
  std::shared_ptr<const SlaClock> sla;
  std::shared_ptr<const TriggerEngine> triggers;  // may be null
};
using RulesHolder = Live<const RuleSet>;

struct DryRun {
  FilterResult result;
  std::string invalid;  // why the filtered ticket would still be refused, if it would
};

// An attachment whose bytes are already on disk, waiting for its row.
struct StoredAttachment {
  NewAttachment meta;
  std::string sha256;
};
Timestamp system_now();

class KernelTicketService : public TicketService {
 public:
  KernelTicketService(Database& db, const CatalogHolder& catalog, AttachmentStore& files, EventBus& events,
                      std::shared_ptr<spdlog::logger> log, Clock clock = system_now,
                      const RulesHolder* rules = nullptr);

  Ticket create(const NewTicket& input, const Actor& actor) override;
  std::optional<TicketDetail> get(const std::string& number) override;
  TicketPage list(const TicketQuery& query) override;
  ThreadEntry add_message(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  ThreadEntry reply(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  ThreadEntry note(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  Ticket assign(const std::string& number, std::optional<std::int64_t> agent_id, const std::string& team,
                const Actor& actor) override;
  Ticket transfer(const std::string& number, const std::string& department, const Actor& actor) override;
  Ticket set_status(const std::string& number, const std::string& status, const Actor& actor) override;
  Ticket close(const std::string& number, const Actor& actor) override;
  Ticket reopen(const std::string& number, const Actor& actor) override;
  std::optional<std::string> attachment_data(std::int64_t attachment_id) override;
  std::vector<Person> collaborators(const std::string& number) override;
  bool add_collaborator(const std::string& number, const Person& person, const Actor& actor) override;

  // Kernel-only changes (triggers), each published as ticket.updated.
  Ticket set_priority(const std::string& number, const std::string& priority, const Actor& actor) override;
  Ticket change_tags(const std::string& number, const std::vector<std::string>& add,
                     const std::vector<std::string>& remove, const Actor& actor);
  // Assigns the active agent with `email` (keeping the team); 400 when there is none.
  Ticket assign_by_email(const std::string& number, const std::string& email, const Actor& actor);

  // Deletes the ticket and everything of it (ticket_delete.cpp); 404 when there is none.
  // Audited with what it was, published as ticket.deleted.
  void remove(const std::string& number, const Actor& actor);
  static constexpr const char* ticket_deleted_event = "ticket.deleted";
  // Moves `number`'s thread, attachments, people and tags onto `into` and closes `number`, which
  // names `into` from then on (ticket_merge.cpp). Returns `into` as it is now.
  Ticket merge(const std::string& number, const std::string& into, const Actor& actor);

  // What the filters would do to `ticket`, storing nothing.
  DryRun dry_run(const FilterTicket& ticket);

 private:
  std::vector<StoredAttachment> store_files(const std::vector<NewAttachment>& files);
  ThreadEntry add_entry(const std::string& number, const std::string& kind, const ReplyInput& input,
                        const Actor& actor);
  // Loads the ticket row inside a transaction (throws 404), applies `change` to a copy, writes
  // the audit record and returns {before, after}.
  Ticket change_ticket(const std::string& number, const Actor& actor, const std::string& action,
                       const std::function<void(Sql&, Ticket&)>& change, const std::string& event_name);
  void publish(const std::string& name, const std::string& number, nlohmann::json data, const Actor& actor);
  // Resolves `input`'s defaults and runs the ticket filters on it; `input` becomes the filtered
  // ticket. Looks up the requester's organization when `organization` is empty.
  FilterResult run_filters(NewTicket& input, const std::string& organization);
  // Inside a change's transaction: pause, resume or recompute the SLA clock of `after`
  // (ticket_sla.cpp). Sets after's due times and overdue mark.
  void update_sla(Sql& sql, const Ticket& before, Ticket& after, Timestamp now);
  bool organizations_exist();

  Database& db_;
  const CatalogHolder& catalog_;
  AttachmentStore& files_;
  EventBus& events_;
  std::shared_ptr<spdlog::logger> log_;
  Clock clock_;
  const RulesHolder* rules_;
  std::atomic<bool> organizations_exist_{false};
  std::atomic<std::int64_t> organizations_checked_{0};  // steady-clock ticks of the last check
};

// What an SLA policy script sees of a stored ticket.
SlaPolicyTicket sla_policy_ticket(const Ticket& t, const std::string& organization);

// The rules' part of an audit record and of the dry-run answer.
nlohmann::json rules_json(const FilterResult& result);

// Row <-> Ticket helpers shared by the service's files.
namespace ticket_sql {
extern const char* const select_columns;  // "t.id, t.number, …" for a FROM tickets t JOIN users u …
extern const char* const from_joins;
Ticket read_ticket(const SqlRow& row, const Catalog& catalog);
std::optional<Ticket> load(Sql& sql, const std::string& number, const Catalog& catalog);
void load_tags(Sql& sql, Ticket& t);
// Also writes a file again when a ticket deletion removed it after store_files() put it.
std::vector<AttachmentInfo> insert_attachments(Sql& sql, AttachmentStore& store, std::int64_t ticket_id,
                                               std::int64_t entry_id, const std::vector<StoredAttachment>& files);
}  // namespace ticket_sql

}  // namespace helpdesk::kernel
