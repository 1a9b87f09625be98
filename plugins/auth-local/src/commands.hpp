#pragma once
// `helpdeskd password set EMAIL [--user]` (new password on stdin) and
// `helpdeskd password reset-link EMAIL [--user]` (prints a fresh one-time link), for admins.
#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "password_reset.hpp"

namespace auth_local {

void add_password_command(helpdesk::Host& host, Accounts& accounts, PasswordResets& resets);

}  // namespace auth_local
