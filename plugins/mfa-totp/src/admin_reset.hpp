#pragma once
// An admin's way out for someone who lost their authenticator and their recovery codes (osTicket's
// "reset 2FA"): `helpdeskd totp reset EMAIL [--user]` and DELETE /api/v1/auth/totp/{kind}/{id}
// (admins). Both remove the enrolment without a code; the person enrols again at next sign-in.
#include <helpdesk/plugin.hpp>

#include "totp_store.hpp"

namespace mfa_totp {

void add_reset_command(helpdesk::Host& host, TotpStore& store);
void add_reset_route(helpdesk::Host& host, TotpStore& store);

}  // namespace mfa_totp
