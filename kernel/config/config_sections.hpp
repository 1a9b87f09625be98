#pragma once
// The readers of the config's top-level sections. Each reads its key(s) from the document's
// root map, checks types, ranges and formats it can see locally, and fills `Config`; checks
// that need several sections (references, uniqueness, cycles) are in config_references.cpp.
#include <filesystem>
#include <optional>
#include <string_view>

#include "kernel/config/config.hpp"
#include "kernel/config/yaml_walk.hpp"

namespace helpdesk::kernel::config_detail {

// The top-level keys, in the order the shipped config uses them.
const std::vector<std::string>& top_level_keys();

void read_server(const MapView& root, ServerConfig& out);
void read_storage(const MapView& root, StorageConfig& out);
void read_tickets(const MapView& root, TicketConfig& out);
// plugin_dirs and plugins; relative paths are resolved against `config_dir`.
void read_plugins(const MapView& root, const std::filesystem::path& config_dir, Config& out);
// departments, teams, help_topics, statuses, priorities, forms.
void read_catalog(const MapView& root, Config& out);
// api_keys and tokens.
void read_credentials(const MapView& root, Config& out);

// rules, filters, triggers, calendars, sla_plans; scripts resolved against `config_dir`.
void read_rules(const MapView& root, const std::filesystem::path& config_dir, Config& out);

// roles and auth.
void read_access(const MapView& root, Config& out);

void check_references(Walk& walk, const Config& config);

// The map under `key` of `parent` with its keys checked; nullopt when absent or not a map.
std::optional<MapView> section(const MapView& parent, std::string_view key,
                               std::vector<std::string> known);
// A list item as a map with its keys checked.
MapView item_map(Walk& walk, const YAML::Node& item, const std::string& path, int line,
                 std::vector<std::string> known);

// `path` as written in the config, relative to the config file's folder `base`.
std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& path);

// Keys of departments, teams, topics, statuses, priorities, forms, fields and plugin
// instances: [a-z0-9][a-z0-9_.-]*.
bool is_valid_key(std::string_view key);
// Reads `field` (default "key") as a required, well-formed key.
bool read_key(const MapView& map, std::string& out, std::string_view field = "key");
// `value` must be one of `allowed`; reports "must be one of ..." (with a suggestion) otherwise.
bool check_one_of(Walk& walk, const std::string& path, int line, const std::string& value,
                  const std::vector<std::string>& allowed);

}  // namespace helpdesk::kernel::config_detail
