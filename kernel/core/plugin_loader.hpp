#pragma once
// Loads the plugins the config lists, in dependency order, and starts them; stops them in
// reverse. A plugin that fails (missing file, manifest error, missing symbol, ABI mismatch, bad
// settings, missing dependency, start() throwing) is reported with the file and the reason and
// leaves nothing registered; the server goes on unless the entry is `required: true`.
// Libraries are never unloaded (DESIGN: no dlclose while the process runs).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "kernel/config/config.hpp"
#include "kernel/core/plugin_host.hpp"

namespace helpdesk::kernel {

struct PluginStatus {
  std::string name;     // instance
  std::string plugin;   // library
  std::string version;  // from plugin.yaml, when it could be read
  std::string status;   // plugin.yaml status (stable, beta, alpha)
  std::string state;    // running, failed, disabled, stopped
  std::string error;    // why it failed
  std::string path;     // the library file
  bool required = false;
};

class PluginLoader {
 public:
  PluginLoader(KernelServices& services, std::vector<std::filesystem::path> plugin_dirs,
               std::shared_ptr<spdlog::logger> log);
  ~PluginLoader();

  // Throws std::runtime_error when a `required` plugin fails.
  void start_all(const Config& config);
  void stop_all();
  nlohmann::json status_json() const;
  std::vector<PluginStatus> status() const;

  struct Instance;  // one configured plugin entry and what became of it

 private:
  std::filesystem::path find_library(const PluginConfig& entry, const std::filesystem::path& config_dir,
                                     std::string& searched) const;
  void start_one(Instance& instance, const Config& config);

  KernelServices& services_;
  std::vector<std::filesystem::path> plugin_dirs_;
  std::shared_ptr<spdlog::logger> log_;
  std::vector<std::unique_ptr<Instance>> instances_;  // in start order
};

}  // namespace helpdesk::kernel
