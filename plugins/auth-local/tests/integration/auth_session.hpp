#pragma once
// A signed-in browser as the integration tests need it: the session cookie from Set-Cookie and
// the CSRF token from the sign-in answer, sent back on every request (the CSRF token on writes).
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "harness.hpp"

namespace auth_test {

using helpdesk::test::Response;
using nlohmann::json;

// The cookie value (without attributes) of a Set-Cookie header, or "".
inline std::string cookie_of(const Response& r) {
  const std::string header = r.header("set-cookie");
  const auto eq = header.find('=');
  if (eq == std::string::npos) return {};
  return header.substr(0, header.find(';'));
}

struct Session {
  std::uint16_t port = 0;
  std::string cookie;  // "hd_session=…"
  std::string csrf;
  Response answer;     // the sign-in answer

  bool ok() const { return answer.status == 200 && !cookie.empty(); }
  std::string cookie_value() const { return cookie.substr(cookie.find('=') + 1); }

  Response send(const std::string& method, const std::string& target, const json& body = nullptr,
                bool with_csrf = true) const {
    std::map<std::string, std::string> headers{{"Cookie", cookie}};
    if (with_csrf && method != "GET") headers["X-CSRF-Token"] = csrf;
    if (!body.is_null()) headers["Content-Type"] = "application/json";
    return helpdesk::test::http_request(port, method, target, body.is_null() ? "" : body.dump(), headers);
  }
  Response get(const std::string& target) const { return send("GET", target); }
  Response post(const std::string& target, const json& body = json::object()) const { return send("POST", target, body); }
};

inline Session sign_in_at(std::uint16_t port, const std::string& target, const json& body) {
  Session s;
  s.port = port;
  s.answer = helpdesk::test::http_request(port, "POST", target, body.dump(), {{"Content-Type", "application/json"}});
  s.cookie = cookie_of(s.answer);
  if (s.answer.status == 200) s.csrf = s.answer.json().value("csrf_token", "");
  return s;
}

inline Session login(std::uint16_t port, const std::string& email, const std::string& password, const std::string& as = "") {
  json body = {{"email", email}, {"password", password}};
  if (!as.empty()) body["as"] = as;
  return sign_in_at(port, "/api/v1/auth/login", body);
}

// The demo accounts' passwords (auth-local's demo_passwords setting).
inline const std::string admin_password = "demo-admin-password";
inline const std::string agent_password = "demo-agent-password";
inline const std::string user_password = "demo-user-password";

// test_config with demo data, intake-api, auth-local (demo passwords on) and `more_plugins`.
inline std::string auth_config(const std::string& auth_local_settings = "", const std::string& more_plugins = "",
                               const std::string& extra = "") {
  return helpdesk::test::test_config(
      "  - name: intake-api\n  - name: auth-local\n    config:\n      demo_passwords: true\n      argon2_mem_kib: 8192\n" +
          auth_local_settings + more_plugins,
      "demo: true\n" + extra);
}

// HELPDESK_TEST_CLOCK_FILE for the server and the commands it runs: time moves without sleeping.
class ClockFile {
 public:
  explicit ClockFile(const std::filesystem::path& file) : file_(file) {
    ::setenv("HELPDESK_TEST_CLOCK_FILE", file.c_str(), 1);
  }
  ~ClockFile() { ::unsetenv("HELPDESK_TEST_CLOCK_FILE"); }
  void set(std::int64_t t) { std::ofstream(file_) << t; }

 private:
  std::filesystem::path file_;
};

// Every secret the test used that must not appear in the server's log.
inline std::vector<std::string> leaked(const std::string& log, const std::vector<std::string>& secrets) {
  std::vector<std::string> found;
  for (const auto& s : secrets)
    if (!s.empty() && log.find(s) != std::string::npos) found.push_back(s);
  return found;
}

}  // namespace auth_test
