// One connection: reads a request at a time, hands it to the handler pool, writes the response
// back on the connection's strand, and keeps the connection alive when the client wants that.
#include "kernel/http/session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <limits>
#include <optional>

#include <helpdesk/text.hpp>

#include "kernel/http/url.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// After a final response the peer gets this long to close its side, so that unread input (a
// rejected body) does not turn our close into a reset that destroys the response in flight.
constexpr std::chrono::seconds linger_time{2};
constexpr std::size_t read_chunk = 4096;

std::optional<http::Method> to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get: return http::Method::get;
    case bhttp::verb::head: return http::Method::head;
    case bhttp::verb::post: return http::Method::post;
    case bhttp::verb::put: return http::Method::put;
    case bhttp::verb::patch: return http::Method::patch;
    case bhttp::verb::delete_: return http::Method::del;
    case bhttp::verb::options: return http::Method::options;
    default: return std::nullopt;
  }
}

// A client's (or proxy's) id is kept only when it cannot smuggle anything into logs.
bool acceptable_request_id(beast::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

// Framing is ours to decide, whatever a handler sets.
bool framing_header(beast::string_view name) {
  return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
         beast::iequals(name, "connection");
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return "-";
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; API keys are bound to the IPv4 form.
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerShared& shared)
      : shared_(shared), remote_address_(peer_address(socket)), stream_(std::move(socket)) {}

  ~Session() {
    if (in_flight_) shared_.request_finished();
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
  }

 private:
  // Waits for the first bytes of the next request under the idle timeout; the read timeout
  // starts once the client has begun sending.
  void wait_for_request() {
    if (buffer_.size() > 0) return read_header();
    stream_.expires_after(shared_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(read_chunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return;
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    request_ = {};
    request_id_.clear();
    method_ = target_ = "-";
    version_ = 11;
    head_ = false;
    keep_alive_ = false;
    started_ = Clock::now();

    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::uint64_t>(
        shared_.options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // The real limit depends on the route, known only after the header. Not boost::none: Boost
    // 1.74 then refuses every non-empty Content-Length.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(shared_.options.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == bhttp::error::header_limit)
      return fail(
          431, "header_too_large",
          "the request header exceeds " + std::to_string(shared_.options.max_header_bytes) + " bytes");
    if (ec) return on_read_error(ec);

    const auto& message = parser_->get();
    method_ = std::string(message.method_string());
    target_ = std::string(message.target());
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    auto incoming_id = message["X-Request-Id"];
    request_id_ = acceptable_request_id(incoming_id) ? std::string(incoming_id) : random_hex(8);

    auto method = to_method(message.method());
    if (!method) return fail(501, "not_implemented", "method " + method_ + " is not supported");
    head_ = *method == http::Method::head;
    auto decoded = decode_target(target_);
    if (!decoded) return fail(400, "bad_request", "malformed request target");

    body_limit_ = shared_.options.max_body_bytes;
    if (shared_.body_limit)
      if (auto route_limit = shared_.body_limit(*method, decoded->path); route_limit != 0)
        body_limit_ = route_limit;
    if (auto length = parser_->content_length(); length && *length > body_limit_) return too_large();
    parser_->body_limit(body_limit_);

    request_.method = *method;
    request_.target = target_;
    request_.remote_address = remote_address_;
    request_.request_id = request_id_;
    request_.path = std::move(decoded->path);
    request_.query = std::move(decoded->query);
    for (const auto& field : message) {
      auto [it, inserted] = request_.headers.emplace(helpdesk::lower({field.name_string().data(), field.name_string().size()}), std::string(field.value()));
      if (!inserted) it->second.append(", ").append(field.value().data(), field.value().size());
    }

    // curl and others wait (about a second) for this before sending a body.
    bool wants_continue = version_ == 11 && beast::iequals(message[bhttp::field::expect], "100-continue");
    if (!wants_continue || parser_->is_done()) return read_body();
    static const std::string continue_response = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(continue_response),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->read_body();
                     });
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return too_large();
    if (ec) return on_read_error(ec);
    request_.body = std::move(parser_->get().body());
    dispatch();
  }

  // A malformed request gets a 400; a peer that left or timed out gets nothing (the session
  // ends and the socket closes).
  void on_read_error(const beast::error_code& ec) {
    if (is_parse_error(ec)) fail(400, "bad_request", "malformed request: " + ec.message());
  }

  void too_large() {
    fail(413, "body_too_large", "the request body exceeds " + std::to_string(body_limit_) + " bytes");
  }

  // Answers with an error and closes: the rest of the input cannot be trusted to frame a next request.
  void fail(int status, const std::string& code, const std::string& message) {
    if (request_id_.empty()) request_id_ = random_hex(8);
    keep_alive_ = false;
    send(error_response(status, code, message, request_id_));
  }

  void dispatch() {
    stream_.expires_never();  // a handler may take long; the write sets its own deadline
    in_flight_ = true;
    shared_.request_started();
    net::post(*shared_.handlers, [self = shared_from_this(), request = std::move(request_)]() mutable {
      auto response = self->call_handler(request);
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
    });
  }

  // Runs on a handler thread. Dispatch must not throw; if it does, the client still gets an answer.
  http::Response call_handler(http::Request& request) {
    try {
      return shared_.dispatch(request);
    } catch (const std::exception& e) {
      spdlog::error("request {}: dispatch threw: {}", request.request_id, e.what());
    } catch (...) {
      spdlog::error("request {}: dispatch threw a non-standard exception", request.request_id);
    }
    return error_response(500, "internal_error", "internal server error", request.request_id);
  }

  void send(http::Response response) {
    keep_alive_ = keep_alive_ && !shared_.stopping;
    status_ = response.status;
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers)
      if (!framing_header(name)) response_.insert(name, value);
    response_.set(bhttp::field::server, "helpdeskd");
    response_.set("X-Request-Id", request_id_);
    response_.keep_alive(keep_alive_);
    // HEAD gets the length the body would have had, without the body.
    bool body_allowed = response.status >= 200 && response.status != 204 && response.status != 304;
    if (body_allowed) response_.content_length(response.body.size());
    if (body_allowed && !head_) response_.body() = std::move(response.body);

    stream_.expires_after(shared_.options.read_timeout);  // a client that stops reading is dropped
    bhttp::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_write(ec);
    });
  }

  void on_write(beast::error_code ec) {
    if (shared_.access_log) {
      auto ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
      shared_.access_log->info("{} \"{} {}\" {} {} {:.1f}ms {}", remote_address_, method_, target_, status_,
                               response_.body().size(), ms, request_id_);
    }
    if (in_flight_) {
      in_flight_ = false;
      shared_.request_finished();
    }
    if (ec) return;
    if (!keep_alive_) return linger();
    wait_for_request();
  }

  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(linger_time);
    discard_input();
  }

  void discard_input() {
    stream_.async_read_some(buffer_.prepare(read_chunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->discard_input();
                            });
  }

  ServerShared& shared_;
  std::string remote_address_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;

  // The request being served, and what its response and access-log line need.
  http::Request request_;  // moved to the handler pool once complete
  std::string request_id_, method_, target_;
  std::uint64_t body_limit_ = 0;
  unsigned version_ = 11;
  bool head_ = false, keep_alive_ = false, in_flight_ = false;
  int status_ = 0;
  Clock::time_point started_;
};

}  // namespace

void start_session(tcp::socket socket, ServerShared& shared) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);  // responses are written whole; no reason to wait
  std::make_shared<Session>(std::move(socket), shared)->start();
}

}  // namespace helpdesk::kernel
