#include "kernel/core/people_admin.hpp"

#include <algorithm>

#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/directory.hpp"
#include "kernel/core/ticket_validation.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

using nlohmann::json;

void check_keys(const json& body, const std::vector<std::string>& known) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "invalid_json");
  for (const auto& [key, value] : body.items())
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw bad_request("unknown field '" + key + "'; known: " + list, "invalid_field");
    }
}

template <class T>
std::optional<T> field(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw bad_request(std::string("'") + key + "' has the wrong type", "invalid_field");
  }
}

void check_department_role(const Catalog& catalog, const std::string& department, const std::string& role,
                           const std::string& where) {
  if (!catalog.department(department)) throw bad_request(where + ": unknown department '" + department + "'", "invalid_field");
  if (!catalog.role(role)) throw bad_request(where + ": unknown role '" + role + "'", "invalid_field");
}

json agent_json(Sql& sql, std::int64_t id) {
  auto a = sql.query_one("SELECT id, email, name, department_key, is_admin, active, created_at FROM agents WHERE id = ?", {id});
  if (!a) throw not_found("agent " + std::to_string(id) + " does not exist");
  json out = {{"id", a->integer(0)}, {"email", a->text(1)}, {"name", a->text(2)}, {"department", a->text(3)},
              {"admin", a->integer(4) != 0}, {"active", a->integer(5) != 0}, {"role", nullptr},
              {"extended", json::array()}, {"teams", json::array()}};
  for (const auto& r : sql.query("SELECT department_key, role_key FROM agent_access WHERE agent_id = ? ORDER BY department_key", {id})) {
    if (r.text(0) == a->text(3))
      out["role"] = r.text(1);
    else
      out["extended"].push_back({{"department", r.text(0)}, {"role", r.text(1)}});
  }
  for (const auto& r : sql.query("SELECT team_key FROM team_members WHERE agent_id = ? ORDER BY team_key", {id}))
    out["teams"].push_back(r.text(0));
  return out;
}

// Writes the agent's access rows and teams from `spec` (whatever it sets).
void write_access(Sql& sql, const Catalog& catalog, std::int64_t id, const std::string& department,
                  const AgentSpec& spec, const std::optional<std::string>& primary_role) {
  if (primary_role) {
    sql.exec("DELETE FROM agent_access WHERE agent_id = ? AND department_key = ?", {id, department});
    sql.exec("INSERT INTO agent_access (agent_id, department_key, role_key) VALUES (?, ?, ?)", {id, department, *primary_role});
  }
  if (spec.extended) {
    sql.exec("DELETE FROM agent_access WHERE agent_id = ? AND department_key <> ?", {id, department});
    for (const auto& e : *spec.extended)
      if (e.department != department)
        sql.exec("INSERT OR REPLACE INTO agent_access (agent_id, department_key, role_key) VALUES (?, ?, ?)",
                 {id, e.department, e.role});
  }
  if (spec.teams) {
    sql.exec("DELETE FROM team_members WHERE agent_id = ?", {id});
    for (const auto& t : *spec.teams) {
      if (!catalog.team(t)) throw bad_request("teams: unknown team '" + t + "'", "invalid_field");
      sql.exec("INSERT INTO team_members (team_key, agent_id) VALUES (?, ?)", {t, id});
    }
  }
}

}  // namespace

AgentSpec AgentSpec::from_json(const json& body) {
  check_keys(body, {"email", "name", "department", "role", "extended", "teams", "admin", "active"});
  AgentSpec s;
  s.email = field<std::string>(body, "email");
  s.name = field<std::string>(body, "name");
  s.department = field<std::string>(body, "department");
  s.role = field<std::string>(body, "role");
  s.teams = field<std::vector<std::string>>(body, "teams");
  s.admin = field<bool>(body, "admin");
  s.active = field<bool>(body, "active");
  if (auto it = body.find("extended"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) throw bad_request("'extended' must be a list of {department, role}", "invalid_field");
    std::vector<DepartmentRole> list;
    for (const auto& e : *it) {
      if (!e.is_object() || !e.contains("department") || !e.contains("role") || !e["department"].is_string() ||
          !e["role"].is_string())
        throw bad_request("each 'extended' entry needs department and role", "invalid_field");
      list.push_back({e["department"], e["role"]});
    }
    s.extended = list;
  }
  return s;
}

json list_agents(Database& db) {
  json out = json::array();
  db.read([&](Sql& sql) {
    for (const auto& r : sql.query("SELECT id FROM agents ORDER BY id")) out.push_back(agent_json(sql, r.integer(0)));
  });
  return out;
}

json get_agent(Database& db, std::int64_t id) {
  json out;
  db.read([&](Sql& sql) { out = agent_json(sql, id); });
  return out;
}

