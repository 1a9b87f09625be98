#pragma once
// Self-registration with e-mail confirmation, as osTicket does it: POST /api/v1/auth/register
// keeps the request (the password already hashed) and publishes "auth.registration" with a
// one-time link for a mail plugin to send; POST /api/v1/auth/register/confirm with the link's
// token creates the account and signs the person in. Until then nothing exists for the address,
// so nobody can claim a mailbox they cannot read (and with it the tickets later mailed from it).
#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "login_throttle.hpp"

namespace auth_local {

inline constexpr const char* registration_event = "auth.registration";

class Registrations {
 public:
  Registrations(helpdesk::Host& host, helpdesk::Database& db, Accounts& accounts);
  void add_routes();

 private:
  helpdesk::http::Response request(const helpdesk::http::Request& request);
  helpdesk::http::Response confirm(const helpdesk::http::Request& request);

  helpdesk::Host& host_;
  helpdesk::Database& db_;
  Accounts& accounts_;
  LoginThrottle requests_;  // links per email and per address, as for password resets
};

}  // namespace auth_local
