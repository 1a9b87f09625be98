// rules:, filters:, triggers:, calendars: and sla_plans:.
#include "kernel/config/config_sections.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

// A script path that must name an existing .lua file.
bool read_script(const MapView& map, std::string_view key, const std::filesystem::path& config_dir,
                 std::filesystem::path& out, bool required) {
  std::string text;
  if (!map.get(key, text, required) || text.empty()) return false;
  out = resolve_path(config_dir, text);
  const auto path = map.path_of(key);
  std::error_code ec;
  if (out.extension() != ".lua")
    map.walk().issue(map.walk().line_for(path), path, "'" + text + "' is not a .lua file");
  else if (!std::filesystem::is_regular_file(out, ec))
    map.walk().issue(map.walk().line_for(path), path, "script '" + out.string() + "' does not exist");
  return true;
}

void read_script_list(const MapView& root, std::string_view key, const std::filesystem::path& config_dir,
                      bool with_events, std::vector<ScriptEntry>& out) {
  std::vector<std::string> known = {"name", "script", "enabled"};
  if (with_events) known.push_back("events");
  root.each(key, [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line, known);
    if (!map.valid()) return;
    ScriptEntry e;
    e.line = line;
    read_key(map, e.name, "name");
    read_script(map, "script", config_dir, e.script, /*required=*/true);
    map.get("enabled", e.enabled);
    if (with_events && !map.get("events", e.events)) map.missing("events");
    out.push_back(std::move(e));
  });
}

const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

void read_calendar(const MapView& map, Config& out) {
  CalendarConfig c;
  read_key(map, c.key);
  map.get("name", c.name);
  if (c.name.empty()) c.name = c.key;
  map.get("timezone", c.timezone);
  if (const MapEntry* hours = map.find("hours")) {
    const MapView days(map.walk(), hours->value, map.path_of("hours"), hours->line, kDays);
    if (days.valid())
      for (const auto& day : kDays) {
        std::vector<std::string> ranges;
        if (days.get(day, ranges)) c.hours[day] = std::move(ranges);
      }
  } else {
    map.missing("hours");
  }
  map.get("holidays", c.holidays);
  out.calendars.push_back(std::move(c));
}

void read_sla_plan(const MapView& map, const std::filesystem::path& config_dir, Config& out) {
  SlaPlan p;
  read_key(map, p.key);
  map.get("name", p.name, /*required=*/true);
  map.get("calendar", p.calendar);
  read_script(map, "policy", config_dir, p.policy, /*required=*/false);
  map.get("first_response_minutes", p.first_response_minutes, 0);
  map.get("resolution_minutes", p.resolution_minutes, 0);
  map.get("pause_on_hold", p.pause_on_hold);
  map.get("topics", p.topics);
  map.get("departments", p.departments);
  out.sla_plans.push_back(std::move(p));
}

}  // namespace

void read_rules(const MapView& root, const std::filesystem::path& config_dir, Config& out) {
  out.rules.lib_dir = resolve_path(config_dir, "../scripts/lib");
  if (auto rules = section(root, "rules", {"instruction_budget", "memory_limit_kb", "lib_dir"})) {
    rules->get("instruction_budget", out.rules.instruction_budget, 1000);
    rules->get("memory_limit_kb", out.rules.memory_limit_kb, 256);
    std::string lib;
    if (rules->get("lib_dir", lib) && !lib.empty()) out.rules.lib_dir = resolve_path(config_dir, lib);
  }
  read_script_list(root, "filters", config_dir, false, out.filters);
  read_script_list(root, "triggers", config_dir, true, out.triggers);
  root.each("calendars", [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line, {"key", "name", "timezone", "hours", "holidays"});
    if (map.valid()) read_calendar(map, out);
  });
  root.each("sla_plans", [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line,
                                 {"key", "name", "calendar", "policy", "first_response_minutes",
                                  "resolution_minutes", "pause_on_hold", "topics", "departments"});
    if (map.valid()) read_sla_plan(map, config_dir, out);
  });
}

}  // namespace helpdesk::kernel::config_detail
