#pragma once
// plugin.yaml: what a plugin declares about itself, and the check of a plugin's config block
// against the settings it declares.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel {

struct SettingSpec {
  std::string key;
  std::string type;  // string, int, number, bool, list, map
  nlohmann::json default_value;  // null: no default
  bool required = false;
  std::string help;
};

struct PluginManifest {
  std::filesystem::path file;
  std::string name, version, description;
  std::string status = "stable";  // stable, beta, alpha
  std::vector<std::string> requires_plugins;
  std::vector<SettingSpec> settings;
};

// Throws std::runtime_error "FILE:LINE: message" on a missing or malformed manifest.
PluginManifest load_manifest(const std::filesystem::path& file);

// The instance's settings: its config block checked against the manifest (unknown keys, wrong
// types, missing required ones), defaults filled in. Throws std::runtime_error naming the config
// file, line and key ("helpdesk.yaml:42: plugins[1].config.max_attachmnts: unknown setting").
nlohmann::json resolve_settings(const PluginManifest& manifest, const PluginConfig& entry,
                                const std::string& config_file, std::size_t index);

}  // namespace helpdesk::kernel
