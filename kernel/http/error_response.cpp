#include <nlohmann/json.hpp>

#include "kernel/http/server.hpp"

namespace helpdesk::kernel {

http::Response error_response(int status, const std::string& code, const std::string& message,
                              const std::string& request_id) {
  auto response = http::Response::json(
      status, {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}});
  response.set_header("X-Request-Id", request_id);
  return response;
}

}  // namespace helpdesk::kernel
