#pragma once
// OAuth2 refresh-token grant (RFC 6749 §6) for mailboxes that log in with XOAUTH2.
#include <cstdint>
#include <string>

namespace helpdesk::mail {

struct OAuth2Refresh {
  std::string token_url;  // http(s)://…/token
  std::string client_id, client_secret, refresh_token;
  std::string scope;    // sent only when not empty
  std::string ca_file;  // PEM bundle for the token endpoint; empty means the system store
};

struct OAuth2Token {
  std::string access_token;
  std::int64_t expires_at = 0;  // unix seconds; 0 when the server did not say
  // The refresh token to use next time: the rotated one when the server sent one, else the one
  // the request used, so the caller can always store this field.
  std::string refresh_token;
};

// POSTs the grant to token_url. Throws TransportError when the server refuses; its message names
// the token URL (without query) and carries the server's `error` and `error_description`
// (never a secret). temporary() is true for network failures, HTTP 429 and 5xx; false for
// invalid_grant and other 4xx, which need an admin to re-authorise the mailbox.
OAuth2Token refresh_oauth2_token(const OAuth2Refresh& request, long timeout_seconds = 30);

// True when the token is missing or expires within `margin_seconds` of `now`.
bool oauth2_needs_refresh(const OAuth2Token& token, std::int64_t now,
                          std::int64_t margin_seconds = 60);

}  // namespace helpdesk::mail
