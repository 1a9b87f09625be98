#pragma once
// Password reset by one-time link: POST /api/v1/auth/password-reset (always 202) publishes
// "auth.password_reset" for a mail plugin to send; POST /api/v1/auth/password-reset/confirm uses
// the link once. The token is stored only as its SHA-256 digest and never logged.
#include <string>

#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "login_throttle.hpp"

namespace auth_local {

inline constexpr const char* password_reset_event = "auth.password_reset";

// How many e-mailed links (reset, registration) one email and one address may ask for.
ThrottleSettings link_request_limits();

struct ResetLink {
  std::string url;  // reset_url with the token in place of {token}
  helpdesk::Timestamp expires_at = 0;
};

class PasswordResets {
 public:
  PasswordResets(helpdesk::Host& host, helpdesk::Database& db, Accounts& accounts);
  // A fresh one-time link for `who` (earlier unused links stay valid until they expire).
  ResetLink make_link(const helpdesk::Principal& who);
  void add_routes();

 private:
  helpdesk::http::Response request_link(const helpdesk::http::Request& request);
  helpdesk::http::Response confirm(const helpdesk::http::Request& request);

  helpdesk::Host& host_;
  helpdesk::Database& db_;
  Accounts& accounts_;
  // Reset requests per email and per address (in memory): a flood neither fills someone's
  // mailbox nor the token table. Over the limit, the answer is the same 202 and nothing is sent.
  LoginThrottle requests_;
};

}  // namespace auth_local
