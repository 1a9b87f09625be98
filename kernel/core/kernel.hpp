#pragma once
// The kernel assembled: storage, catalog, ticket service, events, scheduler, credentials,
// plugins and the HTTP server, started and stopped in the right order.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel {

struct KernelOptions {
  Config config;
  std::vector<std::filesystem::path> plugin_dirs;  // searched after the config's plugin_dirs
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens the database under the config's data dir and runs the kernel's migrations (also used by
// commands that run beside the server, e.g. `helpdeskd pipe`).
std::filesystem::path database_file(const Config& config);

}  // namespace helpdesk::kernel
