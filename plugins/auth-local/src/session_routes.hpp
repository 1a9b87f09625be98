#pragma once
// The signed-in person's own routes: logout, logout-all, me, password change, and registration.
#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "persistent_throttle.hpp"

namespace auth_local {

void add_session_routes(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle);

}  // namespace auth_local
