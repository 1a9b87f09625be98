#include "kernel/core/plugin_loader.hpp"

#include <map>
#include <set>

#include <boost/dll/shared_library.hpp>

#include "kernel/core/plugin_manifest.hpp"

namespace helpdesk::kernel {

struct PluginLoader::Instance {
  PluginConfig entry;
  std::size_t index = 0;  // position in the config's plugin list
  PluginManifest manifest;
  PluginStatus status;
  std::unique_ptr<PluginHost> host;
  std::unique_ptr<Plugin> plugin;
};

namespace {

// Libraries stay loaded for the life of the process: plugin code may still be referenced by
// types registered with other libraries, static destructors and live callbacks.
std::vector<boost::dll::shared_library>& loaded_libraries() {
  static auto* libs = new std::vector<boost::dll::shared_library>();
  return *libs;
}

// Orders instances so each comes after the plugins it requires; marks what cannot be ordered.
std::vector<PluginLoader::Instance*> dependency_order(std::vector<PluginLoader::Instance*> pending) {
  std::vector<PluginLoader::Instance*> ordered;
  std::set<std::string> placed;
  std::multiset<std::string> offered;  // one entry per instance: a plugin may be loaded several times
  for (auto* i : pending) offered.insert(i->manifest.name);
  while (!pending.empty()) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end();) {
      auto* inst = *it;
      bool ready = true;
      for (const auto& req : inst->manifest.requires_plugins) {
        if (!offered.count(req)) {
          inst->status.state = "failed";
          inst->status.error = "requires plugin '" + req + "', which is not configured or failed to load";
          ready = false;
          break;
        }
        if (!placed.count(req)) ready = false;
      }
      if (inst->status.state == "failed") {
        offered.erase(offered.find(inst->manifest.name));
        it = pending.erase(it);
        progress = true;
      } else if (ready) {
        ordered.push_back(inst);
        placed.insert(inst->manifest.name);
        it = pending.erase(it);
        progress = true;
      } else {
        ++it;
      }
    }
    if (!progress) {
      for (auto* inst : pending) {
        inst->status.state = "failed";
        inst->status.error = "dependency cycle among:";
        for (auto* other : pending) inst->status.error += " " + other->manifest.name;
      }
      break;
    }
  }
  return ordered;
}

}  // namespace

PluginLoader::PluginLoader(KernelServices& services, std::vector<std::filesystem::path> plugin_dirs,
                           std::shared_ptr<spdlog::logger> log)
    : services_(services), plugin_dirs_(std::move(plugin_dirs)), log_(std::move(log)) {}

PluginLoader::~PluginLoader() { stop_all(); }

std::filesystem::path PluginLoader::find_library(const PluginConfig& entry, const std::filesystem::path& config_dir,
                                                 std::string& searched) const {
  const std::string file = "lib" + entry.plugin + ".so";
  if (!entry.path.empty()) {
    std::filesystem::path p = entry.path;
    if (p.is_relative()) p = config_dir / p;
    if (std::filesystem::is_directory(p)) p /= file;
    searched = p.string();
    return std::filesystem::exists(p) ? p : std::filesystem::path();
  }
  for (const auto& dir : plugin_dirs_) {
    for (const auto& candidate : {dir / entry.plugin / file, dir / file}) {
      searched += (searched.empty() ? "" : ", ") + candidate.string();
      if (std::filesystem::exists(candidate)) return candidate;
    }
  }
  return {};
}

