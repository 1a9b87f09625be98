#include "kernel/core/kernel.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>

#include "kernel/core/attachment_store.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/core/admin_routes.hpp"
#include "kernel/core/authorizer.hpp"
#include "kernel/core/credentials.hpp"
#include "kernel/core/session_store.hpp"
#include "kernel/core/demo_data.hpp"
#include "kernel/core/directory.hpp"
#include "kernel/core/command_table.hpp"
#include "kernel/core/event_bus.hpp"
#include "kernel/core/plugin_loader.hpp"
#include "kernel/core/rules_routes.hpp"
#include "kernel/core/ticket_routes.hpp"
#include "kernel/core/rules_setup.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/core/sla_timers.hpp"
#include "kernel/core/system_routes.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/core/trigger_dispatch.hpp"
#include "kernel/http/router.hpp"
#include "kernel/http/server.hpp"
#include "kernel/storage/database.hpp"

std::vector<helpdesk::Migration> kernel_migrations();

namespace helpdesk::kernel {
namespace {

std::pair<std::string, std::uint16_t> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, static_cast<std::uint16_t>(std::stoi(listen.substr(colon + 1)))};
}

// The clock for tickets and timers. Integration tests drive time through a file holding unix
// seconds (HELPDESK_TEST_CLOCK_FILE), so SLA steps can be tested at business-hour instants
// across restarts without sleeping; nobody sets it in production, and the log says so loudly.
Clock service_clock(spdlog::logger& log) {
  const char* file = std::getenv("HELPDESK_TEST_CLOCK_FILE");
  if (file == nullptr || *file == '\0') return system_now;
  log.warn("time comes from {} (HELPDESK_TEST_CLOCK_FILE), not from the system clock", file);
  return [path = std::string(file)] {
    std::ifstream in(path);
    Timestamp t = 0;
    return in >> t ? t : system_now();
  };
}

}  // namespace

std::filesystem::path database_file(const Config& config) { return config.storage.data_dir / "helpdesk.db"; }

struct Kernel::Impl {
  KernelOptions options;
  std::unique_ptr<Config> last_loaded;  // the config of the last reload
  std::shared_ptr<spdlog::logger> log = spdlog::default_logger()->clone("kernel");
  std::unique_ptr<SqliteDatabase> db;
  std::unique_ptr<CatalogHolder> catalog;
  std::unique_ptr<RulesHolder> rules;
  std::unique_ptr<AttachmentStore> files;
  std::unique_ptr<KernelEventBus> bus;
  std::unique_ptr<KernelEventPublisher> publisher;
  std::unique_ptr<KernelTicketService> tickets;
  std::unique_ptr<TriggerDispatch> triggers;
  std::unique_ptr<DurableScheduler> scheduler;
  std::unique_ptr<Credentials> credentials;
  std::unique_ptr<RouteTable> routes;
  std::unique_ptr<KernelDirectory> directory;
  std::unique_ptr<SessionStore> sessions;
  std::unique_ptr<Authorizer> authorizer;
  std::unique_ptr<CommandTable> commands;
  std::unique_ptr<KernelServices> services;
  std::unique_ptr<PluginLoader> plugins;
  std::unique_ptr<HttpServer> http;
  bool started = false;
};