json create_agent(Database& db, const Catalog& catalog, const AgentSpec& spec, const Actor& actor, std::int64_t now) {
  if (!spec.email || !spec.name || !spec.department || !spec.role)
    throw bad_request("email, name, department and role are required", "missing_field");
  const std::string email = lower_email(*spec.email);
  if (!plausible_email(email)) throw bad_request("'" + *spec.email + "' is not an email address", "invalid_field");
  check_department_role(catalog, *spec.department, *spec.role, "department/role");
  if (spec.extended)
    for (const auto& e : *spec.extended) check_department_role(catalog, e.department, e.role, "extended");
  json out;
  db.write([&](Sql& sql) {
    if (sql.query_one("SELECT 1 FROM agents WHERE email = ?", {email})) throw conflict("agent '" + email + "' already exists");
    sql.exec("INSERT INTO agents (email, name, department_key, is_admin, active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
             {email, *spec.name, *spec.department, std::int64_t{spec.admin.value_or(false) ? 1 : 0},
              std::int64_t{spec.active.value_or(true) ? 1 : 0}, now});
    const auto id = sql.last_insert_id();
    write_access(sql, catalog, id, *spec.department, spec, spec.role);
    out = agent_json(sql, id);
    write_audit(sql, now, actor, {"agent", id, "create", nullptr, out});
  });
  return out;
}

json update_agent(Database& db, const Catalog& catalog, std::int64_t id, const AgentSpec& spec, const Actor& actor,
                  std::int64_t now) {
  if (spec.email) throw bad_request("an agent's email cannot change; create a new agent", "invalid_field");
  if (spec.department && !catalog.department(*spec.department))
    throw bad_request("unknown department '" + *spec.department + "'", "invalid_field");
  if (spec.role && !catalog.role(*spec.role)) throw bad_request("unknown role '" + *spec.role + "'", "invalid_field");
  if (spec.extended)
    for (const auto& e : *spec.extended) check_department_role(catalog, e.department, e.role, "extended");
  json out;
  db.write([&](Sql& sql) {
    const json before = agent_json(sql, id);
    std::string department = before["department"];
    std::optional<std::string> role = spec.role;
    if (spec.department && *spec.department != department) {
      // The primary role moves with the primary department.
      if (!role && before["role"].is_string()) role = before["role"].get<std::string>();
      sql.exec("DELETE FROM agent_access WHERE agent_id = ? AND department_key = ?", {id, department});
      department = *spec.department;
    }
    sql.exec("UPDATE agents SET name = COALESCE(?, name), department_key = ?, is_admin = COALESCE(?, is_admin), "
             "active = COALESCE(?, active) WHERE id = ?",
             {spec.name ? SqlValue(*spec.name) : SqlValue(nullptr), department,
              spec.admin ? SqlValue(std::int64_t{*spec.admin ? 1 : 0}) : SqlValue(nullptr),
              spec.active ? SqlValue(std::int64_t{*spec.active ? 1 : 0}) : SqlValue(nullptr), id});
    write_access(sql, catalog, id, department, spec, role);
    // A deactivated agent is signed out everywhere.
    if (spec.active && !*spec.active)
      sql.exec("UPDATE sessions SET ended_at = ? WHERE principal_kind = 'agent' AND principal_id = ? AND ended_at IS NULL",
               {now, id});
    out = agent_json(sql, id);
    write_audit(sql, now, actor, {"agent", id, "update", before, out});
  });
  return out;
}

json create_organization(Database& db, const json& body, const Actor& actor, std::int64_t now) {
  check_keys(body, {"name", "domain", "share_tickets"});
  const auto name = field<std::string>(body, "name");
  if (!name || name->empty()) throw bad_request("'name' is required", "missing_field");
  json out;
  db.write([&](Sql& sql) {
    if (sql.query_one("SELECT 1 FROM organizations WHERE name = ?", {*name})) throw conflict("organization '" + *name + "' exists");
    sql.exec("INSERT INTO organizations (name, domain, share_tickets, created_at) VALUES (?, ?, ?, ?)",
             {*name, field<std::string>(body, "domain").value_or(""),
              std::int64_t{field<bool>(body, "share_tickets").value_or(false) ? 1 : 0}, now});
    out = {{"id", sql.last_insert_id()}, {"name", *name}, {"domain", field<std::string>(body, "domain").value_or("")},
           {"share_tickets", field<bool>(body, "share_tickets").value_or(false)}};
    write_audit(sql, now, actor, {"organization", out["id"], "create", nullptr, out});
  });
  return out;
}