void PluginLoader::start_all(const Config& config) {
  const auto config_dir = config.file.parent_path();
  std::vector<Instance*> candidates;
  for (std::size_t i = 0; i < config.plugins.size(); ++i) {
    const auto& entry = config.plugins[i];
    auto inst = std::make_unique<Instance>();
    inst->entry = entry;
    inst->index = i;
    inst->status = {entry.name, entry.plugin, "", "", "failed", "", "", entry.required};
    if (!entry.enabled) {
      inst->status.state = "disabled";
    } else {
      std::string searched;
      const auto lib = find_library(entry, config_dir, searched);
      inst->status.path = lib.empty() ? searched : lib.string();
      if (lib.empty()) {
        inst->status.error = "library lib" + entry.plugin + ".so not found (looked in: " + searched + ")";
      } else {
        try {
          inst->manifest = load_manifest(lib.parent_path() / "plugin.yaml");
          inst->status.version = inst->manifest.version;
          inst->status.status = inst->manifest.status;
          inst->status.state = "loading";
          candidates.push_back(inst.get());
        } catch (const std::exception& e) {
          inst->status.error = e.what();
        }
      }
    }
    instances_.push_back(std::move(inst));
  }

  std::vector<Instance*> ordered = dependency_order(candidates);
  std::set<std::string> running;
  for (auto* inst : ordered) {
    for (const auto& req : inst->manifest.requires_plugins)
      if (!running.count(req)) {
        inst->status.state = "failed";
        inst->status.error = "requires plugin '" + req + "', which failed to start";
      }
    if (inst->status.state != "failed") start_one(*inst, config);
    if (inst->status.state == "running") running.insert(inst->manifest.name);
  }
  // Keep instances in start order so stop_all() can reverse it.
  std::stable_sort(instances_.begin(), instances_.end(), [&](const auto& a, const auto& b) {
    auto pos = [&](const Instance* i) {
      auto it = std::find(ordered.begin(), ordered.end(), i);
      return it == ordered.end() ? ordered.size() : static_cast<std::size_t>(it - ordered.begin());
    };
    return pos(a.get()) < pos(b.get());
  });

  for (const auto& inst : instances_) {
    const auto& s = inst->status;
    if (s.state == "running")
      log_->info("plugin {} ({} {}) running", s.name, s.plugin, s.version);
    else if (s.state == "disabled")
      log_->info("plugin {} disabled in the config", s.name);
    else
      log_->error("plugin {} failed: {} [{}]", s.name, s.error, s.path);
  }
  for (const auto& inst : instances_)
    if (inst->status.required && inst->status.state != "running")
      throw std::runtime_error("required plugin '" + inst->status.name + "' failed: " + inst->status.error);
}

void PluginLoader::start_one(Instance& inst, const Config& config) {
  auto fail = [&](const std::string& why) {
    inst.status.state = "failed";
    inst.status.error = why;
  };
  try {
    boost::dll::shared_library lib(inst.status.path, boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
    loaded_libraries().push_back(lib);
    if (!lib.has("helpdesk_sdk_abi")) return fail("missing symbol helpdesk_sdk_abi (not built with HELPDESK_PLUGIN)");
    const int abi = lib.get<const int>("helpdesk_sdk_abi");
    if (abi != HELPDESK_SDK_ABI)
      return fail("ABI version " + std::to_string(abi) + " does not match the kernel's " +
                  std::to_string(HELPDESK_SDK_ABI) + "; rebuild the plugin against this SDK");
    if (!lib.has("helpdesk_create_plugin"))
      return fail("missing symbol helpdesk_create_plugin (the factory HELPDESK_PLUGIN exports)");
    auto& factory = lib.get_alias<PluginFactory>("helpdesk_create_plugin");

    nlohmann::json settings = resolve_settings(inst.manifest, inst.entry, config.file.string(), inst.index);
    inst.host = std::make_unique<PluginHost>(services_, inst.entry.name, inst.entry.plugin, std::move(settings));
    inst.plugin = factory();
    if (!inst.plugin) return fail("the factory returned no plugin");
    try {
      inst.plugin->start(*inst.host);
    } catch (...) {
      inst.host->rollback();
      inst.plugin.reset();
      throw;
    }
    inst.host->close_registration();
    inst.status.state = "running";
  } catch (const std::exception& e) {
    fail(inst.host && !inst.plugin ? std::string("start failed: ") + e.what() : e.what());
  } catch (...) {
    fail("start failed with a non-standard exception");
  }
}

void PluginLoader::stop_all() {
  for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) {
    auto& inst = **it;
    if (inst.status.state != "running") continue;
    try {
      inst.plugin->stop();
    } catch (const std::exception& e) {
      log_->error("plugin {} failed to stop: {}", inst.status.name, e.what());
    }
    inst.host->rollback();
    inst.plugin.reset();
    inst.status.state = "stopped";
  }
}

std::vector<PluginStatus> PluginLoader::status() const {
  std::vector<PluginStatus> out;
  for (const auto& inst : instances_) out.push_back(inst->status);
  return out;
}

nlohmann::json PluginLoader::status_json() const {
  auto out = nlohmann::json::array();
  for (const auto& inst : instances_) {
    const auto& s = inst->status;
    nlohmann::json j = {{"name", s.name},   {"plugin", s.plugin},
                        {"version", s.version}, {"status", s.status},
                        {"state", s.state}, {"error", s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error)},
                        {"path", s.path},   {"required", s.required}};
    if (s.state == "running" && inst->plugin) {
      try {
        j["health"] = inst->plugin->health();
      } catch (const std::exception& e) {
        j["health"] = {{"error", e.what()}};
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace helpdesk::kernel
