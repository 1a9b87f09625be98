// The only test file that compiles Beast.
#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace helpdesk::kernel::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

std::string Reply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

struct TestClient::Impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout;

  // Runs the operation started on `ioc` to completion; its error, if any, is thrown.
  void finish(const beast::error_code& ec, const char* what) {
    ioc.restart();
    ioc.run();
    if (ec) throw std::runtime_error(std::string(what) + ": " + ec.message());
  }
};

TestClient::TestClient(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  impl_->stream.expires_after(timeout);
  beast::error_code ec;
  impl_->stream.async_connect({net::ip::make_address("127.0.0.1"), port},
                              [&](beast::error_code e) { ec = e; });
  impl_->ioc.run();
  if (ec) throw std::runtime_error("connect: " + ec.message());
}

TestClient::~TestClient() = default;

Reply TestClient::request(const std::string& method, const std::string& target, const std::string& body,
                          const Headers& headers) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") req.prepare_payload();

  beast::error_code ec;
  impl_->stream.expires_after(impl_->timeout);
  bhttp::async_write(impl_->stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->finish(ec, "write");
  return read_reply(method == "HEAD");
}

void TestClient::send_raw(const std::string& bytes) {
  beast::error_code ec;
  impl_->stream.expires_after(impl_->timeout);
  net::async_write(impl_->stream, net::buffer(bytes), [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->finish(ec, "write");
}

Reply TestClient::read_reply(bool head_request) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(head_request);
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code ec;
  impl_->stream.expires_after(impl_->timeout);
  bhttp::async_read(impl_->stream, impl_->buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->finish(ec, "read");

  Reply reply;
  const auto& message = parser.get();
  reply.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = message.body();
  return reply;
}

bool TestClient::closed_by_server(std::chrono::milliseconds within) {
  beast::error_code ec;
  char byte;
  impl_->stream.expires_after(within);
  impl_->stream.async_read_some(net::buffer(&byte, 1), [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->ioc.restart();
  impl_->ioc.run();
  return ec == net::error::eof || ec == net::error::connection_reset;
}

}  // namespace helpdesk::kernel::testing