json list_users(Database& db, const std::string& email_filter, int limit) {
  json out = json::array();
  db.read([&](Sql& sql) {
    const auto rows = email_filter.empty()
                          ? sql.query("SELECT u.id, u.email, u.name, o.name FROM users u LEFT JOIN organizations o "
                                      "ON o.id = u.organization_id ORDER BY u.id LIMIT ?",
                                      {std::int64_t{limit}})
                          : sql.query("SELECT u.id, u.email, u.name, o.name FROM users u LEFT JOIN organizations o "
                                      "ON o.id = u.organization_id WHERE u.email = ?",
                                      {lower_email(email_filter)});
    for (const auto& r : rows)
      out.push_back({{"id", r.integer(0)}, {"email", r.text(1)}, {"name", r.text(2)},
                     {"organization", r.is_null(3) ? json(nullptr) : json(r.text(3))}});
  });
  return out;
}

json list_organizations(Database& db) {
  json out = json::array();
  db.read([&](Sql& sql) {
    for (const auto& r : sql.query("SELECT o.id, o.name, o.domain, o.share_tickets, "
                                   "(SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) "
                                   "FROM organizations o ORDER BY o.name"))
      out.push_back({{"id", r.integer(0)}, {"name", r.text(1)}, {"domain", r.text(2)},
                     {"share_tickets", r.integer(3) != 0}, {"members", r.integer(4)}});
  });
  return out;
}

json set_user_organization(Database& db, std::int64_t user_id, const json& body, const Actor& actor, std::int64_t now) {
  check_keys(body, {"organization"});
  const auto org = field<std::string>(body, "organization");
  json out;
  db.write([&](Sql& sql) {
    auto u = sql.query_one("SELECT email FROM users WHERE id = ?", {user_id});
    if (!u) throw not_found("user " + std::to_string(user_id) + " does not exist");
    SqlValue org_id = nullptr;
    if (org) {
      auto o = sql.query_one("SELECT id FROM organizations WHERE name = ?", {*org});
      if (!o) throw bad_request("unknown organization '" + *org + "'", "invalid_field");
      org_id = o->integer(0);
    }
    sql.exec("UPDATE users SET organization_id = ? WHERE id = ?", {org_id, user_id});
    out = {{"id", user_id}, {"email", u->text(0)}, {"organization", org ? json(*org) : json(nullptr)}};
    write_audit(sql, now, actor, {"user", user_id, "organization", nullptr, out});
  });
  return out;
}

const std::vector<std::string>& token_scopes() {
  static const std::vector<std::string> scopes = {"tickets:read", "tickets:write", "users:read", "kb:write", "admin"};
  return scopes;
}

NewToken create_token(Database& db, const std::string& name, const std::vector<std::string>& scopes, const Actor& actor,
                      std::int64_t now) {
  if (name.empty() || name.size() > 64 || name.find_first_of(" \t\r\n/") != std::string::npos)
    throw bad_request("a token name is 1 to 64 characters without spaces or slashes", "invalid_field");
  if (scopes.empty()) throw bad_request("give the token at least one scope", "missing_field");
  for (const auto& s : scopes)
    if (std::find(token_scopes().begin(), token_scopes().end(), s) == token_scopes().end())
      throw bad_request("unknown scope '" + s + "'; scopes: tickets:read, tickets:write, users:read, kb:write, admin",
                        "invalid_field");
  NewToken out{name, "hd_" + random_hex(24), scopes};
  db.write([&](Sql& sql) {
    if (sql.query_one("SELECT 1 FROM api_tokens WHERE name = ?", {name})) throw conflict("token '" + name + "' exists");
    sql.exec("INSERT INTO api_tokens (name, token_sha256, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
             {name, sha256_hex(out.token), json(scopes).dump(), actor.id.empty() ? actor.name : actor.id, now});
    write_audit(sql, now, actor, {"token", sql.last_insert_id(), "create", nullptr, {{"name", name}, {"scopes", scopes}}});
  });
  return out;
}

bool revoke_token(Database& db, const std::string& name, const Actor& actor, std::int64_t now) {
  std::int64_t changed = 0;
  db.write([&](Sql& sql) {
    changed = sql.exec("UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", {now, name});
    if (changed) write_audit(sql, now, actor, {"token", 0, "revoke", nullptr, {{"name", name}}});
  });
  return changed > 0;
}

json list_tokens(Database& db) {
  json out = json::array();
  db.read([&](Sql& sql) {
    for (const auto& r : sql.query("SELECT name, scopes, created_by, created_at, revoked_at FROM api_tokens ORDER BY id"))
      out.push_back({{"name", r.text(0)}, {"scopes", json::parse(r.text(1), nullptr, false)}, {"created_by", r.text(2)},
                     {"created_at", iso8601(r.integer(3))},
                     {"revoked_at", r.is_null(4) ? json(nullptr) : json(iso8601(r.integer(4)))}});
  });
  return out;
}

}  // namespace helpdesk::kernel
