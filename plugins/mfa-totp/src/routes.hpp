#pragma once
// /api/v1/auth/totp/…: enrol, activate, verify, recover (all reachable during the second-factor
// step) and DELETE /api/v1/auth/totp (a full session only). People only, no guests or tokens.
#include <helpdesk/plugin.hpp>

#include "settings.hpp"
#include "totp_store.hpp"

namespace mfa_totp {

void add_routes(helpdesk::Host& host, TotpStore& store, const Settings& settings);

}  // namespace mfa_totp
