// plugin_dirs: and plugins:.
#include "kernel/config/config_sections.hpp"
#include "kernel/config/yaml_json.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

void read_plugin(Walk& walk, const YAML::Node& item, const std::string& path, int line,
                 const std::filesystem::path& config_dir, Config& out) {
  const MapView map =
      item_map(walk, item, path, line, {"name", "plugin", "path", "required", "enabled", "config"});
  if (!map.valid()) return;
  PluginConfig plugin;
  plugin.line = line;
  read_key(map, plugin.name, "name");
  plugin.plugin = plugin.name;
  if (map.has("plugin")) read_key(map, plugin.plugin, "plugin");
  std::string library;
  if (map.get("path", library) && !library.empty()) plugin.path = resolve_path(config_dir, library);
  map.get("required", plugin.required);
  map.get("enabled", plugin.enabled);
  if (const MapEntry* config = map.find("config")) {
    if (config->value.IsNull() || config->value.IsMap()) {
      plugin.config = yaml_to_json(walk, config->value, map.path_of("config"), config->line);
      if (plugin.config.is_null()) plugin.config = nlohmann::json::object();
      if (config->value.IsMap())  // so a plugin's settings check can name the line of each key
        for (const auto& kv : config->value)
          if (kv.first.IsScalar()) plugin.config_lines[kv.first.Scalar()] = kv.first.Mark().line + 1;
    } else {
      walk.issue(config->line, map.path_of("config"),
                 "expected a map, got " + describe(config->value));
    }
  }
  out.plugins.push_back(std::move(plugin));
}

}  // namespace

void read_plugins(const MapView& root, const std::filesystem::path& config_dir, Config& out) {
  Walk& walk = root.walk();
  root.each("plugin_dirs", [&](const YAML::Node& item, const std::string& path, int line) {
    const auto dir = read_string(walk, item, path, line);
    if (!dir) return;
    if (dir->empty()) {
      walk.issue(line, path, "must not be empty");
      return;
    }
    out.plugin_dirs.push_back(resolve_path(config_dir, *dir));
  });
  root.each("plugins", [&](const YAML::Node& item, const std::string& path, int line) {
    read_plugin(walk, item, path, line, config_dir, out);
  });
}

}  // namespace helpdesk::kernel::config_detail
