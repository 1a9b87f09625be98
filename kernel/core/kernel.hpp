#pragma once
// The kernel assembled: storage, catalog, ticket service, events, scheduler, credentials,
// plugins and the HTTP server, started and stopped in the right order.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <helpdesk/commands.hpp>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel {

struct KernelOptions {
  Config config;
  std::vector<std::filesystem::path> plugin_dirs;  // searched after the config's plugin_dirs
  bool serving = true;  // false: a plugin command runs beside the server (no HTTP, no timers)
};

class Kernel {
 public:
  explicit Kernel(KernelOptions options);
  ~Kernel();

  // Opens storage, runs migrations, mirrors the catalog, seeds demo data, starts plugins, then
  // serves HTTP. Throws on a storage error or a failed required plugin.
  void start();
  // Drains in-flight requests, stops plugins in reverse order, then the services.
  void stop();
  std::uint16_t port() const;
  // After start() with serving false: runs the plugin command `name` (exit code; 69 when no
  // plugin provides it, with the reason on context.err).
  int run_command(const std::string& name, CommandContext& context);
  // Applies a freshly loaded config to what can change while serving: rules (filters, triggers,
  // SLA plans and policies, calendars) and the catalog (departments, topics, statuses, …). Throws,
  // changing nothing, when the rules cannot be built. Returns the sections that differ but only
  // apply after a restart (server, storage, plugins, api_keys/tokens).
  std::vector<std::string> reload(const Config& fresh);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens the database under the config's data dir and runs the kernel's migrations (also used by
// commands that run beside the server, e.g. `helpdeskd pipe`).
std::filesystem::path database_file(const Config& config);

}  // namespace helpdesk::kernel
