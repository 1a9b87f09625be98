#pragma once
// The admin REST API for people and credentials (admins, or tokens with the admin scope):
// agents, organizations, users' organizations, tokens; and GET /api/v1/me for anyone signed in.
#include <functional>

#include "kernel/core/catalog.hpp"
#include "kernel/core/session_store.hpp"
#include "kernel/http/router.hpp"
#include "kernel/storage/database.hpp"

namespace helpdesk::kernel {

void add_admin_routes(RouteTable& routes, Database& db, const CatalogHolder& catalog, SessionStore& sessions,
                      std::function<std::int64_t()> clock);

}  // namespace helpdesk::kernel
