#pragma once
// The plugin contract. A plugin is a shared library that exports two symbols, both made by
// HELPDESK_PLUGIN(Class):
//   - `helpdesk_sdk_abi`, a plain extern "C" int the loader reads before it calls any C++;
//   - `helpdesk_create_plugin`, a Boost.DLL alias of a factory returning the plugin object.
// and ships `plugin.yaml` beside it (name, version, requires, settings, status; docs/plugins.md).
//
// Life cycle: the kernel creates the object, calls start(host) once (in dependency order), and
// stop() once at shutdown (in reverse order). Everything a plugin registers (routes, static
// folders, event subscriptions, timer handlers, databases) must be registered inside start();
// later calls throw. If start() throws, everything it registered is removed and the plugin is
// reported as failed; the library itself stays loaded (no unloading, ever).
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/alias.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "helpdesk/abi.hpp"
#include "helpdesk/auth.hpp"
#include "helpdesk/commands.hpp"
#include "helpdesk/directory.hpp"
#include "helpdesk/error.hpp"
#include "helpdesk/events.hpp"
#include "helpdesk/http.hpp"
#include "helpdesk/scheduler.hpp"
#include "helpdesk/storage.hpp"
#include "helpdesk/tickets.hpp"

namespace helpdesk {

// What the kernel gives a plugin instance. The references stay valid until stop() returns.
class Host {
 public:
  virtual ~Host() = default;
  // This instance's name from the config (a plugin may be loaded several times under other names).
  virtual const std::string& instance_name() const = 0;
  // The instance's settings: the config block, validated against plugin.yaml, defaults filled in.
  virtual const nlohmann::json& settings() const = 0;
  // A logger named after the instance.
  virtual std::shared_ptr<spdlog::logger> logger() const = 0;
  virtual TicketService& tickets() = 0;
  virtual Directory& directory() = 0;
  // Sessions and second factors (helpdesk/auth.hpp).
  virtual Sessions& sessions() = 0;
  virtual http::Router& router() = 0;
  virtual EventBus& events() = 0;
  virtual Scheduler& scheduler() = 0;
  // The database for this plugin's own tables, after running `migrations` (once per process;
  // start only). The schema version is kept per plugin name, not per instance.
  virtual Database& database(const std::vector<Migration>& migrations) = 0;
  // The configuration entities plugins may read: departments, help_topics, priorities, statuses,
  // each a list of objects with at least "key" and "name" (osTicket ids as "id" where declared).
  // Shared, never copied: the same object until a config reload makes a new one, so a plugin
  // that derives something from it can keep that while the pointer stays the same.
  virtual std::shared_ptr<const nlohmann::json> catalog() const = 0;
  // Command-line subcommands (helpdesk/commands.hpp); register while starting, as with routes.
  virtual Commands& commands() = 0;
  // False when the plugin runs for a command beside the server (`helpdeskd pipe`): no HTTP, no
  // timers firing. Start no background work then.
  virtual bool serving() const = 0;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual void start(Host& host) = 0;
  virtual void stop() {}
  // A short health summary for GET /api/v1/system/plugins (e.g. last poll, queue length).
  virtual nlohmann::json health() const { return nlohmann::json::object(); }
};

using PluginFactory = std::unique_ptr<Plugin>();

}  // namespace helpdesk

// Exports the ABI version and the factory for `Class` (default-constructible). Use once per library.
#define HELPDESK_PLUGIN(Class)                                                                \
  extern "C" BOOST_SYMBOL_EXPORT const int helpdesk_sdk_abi = HELPDESK_SDK_ABI;              \
  namespace {                                                                                 \
  std::unique_ptr<::helpdesk::Plugin> helpdesk_make_plugin_() { return std::make_unique<Class>(); } \
  }                                                                                           \
  BOOST_DLL_ALIAS(helpdesk_make_plugin_, helpdesk_create_plugin)
