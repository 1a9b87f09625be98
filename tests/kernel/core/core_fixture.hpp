#pragma once
// A kernel core on a real SQLite file in a temp dir, with a small catalog and a settable clock.
#include <filesystem>
#include <memory>
#include <random>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "kernel/core/attachment_store.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/core/event_bus.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/storage/database.hpp"

std::vector<helpdesk::Migration> kernel_migrations();

namespace helpdesk::kernel::testing {

inline std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

inline Config small_config() {
  Config c;
  c.departments = {{"support", "Customer Support", "support@example.com", "", "boss@example.com"}, {"it", "IT Support", "it@example.com", "", ""}};
  c.teams = {{"level-2", "Level 2"}};
  c.statuses = {{"open", "Open", "open"},
                {"in_progress", "In Progress", "in_progress"},
                {"on_hold", "Waiting on the user", "in_progress", true},
                {"resolved", "Resolved", "resolved"},
                {"closed", "Closed", "closed"}};
  c.priorities = {{"low", "Low", 1, 1}, {"normal", "Normal", 2, 2}, {"high", "High", 3, 3}, {"critical", "Critical", 4, 4}};
  Form form;
  form.key = "access";
  form.name = "Access";
  form.fields = {{"system", "System", "choice", true, {"email", "vpn"}}, {"count", "Count", "number", false, {}}};
  c.forms = {form};
  HelpTopic general;
  general.key = "general";
  general.name = "General";
  general.id = 1;
  HelpTopic access;
  access.key = "access";
  access.name = "Access";
  access.id = 11;
  access.department = "it";
  access.priority = "high";
  access.form = "access";
  HelpTopic child;
  child.key = "access.vpn";
  child.name = "VPN";
  child.id = 12;
  child.parent = "access";
  c.help_topics = {general, access, child};
  c.tickets.default_department = "support";
  return c;
}

class CoreFixture {
 public:
  explicit CoreFixture(Config config = small_config()) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("helpdesk-core-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    DatabaseOptions o;
    o.file = dir_ / "helpdesk.db";
    db = std::make_unique<SqliteDatabase>(o);
    db->migrate("kernel", kernel_migrations());
    catalog = std::make_unique<CatalogHolder>(std::make_shared<const Catalog>(config));
    catalog->get()->mirror_to(*db);
    files = std::make_unique<AttachmentStore>(dir_ / "attachments");
    bus = std::make_unique<KernelEventBus>(quiet_logger());
    publisher = std::make_unique<KernelEventPublisher>(*bus);
    tickets = std::make_unique<KernelTicketService>(*db, *catalog, *files, *publisher, quiet_logger(),
                                                    [this] { return now; });
  }
  ~CoreFixture() {
    tickets.reset();
    bus.reset();
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::filesystem::path& dir() const { return dir_; }

  NewTicket ticket(const std::string& subject = "Printer jammed") const {
    NewTicket t;
    t.requester = {0, "Ada", "Ada@Example.com", ""};
    t.subject = subject;
    t.body = "It jams on page 2.";
    return t;
  }

  Timestamp now = 1'700'000'000;
  std::unique_ptr<SqliteDatabase> db;
  std::unique_ptr<CatalogHolder> catalog;
  std::unique_ptr<AttachmentStore> files;
  std::unique_ptr<KernelEventBus> bus;
  std::unique_ptr<KernelEventPublisher> publisher;
  std::unique_ptr<KernelTicketService> tickets;

 private:
  std::filesystem::path dir_;
};

}  // namespace helpdesk::kernel::testing
