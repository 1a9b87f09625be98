#pragma once
// HTTP as a plugin sees it: plain request/response values and a router to register handlers on.
// Beast and Asio stay inside the kernel, so a handler is a function that can be tested without a
// socket (see helpdesk/testing/fake_host.hpp).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "helpdesk/actor.hpp"

namespace helpdesk::http {

enum class Method { get, head, post, put, patch, del, options };
const char* to_string(Method m) noexcept;

struct Request {
  Method method = Method::get;
  std::string target;  // as sent, with the query string
  std::string path;    // decoded path without the query string
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  std::map<std::string, std::string> query;        // decoded; the last of repeated keys wins
  std::map<std::string, std::string> headers;      // names lower-cased; repeated headers joined by ", "
  std::string body;
  std::string remote_address;  // the peer's IP address as text
  std::string request_id;
  Actor actor;  // who the kernel authenticated; anonymous on public routes

  // A header's value, or "" when absent. `name` is matched case-insensitively.
  std::string header(std::string_view name) const;
  std::string query_param(const std::string& name, const std::string& fallback = {}) const;
  const std::string& path_param(const std::string& name) const;  // throws Error 404 when missing
  // The body parsed as JSON; throws Error 400 "invalid_json" naming the position on bad input.
  nlohmann::json json_body() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  Response& set_header(std::string name, std::string value);
};

using Handler = std::function<Response(const Request&)>;

// What a route needs before its handler runs. The kernel checks it in one place (the router) and
// answers 401/403 itself (auditing every denial), so a handler never sees a request that does not
// meet it.
struct Access {
  enum class Who {
    anyone,    // public
    api_key,   // osTicket-style X-API-Key, bound to source addresses; `scope` is the key's right ("can_create_tickets", "can_exec_cron"); empty means any key
    token,     // Authorization: Bearer …, which must hold `scope`
    signed_in  // a person: an agent or end user with a session (cookie), or a token with `scope`
  };
  Who who = Who::anyone;
  std::string scope;  // api_key: the right; token and signed_in: the token scope that may call it ("" = no tokens)

  // signed_in only:
  bool agents = false;         // agents may call it …
  std::string permission;      // … holding this permission (roles: "ticket.reply", "admin", …; "" = any agent)
  bool users = false;          // end users may call it (their own tickets; organization's when shared)
  std::string ticket_param;    // a path parameter naming a ticket the person must be allowed to see;
                               // the agent's permission is then checked in that ticket's department
  bool second_factor_step = false;  // reachable while the session still awaits its second factor

  static Access anyone() { return {}; }
  static Access api_key(std::string right = {}) { return of(Who::api_key, std::move(right)); }
  static Access token(std::string scope) { return of(Who::token, std::move(scope)); }
  // Agents with `permission`, and tokens with `token_scope` (when given).
  static Access agent(std::string permission, std::string token_scope = {}) {
    Access a = of(Who::signed_in, std::move(token_scope));
    a.agents = true;
    a.permission = std::move(permission);
    return a;
  }
  // End users (and guests with a ticket link), and tokens with `token_scope` (when given).
  static Access user(std::string token_scope = {}) {
    Access a = of(Who::signed_in, std::move(token_scope));
    a.users = true;
    return a;
  }
  // Agents with `permission` and end users alike.
  static Access person(std::string permission, std::string token_scope = {}) {
    Access a = agent(std::move(permission), std::move(token_scope));
    a.users = true;
    return a;
  }
  Access& on_ticket(std::string param = "number") {
    ticket_param = std::move(param);
    return *this;
  }
  Access& during_second_factor() {
    second_factor_step = true;
    return *this;
  }

 private:
  static Access of(Who who, std::string scope) {
    Access a;
    a.who = who;
    a.scope = std::move(scope);
    return a;
  }
};

struct Route {
  Method method = Method::get;
  std::string pattern;  // "/api/v1/tickets/{number}"; a final "{name*}" takes the rest of the path
  Access access;
  Handler handler;
  std::size_t max_body = 0;  // bytes; 0 means the server's limit
};

// Handed to a plugin while it starts; registering later throws.
class Router {
 public:
  virtual ~Router() = default;
  // Adds a route. Throws Error when the method and pattern are already taken.
  virtual void add(Route route) = 0;
  // Serves the files below `dir` under `url_prefix` (GET and HEAD), with content types by extension.
  virtual void add_static(std::string url_prefix, std::filesystem::path dir) = 0;
};

// ---- inline definitions (kept here so plugins need no SDK library) ----

inline const char* to_string(Method m) noexcept {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
  }
  return "GET";
}

}  // namespace helpdesk::http

#include "helpdesk/detail/http_inline.hpp"
