#pragma once
// Administering people and credentials, shared by the admin REST API (admin_routes.cpp) and the
// CLI (`helpdeskd agent …`, `helpdeskd token …`): agents with their department access and teams,
// organizations and their sharing, users' organizations, run-time API tokens (shown once, stored
// as SHA-256). Each change is one transaction with its audit row. Bad input throws Error 400/404/409.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <helpdesk/actor.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"

namespace helpdesk::kernel {

struct DepartmentRole {
  std::string department, role;
};

struct AgentSpec {
  std::optional<std::string> email, name, department, role;  // role in the primary department
  std::optional<std::vector<DepartmentRole>> extended;       // other departments
  std::optional<std::vector<std::string>> teams;
  std::optional<bool> admin, active;
  // From a JSON body; unknown keys and wrong types are errors naming the key.
  static AgentSpec from_json(const nlohmann::json& body);
};

nlohmann::json list_agents(Database& db);
nlohmann::json get_agent(Database& db, std::int64_t id);  // throws 404
// Creates an agent (email, name, department and role required).
nlohmann::json create_agent(Database& db, const Catalog& catalog, const AgentSpec& spec, const Actor& actor,
                            std::int64_t now);
nlohmann::json update_agent(Database& db, const Catalog& catalog, std::int64_t id, const AgentSpec& spec,
                            const Actor& actor, std::int64_t now);

// Organizations and users' membership.
nlohmann::json create_organization(Database& db, const nlohmann::json& body, const Actor& actor, std::int64_t now);
nlohmann::json list_users(Database& db, const std::string& email_filter, int limit);
nlohmann::json list_organizations(Database& db);
// {"organization": name or null}
nlohmann::json set_user_organization(Database& db, std::int64_t user_id, const nlohmann::json& body,
                                     const Actor& actor, std::int64_t now);

// Tokens: the scopes a token may hold.
const std::vector<std::string>& token_scopes();
struct NewToken {
  std::string name, token;  // the token is shown once, here
  std::vector<std::string> scopes;
};
NewToken create_token(Database& db, const std::string& name, const std::vector<std::string>& scopes,
                      const Actor& actor, std::int64_t now);
bool revoke_token(Database& db, const std::string& name, const Actor& actor, std::int64_t now);
nlohmann::json list_tokens(Database& db);  // names, scopes, created, revoked: never the secret

}  // namespace helpdesk::kernel
