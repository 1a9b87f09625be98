#pragma once
// The OAuth2 test server (token_endpoint.py) as a fixture: refresh grant and token introspection.
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace helpdesk::mail::test {

struct TokenEndpointOptions {
  std::string client_id = "helpdesk-test";
  std::string refresh_token = "refresh-good";
  std::string access_token = "access-good";
  std::string user = "alice";  // who the access token belongs to (introspection)
  int expires_in = 3600;
};

class TokenEndpoint {
 public:
  // Starts the script and waits for its port. Throws std::runtime_error with its output.
  explicit TokenEndpoint(TokenEndpointOptions options = {});
  ~TokenEndpoint();

  const TokenEndpointOptions& options() const { return options_; }
  std::string token_url() const;       // http://127.0.0.1:PORT/token
  std::string introspect_url() const;  // http://127.0.0.1:PORT/introspect

 private:
  TokenEndpointOptions options_;
  TempDir dir_{"helpdesk-oauth2"};
  ChildProcess process_;
  int port_ = 0;
};

}  // namespace helpdesk::mail::test
