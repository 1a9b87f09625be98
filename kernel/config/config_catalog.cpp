// departments:, teams:, help_topics:, statuses:, priorities: and forms:.
#include "kernel/config/config_sections.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

const std::vector<std::string> kStates = {"open", "in_progress", "resolved", "closed"};
const std::vector<std::string> kFieldTypes = {"text", "number", "choice", "date", "bool"};

bool looks_like_email(const std::string& email) {
  const std::size_t at = email.find('@');
  return at != std::string::npos && at > 0 && at + 1 < email.size() &&
         email.find('@', at + 1) == std::string::npos &&
         email.find_first_of(" \t<>,;") == std::string::npos;
}

void read_department(const MapView& map, Config& out) {
  Department d;
  read_key(map, d.key);
  map.get("name", d.name, /*required=*/true);
  if (map.get("email", d.email) && !d.email.empty() && !looks_like_email(d.email)) {
    map.walk().issue(map.walk().line_for(map.path_of("email")), map.path_of("email"),
                     "'" + d.email + "' is not an email address");
  }
  map.get("parent", d.parent);
  if (map.get("manager", d.manager) && !d.manager.empty() && !looks_like_email(d.manager)) {
    map.walk().issue(map.walk().line_for(map.path_of("manager")), map.path_of("manager"),
                     "'" + d.manager + "' is not an email address (the manager is an agent's email)");
  }
  out.departments.push_back(std::move(d));
}

void read_team(const MapView& map, Config& out) {
  Team t;
  read_key(map, t.key);
  map.get("name", t.name, /*required=*/true);
  out.teams.push_back(std::move(t));
}

void read_topic(const MapView& map, Config& out) {
  HelpTopic t;
  read_key(map, t.key);
  map.get("name", t.name, /*required=*/true);
  map.get("id", t.id, 1);
  map.get("parent", t.parent);
  map.get("department", t.department);
  map.get("priority", t.priority);
  map.get("form", t.form);
  map.get("public", t.is_public);
  out.help_topics.push_back(std::move(t));
}

void read_status(const MapView& map, Config& out) {
  Status s;
  read_key(map, s.key);
  map.get("name", s.name, /*required=*/true);
  if (map.get("state", s.state, /*required=*/true)) {
    check_one_of(map.walk(), map.path_of("state"), map.walk().line_for(map.path_of("state")),
                 s.state, kStates);
  }
  map.get("pauses_sla", s.pauses_sla);
  out.statuses.push_back(std::move(s));
}

void read_priority(const MapView& map, Config& out) {
  Priority p;
  read_key(map, p.key);
  map.get("name", p.name, /*required=*/true);
  map.get("id", p.id, 1);
  map.get("urgency", p.urgency);
  out.priorities.push_back(std::move(p));
}

void read_field(const MapView& map, Form& form) {
  Walk& walk = map.walk();
  FormField f;
  read_key(map, f.key);
  map.get("label", f.label);
  if (f.label.empty()) f.label = f.key;
  if (map.get("type", f.type)) {
    check_one_of(walk, map.path_of("type"), walk.line_for(map.path_of("type")), f.type,
                 kFieldTypes);
  }
  map.get("required", f.required);
  const bool has_choices = map.get("choices", f.choices);
  if (f.type == "choice" && f.choices.empty() && (has_choices || !map.has("choices"))) {
    walk.issue(walk.line_for(map.path_of("choices")), map.path_of("choices"),
               "a choice field needs a non-empty list of choices");
  } else if (f.type != "choice" && map.has("choices")) {
    walk.issue(walk.line_for(map.path_of("choices")), map.path_of("choices"),
               "choices apply only to fields of type 'choice'");
  }
  for (std::size_t i = 0; i < f.choices.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (f.choices[i] == f.choices[j]) {
        const std::string path = index_path(map.path_of("choices"), i);
        walk.issue(walk.line_for(path), path, "duplicate choice '" + f.choices[i] + "'");
        break;
      }
    }
  }
  form.fields.push_back(std::move(f));
}

void read_form(const MapView& map, Config& out) {
  Form form;
  read_key(map, form.key);
  map.get("name", form.name, /*required=*/true);
  map.each("fields", [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView field =
        item_map(map.walk(), item, path, line, {"key", "label", "type", "required", "choices"});
    if (field.valid()) read_field(field, form);
  });
  out.forms.push_back(std::move(form));
}

using ReadItem = void (*)(const MapView&, Config&);

void read_list(const MapView& root, std::string_view key, std::vector<std::string> known,
               ReadItem read, Config& out) {
  root.each(key, [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line, known);
    if (map.valid()) read(map, out);
  });
}

}  // namespace

void read_catalog(const MapView& root, Config& out) {
  read_list(root, "departments", {"key", "name", "email", "parent", "manager"}, read_department, out);
  read_list(root, "teams", {"key", "name"}, read_team, out);
  read_list(root, "help_topics",
            {"key", "name", "id", "parent", "department", "priority", "form", "public"}, read_topic,
            out);
  read_list(root, "statuses", {"key", "name", "state", "pauses_sla"}, read_status, out);
  read_list(root, "priorities", {"key", "name", "id", "urgency"}, read_priority, out);
  read_list(root, "forms", {"key", "name", "fields"}, read_form, out);
}

}  // namespace helpdesk::kernel::config_detail
