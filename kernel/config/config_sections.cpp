#include "kernel/config/config_sections.hpp"

#include "kernel/config/did_you_mean.hpp"

namespace helpdesk::kernel::config_detail {

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys = {
      "server", "storage",     "tickets",  "demo",       "plugin_dirs", "plugins",  "departments",
      "teams",  "help_topics", "statuses", "priorities", "forms",       "api_keys", "tokens",
      "rules",  "filters",     "triggers", "calendars",  "sla_plans",   "roles",    "auth"};
  return keys;
}

std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_relative()) p = base / p;
  return p.lexically_normal();
}

std::optional<MapView> section(const MapView& parent, std::string_view key,
                               std::vector<std::string> known) {
  const MapEntry* entry = parent.find(key);
  if (entry == nullptr) return std::nullopt;
  MapView view(parent.walk(), entry->value, parent.path_of(key), entry->line, std::move(known));
  if (!view.valid()) return std::nullopt;
  return view;
}

MapView item_map(Walk& walk, const YAML::Node& item, const std::string& path, int line,
                 std::vector<std::string> known) {
  return MapView(walk, item, path, line, std::move(known));
}

bool is_valid_key(std::string_view key) {
  if (key.empty()) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(key.front())) return false;
  for (char c : key) {
    if (!lower_or_digit(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool read_key(const MapView& map, std::string& out, std::string_view field) {
  if (!map.valid()) return false;
  if (!map.get(field, out, /*required=*/true)) return false;
  if (!is_valid_key(out)) {
    map.walk().issue(map.walk().line_for(map.path_of(field)), map.path_of(field),
                     "invalid key '" + out +
                         "': use lower-case letters, digits, '_', '.' and '-', starting with a "
                         "letter or digit");
    return false;
  }
  return true;
}

bool check_one_of(Walk& walk, const std::string& path, int line, const std::string& value,
                  const std::vector<std::string>& allowed) {
  for (const auto& a : allowed) {
    if (a == value) return true;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  walk.issue(line, path, "'" + value + "' must be one of: " + list + did_you_mean(value, allowed));
  return false;
}

}  // namespace helpdesk::kernel::config_detail
