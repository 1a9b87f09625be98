#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace helpdesk::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("helpdesk-it-" + std::to_string(rd()) + std::to_string(::getpid()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path helpdeskd_path() { return fs::path(HELPDESK_BINARY_DIR) / "helpdeskd"; }

std::string test_config(const std::string& plugins_yaml, const std::string& extra) {
  return R"(server:
  listen: 127.0.0.1:0
  handler_threads: 16
  max_body_bytes: 1048576
plugin_dirs: [")" + (fs::path(HELPDESK_BINARY_DIR) / "plugins").string() + R"(", ")" +
         (fs::path(HELPDESK_BINARY_DIR) / "fixture-plugins").string() + R"("]
plugins:
)" + plugins_yaml + R"(
departments:
  - {key: support, name: Customer Support, email: support@example.com}
  - {key: it, name: IT Support, email: it@example.com}
teams:
  - {key: level-2, name: Level 2}
statuses:
  - {key: open, name: Open, state: open}
  - {key: in_progress, name: In Progress, state: in_progress}
  - {key: resolved, name: Resolved, state: resolved}
  - {key: closed, name: Closed, state: closed}
roles:
  - {key: agent, name: Agent, permissions: [ticket.view, ticket.create, ticket.reply, ticket.note, ticket.assign, ticket.transfer, ticket.edit, ticket.close]}
  - {key: viewer, name: Read only, permissions: [ticket.view]}
priorities:
  - {key: low, name: Low, id: 1, urgency: 1}
  - {key: normal, name: Normal, id: 2, urgency: 2}
  - {key: high, name: High, id: 3, urgency: 3}
  - {key: critical, name: Critical, id: 4, urgency: 4}
forms:
  - key: access
    name: Access
    fields:
      - {key: system, label: System, type: choice, choices: [email, vpn], required: true}
      - {key: username, label: Username, type: text}
help_topics:
  - {key: general, name: General Inquiry, id: 1, department: support}
  - {key: access, name: Access Issue, id: 11, department: it, priority: high, form: access}
tickets:
  default_department: support
  default_priority: normal
  default_status: open
api_keys:
  - name: integration
    key: )" + api_key + R"(
    allowed_ips: [127.0.0.1]
  - name: elsewhere
    key: )" + elsewhere_api_key + R"(
    allowed_ips: [10.9.8.7]
tokens:
  - {name: reader, key: )" + read_token + R"(, scopes: [tickets:read]}
  - {name: root, key: )" + admin_token + R"(, scopes: [admin]}
)" + extra;
}

std::string shipped_config() {
  std::ifstream in(fs::path(HELPDESK_SOURCE_DIR) / "config" / "helpdesk.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string relative = "../scripts/";
  const std::string absolute = (fs::path(HELPDESK_SOURCE_DIR) / "scripts").string() + "/";
  for (auto pos = text.find(relative); pos != std::string::npos; pos = text.find(relative, pos + absolute.size()))
    text.replace(pos, relative.size(), absolute);
  return text;
}

namespace {

int connect_loopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

Response parse_response(const std::string& raw) {
  Response r;
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("no complete response: '" + raw.substr(0, 200) + "'");
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  r.status = std::stoi(line.substr(line.find(' ') + 1, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
  }
  r.body = raw.substr(head_end + 4);
  if (auto it = r.headers.find("content-length"); it != r.headers.end())
    r.body.resize(std::min<std::size_t>(r.body.size(), std::stoul(it->second)));
  return r;
}

}  // namespace

Response http_raw(std::uint16_t port, const std::string& bytes) {
  int fd = connect_loopback(port);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (413); read what it said
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string raw;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return parse_response(raw);
}

Response http_request(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  return http_raw(port, req);
}

Server::Server(const fs::path& dir, const std::string& config_text, bool wait_ready) : dir_(dir) {
  const auto config = dir / "helpdesk.yaml";
  if (!config_text.empty()) std::ofstream(config) << config_text;
  const auto port_file = dir / "port";
  fs::remove(port_file);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::setpgid(0, 0);
    int log = ::open((dir / "server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(log, 1);
    ::dup2(log, 2);
    const std::string exe = helpdeskd_path().string();
    const std::string data = (dir / "data").string();
    ::execl(exe.c_str(), exe.c_str(), "--config", config.c_str(), "--data", data.c_str(), "--listen",
            "127.0.0.1:0", "--port-file", port_file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);
  if (!wait_ready) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("helpdeskd exited during start:\n" + log());
    }
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      if (http_request(port_, "GET", "/readyz").status == 200) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("helpdeskd did not become ready:\n" + log());
}

Server::~Server() {
  if (pid_ > 0) kill_hard();
}

std::string Server::log() const {
  std::ifstream in(dir_ / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Server::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int Server::wait_exit(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_hard();
  return -1;
}

int Server::terminate(std::chrono::seconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  return wait_exit(timeout);
}

Response Server::get(const std::string& target, const std::string& token) const {
  return http_request(port_, "GET", target, "", {{"Authorization", "Bearer " + token}});
}

Response Server::post_ticket(const nlohmann::json& body, const std::string& key) const {
  return http_request(port_, "POST", "/api/tickets.json", body.dump(),
                      {{"X-API-Key", key}, {"Content-Type", "application/json"}});
}

int run_command(const std::vector<std::string>& argv, std::string& output) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::dup2(pipefd[1], 2);
    ::close(pipefd[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) output.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace helpdesk::test
