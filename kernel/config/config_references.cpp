// Checks across entries and sections: unique keys, ids and names; references between entities;
// parent cycles; the statuses the ticket lifecycle needs. Lines come from the paths the readers
// remembered, so every message points at the offending key.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "kernel/config/config_sections.hpp"
#include "kernel/config/did_you_mean.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

std::string field_path(const std::string& list, std::size_t index, const std::string& field) {
  return join_path(index_path(list, index), field);
}

// Reports the second and later entries whose `value(item)` repeats an earlier one ("" is skipped).
template <class T, class Value>
void check_unique(Walk& walk, const std::vector<T>& items, const std::string& list,
                  const std::string& field, const std::string& what, Value value) {
  std::unordered_map<std::string, int> first_line;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string v = value(items[i]);
    if (v.empty()) continue;
    const std::string path = field_path(list, i, field);
    const int line = walk.line_for(path);
    const auto [seen, inserted] = first_line.emplace(v, line);
    if (!inserted) {
      walk.issue(line, path,
                 "duplicate " + what + " '" + v + "' (first at line " +
                     std::to_string(seen->second) + ")");
    }
  }
}

template <class T>
std::vector<std::string> keys_of(const std::vector<T>& items) {
  std::vector<std::string> keys;
  keys.reserve(items.size());
  for (const auto& item : items) keys.push_back(item.key);
  return keys;
}

bool contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// `value` (when set) must be one of `keys`.
void check_reference(Walk& walk, const std::string& path, const std::string& value,
                     const std::vector<std::string>& keys, const std::string& what,
                     const std::string& note = "") {
  if (value.empty() || contains(keys, value)) return;
  walk.issue(walk.line_for(path), path,
             "unknown " + what + " '" + value + "'" + note + did_you_mean(value, keys));
}

// Parent chains must end: reports each cycle once, at its first member in list order.
template <class T>
void check_parent_cycles(Walk& walk, const std::vector<T>& items, const std::string& list) {
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& item : items) parent_of.emplace(item.key, item.parent);
  std::unordered_set<std::string> reported;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& start = items[i].key;
    if (start.empty() || reported.count(start) != 0) continue;
    std::vector<std::string> chain = {start};
    std::string current = items[i].parent;
    bool cycle = false;
    while (!current.empty() && chain.size() <= items.size()) {
      if (current == start) {
        cycle = true;
        break;
      }
      const auto next = parent_of.find(current);
      if (next == parent_of.end()) break;
      chain.push_back(current);
      current = next->second;
    }
    if (!cycle) continue;
    std::string text;
    for (const auto& key : chain) {
      text += key + " -> ";
      reported.insert(key);
    }
    const std::string path = field_path(list, i, "parent");
    walk.issue(walk.line_for(path), path, "parent cycle: " + text + start);
  }
}

std::string id_text(const std::optional<int>& id) { return id ? std::to_string(*id) : ""; }

void check_catalog(Walk& walk, const Config& c) {
  auto key = [](const auto& item) { return item.key; };
  check_unique(walk, c.departments, "departments", "key", "department key", key);
  check_unique(walk, c.teams, "teams", "key", "team key", key);
  check_unique(walk, c.help_topics, "help_topics", "key", "help topic key", key);
  check_unique(walk, c.statuses, "statuses", "key", "status key", key);
  check_unique(walk, c.priorities, "priorities", "key", "priority key", key);
  check_unique(walk, c.forms, "forms", "key", "form key", key);
  check_unique(walk, c.help_topics, "help_topics", "id", "help topic id",
               [](const HelpTopic& t) { return id_text(t.id); });
  check_unique(walk, c.priorities, "priorities", "id", "priority id",
               [](const Priority& p) { return id_text(p.id); });
  for (std::size_t i = 0; i < c.forms.size(); ++i) {
    check_unique(walk, c.forms[i].fields, field_path("forms", i, "fields"), "key", "field key",
                 key);
  }

  const auto departments = keys_of(c.departments);
  const auto topics = keys_of(c.help_topics);
  const auto priorities = keys_of(c.priorities);
  const auto forms = keys_of(c.forms);
  for (std::size_t i = 0; i < c.departments.size(); ++i) {
    check_reference(walk, field_path("departments", i, "parent"), c.departments[i].parent,
                    departments, "department");
  }
  for (std::size_t i = 0; i < c.help_topics.size(); ++i) {
    const HelpTopic& t = c.help_topics[i];
    check_reference(walk, field_path("help_topics", i, "department"), t.department, departments,
                    "department");
    check_reference(walk, field_path("help_topics", i, "parent"), t.parent, topics, "help topic");
    check_reference(walk, field_path("help_topics", i, "priority"), t.priority, priorities,
                    "priority");
    check_reference(walk, field_path("help_topics", i, "form"), t.form, forms, "form");
  }
  check_parent_cycles(walk, c.departments, "departments");
  check_parent_cycles(walk, c.help_topics, "help_topics");

  // The lifecycle needs somewhere to start and somewhere to end.
  for (const std::string state : {"open", "closed"}) {
    const bool found = std::any_of(c.statuses.begin(), c.statuses.end(),
                                   [&](const Status& s) { return s.state == state; });
    if (!found) {
      walk.issue(walk.line_for("statuses"), "statuses",
                 "needs at least one status with state '" + state + "'");
    }
  }
}

