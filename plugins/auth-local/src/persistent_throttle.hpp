#pragma once
// The login throttle with its state kept in auth_local_throttle: loaded at start, and the keys an
// attempt touched written back after it, so a restart does not lift a lockout.
#include <functional>
#include <string>

#include <helpdesk/error.hpp>
#include <helpdesk/http.hpp>
#include <helpdesk/storage.hpp>

#include "login_throttle.hpp"

namespace auth_local {

class PersistentThrottle {
 public:
  PersistentThrottle(helpdesk::Database& db, const ThrottleSettings& settings, LoginThrottle::Clock clock);

  // Throws Error 429 "locked" (with the reason; retry_after() says for how long) when the
  // account or the address is locked. `account` is an email (or "" for none).
  void check(const std::string& account, const std::string& remote_address);
  void failure(const std::string& account, const std::string& remote_address);
  void success(const std::string& account, const std::string& remote_address);

 private:
  void save(const std::string& account, const std::string& address);

  helpdesk::Database& db_;
  LoginThrottle throttle_;
  LoginThrottle::Clock clock_;
};

// Error 429 "locked" carrying the seconds until the lock ends, for the Retry-After header.
class LockedError : public helpdesk::Error {
 public:
  LockedError(const std::string& reason, std::int64_t retry_after)
      : helpdesk::Error(429, "locked", reason), retry_after_(retry_after) {}
  std::int64_t retry_after() const { return retry_after_; }

 private:
  std::int64_t retry_after_;
};

// `handler`, with a LockedError answered 429 with Retry-After (the kernel's error answer has no
// headers of the handler's choosing).
helpdesk::http::Handler with_retry_after(helpdesk::http::Handler handler);

}  // namespace auth_local
