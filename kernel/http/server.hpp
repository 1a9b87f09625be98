#pragma once
// The HTTP server: Boost.Beast, asynchronous, one io_context run on `io_threads` threads. I/O
// threads only read and write bytes; each parsed request is handed to a pool of
// `handler_threads` where `dispatch` runs (synchronous code that may wait on the database), and
// the response is written back on the connection's strand. Beast and Asio stay in kernel/http.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <helpdesk/http.hpp>

namespace helpdesk::kernel {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 binds a free port; see HttpServer::port()
  int io_threads = 2;
  int handler_threads = 32;
  std::uint64_t max_body_bytes = 10 * 1024 * 1024;  // 413 above (per-route limit may be lower)
  std::uint64_t max_header_bytes = 16 * 1024;       // 431 above
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};
  bool access_log = true;
};

class HttpServer {
 public:
  // Called on a handler thread with a complete request (request_id, remote_address filled in).
  // Must not throw (the router turns exceptions into error responses).
  using Dispatch = std::function<http::Response(http::Request&)>;
  // Called once the head is read; returns the body limit for that method+path (0: the server's).
  using BodyLimit = std::function<std::uint64_t(http::Method, const std::string& path)>;

  HttpServer(HttpServerOptions options, Dispatch dispatch, BodyLimit body_limit = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; throws std::runtime_error naming the address when it cannot bind.
  void start();
  // The bound port (after start()).
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (up to `drain`), then closes every connection.
  // Waits for handlers still running after `drain` (threads cannot be interrupted), so it must not
  // be called from a handler. A second call does nothing.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(10));
  // Requests being handled right now: from the moment one is read until its response is written.
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Renders the standard error body {"error": {"code", "message", "request_id"}}.
http::Response error_response(int status, const std::string& code, const std::string& message,
                              const std::string& request_id);

}  // namespace helpdesk::kernel