void check_ticket_defaults(Walk& walk, const Config& c) {
  auto check = [&](const std::string& field, const std::string& value,
                   const std::vector<std::string>& keys, const std::string& what) {
    const std::string path = "tickets." + field;
    // A default that was not written gets a hint, since the user never typed the value.
    const std::string note = walk.has_line(path) ? "" : " (the default; set " + path + ")";
    check_reference(walk, path, value, keys, what, note);
  };
  check("default_department", c.tickets.default_department, keys_of(c.departments), "department");
  check("default_priority", c.tickets.default_priority, keys_of(c.priorities), "priority");
  check("default_status", c.tickets.default_status, keys_of(c.statuses), "status");
}

void check_credentials(Walk& walk, const Config& c) {
  check_unique(walk, c.plugins, "plugins", "name", "plugin name",
               [](const PluginConfig& p) { return p.name; });
  check_unique(walk, c.api_keys, "api_keys", "name", "API key name",
               [](const ApiKey& k) { return k.name; });
  check_unique(walk, c.tokens, "tokens", "name", "token name",
               [](const ApiToken& t) { return t.name; });
  // Two entries with one secret would make the caller's identity ambiguous. The path names the
  // key the secret came from whichever of key/key_sha256 was used (line_for falls back).
  auto same_secret = [&](const auto& items, const std::string& list, const std::string& what) {
    std::map<std::string, std::string> first;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& hash = items[i].key_sha256;
      if (hash.empty()) continue;
      const auto [seen, inserted] = first.emplace(hash, items[i].name);
      if (!inserted) {
        std::string path = field_path(list, i, "key");
        if (!walk.has_line(path)) path = field_path(list, i, "key_sha256");
        walk.issue(walk.line_for(path), path, "same secret as " + what + " '" + seen->second + "'");
      }
    }
  };
  same_secret(c.api_keys, "api_keys", "API key");
  same_secret(c.tokens, "tokens", "token");
}


const std::vector<std::string> kEvents = {
    "ticket.created",        "ticket.updated", "ticket.replied", "ticket.noted",  "ticket.assigned",
    "ticket.transferred",    "ticket.status_changed", "ticket.closed", "ticket.reopened", "sla.warning",
    "sla.breached",          "mail.received",  "mail.rejected"};

void check_rules(Walk& walk, const Config& config) {
  auto name_of = [](const ScriptEntry& e) { return e.name; };
  check_unique(walk, config.filters, "filters", "name", "filter name", name_of);
  check_unique(walk, config.triggers, "triggers", "name", "trigger name", name_of);
  for (std::size_t i = 0; i < config.triggers.size(); ++i)
    for (std::size_t j = 0; j < config.triggers[i].events.size(); ++j) {
      const auto path = index_path(field_path("triggers", i, "events"), j);
      check_one_of(walk, path, walk.line_for(path), config.triggers[i].events[j], kEvents);
    }
  auto key_of = [](const auto& e) { return e.key; };
  check_unique(walk, config.calendars, "calendars", "key", "calendar key", key_of);
  check_unique(walk, config.sla_plans, "sla_plans", "key", "SLA plan key", key_of);
  check_unique(walk, config.roles, "roles", "key", "role key", key_of);
  const auto calendars = keys_of(config.calendars);
  const auto topics = keys_of(config.help_topics);
  const auto departments = keys_of(config.departments);
  for (std::size_t i = 0; i < config.sla_plans.size(); ++i) {
    const auto& plan = config.sla_plans[i];
    check_reference(walk, field_path("sla_plans", i, "calendar"), plan.calendar, calendars, "calendar");
    for (std::size_t j = 0; j < plan.topics.size(); ++j)
      check_reference(walk, index_path(field_path("sla_plans", i, "topics"), j), plan.topics[j], topics,
                      "help topic");
    for (std::size_t j = 0; j < plan.departments.size(); ++j)
      check_reference(walk, index_path(field_path("sla_plans", i, "departments"), j), plan.departments[j],
                      departments, "department");
  }
}

}  // namespace

void check_references(Walk& walk, const Config& config) {
  check_rules(walk, config);
  check_catalog(walk, config);
  check_ticket_defaults(walk, config);
  check_credentials(walk, config);
}

}  // namespace helpdesk::kernel::config_detail
