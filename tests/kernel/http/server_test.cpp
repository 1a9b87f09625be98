// The server over real loopback connections, with a RouteTable as its dispatch.
#include "kernel/http/server.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "kernel/http/router.hpp"
#include "test_client.hpp"

namespace helpdesk::kernel {
namespace {

using http::Method;
using testing::Reply;
using testing::TestClient;
using namespace std::chrono_literals;

http::Response echo(const http::Request& request) {
  return http::Response::json(200, {{"method", http::to_string(request.method)},
                                    {"target", request.target},
                                    {"path", request.path},
                                    {"params", request.path_params},
                                    {"query", request.query},
                                    {"headers", request.headers},
                                    {"remote", request.remote_address},
                                    {"request_id", request.request_id},
                                    {"body_size", request.body.size()}});
}

bool is_generated_id(const std::string& id) {
  return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add(Method::get, "/echo/{rest*}", echo);
    add(Method::post, "/echo", echo);
    add(Method::get, "/fixed", [](const http::Request&) { return http::Response::text(200, "hello world"); });
    add(Method::get, "/conflict",
        [](const http::Request&) -> http::Response { throw conflict("ticket is locked"); });
    add(Method::get, "/boom", [](const http::Request&) -> http::Response { throw std::logic_error("bug"); });
    add(Method::get, "/slow", [](const http::Request&) {
      std::this_thread::sleep_for(300ms);
      return http::Response::text(200, "done");
    });
    add(Method::get, "/secure", echo, http::Access::token("tickets:read"));
    add(Method::post, "/small", echo, {}, 16);
    add(Method::post, "/big", echo, {}, 5000);
  }

  void TearDown() override {
    if (server_) server_->stop();
  }

  void add(Method method, std::string pattern, http::Handler handler, http::Access access = {},
           std::size_t max_body = 0) {
    routes_.add({method, std::move(pattern), std::move(access), std::move(handler), max_body}, "test");
  }

  static HttpServerOptions options() {
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    options.handler_threads = 8;
    options.access_log = false;
    return options;
  }

  void start(HttpServerOptions options = ServerTest::options()) {
    server_ = std::make_unique<HttpServer>(
        options, [this](http::Request& request) { return routes_.dispatch(request); },
        [this](Method method, const std::string& path) { return routes_.body_limit(method, path); });
    server_->start();
  }

  std::uint16_t port() const { return server_->port(); }

