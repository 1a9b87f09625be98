#pragma once
// Signing in, as plugins see it. Authentication lives in plugins (auth-local checks passwords;
// LDAP or OIDC plugins can do the same), sessions and permission checks in the kernel:
//
//   1. A plugin verifies a first factor and calls Sessions::begin(): the kernel stores a session
//      (random token, only its SHA-256 kept), and returns the cookie headers and a CSRF token.
//   2. If the person is enrolled with a second factor, or policy (auth.agents_require_mfa) wants
//      one, the session starts "pending": only routes marked during_second_factor() are reachable
//      (the actor then holds the scope "auth:second-factor-pending"). An MFA plugin verifies its
//      factor and calls complete_second_factor().
//   3. Every later request with the cookie is that person (Actor kind agent or user, id = the
//      numeric id as text); writes must carry the CSRF token as X-CSRF-Token.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "helpdesk/actor.hpp"
#include "helpdesk/http.hpp"

namespace helpdesk {

struct Principal {
  Actor::Kind kind = Actor::Kind::agent;  // agent or user
  std::int64_t id = 0;
  std::string email, name;
  std::string only_ticket;  // a guest: a user allowed to see this one ticket only (osTicket's ticket link)
};

struct SessionStart {
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie headers for the response
  std::string csrf_token;          // send back as X-CSRF-Token on every write
  bool second_factor_required = false;
  bool enrolment_required = false;  // policy wants a second factor the person has not enrolled
  std::vector<std::string> factors;  // the providers the person is enrolled with
};

class SecondFactorProvider {
 public:
  virtual ~SecondFactorProvider() = default;
  virtual std::string name() const = 0;  // e.g. "totp"
  virtual bool enrolled(const Principal& who) = 0;
};

class Sessions {
 public:
  virtual ~Sessions() = default;
  // After a verified first factor (`method`, e.g. "password"). Audited.
  virtual SessionStart begin(const Principal& who, const http::Request& request, const std::string& method) = 0;
  // The request's session passed `provider`'s second factor: it becomes a full session. Audited.
  virtual void complete_second_factor(const http::Request& request, const std::string& provider) = 0;
  // Logout of the request's session; the headers clear the cookie.
  virtual std::vector<std::pair<std::string, std::string>> end(const http::Request& request) = 0;
  // Ends every session of `who` ("log out everywhere"); returns how many.
  virtual int end_all(const Principal& who) = 0;
  // The person behind a request's actor (agent or user), or nullopt.
  virtual std::optional<Principal> principal(const Actor& actor) = 0;
  // Registers a second factor (only while the plugin starts).
  virtual void add_second_factor(std::shared_ptr<SecondFactorProvider> provider) = 0;
};

}  // namespace helpdesk
