#pragma once
// A small blocking HTTP client for the server tests. Every operation has a deadline, so a server
// that never answers fails the test instead of hanging it.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace helpdesk::kernel::testing {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_name) const;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One connection to 127.0.0.1:port, kept alive across requests.
class TestClient {
 public:
  explicit TestClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~TestClient();

  Reply request(const std::string& method, const std::string& target, const std::string& body = {},
                const Headers& headers = {});
  // Writes bytes as they are (for malformed requests); then read_reply() reads the answer.
  void send_raw(const std::string& bytes);
  Reply read_reply(bool head_request = false);
  // True when the server closes the connection within `within` (reads end of stream).
  bool closed_by_server(std::chrono::milliseconds within);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel::testing
