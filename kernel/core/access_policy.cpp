#include "kernel/core/access_policy.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {
namespace {

std::set<std::string> role_permissions(const Catalog& catalog, const std::string& role) {
  const Role* r = catalog.role(role);
  if (!r) return {};
  return {r->permissions.begin(), r->permissions.end()};
}

std::set<std::string> all_permissions() { return {known_permissions().begin(), known_permissions().end()}; }

std::int64_t id_of(const Actor& actor) {
  try {
    return std::stoll(actor.id);
  } catch (const std::exception&) {
    throw forbidden("the signed-in person is not known");
  }
}

}  // namespace

bool AgentAccess::holds_anywhere(const std::string& permission) const {
  if (admin) return true;
  for (const auto& [department, perms] : permissions)
    if (perms.count(permission)) return true;
  return false;
}

std::optional<std::set<std::string>> AgentAccess::on_ticket(const std::string& department,
                                                            std::optional<std::int64_t> assignee,
                                                            const std::string& team) const {
  if (admin) return all_permissions();
  if (auto it = permissions.find(department); it != permissions.end()) return it->second;
  const bool mine = (assignee && *assignee == id) || (!team.empty() && teams.count(team));
  if (!mine) return std::nullopt;
  auto primary = permissions.find(primary_department);
  return primary == permissions.end() ? std::set<std::string>{"ticket.view"} : primary->second;
}

std::optional<AgentAccess> load_agent_access(Sql& sql, std::int64_t agent_id, const Catalog& catalog) {
  auto row = sql.query_one("SELECT id, email, name, is_admin, department_key FROM agents WHERE id = ? AND active = 1",
                           {agent_id});
  if (!row) return std::nullopt;
  AgentAccess a;
  a.id = row->integer(0);
  a.email = row->text(1);
  a.name = row->text(2);
  a.admin = row->integer(3) != 0;
  a.primary_department = row->text(4);
  for (const auto& r : sql.query("SELECT department_key, role_key FROM agent_access WHERE agent_id = ?", {agent_id}))
    a.permissions[r.text(0)] = role_permissions(catalog, r.text(1));
  for (const auto& r : sql.query("SELECT team_key FROM team_members WHERE agent_id = ?", {agent_id}))
    a.teams.insert(r.text(0));
  // A department's manager holds every ticket permission there (administering stays with admins).
  for (const auto& d : catalog.departments())
    if (!d.manager.empty() && d.manager == a.email) {
      auto perms = all_permissions();
      perms.erase("admin");
      a.permissions[d.key] = perms;
    }
  return a;
}

std::optional<UserAccess> load_user_access(Sql& sql, std::int64_t user_id, const Catalog& catalog) {
  auto row = sql.query_one(
      "SELECT u.id, u.email, u.name, u.organization_id, o.share_tickets FROM users u "
      "LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ?",
      {user_id});
  if (!row) return std::nullopt;
  UserAccess u;
  u.id = row->integer(0);
  u.email = row->text(1);
  u.name = row->text(2);
  if (!row->is_null(3)) {
    u.organization = row->integer(3);
    u.organization_shares = row->integer(4) != 0 || catalog.auth().share_organization_tickets;
  }
  return u;
}

std::optional<TicketFacts> load_ticket_facts(Sql& sql, const std::string& number) {
  auto row = sql.query_one(
      "SELECT t.id, t.number, t.department_key, t.team_key, t.assignee_id, t.user_id, u.organization_id "
      "FROM tickets t JOIN users u ON u.id = t.user_id WHERE t.number = ?",
      {number});
  if (!row) return std::nullopt;
  TicketFacts f;
  f.id = row->integer(0);
  f.number = row->text(1);
  f.department = row->text(2);
  f.team = row->text(3);
  if (!row->is_null(4)) f.assignee = row->integer(4);
  f.user_id = row->integer(5);
  if (!row->is_null(6)) f.organization = row->integer(6);
  return f;
}

bool user_can_see(Sql& sql, const UserAccess& user, const TicketFacts& t) {
  if (!user.only_ticket.empty()) return user.only_ticket == t.number;
  if (t.user_id == user.id) return true;
  if (user.organization_shares && user.organization && t.organization == user.organization) return true;
  return sql.query_one("SELECT 1 FROM ticket_collaborators WHERE ticket_id = ? AND user_id = ?", {t.id, user.id})
      .has_value();
}

std::string visibility_clause(Sql& sql, const Actor& viewer, const Catalog& catalog, std::vector<SqlValue>& params) {
  if (viewer.kind == Actor::Kind::agent) {
    const auto access = load_agent_access(sql, id_of(viewer), catalog);
    if (!access) throw forbidden("agent " + viewer.id + " is not active");
    if (access->admin) return {};
    std::string clause = "(t.assignee_id = ?";
    params.emplace_back(access->id);
    auto in_list = [&](const char* column, const auto& keys) {
      if (keys.empty()) return;
      clause += std::string(" OR ") + column + " IN (";
      bool first = true;
      for (const auto& k : keys) {
        clause += first ? "?" : ", ?";
        first = false;
        params.emplace_back(k);
      }
      clause += ")";
    };
    std::vector<std::string> departments;
    for (const auto& [d, perms] : access->permissions)
      if (perms.count("ticket.view")) departments.push_back(d);
    in_list("t.department_key", departments);
    in_list("t.team_key", access->teams);
    return clause + ")";
  }
  if (viewer.kind == Actor::Kind::user) {
    const auto user = load_user_access(sql, id_of(viewer), catalog);
    if (!user) throw forbidden("user " + viewer.id + " does not exist");
    for (const auto& scope : viewer.scopes)
      if (scope.rfind("ticket:", 0) == 0) {  // a guest: one ticket
        params.emplace_back(scope.substr(7));
        return "t.number = ?";
      }
    std::string clause = "(t.user_id = ? OR t.id IN (SELECT ticket_id FROM ticket_collaborators WHERE user_id = ?)";
    params.emplace_back(user->id);
    params.emplace_back(user->id);
    if (user->organization_shares && user->organization) {
      clause += " OR u.organization_id = ?";
      params.emplace_back(*user->organization);
    }
    return clause + ")";
  }
  return {};
}

}  // namespace helpdesk::kernel
