#pragma once
// The one check every route's Access goes through (the router calls it before any handler):
// API keys and tokens (Credentials), sessions with their CSRF token and second-factor state, the
// roles and ticket visibility of access_policy.hpp. Every denial is answered 401/403 and audited.
#include <functional>

#include <helpdesk/http.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/credentials.hpp"
#include "kernel/core/session_store.hpp"

namespace helpdesk::kernel {

class Authorizer {
 public:
  using Clock = std::function<std::int64_t()>;
  Authorizer(Database& db, const Credentials& credentials, SessionStore& sessions, const CatalogHolder& catalog,
             Clock clock);
  // Fills request.actor or throws Error 401/403 (after auditing the denial).
  void authorize(http::Request& request, const http::Access& access);

 private:
  void check(http::Request& request, const http::Access& access);
  void check_person(http::Request& request, const http::Access& access);
  void audit_denial(const http::Request& request, const Error& error);

  Database& db_;
  const Credentials& credentials_;
  SessionStore& sessions_;
  const CatalogHolder& catalog_;
  Clock clock_;
};

}  // namespace helpdesk::kernel
