// The route-recording, route-calling Router of the SDK's fake host.
#include <algorithm>
#include <cctype>

#include "helpdesk/testing/fake_host.hpp"

namespace helpdesk::testing {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t start = 0;
  while (true) {
    auto slash = path.find('/', start);
    parts.emplace_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// Matches `path` against a route pattern; fills `params` on success.
bool match(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params) {
  auto pat = split_path(pattern), got = split_path(path);
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const std::string& p = pat[i];
    bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (is_param && p[p.size() - 2] == '*' && i + 1 == pat.size()) {  // "{rest*}": the rest of the path
      std::string rest;
      for (std::size_t j = i; j < got.size(); ++j) rest += (j > i ? "/" : "") + got[j];
      found[p.substr(1, p.size() - 3)] = rest;
      params = std::move(found);
      return true;
    }
    if (i >= got.size()) return false;
    if (is_param) {
      if (got[i].empty()) return false;
      found[p.substr(1, p.size() - 2)] = got[i];
    } else if (p != got[i]) {
      return false;
    }
  }
  if (pat.size() != got.size()) return false;
  params = std::move(found);
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

http::Response error_response(int status, const std::string& code, const std::string& message,
                              const std::string& request_id) {
  return http::Response::json(status, {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}});
}

// The actor that meets `access`, for tests that do not set one.
Actor actor_for(const http::Access& access) {
  using Who = http::Access::Who;
  if (access.who == Who::api_key)
    return {Actor::Kind::api_key, "test-key", "test key", access.scope.empty() ? std::vector<std::string>{}
                                                                               : std::vector<std::string>{access.scope}};
  if (access.who == Who::token) return {Actor::Kind::token, "test-token", "test token", {access.scope}};
  if (access.who == Who::signed_in) {
    if (!access.scope.empty()) return {Actor::Kind::token, "test-token", "test token", {access.scope}};
    if (access.agents) return {Actor::Kind::agent, "1", "test agent", {}};
    return {Actor::Kind::user, "1", "test user", {}};
  }
  return {};
}

// Throws the kernel's 401/403 when `actor` does not meet `access`.
void check_access(const http::Access& access, const Actor& actor) {
  using Who = http::Access::Who;
  if (access.who == Who::api_key) {
    if (actor.kind != Actor::Kind::api_key) throw unauthorized("an API key is required (X-API-Key)");
    if (!access.scope.empty() && !actor.has_scope(access.scope))
      throw forbidden("this API key may not do this (" + access.scope + ")");
  } else if (access.who == Who::token) {
    if (actor.kind == Actor::Kind::anonymous) throw unauthorized("a bearer token is required");
    if (!actor.has_scope(access.scope)) throw forbidden("this token lacks the scope " + access.scope);
  } else if (access.who == Who::signed_in) {
    // The kernel also checks roles and ticket visibility; the fake checks who may call at all.
    if (actor.kind == Actor::Kind::anonymous) throw unauthorized("sign in first");
    if (actor.kind == Actor::Kind::token && (access.scope.empty() || !actor.has_scope(access.scope)))
      throw forbidden("this token may not call this endpoint");
    if (actor.kind == Actor::Kind::agent && !access.agents) throw forbidden("this endpoint is not for agents");
    if (actor.kind == Actor::Kind::user && !access.users) throw forbidden("this endpoint is for agents");
    for (const auto& s : actor.scopes)
      if (s == "auth:second-factor-pending" && !access.second_factor_step)
        throw Error(401, "second_factor_required", "complete the second factor first");
  }
}

}  // namespace

void FakeRouter::add(http::Route route) {
  if (closed_) throw Error(500, "registration_closed", "routes can only be added while the plugin starts");
  if (route.pattern.empty() || route.pattern.front() != '/' || !route.handler)
    throw bad_request("a route needs a pattern starting with '/' and a handler");
  if (find(route.method, route.pattern))
    throw conflict(std::string("route ") + http::to_string(route.method) + " " + route.pattern + " is already taken");
  routes_.push_back(std::move(route));
}

void FakeRouter::add_static(std::string url_prefix, std::filesystem::path dir) {
  if (closed_) throw Error(500, "registration_closed", "static folders can only be added while the plugin starts");
  statics_.emplace_back(std::move(url_prefix), std::move(dir));
}

const http::Route* FakeRouter::find(http::Method method, std::string_view pattern) const {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern) return &r;
  return nullptr;
}

void FakeRouter::set_actor(Actor actor) { actor_ = std::move(actor); }
void FakeRouter::clear_actor() { actor_.reset(); }
void FakeRouter::set_max_body(std::size_t bytes) { max_body_ = bytes; }
void FakeRouter::close() { closed_ = true; }

http::Response FakeRouter::call(http::Method method, std::string_view target, http::Request request) const {
  {
    std::lock_guard lock(mutex_);
    request.request_id = "fake-" + std::to_string(next_request_id_++);
  }
  request.method = method;
  request.target = std::string(target);
  auto q = target.find('?');
  request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view qs = target.substr(q + 1);
    while (!qs.empty()) {
      auto amp = qs.find('&');
      std::string_view pair = qs.substr(0, amp);
      if (!pair.empty()) {
        auto eq = pair.find('=');
        request.query[url_decode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1));
      }
      if (amp == std::string_view::npos) break;
      qs.remove_prefix(amp + 1);
    }
  }
  std::map<std::string, std::string> headers;
  for (auto& [name, value] : request.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    headers[lower] = value;
  }
  request.headers = std::move(headers);
  if (request.remote_address.empty()) request.remote_address = "127.0.0.1";

  auto finish = [&](http::Response r) {
    r.set_header("X-Request-Id", request.request_id);
    return r;
  };
  const http::Route* route = nullptr;
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    if (!match(r.pattern, request.path, params)) continue;
    if (r.method == method) {
      route = &r;
      request.path_params = std::move(params);
      break;
    }
    allowed.push_back(http::to_string(r.method));
  }
  if (!route) {
    if (allowed.empty())
      return finish(error_response(404, "not_found", "no route for " + request.path, request.request_id));
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    auto r = error_response(405, "method_not_allowed", std::string(http::to_string(method)) + " is not allowed here",
                            request.request_id);
    r.set_header("Allow", allow);
    return finish(std::move(r));
  }
  const std::size_t limit = route->max_body ? route->max_body : max_body_;
  if (request.body.size() > limit)
    return finish(error_response(413, "body_too_large",
                                 "the body is " + std::to_string(request.body.size()) + " bytes; the limit is " +
                                     std::to_string(limit),
                                 request.request_id));
  try {
    request.actor = actor_ ? *actor_ : actor_for(route->access);
    check_access(route->access, request.actor);
    return finish(route->handler(request));
  } catch (const Error& e) {
    return finish(error_response(e.status(), e.code(), e.what(), request.request_id));
  } catch (const std::exception& e) {
    return finish(error_response(500, "internal_error", "internal error", request.request_id));
  }
}

}  // namespace helpdesk::testing
