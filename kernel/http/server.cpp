// The listener and the server's lifecycle; connections live in session.cpp.
#include "kernel/http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "kernel/http/session.hpp"

namespace helpdesk::kernel {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Backing off after a failed accept (out of descriptors, typically) instead of spinning on it.
constexpr std::chrono::milliseconds accept_retry_delay{100};

std::shared_ptr<spdlog::logger> access_logger() {
  if (auto logger = spdlog::get("access")) return logger;
  auto logger = spdlog::default_logger()->clone("access");
  try {
    spdlog::register_logger(logger);
  } catch (const spdlog::spdlog_ex&) {
    return spdlog::get("access");  // another server registered it meanwhile
  }
  return logger;
}

void bind_acceptor(tcp::acceptor& acceptor, const std::string& host, std::uint16_t port) {
  auto fail = [&](const boost::system::error_code& ec) {
    return std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  };
  boost::system::error_code ec;
  tcp::resolver resolver(acceptor.get_executor());
  auto endpoints = resolver.resolve(host, std::to_string(port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) throw fail(ec);
  auto endpoint = endpoints.begin()->endpoint();
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw fail(ec);
}

}  // namespace

void ServerShared::request_started() {
  std::lock_guard lock(mutex_);
  ++in_flight_;
}

void ServerShared::request_finished() {
  std::lock_guard lock(mutex_);
  if (--in_flight_ == 0) drained_.notify_all();
}

std::size_t ServerShared::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

bool ServerShared::wait_drained(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return drained_.wait_for(lock, timeout, [&] { return in_flight_ == 0; });
}

// What exists between start() and stop(). Members are destroyed bottom-up: the pool first (its
// queued work holds sessions), the io_context last (destroying it closes every connection left).
struct Running {
  explicit Running(const HttpServerOptions& options)
      : ioc(std::max(options.io_threads, 1)),
        pool(static_cast<std::size_t>(std::max(options.handler_threads, 1))) {}

  net::io_context ioc;
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  // Keeps the I/O threads running while a request is on the handler pool and no socket is busy.
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  std::vector<std::thread> io_threads;
  net::thread_pool pool;
};

struct HttpServer::Impl {
  ServerShared shared;
  std::mutex lifecycle;  // start() and stop() may come from different threads
  std::optional<Running> running;
  bool stopped = false;
  std::uint16_t port = 0;

  void accept() {
    running->acceptor.async_accept(
        net::make_strand(running->ioc),
        [this](boost::system::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
  }

  // Runs on the acceptor's strand, like the close in stop().
  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (!running->acceptor.is_open()) return;
    if (ec) {
      spdlog::warn("HTTP accept failed: {}", ec.message());
      running->accept_retry.expires_after(accept_retry_delay);
      running->accept_retry.async_wait([this](boost::system::error_code ec) {
        if (!ec && running->acceptor.is_open()) accept();
      });
      return;
    }
    start_session(std::move(socket), shared);
    accept();
  }
};

HttpServer::HttpServer(HttpServerOptions options, Dispatch dispatch, BodyLimit body_limit)
    : impl_(std::make_unique<Impl>()) {
  if (!dispatch) throw std::invalid_argument("HttpServer needs a dispatch function");
  impl_->shared.options = std::move(options);
  impl_->shared.dispatch = std::move(dispatch);
  impl_->shared.body_limit = std::move(body_limit);
  if (impl_->shared.options.access_log) impl_->shared.access_log = access_logger();
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->running || impl_->stopped) throw std::logic_error("HttpServer::start called twice");
  const auto& options = impl_->shared.options;
  auto& running = impl_->running.emplace(options);
  try {
    bind_acceptor(running.acceptor, options.host, options.port);
  } catch (...) {
    impl_->running.reset();
    throw;
  }
  impl_->port = running.acceptor.local_endpoint().port();
  impl_->shared.handlers = &running.pool;
  impl_->accept();
  for (int i = 0; i < std::max(options.io_threads, 1); ++i)
    running.io_threads.emplace_back([&ioc = running.ioc] {
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("HTTP I/O thread: {}", e.what());  // keep serving the other connections
        }
      }
    });
  spdlog::debug("HTTP listening on {}:{}", options.host, impl_->port);
}

std::uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::stop(std::chrono::milliseconds drain) {
  std::lock_guard lock(impl_->lifecycle);
  impl_->stopped = true;
  if (!impl_->running) return;
  auto& running = *impl_->running;

  impl_->shared.stopping = true;
  net::post(running.acceptor.get_executor(), [&running] {
    boost::system::error_code ec;
    running.acceptor.close(ec);
    running.accept_retry.cancel();
  });
  if (!impl_->shared.wait_drained(drain))
    spdlog::warn("HTTP stop: {} requests still running after {} ms", impl_->shared.in_flight(),
                 drain.count());

  running.work.reset();
  running.ioc.stop();
  for (auto& thread : running.io_threads) thread.join();
  // Handlers already running are waited for (a thread cannot be interrupted); queued ones are dropped.
  running.pool.stop();
  running.pool.join();
  impl_->running.reset();
  spdlog::debug("HTTP server on port {} stopped", impl_->port);
}

std::size_t HttpServer::in_flight() const { return impl_->shared.in_flight(); }

}  // namespace helpdesk::kernel
