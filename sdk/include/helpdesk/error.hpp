#pragma once
#include <stdexcept>
#include <string>

namespace helpdesk {

// The one error type that crosses the SDK. Anything a handler or service throws that is an
// Error becomes an HTTP response with `status` and the JSON body
// {"error": {"code": code, "message": what(), "request_id": …}}; any other exception is a 500.
class Error : public std::runtime_error {
 public:
  Error(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }

 private:
  int status_;
  std::string code_;
};

inline Error bad_request(const std::string& message, std::string code = "bad_request") {
  return Error(400, std::move(code), message);
}
inline Error unauthorized(const std::string& message) { return Error(401, "unauthorized", message); }
inline Error forbidden(const std::string& message) { return Error(403, "forbidden", message); }
inline Error not_found(const std::string& message) { return Error(404, "not_found", message); }
inline Error conflict(const std::string& message) { return Error(409, "conflict", message); }

}  // namespace helpdesk
