#pragma once
// Private to kernel/http: what the listener shares with its connections, and how a connection
// starts. Only server.cpp and session.cpp include it (they are the files that compile Beast).
#include <spdlog/logger.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "kernel/http/server.hpp"

namespace helpdesk::kernel {

struct ServerShared {
  HttpServerOptions options;
  HttpServer::Dispatch dispatch;
  HttpServer::BodyLimit body_limit;
  std::shared_ptr<spdlog::logger> access_log;  // null when access logging is off
  boost::asio::thread_pool* handlers = nullptr;
  std::atomic<bool> stopping{false};  // connections close after their current response

  // A request counts from the moment it is complete until its response is written, so that
  // stop() does not cut a response that a handler has already produced.
  void request_started();
  void request_finished();
  std::size_t in_flight() const;
  // Waits until nothing is in flight or `timeout` passes; false on timeout.
  bool wait_drained(std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable drained_;
  std::size_t in_flight_ = 0;
};

// Serves HTTP on an accepted socket (whose executor must be a strand) until it closes.
void start_session(boost::asio::ip::tcp::socket socket, ServerShared& shared);

}  // namespace helpdesk::kernel
