#pragma once
// The kernel's own routes: liveness, readiness and what an admin needs to see (plugins loaded and
// why one did not, the catalog).
#include "kernel/core/catalog.hpp"
#include "kernel/core/plugin_loader.hpp"
#include "kernel/http/router.hpp"
#include "kernel/storage/database.hpp"

namespace helpdesk::kernel {

struct SystemInfo {
  SqliteDatabase* db;
  PluginLoader* plugins;
  const CatalogHolder* catalog;
};

void add_system_routes(RouteTable& routes, SystemInfo info);

}  // namespace helpdesk::kernel
