#pragma once
// demo_passwords: gives the demo accounts their documented passwords (never in production).
#include <helpdesk/plugin.hpp>

#include "accounts.hpp"

namespace auth_local {

struct DemoLogin {
  const char* email;
  const char* as;
  const char* password;
};
// The demo accounts the kernel seeds (demo: true) and their passwords (also in plugin.yaml).
inline constexpr DemoLogin demo_logins[] = {
    {"admin@example.com", "agent", "demo-admin-password"},
    {"agent@example.com", "agent", "demo-agent-password"},
    {"user@example.com", "user", "demo-user-password"},
};

// Sets the demo passwords on those of the accounts that exist and have no password yet.
void set_demo_passwords(helpdesk::Host& host, Accounts& accounts);

}  // namespace auth_local
