#include "demo_passwords.hpp"

namespace auth_local {

void set_demo_passwords(helpdesk::Host& host, Accounts& accounts) {
  host.logger()->warn(
      "demo_passwords is on: the demo accounts admin@example.com, agent@example.com and user@example.com sign in "
      "with the passwords documented in docs/auth.md; turn it off for real use");
  for (const auto& demo : demo_logins) {
    const auto who = accounts.find(demo.email, demo.as);
    if (!who || accounts.hash_of(*who)) continue;
    accounts.set_password(*who, demo.password);
  }
}

}  // namespace auth_local
