#pragma once
// Reading the JSON bodies of auth requests: required text fields with errors that name them.
#include <string>

#include <helpdesk/error.hpp>
#include <helpdesk/http.hpp>

namespace auth_local {

// body[key] as text; throws Error 400 "missing_field" when absent or not text (and empty unless
// `allow_empty`).
inline std::string text_field(const nlohmann::json& body, const char* key, bool required = true) {
  if (!body.is_object()) throw helpdesk::bad_request("the body must be a JSON object", "invalid_body");
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) throw helpdesk::bad_request(std::string("'") + key + "' is required", "missing_field");
    return {};
  }
  if (!body.at(key).is_string()) throw helpdesk::bad_request(std::string("'") + key + "' must be text", "invalid_field");
  std::string value = body.at(key).get<std::string>();
  if (required && value.empty()) throw helpdesk::bad_request(std::string("'") + key + "' is required", "missing_field");
  return value;
}

// The error shape the kernel uses, for answers that need extra headers (429 with Retry-After).
inline helpdesk::http::Response error_response(const helpdesk::http::Request& request, const helpdesk::Error& e) {
  return helpdesk::http::Response::json(
      e.status(), {{"error", {{"code", e.code()}, {"message", e.what()}, {"request_id", request.request_id}}}});
}

// The response of a new session: the CSRF token, the second-factor state and the cookie.
inline helpdesk::http::Response session_response(int status, const helpdesk::SessionStart& start,
                                                 nlohmann::json person) {
  auto response = helpdesk::http::Response::json(status, {{"csrf_token", start.csrf_token},
                                                          {"second_factor_required", start.second_factor_required},
                                                          {"enrolment_required", start.enrolment_required},
                                                          {"factors", start.factors},
                                                          {"person", std::move(person)}});
  for (const auto& [name, value] : start.headers) response.set_header(name, value);
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace auth_local
