#include "support/token_endpoint.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/net.hpp"

namespace helpdesk::mail::test {

TokenEndpoint::TokenEndpoint(TokenEndpointOptions options) : options_(std::move(options)) {
  std::string port_file = dir_ / "port";
  process_.start({"/usr/bin/python3", std::string(HELPDESK_MAIL_SUPPORT_DIR) + "/token_endpoint.py",
                  "--port-file", port_file, "--refresh-token", options_.refresh_token,
                  "--access-token", options_.access_token, "--client-id", options_.client_id,
                  "--user", options_.user, "--expires-in", std::to_string(options_.expires_in)},
                 dir_ / "token_endpoint.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline && process_.running()) {
    if (std::filesystem::exists(port_file)) {
      port_ = std::stoi(read_file(port_file));
      if (wait_for_port(port_, std::chrono::seconds(5))) return;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string log;
  try {
    log = read_file(dir_ / "token_endpoint.log");
  } catch (const std::exception&) {
  }
  process_.stop();
  throw std::runtime_error("token_endpoint.py did not start; its output:\n" + log);
}

TokenEndpoint::~TokenEndpoint() { process_.stop(); }

std::string TokenEndpoint::token_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/token";
}

std::string TokenEndpoint::introspect_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/introspect";
}

}  // namespace helpdesk::mail::test