  RouteTable routes_{[](http::Request& request, const http::Access& access) {
    if (access.who != http::Access::Who::token) return;
    if (request.header("authorization") != "Bearer good") throw unauthorized("a token is required");
    request.actor = {Actor::Kind::token, "t1", "token one", {access.scope}};
  }};
  std::unique_ptr<HttpServer> server_;
};

void expect_error(const Reply& reply, int status, const std::string& code) {
  EXPECT_EQ(reply.status, status);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  auto body = reply.json();
  EXPECT_EQ(body["error"]["code"], code);
  EXPECT_FALSE(reply.header("x-request-id").empty());
  EXPECT_EQ(body["error"]["request_id"], reply.header("x-request-id"));
}

TEST_F(ServerTest, ConvertsTheRequest) {
  start();
  TestClient client(port());
  auto reply =
      client.request("GET", "/echo/a/b%20c?x=1+2&y=%26", {}, {{"X-Custom", "one"}, {"x-custom", "two"}});
  ASSERT_EQ(reply.status, 200);
  auto body = reply.json();
  EXPECT_EQ(body["method"], "GET");
  EXPECT_EQ(body["target"], "/echo/a/b%20c?x=1+2&y=%26");
  EXPECT_EQ(body["path"], "/echo/a/b c");
  EXPECT_EQ(body["params"]["rest"], "a/b c");
  EXPECT_EQ(body["query"]["x"], "1 2");
  EXPECT_EQ(body["query"]["y"], "&");
  EXPECT_EQ(body["headers"]["x-custom"], "one, two");
  EXPECT_EQ(body["headers"]["host"], "127.0.0.1");
  EXPECT_EQ(body["remote"], "127.0.0.1");
  EXPECT_TRUE(is_generated_id(reply.header("x-request-id"))) << reply.header("x-request-id");
  EXPECT_EQ(body["request_id"], reply.header("x-request-id"));
  EXPECT_EQ(reply.header("server"), "helpdeskd");
  EXPECT_EQ(reply.header("content-length"), std::to_string(reply.body.size()));
}

TEST_F(ServerTest, HonoursAWellFormedIncomingRequestId) {
  start();
  TestClient client(port());
  auto kept = client.request("GET", "/nowhere", {}, {{"X-Request-Id", "lb-1.abc_DEF-9"}});
  EXPECT_EQ(kept.header("x-request-id"), "lb-1.abc_DEF-9");
  EXPECT_EQ(kept.json()["error"]["request_id"], "lb-1.abc_DEF-9");
  auto replaced = client.request("GET", "/fixed", {}, {{"X-Request-Id", "evil\tid"}});
  EXPECT_TRUE(is_generated_id(replaced.header("x-request-id")));
  auto too_long = client.request("GET", "/fixed", {}, {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_TRUE(is_generated_id(too_long.header("x-request-id")));
}

TEST_F(ServerTest, AnswersNotFoundAndMethodNotAllowedAsJson) {
  start();
  TestClient client(port());
  expect_error(client.request("GET", "/nowhere"), 404, "not_found");
  auto reply = client.request("DELETE", "/echo/x");
  expect_error(reply, 405, "method_not_allowed");
  EXPECT_EQ(reply.header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, TurnsExceptionsIntoErrors) {
  start();
  TestClient client(port());
  expect_error(client.request("GET", "/conflict"), 409, "conflict");
  EXPECT_EQ(client.request("GET", "/conflict").json()["error"]["message"], "ticket is locked");
  expect_error(client.request("GET", "/boom"), 500, "internal_error");
}

TEST_F(ServerTest, AuthenticatesWithTheRoutesAccess) {
  start();
  TestClient client(port());
  expect_error(client.request("GET", "/secure"), 401, "unauthorized");
  EXPECT_EQ(client.request("GET", "/secure", {}, {{"Authorization", "Bearer good"}}).status, 200);
}

TEST_F(ServerTest, KeepsConnectionsAlive) {
  start();
  TestClient client(port());
  EXPECT_EQ(client.request("GET", "/fixed").status, 200);
  EXPECT_EQ(client.request("POST", "/echo", "{}").status, 200);
  EXPECT_EQ(client.request("GET", "/fixed").body, "hello world");
  EXPECT_FALSE(client.closed_by_server(200ms));
}

TEST_F(ServerTest, ClosesWhenTheClientAsks) {
  start();
  TestClient client(port());
  auto reply = client.request("GET", "/fixed", {}, {{"Connection", "close"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_TRUE(client.closed_by_server(5s));

  TestClient http10(port());
  http10.send_raw("GET /fixed HTTP/1.0\r\n\r\n");
  EXPECT_EQ(http10.read_reply().body, "hello world");
  EXPECT_TRUE(http10.closed_by_server(5s));
}

TEST_F(ServerTest, HeadGetsHeadersWithoutBody) {
  start();
  TestClient client(port());
  auto head = client.request("HEAD", "/fixed");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "11");
  EXPECT_EQ(head.body, "");
  // The connection is still framed correctly after a body-less response.
  EXPECT_EQ(client.request("GET", "/fixed").body, "hello world");
}

TEST_F(ServerTest, RefusesABodyOverTheServerLimit) {
  auto limited = options();
  limited.max_body_bytes = 1000;
  start(limited);

  // Announced by Content-Length: refused before the body is read.
  TestClient announced(port());
  announced.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n");
  expect_error(announced.read_reply(), 413, "body_too_large");
  EXPECT_TRUE(announced.closed_by_server(5s));

  // Sent in full anyway: the client still reads the answer.
  TestClient sent(port());
  expect_error(sent.request("POST", "/echo", std::string(2000, 'x')), 413, "body_too_large");

  TestClient within(port());
  EXPECT_EQ(within.request("POST", "/echo", std::string(1000, 'x')).json()["body_size"], 1000);
}

TEST_F(ServerTest, AppliesTheRoutesBodyLimit) {
  auto limited = options();
  limited.max_body_bytes = 1000;
  start(limited);
  TestClient small(port());
  expect_error(small.request("POST", "/small", std::string(100, 'x')), 413, "body_too_large");

  // Chunked: no length up front, the limit applies while reading.
  TestClient chunked(port());
  chunked.send_raw(
      "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
  expect_error(chunked.read_reply(), 413, "body_too_large");

  // A route may allow more than the server's default.
  TestClient big(port());
  EXPECT_EQ(big.request("POST", "/big", std::string(3000, 'x')).json()["body_size"], 3000);
}

TEST_F(ServerTest, AnswersExpectContinue) {
  auto limited = options();
  limited.max_body_bytes = 1000;
  start(limited);
  TestClient client(port());
  client.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_reply().status, 100);
  client.send_raw("hello");
  EXPECT_EQ(client.read_reply().json()["body_size"], 5);

  TestClient refused(port());
  refused.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  expect_error(refused.read_reply(), 413, "body_too_large");
}

TEST_F(ServerTest, RefusesAHugeHeader) {
  start();
  TestClient client(port());
  expect_error(client.request("GET", "/fixed", {}, {{"X-Big", std::string(20000, 'a')}}), 431,
               "header_too_large");
  EXPECT_TRUE(client.closed_by_server(5s));
}

TEST_F(ServerTest, RefusesGarbage) {
  start();
  TestClient client(port());
  client.send_raw(std::string("\x16\x03\x01\x02\x00 garbage\r\n\r\n", 18));
  expect_error(client.read_reply(), 400, "bad_request");
  EXPECT_TRUE(client.closed_by_server(5s));

  TestClient bad_target(port());
  bad_target.send_raw("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  expect_error(bad_target.read_reply(), 400, "bad_request");
}

TEST_F(ServerTest, RefusesUnsupportedMethods) {
  start();
  TestClient client(port());
  client.send_raw("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
  expect_error(client.read_reply(), 501, "not_implemented");
}

TEST_F(ServerTest, ServesStaticFilesAndRefusesTraversal) {
  auto dir =
      std::filesystem::temp_directory_path() / ("helpdesk-server-static-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "web");
  std::ofstream(dir / "web/app.js") << "console.log(1)";
  std::ofstream(dir / "secret.txt") << "top secret";
  routes_.add_static("/static", dir / "web", "portal");
  start();

  TestClient client(port());
  auto js = client.request("GET", "/static/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  expect_error(client.request("GET", "/static/../secret.txt"), 404, "not_found");
  expect_error(client.request("GET", "/static/%2e%2e/secret.txt"), 404, "not_found");
  std::filesystem::remove_all(dir);
}

TEST_F(ServerTest, AnswersManyConcurrentClients) {
  start();
  constexpr int threads = 32, per_thread = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t)
    clients.emplace_back([&, t] {
      std::unique_ptr<TestClient> client;
      for (int i = 0; i < per_thread; ++i) {
        if (i % 10 == 0) client = std::make_unique<TestClient>(port());  // mix new and reused connections
        auto reply = client->request("GET", "/echo/" + std::to_string(t) + "/" + std::to_string(i));
        if (reply.status == 200 &&
            reply.json()["params"]["rest"] == std::to_string(t) + "/" + std::to_string(i))
          ++ok;
      }
    });
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok, threads * per_thread);
  // A request counts until the server sees its write complete, which may be after the client read it.
  for (int i = 0; i < 500 && server_->in_flight() != 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server_->in_flight(), 0u);
}

TEST_F(ServerTest, ClosesIdleConnections) {
  auto quick = options();
  quick.idle_timeout = 1s;
  start(quick);
  TestClient silent(port());
  EXPECT_TRUE(silent.closed_by_server(10s));

  TestClient after_request(port());
  EXPECT_EQ(after_request.request("GET", "/fixed").status, 200);
  EXPECT_TRUE(after_request.closed_by_server(10s));
}

TEST_F(ServerTest, StopDrainsInFlightRequests) {
  start();
  Reply reply;
  std::thread slow([&] {
    TestClient client(port());
    reply = client.request("GET", "/slow");
  });
  for (int i = 0; i < 500 && server_->in_flight() == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server_->in_flight(), 1u);
  server_->stop(5s);
  slow.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "done");
  EXPECT_EQ(reply.header("connection"), "close");
  EXPECT_EQ(server_->in_flight(), 0u);
  server_->stop();                                       // a second stop is harmless
  EXPECT_THROW(TestClient{port()}, std::runtime_error);  // no longer listening
}

TEST_F(ServerTest, StartFailsNamingTheAddress) {
  start();
  auto taken = options();
  taken.port = port();
  HttpServer second(taken, [](http::Request&) { return http::Response::text(200, ""); });
  try {
    second.start();
    FAIL() << "bound a port that is in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port())), std::string::npos)
        << e.what();
  }
}

TEST_F(ServerTest, WritesAnAccessLogLine) {
  std::ostringstream lines;
  spdlog::drop("access");
  auto logger =
      std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_mt>(lines));
  logger->set_pattern("%v");
  spdlog::register_logger(logger);
  auto logged = options();
  logged.access_log = true;
  start(logged);

  TestClient client(port());
  auto reply = client.request("GET", "/fixed?x=1", {}, {{"X-Request-Id", "log-check"}});
  server_->stop();
  spdlog::drop("access");
  EXPECT_NE(lines.str().find("127.0.0.1 \"GET /fixed?x=1\" 200 11 "), std::string::npos) << lines.str();
  EXPECT_NE(lines.str().find(" log-check"), std::string::npos) << lines.str();
}

}  // namespace
}  // namespace helpdesk::kernel
