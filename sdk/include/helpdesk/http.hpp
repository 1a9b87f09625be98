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
// answers 401/403 itself, so a handler never sees a request that does not meet it.
struct Access {
  enum class Who {
    anyone,   // public
    api_key,  // osTicket-style X-API-Key, bound to source addresses; `scope` is the key's right ("can_create_tickets", "can_exec_cron"); empty means any key
    token     // Authorization: Bearer …, which must hold `scope`
  };
  Who who = Who::anyone;
  std::string scope;

  static Access anyone() { return {}; }
  static Access api_key(std::string right = {}) { return {Who::api_key, std::move(right)}; }
  static Access token(std::string scope) { return {Who::token, std::move(scope)}; }
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
