#include "kernel/core/catalog.hpp"

#include <algorithm>
#include <cctype>

#include <helpdesk/text.hpp>

namespace helpdesk::kernel {
namespace {

using helpdesk::lower;

template <class Map>
auto find_in(const Map& map, const typename Map::key_type& key) -> typename Map::mapped_type {
  auto it = map.find(key);
  return it == map.end() ? nullptr : it->second;
}

SqlValue opt_text(const std::string& s) { return s.empty() ? SqlValue(nullptr) : SqlValue(s); }
SqlValue opt_int(const std::optional<int>& v) { return v ? SqlValue(std::int64_t{*v}) : SqlValue(nullptr); }

// Upserts rows by key and archives keys that vanished from the config.
void mirror_table(Sql& sql, const std::string& table, const std::string& columns, const std::string& updates,
                  const std::vector<std::pair<std::string, std::vector<SqlValue>>>& rows) {
  const auto count = std::count(columns.begin(), columns.end(), ',') + 1;
  std::string marks = "?";
  for (int i = 1; i < count; ++i) marks += ", ?";
  const std::string upsert = "INSERT INTO " + table + " (" + columns + ", archived) VALUES (" + marks +
                             ", 0) ON CONFLICT (key) DO UPDATE SET " + updates + ", archived = 0";
  std::string keys;
  std::vector<SqlValue> key_params;
  for (const auto& [key, values] : rows) {
    sql.exec(upsert, values);
    keys += keys.empty() ? "?" : ", ?";
    key_params.emplace_back(key);
  }
  if (keys.empty())
    sql.exec("UPDATE " + table + " SET archived = 1");
  else
    sql.exec("UPDATE " + table + " SET archived = 1 WHERE key NOT IN (" + keys + ")", key_params);
}

}  // namespace

Catalog::Catalog(const Config& config) : config_(config), tickets_(config.tickets) {
  for (const auto& d : config_.departments) departments_[d.key] = &d;
  for (const auto& t : config_.teams) teams_[t.key] = &t;
  for (const auto& t : config_.help_topics) {
    topics_[t.key] = &t;
    if (t.id) topics_by_id_[*t.id] = &t;
  }
  for (const auto& s : config_.statuses) statuses_[s.key] = &s;
  for (const auto& p : config_.priorities) {
    priorities_[p.key] = &p;
    if (p.id) priorities_by_id_[*p.id] = &p;
  }
  for (const auto& f : config_.forms) forms_[f.key] = &f;
  json_ = std::make_shared<const nlohmann::json>(build_json());
}

const Department* Catalog::department(const std::string& key) const { return find_in(departments_, key); }
const Team* Catalog::team(const std::string& key) const { return find_in(teams_, key); }
const HelpTopic* Catalog::topic(const std::string& key) const { return find_in(topics_, key); }
const HelpTopic* Catalog::topic_by_id(int id) const { return find_in(topics_by_id_, id); }
const Status* Catalog::status(const std::string& key) const { return find_in(statuses_, key); }
const Priority* Catalog::priority_by_id(int id) const { return find_in(priorities_by_id_, id); }
const Form* Catalog::form(const std::string& key) const { return find_in(forms_, key); }

const Status* Catalog::first_status_in(const std::string& state) const {
  for (const auto& s : config_.statuses)
    if (s.state == state) return &s;
  return nullptr;
}

std::vector<std::string> Catalog::statuses_in(const std::string& state) const {
  std::vector<std::string> keys;
  for (const auto& s : config_.statuses)
    if (s.state == state) keys.push_back(s.key);
  return keys;
}

const Priority* Catalog::priority(const std::string& key_or_name) const {
  if (auto p = find_in(priorities_, key_or_name)) return p;
  const auto wanted = lower(key_or_name);
  for (const auto& p : config_.priorities)
    if (lower(p.name) == wanted || p.key == wanted) return &p;
  return nullptr;
}

std::string Catalog::department_for(const HelpTopic* topic) const {
  for (auto t = topic; t; t = t->parent.empty() ? nullptr : this->topic(t->parent))
    if (!t->department.empty()) return t->department;
  return tickets_.default_department;
}

std::string Catalog::priority_for(const HelpTopic* topic) const {
  for (auto t = topic; t; t = t->parent.empty() ? nullptr : this->topic(t->parent))
    if (!t->priority.empty()) return t->priority;
  return tickets_.default_priority;
}

const Form* Catalog::form_for(const HelpTopic* topic) const {
  for (auto t = topic; t; t = t->parent.empty() ? nullptr : this->topic(t->parent))
    if (!t->form.empty()) return form(t->form);
  return nullptr;
}

FilterVocabulary Catalog::filter_vocabulary() const {
  FilterVocabulary v;
  for (const auto& d : config_.departments) v.departments.insert(d.key);
  for (const auto& t : config_.teams) v.teams.insert(t.key);
  for (const auto& t : config_.help_topics) v.topics.insert(t.key);
  for (const auto& p : config_.priorities) {
    v.priorities.insert(p.key);
    v.priority_names[lower(p.name)] = p.key;
  }
  for (const auto& p : config_.sla_plans) v.sla_plans.insert(p.key);
  return v;
}

const Role* Catalog::role(const std::string& key) const {
  for (const auto& r : config_.roles)
    if (r.key == key) return &r;
  return nullptr;
}

const SlaPlan* Catalog::sla_plan(const std::string& key) const {
  for (const auto& p : config_.sla_plans)
    if (p.key == key) return &p;
  return nullptr;
}

nlohmann::json Catalog::build_json() const {
  using nlohmann::json;
  auto id_or_null = [](const std::optional<int>& id) { return id ? json(*id) : json(nullptr); };
  json out = {{"departments", json::array()}, {"teams", json::array()},   {"help_topics", json::array()},
              {"statuses", json::array()},    {"priorities", json::array()}, {"forms", json::array()}};
  for (const auto& d : config_.departments)
    out["departments"].push_back({{"key", d.key}, {"name", d.name}, {"email", d.email}, {"parent", d.parent}});
  for (const auto& t : config_.teams) out["teams"].push_back({{"key", t.key}, {"name", t.name}});
  for (const auto& t : config_.help_topics)
    out["help_topics"].push_back({{"key", t.key},
                                  {"id", id_or_null(t.id)},
                                  {"name", t.name},
                                  {"parent", t.parent},
                                  {"department", department_for(&t)},
                                  {"priority", priority_for(&t)},
                                  {"form", t.form},
                                  {"public", t.is_public}});
  for (const auto& s : config_.statuses) out["statuses"].push_back({{"key", s.key}, {"name", s.name}, {"state", s.state}});
  for (const auto& p : config_.priorities)
    out["priorities"].push_back({{"key", p.key}, {"id", id_or_null(p.id)}, {"name", p.name}, {"urgency", p.urgency}});
  for (const auto& f : config_.forms) {
    json fields = json::array();
    for (const auto& fld : f.fields)
      fields.push_back({{"key", fld.key}, {"label", fld.label}, {"type", fld.type}, {"required", fld.required},
                        {"choices", fld.choices}});
    out["forms"].push_back({{"key", f.key}, {"name", f.name}, {"fields", fields}});
  }
  return out;
}

void Catalog::mirror_to(Database& db) const {
  db.write([&](Sql& sql) {
    std::vector<std::pair<std::string, std::vector<SqlValue>>> rows;
    for (const auto& d : config_.departments) rows.push_back({d.key, {d.key, d.name, d.email, opt_text(d.parent)}});
    mirror_table(sql, "departments", "key, name, email, parent_key",
                 "name = excluded.name, email = excluded.email, parent_key = excluded.parent_key", rows);
    rows.clear();
    for (const auto& t : config_.teams) rows.push_back({t.key, {t.key, t.name}});
    mirror_table(sql, "teams", "key, name", "name = excluded.name", rows);
    rows.clear();
    for (const auto& t : config_.help_topics)
      rows.push_back({t.key,
                      {t.key, t.name, opt_int(t.id), opt_text(t.parent), opt_text(t.department), opt_text(t.priority),
                       opt_text(t.form)}});
    mirror_table(sql, "help_topics", "key, name, external_id, parent_key, department_key, priority_key, form_key",
                 "name = excluded.name, external_id = excluded.external_id, parent_key = excluded.parent_key, "
                 "department_key = excluded.department_key, priority_key = excluded.priority_key, "
                 "form_key = excluded.form_key",
                 rows);
    rows.clear();
    for (const auto& s : config_.statuses) rows.push_back({s.key, {s.key, s.name, s.state}});
    mirror_table(sql, "statuses", "key, name, state", "name = excluded.name, state = excluded.state", rows);
    rows.clear();
    for (const auto& p : config_.priorities)
      rows.push_back({p.key, {p.key, p.name, opt_int(p.id), std::int64_t{p.urgency}}});
    mirror_table(sql, "priorities", "key, name, external_id, urgency",
                 "name = excluded.name, external_id = excluded.external_id, urgency = excluded.urgency", rows);
  });
}

}  // namespace helpdesk::kernel
