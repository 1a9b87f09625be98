#include "transport/oauth2.hpp"

#include <curl/curl.h>

#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>

#include "transport/curl_session.hpp"
#include "transport/endpoint.hpp"

namespace helpdesk::mail {
namespace {

std::string form_escape(CURL* curl, const std::string& value) {
  char* escaped = curl_easy_escape(curl, value.c_str(), static_cast<int>(value.size()));
  if (escaped == nullptr) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

size_t append(char* data, size_t size, size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > 1024 * 1024) return 0;  // no token response is this big
  body->append(data, size * count);
  return size * count;
}

std::string describe_error(const nlohmann::json& body) {
  std::string text;
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    text = body["error"].get<std::string>();
    if (body.contains("error_description") && body["error_description"].is_string()) {
      text += ": " + body["error_description"].get<std::string>();
    }
  }
  return text;
}

}  // namespace

OAuth2Token refresh_oauth2_token(const OAuth2Refresh& request, long timeout_seconds) {
  detail::ParsedUrl url = detail::parse_url(request.token_url, "http,https");
  std::string where = "OAuth2 token refresh at " + url.base() + url.path;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw TransportError(where + " failed: libcurl could not create a handle", true);
  CURL* c = curl.get();
  std::string form =
      "grant_type=refresh_token&refresh_token=" + form_escape(c, request.refresh_token) +
      "&client_id=" + form_escape(c, request.client_id);
  if (!request.client_secret.empty())
    form += "&client_secret=" + form_escape(c, request.client_secret);
  if (!request.scope.empty()) form += "&scope=" + form_escape(c, request.scope);
  std::string body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_URL, request.token_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &append);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  if (!request.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    std::string reason = curl_easy_strerror(rc);
    if (error_buffer[0] != '\0') reason += " (" + std::string(error_buffer) + ")";
    throw TransportError(where + " failed: " + reason, detail::is_temporary(rc, 0),
                         static_cast<int>(rc));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (status < 200 || status >= 300) {
    std::string detail = describe_error(json);
    throw TransportError(
        where + " failed: HTTP " + std::to_string(status) + (detail.empty() ? "" : " " + detail),
        status == 429 || status >= 500);
  }
  if (!json.is_object() || !json.contains("access_token") || !json["access_token"].is_string()) {
    throw TransportError(where + " failed: the response has no access_token", false);
  }
  OAuth2Token token;
  token.access_token = json["access_token"].get<std::string>();
  if (json.contains("expires_in") && json["expires_in"].is_number()) {
    token.expires_at =
        static_cast<std::int64_t>(std::time(nullptr)) + json["expires_in"].get<std::int64_t>();
  }
  token.refresh_token = json.contains("refresh_token") && json["refresh_token"].is_string()
                            ? json["refresh_token"].get<std::string>()
                            : request.refresh_token;
  return token;
}

bool oauth2_needs_refresh(const OAuth2Token& token, std::int64_t now, std::int64_t margin_seconds) {
  if (token.access_token.empty()) return true;
  return token.expires_at != 0 && token.expires_at - margin_seconds <= now;
}

}  // namespace helpdesk::mail
