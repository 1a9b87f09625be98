#pragma once
// Sessions (the SDK's Sessions, helpdesk/auth.hpp): a random token in an HttpOnly, SameSite=Lax
// cookie (Secure per auth.cookie_secure), only its SHA-256 stored; a CSRF token per session
// (also stored hashed); idle and absolute expiry from auth:; the second-factor step.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <helpdesk/auth.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"

namespace helpdesk::kernel {

inline constexpr const char* session_cookie = "hd_session";

class SessionStore : public Sessions {
 public:
  using Clock = std::function<std::int64_t()>;
  SessionStore(Database& db, const CatalogHolder& catalog, Clock clock);

  SessionStart begin(const Principal& who, const http::Request& request, const std::string& method) override;
  void complete_second_factor(const http::Request& request, const std::string& provider) override;
  std::vector<std::pair<std::string, std::string>> end(const http::Request& request) override;
  int end_all(const Principal& who) override;
  std::optional<Principal> principal(const Actor& actor) override;
  void add_second_factor(std::shared_ptr<SecondFactorProvider> provider) override;

  void add_second_factor(std::shared_ptr<SecondFactorProvider> provider, const std::string& owner);
  void remove_owner(const std::string& owner);

  struct Session {
    std::int64_t id = 0;
    Actor::Kind kind = Actor::Kind::agent;
    std::int64_t principal_id = 0;
    std::string only_ticket;
    bool second_factor_pending = false;
    std::string csrf_sha256;
  };
  enum class Lookup { ok, none, expired };
  // The live session of `token` (touching its last use), or why there is none.
  Lookup find(const std::string& token, Session& out);
  // The session token in the request's Cookie header, or "".
  static std::string token_of(const http::Request& request);

 private:
  std::vector<std::string> enrolled_factors(const Principal& who);
  std::string cookie(const http::Request& request, const std::string& value, std::int64_t max_age) const;

  Database& db_;
  const CatalogHolder& catalog_;
  Clock clock_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<SecondFactorProvider>>> providers_;  // owner, provider
};

}  // namespace helpdesk::kernel
