#include "kernel/core/admin_routes.hpp"

#include <helpdesk/error.hpp>

#include "kernel/core/people_admin.hpp"

namespace helpdesk::kernel {
namespace {

std::int64_t id_param(const http::Request& req, const char* name) {
  const std::string& text = req.path_param(name);
  try {
    std::size_t used = 0;
    const auto id = std::stoll(text, &used);
    if (used == text.size()) return id;
  } catch (const std::exception&) {
  }
  throw not_found(std::string(name) + " '" + text + "' does not exist");
}

}  // namespace

void add_admin_routes(RouteTable& routes, Database& db, const CatalogHolder& catalog, SessionStore& sessions,
                      std::function<std::int64_t()> clock) {
  using http::Access;
  using http::Method;
  using http::Request;
  using http::Response;
  const std::string owner = "kernel";
  const Access admin = Access::agent("admin", "admin");
  Database* d = &db;
  const CatalogHolder* c = &catalog;

  routes.add({Method::get, "/api/v1/me", Access::person("", "tickets:read").during_second_factor(),
              [&sessions](const Request& req) {
                nlohmann::json out = {{"kind", to_string(req.actor.kind)}, {"id", req.actor.id}, {"name", req.actor.name},
                                      {"scopes", req.actor.scopes}};
                if (auto p = sessions.principal(req.actor)) out["email"] = p->email;
                return Response::json(200, out);
              }},
             owner);

  routes.add({Method::get, "/api/v1/agents", admin,
              [d](const Request&) { return Response::json(200, {{"agents", list_agents(*d)}}); }},
             owner);
  routes.add({Method::get, "/api/v1/agents/{id}", admin,
              [d](const Request& req) { return Response::json(200, get_agent(*d, id_param(req, "id"))); }},
             owner);
  routes.add({Method::post, "/api/v1/agents", admin,
              [d, c, clock](const Request& req) {
                return Response::json(201, create_agent(*d, *c->get(), AgentSpec::from_json(req.json_body()), req.actor, clock()));
              }},
             owner);
  routes.add({Method::patch, "/api/v1/agents/{id}", admin,
              [d, c, clock](const Request& req) {
                return Response::json(200, update_agent(*d, *c->get(), id_param(req, "id"),
                                                        AgentSpec::from_json(req.json_body()), req.actor, clock()));
              }},
             owner);

  routes.add({Method::post, "/api/v1/organizations", admin,
              [d, clock](const Request& req) {
                return Response::json(201, create_organization(*d, req.json_body(), req.actor, clock()));
              }},
             owner);
  routes.add({Method::get, "/api/v1/organizations", Access::agent("admin", "users:read"),
              [d](const Request&) { return Response::json(200, {{"organizations", list_organizations(*d)}}); }},
             owner);
  // The catalog as REST resources: what agents and integrations pick from.
  routes.add({Method::get, "/api/v1/departments", Access::person("", "tickets:read"),
              [c](const Request&) { return Response::json(200, {{"departments", c->get()->to_json()["departments"]}}); }},
             owner);
  routes.add({Method::get, "/api/v1/help-topics", Access::person("", "tickets:read"),
              [c](const Request&) { return Response::json(200, {{"help_topics", c->get()->to_json()["help_topics"]}}); }},
             owner);
  routes.add({Method::get, "/api/v1/users", Access::agent("admin", "users:read"),
              [d](const Request& req) {
                return Response::json(200, {{"users", list_users(*d, req.query_param("email"), 100)}});
              }},
             owner);
  routes.add({Method::patch, "/api/v1/users/{id}", admin,
              [d, clock](const Request& req) {
                return Response::json(200, set_user_organization(*d, id_param(req, "id"), req.json_body(), req.actor, clock()));
              }},
             owner);

  routes.add({Method::get, "/api/v1/tokens", admin,
              [d](const Request&) { return Response::json(200, {{"tokens", list_tokens(*d)}}); }},
             owner);
  routes.add({Method::post, "/api/v1/tokens", admin,
              [d, clock](const Request& req) {
                const auto body = req.json_body();
                if (!body.is_object() || !body.value("name", nlohmann::json()).is_string() ||
                    !body.value("scopes", nlohmann::json()).is_array())
                  throw bad_request("send {\"name\": \"…\", \"scopes\": [\"tickets:read\", …]}", "invalid_field");
                std::vector<std::string> scopes;
                for (const auto& s : body["scopes"]) {
                  if (!s.is_string()) throw bad_request("scopes must be strings", "invalid_field");
                  scopes.push_back(s);
                }
                const auto t = create_token(*d, body["name"], scopes, req.actor, clock());
                // The only time the token is shown.
                return Response::json(201, {{"name", t.name}, {"token", t.token}, {"scopes", t.scopes}});
              }},
             owner);
  routes.add({Method::del, "/api/v1/tokens/{name}", admin,
              [d, clock](const Request& req) {
                if (!revoke_token(*d, req.path_param("name"), req.actor, clock()))
                  throw not_found("no active token '" + req.path_param("name") + "'");
                return Response::json(200, {{"revoked", req.path_param("name")}});
              }},
             owner);
}

}  // namespace helpdesk::kernel
