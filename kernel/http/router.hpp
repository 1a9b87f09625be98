#pragma once
// The kernel's route table: path matching with "{param}" segments (and a final "{rest*}"),
// static folders, the one place where a route's Access requirement is checked, and the
// conversion of exceptions into JSON error responses.
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include <helpdesk/http.hpp>

namespace helpdesk::kernel {

class RouteTable {
 public:
  // Checks `access` for `request`: fills request.actor, or throws helpdesk::Error 401/403.
  using Authenticate = std::function<void(http::Request& request, const http::Access& access)>;

  explicit RouteTable(Authenticate authenticate);

  // `owner` tags what a plugin registered so remove_owner() can roll it back. Throws Error 409
  // when the method+pattern is taken, 400 when the pattern is malformed.
  void add(http::Route route, const std::string& owner);
  void add_static(std::string url_prefix, std::filesystem::path dir, const std::string& owner);
  void remove_owner(const std::string& owner);

  // Finds the route, authenticates, runs the handler. Never throws: 404/405 for no route, the
  // Error's status for helpdesk::Error, 500 (logged) for anything else. Sets X-Request-Id.
  http::Response dispatch(http::Request& request) const;
  std::uint64_t body_limit(http::Method method, const std::string& path) const;

  // Routes, then static folders listed as "GET <prefix>/{path*}".
  struct RouteInfo {
    std::string method, pattern, owner;
  };
  std::vector<RouteInfo> routes() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel
