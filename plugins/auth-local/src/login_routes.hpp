#pragma once
// POST /api/v1/auth/login (password) and POST /api/v1/auth/guest (email + ticket number).
#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "persistent_throttle.hpp"

namespace auth_local {

void add_login_routes(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle);

}  // namespace auth_local
