#pragma once
// Inline bodies of helpdesk/http.hpp's helpers.
#include <algorithm>
#include <cctype>

#include "helpdesk/error.hpp"

namespace helpdesk::http {

inline std::string Request::header(std::string_view name) const {
  std::string key(name);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  auto it = headers.find(key);
  return it == headers.end() ? std::string() : it->second;
}

inline std::string Request::query_param(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

inline const std::string& Request::path_param(const std::string& name) const {
  auto it = path_params.find(name);
  if (it == path_params.end()) throw not_found("no path parameter '" + name + "'");
  return it->second;
}

inline nlohmann::json Request::json_body() const {
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception& e) {  // parse errors, and numbers out of range (1e999)
    throw bad_request(std::string("request body is not valid JSON: ") + e.what(), "invalid_json");
  }
}

inline Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

inline Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

inline Response& Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers)
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      v = std::move(value);
      return *this;
    }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace helpdesk::http
