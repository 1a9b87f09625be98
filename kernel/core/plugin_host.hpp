#pragma once
// What one plugin instance gets as its Host: facades over the kernel's services that tag what the
// instance registers with its name, refuse registration once start() has returned, and can roll
// everything back when start() throws.
#include <memory>
#include <string>

#include <helpdesk/plugin.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/command_table.hpp"
#include "kernel/core/session_store.hpp"
#include "kernel/core/event_bus.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/http/router.hpp"
#include "kernel/storage/database.hpp"

namespace helpdesk::kernel {

struct KernelServices {
  RouteTable& routes;
  KernelEventBus& events;
  DurableScheduler& scheduler;
  SqliteDatabase& db;
  TicketService& tickets;
  const CatalogHolder& catalog;
  Directory& directory;
  CommandTable& commands;
  SessionStore& sessions;
  bool serving = true;  // false for a command run beside the server
};

class PluginHost : public Host {
 public:
  PluginHost(KernelServices& services, std::string instance, std::string plugin, nlohmann::json settings);

  const std::string& instance_name() const override { return instance_; }
  const nlohmann::json& settings() const override { return settings_; }
  std::shared_ptr<spdlog::logger> logger() const override { return log_; }
  TicketService& tickets() override { return services_.tickets; }
  Directory& directory() override { return services_.directory; }
  Commands& commands() override { return commands_; }
  Sessions& sessions() override { return sessions_; }
  bool serving() const override { return services_.serving; }
  http::Router& router() override { return router_; }
  EventBus& events() override { return events_; }
  Scheduler& scheduler() override { return scheduler_; }
  Database& database(const std::vector<Migration>& migrations) override;
  std::shared_ptr<const nlohmann::json> catalog() const override { return services_.catalog.get()->shared_json(); }

  // After start() returns: later registration throws.
  void close_registration() { open_ = false; }
  // Removes every route, static folder, subscription and timer handler the instance registered.
  void rollback();

 private:
  class OwnedRouter : public http::Router {
   public:
    OwnedRouter(RouteTable& routes, const std::string& owner, const bool& open)
        : routes_(routes), owner_(owner), open_(open) {}
    void add(http::Route route) override;
    void add_static(std::string url_prefix, std::filesystem::path dir) override;

   private:
    RouteTable& routes_;
    const std::string& owner_;
    const bool& open_;
  };

  class OwnedCommands : public Commands {
   public:
    OwnedCommands(CommandTable& table, const std::string& owner, const bool& open)
        : table_(table), owner_(owner), open_(open) {}
    void add(Command command) override;

   private:
    CommandTable& table_;
    const std::string& owner_;
    const bool& open_;
  };

  // The kernel's sessions; registering a second factor is tagged and allowed only while starting.
  class OwnedSessions : public Sessions {
   public:
    OwnedSessions(SessionStore& store, const std::string& owner, const bool& open)
        : store_(store), owner_(owner), open_(open) {}
    SessionStart begin(const Principal& who, const http::Request& r, const std::string& method) override {
      return store_.begin(who, r, method);
    }
    void complete_second_factor(const http::Request& r, const std::string& provider) override {
      store_.complete_second_factor(r, provider);
    }
    std::vector<std::pair<std::string, std::string>> end(const http::Request& r) override { return store_.end(r); }
    int end_all(const Principal& who) override { return store_.end_all(who); }
    std::optional<Principal> principal(const Actor& actor) override { return store_.principal(actor); }
    void add_second_factor(std::shared_ptr<SecondFactorProvider> provider) override;

   private:
    SessionStore& store_;
    const std::string& owner_;
    const bool& open_;
  };

  KernelServices& services_;
  std::string instance_, plugin_;
  nlohmann::json settings_;
  std::shared_ptr<spdlog::logger> log_;
  bool open_ = true;
  OwnedRouter router_;
  OwnedEventBus events_;
  OwnedScheduler scheduler_;
  OwnedCommands commands_;
  OwnedSessions sessions_;
};

}  // namespace helpdesk::kernel
