#include "kernel/http/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <stdexcept>

#include "kernel/http/server.hpp"
#include "kernel/http/static_files.hpp"

namespace helpdesk::kernel {
namespace {

// Declared in order of precedence: where two patterns match, a literal beats a parameter, which
// beats a rest segment.
enum class SegmentKind { literal, param, rest };

struct Segment {
  SegmentKind kind;
  std::string text;  // the literal, or the parameter's name
};

struct Entry {
  http::Method method;
  std::string pattern, owner;
  std::vector<Segment> segments;
  http::Access access;
  http::Handler handler;
  std::size_t max_body;
};

struct StaticDir {
  std::string prefix;  // without a trailing '/'; "" serves from the root
  std::filesystem::path root;
  std::string owner;
};

constexpr http::Method all_methods[] = {http::Method::get,    http::Method::head,  http::Method::post,
                                        http::Method::put,    http::Method::patch, http::Method::del,
                                        http::Method::options};

unsigned method_bit(http::Method m) { return 1u << static_cast<unsigned>(m); }

// "/a/b" -> {"a", "b"}; "/" -> {""}. Views into `path`, which starts with '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

bool valid_param_name(std::string_view name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::vector<Segment> parse_pattern(const std::string& pattern) {
  auto malformed = [&](const std::string& why) {
    return bad_request("route pattern '" + pattern + "': " + why, "invalid_route");
  };
  if (pattern.empty() || pattern.front() != '/') throw malformed("must start with '/'");

  std::vector<Segment> segments;
  std::set<std::string_view> names;
  for (std::string_view text : split_path(pattern)) {
    if (!segments.empty() && segments.back().kind == SegmentKind::rest)
      throw malformed("a '*' segment must be the last");
    bool braced = text.size() >= 2 && text.front() == '{' && text.back() == '}';
    if (!braced) {
      if (text.find_first_of("{}") != std::string_view::npos)
        throw malformed("stray brace in '" + std::string(text) + "'");
      segments.push_back({SegmentKind::literal, std::string(text)});
      continue;
    }
    std::string_view name = text.substr(1, text.size() - 2);
    bool rest = !name.empty() && name.back() == '*';
    if (rest) name.remove_suffix(1);
    if (!valid_param_name(name)) throw malformed("bad parameter name in '" + std::string(text) + "'");
    if (!names.insert(name).second) throw malformed("parameter '" + std::string(name) + "' appears twice");
    segments.push_back({rest ? SegmentKind::rest : SegmentKind::param, std::string(name)});
  }
  return segments;
}

// A parameter takes one non-empty segment; a rest segment takes what is left (at least one
// segment, which may be empty: "/files/" gives "").
bool matches(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path) {
  if (path.size() < pattern.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    switch (pattern[i].kind) {
      case SegmentKind::literal:
        if (pattern[i].text != path[i]) return false;
        break;
      case SegmentKind::param:
        if (path[i].empty()) return false;
        break;
      case SegmentKind::rest: return true;
    }
  }
  return path.size() == pattern.size();
}

void fill_params(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path,
                 std::string_view full_path, std::map<std::string, std::string>& params) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].kind == SegmentKind::param) params[pattern[i].text] = std::string(path[i]);
    if (pattern[i].kind == SegmentKind::rest)
      params[pattern[i].text] = std::string(full_path.substr(path[i].data() - full_path.data()));
  }
}

bool more_specific(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](const Segment& x, const Segment& y) { return x.kind < y.kind; });
}

// Two patterns that match the same paths, e.g. "/t/{id}" and "/t/{number}".
bool same_shape(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Segment& x, const Segment& y) {
    return x.kind == y.kind && (x.kind != SegmentKind::literal || x.text == y.text);
  });
}

std::string allow_header(unsigned allowed) {
  if (allowed & method_bit(http::Method::get)) allowed |= method_bit(http::Method::head);
  std::string out;
  for (auto m : all_methods)
    if (allowed & method_bit(m)) out += (out.empty() ? "" : ", ") + std::string(http::to_string(m));
  return out;
}

