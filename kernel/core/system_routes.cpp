#include "kernel/core/system_routes.hpp"

namespace helpdesk::kernel {

void add_system_routes(RouteTable& routes, SystemInfo info) {
  using http::Access;
  using http::Method;
  using http::Response;
  const std::string owner = "kernel";

  routes.add({Method::get, "/healthz", Access::anyone(),
              [](const http::Request&) { return Response::json(200, {{"status", "ok"}}); }},
             owner);

  routes.add({Method::get, "/readyz", Access::anyone(),
              [info](const http::Request&) {
                try {
                  info.db->read([](Sql& sql) { sql.query_one("SELECT 1"); });
                } catch (const std::exception& e) {
                  return Response::json(503, {{"status", "unavailable"}, {"storage", e.what()}});
                }
                return Response::json(200, {{"status", "ready"}});
              }},
             owner);

  routes.add({Method::get, "/api/v1/system/plugins", Access::agent("admin", "admin"),
              [info](const http::Request&) { return Response::json(200, {{"plugins", info.plugins->status_json()}}); }},
             owner);

  // Every registered route and who owns it (docs/openapi.json is checked against this).
  routes.add({Method::get, "/api/v1/system/routes", Access::agent("admin", "admin"),
              [&routes](const http::Request&) {
                auto list = nlohmann::json::array();
                for (const auto& r : routes.routes())
                  list.push_back({{"method", r.method}, {"pattern", r.pattern}, {"owner", r.owner}});
                return Response::json(200, {{"routes", list}});
              }},
             owner);

  routes.add({Method::get, "/api/v1/system/catalog", Access::person("", "tickets:read"),
              [info](const http::Request&) { return Response::json(200, info.catalog->get()->to_json()); }},
             owner);
}

}  // namespace helpdesk::kernel
