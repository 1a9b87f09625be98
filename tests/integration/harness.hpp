#pragma once
// What the integration tests share: a temp dir, the real helpdeskd started as a child process in
// its own process group on a free port, and a small blocking HTTP/1.1 client over loopback.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

#include <nlohmann/json.hpp>

namespace helpdesk::test {

namespace fs = std::filesystem;

inline const std::string api_key = "it-api-key-0123456789abcdef";  // allowed from 127.0.0.1
inline const std::string elsewhere_api_key = "it-elsewhere-key-0123456789abcdef";  // only from 10.9.8.7
inline const std::string read_token = "it-read-token-0123456789abcdef";
inline const std::string admin_token = "it-admin-token-0123456789abcdef";

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A config with the usual catalog, the integration keys above, and `plugins_yaml` (a YAML list
// under `plugins:`, already indented by two spaces) loaded from the build's plugin dirs.
std::string test_config(const std::string& plugins_yaml = "  - name: intake-api\n", const std::string& extra = "");
// config/helpdesk.yaml as shipped (demo data, shipped filters and SLA plans), its script paths
// made absolute so it works from a temp dir.
std::string shipped_config();
inline const std::string demo_api_key = "hd-demo-api-key-0123456789abcdef";
inline const std::string demo_admin_token = "hd-demo-admin-token-0123456789abcdef";

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One request on a fresh connection. `raw` sends bytes as they are (for malformed input).
Response http_request(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = "", const std::map<std::string, std::string>& headers = {});
Response http_raw(std::uint16_t port, const std::string& bytes);

class Server {
 public:
  // Writes `config_text` to <dir>/helpdesk.yaml and starts helpdeskd on it with data in <dir>/data.
  Server(const fs::path& dir, const std::string& config_text, bool wait_ready = true);
  ~Server();  // SIGKILLs the process group if still running

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const;
  // SIGTERM, then waits; returns the exit status (or -1 on timeout, after SIGKILL).
  int terminate(std::chrono::seconds timeout = std::chrono::seconds(20));
  void kill_hard();
  // Waits for the process to exit by itself (e.g. on a config error); returns its exit status.
  int wait_exit(std::chrono::seconds timeout = std::chrono::seconds(20));

  Response get(const std::string& target, const std::string& token = read_token) const;
  Response post_ticket(const nlohmann::json& body, const std::string& key = api_key) const;

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

fs::path helpdeskd_path();
// Runs a command to completion; returns the exit status and fills `output` with stdout+stderr.
int run_command(const std::vector<std::string>& argv, std::string& output);

}  // namespace helpdesk::test