bool under_prefix(std::string_view path, const std::string& prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace

struct RouteTable::Impl {
  Authenticate authenticate;
  mutable std::shared_mutex mutex;
  // shared_ptr so that dispatch can run a handler after releasing the lock while remove_owner
  // drops the entry.
  std::vector<std::shared_ptr<const Entry>> routes;
  std::vector<StaticDir> statics;

  // Where a method+path leads: a route, else a static folder, else nowhere, with the methods the
  // path allows (for 405).
  struct Lookup {
    std::shared_ptr<const Entry> route;
    std::optional<StaticDir> static_dir;
    unsigned allowed = 0;
  };

  Lookup find(http::Method method, std::string_view path) const {
    Lookup out;
    if (path.empty() || path.front() != '/') return out;
    auto segments = split_path(path);
    std::shared_ptr<const Entry> get_route;  // what HEAD falls back to
    std::shared_lock lock(mutex);
    for (const auto& entry : routes) {
      if (!matches(entry->segments, segments)) continue;
      out.allowed |= method_bit(entry->method);
      std::shared_ptr<const Entry>* best = nullptr;
      if (entry->method == method)
        best = &out.route;
      else if (method == http::Method::head && entry->method == http::Method::get)
        best = &get_route;
      if (best && (!*best || more_specific(entry->segments, (*best)->segments))) *best = entry;
    }
    if (!out.route) out.route = std::move(get_route);
    if (out.route) return out;

    const StaticDir* best_static = nullptr;
    for (const auto& dir : statics)
      if (under_prefix(path, dir.prefix) && (!best_static || dir.prefix.size() > best_static->prefix.size()))
        best_static = &dir;
    if (best_static && (method == http::Method::get || method == http::Method::head))
      out.static_dir = *best_static;
    else if (best_static)
      out.allowed |= method_bit(http::Method::get);
    return out;
  }

  http::Response route(http::Request& request) const {
    auto found = find(request.method, request.path);
    if (found.route) {
      fill_params(found.route->segments, split_path(request.path), request.path, request.path_params);
      authenticate(request, found.route->access);
      return found.route->handler(request);
    }
    if (found.static_dir) {
      std::string_view relative = std::string_view(request.path).substr(found.static_dir->prefix.size());
      if (!relative.empty()) relative.remove_prefix(1);  // the '/' after the prefix
      if (auto response = serve_static(found.static_dir->root, relative)) return std::move(*response);
    }
    if (found.allowed == 0 || found.static_dir)
      return error_response(404, "not_found", "no such resource: " + request.path, request.request_id);
    return error_response(405, "method_not_allowed",
                          std::string(http::to_string(request.method)) + " is not allowed on " + request.path,
                          request.request_id)
        .set_header("Allow", allow_header(found.allowed));
  }
};

RouteTable::RouteTable(Authenticate authenticate) : impl_(std::make_shared<Impl>()) {
  if (!authenticate) throw std::invalid_argument("RouteTable needs an authenticate function");
  impl_->authenticate = std::move(authenticate);
}

void RouteTable::add(http::Route route, const std::string& owner) {
  std::string method = http::to_string(route.method);
  if (!route.handler) throw bad_request(method + " " + route.pattern + " has no handler", "invalid_route");
  auto entry =
      std::make_shared<Entry>(Entry{route.method, route.pattern, owner, parse_pattern(route.pattern),
                                    std::move(route.access), std::move(route.handler), route.max_body});
  std::unique_lock lock(impl_->mutex);
  for (const auto& other : impl_->routes)
    if (other->method == entry->method && same_shape(other->segments, entry->segments))
      throw conflict(method + " " + entry->pattern + " is already registered (as " + other->pattern +
                     " by '" + other->owner + "')");
  impl_->routes.push_back(std::move(entry));
}

void RouteTable::add_static(std::string url_prefix, std::filesystem::path dir, const std::string& owner) {
  if (url_prefix.empty() || url_prefix.front() != '/')
    throw bad_request("static prefix '" + url_prefix + "' must start with '/'", "invalid_route");
  while (!url_prefix.empty() && url_prefix.back() == '/') url_prefix.pop_back();
  std::error_code ec;
  auto root = std::filesystem::canonical(dir, ec);
  if (ec || !std::filesystem::is_directory(root))
    throw bad_request("static folder " + dir.string() + " is not a directory", "invalid_route");

  std::unique_lock lock(impl_->mutex);
  for (const auto& other : impl_->statics)
    if (other.prefix == url_prefix)
      throw conflict("static prefix '" + url_prefix + "/' is already served by '" + other.owner + "'");
  impl_->statics.push_back({std::move(url_prefix), std::move(root), owner});
}

void RouteTable::remove_owner(const std::string& owner) {
  std::unique_lock lock(impl_->mutex);
  std::erase_if(impl_->routes, [&](const auto& entry) { return entry->owner == owner; });
  std::erase_if(impl_->statics, [&](const auto& dir) { return dir.owner == owner; });
}

http::Response RouteTable::dispatch(http::Request& request) const {
  auto internal_error = [&](const char* what) {
    spdlog::error("request {} ({} {}) failed: {}", request.request_id, http::to_string(request.method),
                  request.target, what);
    return error_response(500, "internal_error", "internal server error", request.request_id);
  };
  http::Response response;
  try {
    response = impl_->route(request);
  } catch (const Error& e) {
    bool error_status = e.status() >= 400 && e.status() <= 599;
    response = error_status ? error_response(e.status(), e.code(), e.what(), request.request_id)
                            : internal_error(e.what());
  } catch (const std::exception& e) {
    response = internal_error(e.what());
  } catch (...) {
    response = internal_error("unknown exception");
  }
  response.set_header("X-Request-Id", request.request_id);
  return response;
}

std::uint64_t RouteTable::body_limit(http::Method method, const std::string& path) const {
  auto found = impl_->find(method, path);
  return found.route ? found.route->max_body : 0;
}

std::vector<RouteTable::RouteInfo> RouteTable::routes() const {
  std::shared_lock lock(impl_->mutex);
  std::vector<RouteInfo> out;
  for (const auto& entry : impl_->routes)
    out.push_back({http::to_string(entry->method), entry->pattern, entry->owner});
  // A static folder is listed as the GET route it behaves like.
  for (const auto& dir : impl_->statics) out.push_back({"GET", dir.prefix + "/{path*}", dir.owner});
  return out;
}

}  // namespace helpdesk::kernel