Kernel::Kernel(KernelOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

Kernel::~Kernel() { stop(); }

void Kernel::start() {
  auto& k = *impl_;
  const Config& config = k.options.config;

  DatabaseOptions db_options;
  db_options.file = database_file(config);
  db_options.read_connections = config.storage.read_connections;
  db_options.busy_timeout_ms = config.storage.busy_timeout_ms;
  db_options.max_batch = config.storage.max_batch;
  k.db = std::make_unique<SqliteDatabase>(db_options);
  k.db->migrate("kernel", kernel_migrations());

  k.catalog = std::make_unique<CatalogHolder>(std::make_shared<const Catalog>(config));
  k.catalog->get()->mirror_to(*k.db);
  k.files = std::make_unique<AttachmentStore>(config.storage.data_dir / "attachments");
  k.bus = std::make_unique<KernelEventBus>(spdlog::default_logger()->clone("events"));
  k.publisher = std::make_unique<KernelEventPublisher>(*k.bus);
  k.rules = std::make_unique<RulesHolder>(build_rule_set(config, *k.catalog->get()));
  for (const auto& f : k.rules->get()->filters->check())
    k.log->error("filter {} will be skipped on every ticket: {}", f.script, f.message);
  if (const auto set = k.rules->get(); set->triggers)
    for (const auto& f : set->triggers->check())
      k.log->error("trigger {} will be skipped on every event: {}", f.script, f.message);
  if (const auto* policies = k.rules->get()->sla->policies())
    for (const auto& f : policies->check())
      k.log->error("SLA policy of plan {} cannot run; the plan's own minutes apply: {}", f.script, f.message);
  const Clock clock = service_clock(*k.log);
  k.tickets = std::make_unique<KernelTicketService>(*k.db, *k.catalog, *k.files, *k.publisher,
                                                    spdlog::default_logger()->clone("tickets"), clock,
                                                    k.rules.get());
  k.scheduler = std::make_unique<DurableScheduler>(*k.db, clock, spdlog::default_logger()->clone("scheduler"));
  k.triggers = std::make_unique<TriggerDispatch>(*k.bus, *k.tickets, *k.rules,
                                                 spdlog::default_logger()->clone("triggers"), k.scheduler.get());
  register_sla_timers(*k.scheduler, *k.db, *k.catalog, *k.publisher, *k.tickets);
  k.credentials = std::make_unique<Credentials>(config, k.db.get());
  k.sessions = std::make_unique<SessionStore>(*k.db, *k.catalog, clock);
  k.authorizer = std::make_unique<Authorizer>(*k.db, *k.credentials, *k.sessions, *k.catalog, clock);
  k.routes = std::make_unique<RouteTable>(
      [auth = k.authorizer.get()](http::Request& r, const http::Access& a) { auth->authorize(r, a); });
  k.directory = std::make_unique<KernelDirectory>(*k.db);
  k.commands = std::make_unique<CommandTable>();
  k.services = std::make_unique<KernelServices>(KernelServices{*k.routes, *k.bus, *k.scheduler, *k.db, *k.tickets,
                                                               *k.catalog, *k.directory, *k.commands,
                                                               *k.sessions, k.options.serving});

  if (config.demo && k.options.serving) seed_demo_data(*k.db, *k.tickets, config);

  auto dirs = config.plugin_dirs;
  dirs.insert(dirs.end(), k.options.plugin_dirs.begin(), k.options.plugin_dirs.end());
  k.plugins = std::make_unique<PluginLoader>(*k.services, dirs, spdlog::default_logger()->clone("plugins"));
  add_system_routes(*k.routes, SystemInfo{k.db.get(), k.plugins.get(), k.catalog.get()});
  add_rules_routes(*k.routes, *k.tickets, *k.rules);
  add_ticket_routes(*k.routes, *k.tickets, *k.authorizer);
  add_admin_routes(*k.routes, *k.db, *k.catalog, *k.sessions, clock);
  k.plugins->start_all(config);
  if (!k.options.serving) {  // a command beside the server: no timers firing, no HTTP
    k.started = true;
    return;
  }
  k.scheduler->start();

  HttpServerOptions http_options;
  std::tie(http_options.host, http_options.port) = split_listen(config.server.listen);
  http_options.io_threads = config.server.io_threads;
  http_options.handler_threads = config.server.handler_threads;
  http_options.max_body_bytes = config.server.max_body_bytes;
  http_options.max_header_bytes = config.server.max_header_bytes;
  http_options.read_timeout = std::chrono::seconds(config.server.read_timeout_seconds);
  http_options.idle_timeout = std::chrono::seconds(config.server.idle_timeout_seconds);
  http_options.access_log = config.server.access_log;
  k.http = std::make_unique<HttpServer>(
      http_options,
      [routes = k.routes.get(), creds = k.credentials.get()](http::Request& r) {
        r.remote_address = creds->client_address(r);
        return routes->dispatch(r);
      },
      [routes = k.routes.get()](http::Method m, const std::string& path) { return routes->body_limit(m, path); });
  k.http->start();
  k.started = true;
  k.log->info("helpdeskd serving on http://{}:{} (data in {})", http_options.host, k.http->port(),
              config.storage.data_dir.string());
}

std::vector<std::string> Kernel::reload(const Config& fresh) {
  auto& k = *impl_;
  // The running services may hold references into options.config: compare against the last load.
  const Config& old = k.last_loaded ? *k.last_loaded : k.options.config;
  // Build everything first: a malformed calendar throws here and nothing changes.
  auto catalog = std::make_shared<const Catalog>(fresh);
  auto rules = build_rule_set(fresh, *catalog);
  catalog->mirror_to(*k.db);
  k.catalog->set(catalog);
  k.rules->set(rules);
  for (const auto& f : rules->filters->check()) k.log->error("filter {} will be skipped on every ticket: {}", f.script, f.message);
  if (rules->triggers)
    for (const auto& f : rules->triggers->check()) k.log->error("trigger {} will be skipped: {}", f.script, f.message);
  if (const auto* policies = rules->sla->policies())
    for (const auto& f : policies->check()) k.log->error("SLA policy of plan {} cannot run: {}", f.script, f.message);
  // What only a restart applies.
  std::vector<std::string> restart;
  auto differs = [](const auto& a, const auto& b) { return nlohmann::json(a).dump() != nlohmann::json(b).dump(); };
  if (old.server.listen != fresh.server.listen || old.server.handler_threads != fresh.server.handler_threads ||
      old.server.io_threads != fresh.server.io_threads || old.server.max_body_bytes != fresh.server.max_body_bytes)
    restart.push_back("server");
  if (old.storage.data_dir != fresh.storage.data_dir) restart.push_back("storage");
  std::vector<nlohmann::json> old_plugins, new_plugins;
  for (const auto& p : old.plugins) old_plugins.push_back({p.name, p.plugin, p.path, p.enabled, p.config});
  for (const auto& p : fresh.plugins) new_plugins.push_back({p.name, p.plugin, p.path, p.enabled, p.config});
  if (differs(old_plugins, new_plugins)) restart.push_back("plugins");
  std::vector<std::string> old_keys, new_keys;
  for (const auto& a : old.api_keys) old_keys.push_back(a.name + a.key_sha256);
  for (const auto& a : fresh.api_keys) new_keys.push_back(a.name + a.key_sha256);
  for (const auto& t : old.tokens) old_keys.push_back(t.name + t.key_sha256);
  for (const auto& t : fresh.tokens) new_keys.push_back(t.name + t.key_sha256);
  if (old_keys != new_keys) restart.push_back("api_keys/tokens");
  auto kept = std::make_unique<Config>(fresh);
  kept->server.listen = old.server.listen;  // the command-line overrides stay in force
  kept->storage.data_dir = old.storage.data_dir;
  k.last_loaded = std::move(kept);
  k.log->info("reloaded {}: rules, SLA plans, calendars and the catalog are live{}", fresh.file.string(),
              restart.empty() ? "" : "; restart to apply changes to " + nlohmann::json(restart).dump());
  return restart;
}

int Kernel::run_command(const std::string& name, CommandContext& context) {
  auto& k = *impl_;
  const auto command = k.commands ? k.commands->find(name) : std::nullopt;
  if (!command) {
    context.err << "helpdeskd: no plugin provides the command '" << name << "'";
    const auto known = k.commands ? k.commands->describe() : std::vector<std::string>{};
    if (known.empty())
      context.err << " (no plugin adds commands; is the plugin enabled in the config?)\n";
    else
      context.err << "; plugin commands: " << nlohmann::json(known).dump() << "\n";
    return 69;  // EX_UNAVAILABLE
  }
  return command->run(context);
}

std::uint16_t Kernel::port() const { return impl_->http ? impl_->http->port() : 0; }

void Kernel::stop() {
  auto& k = *impl_;
  if (!k.started) return;
  k.started = false;
  k.log->info("stopping: draining requests");
  if (k.http) k.http->stop();
  k.scheduler->stop();
  k.bus->stop();  // delivers what is queued, while the plugins that subscribed still run
  k.plugins->stop_all();
  k.http.reset();
  k.plugins.reset();
  k.db.reset();
  k.log->info("stopped");
}

}  // namespace helpdesk::kernel
