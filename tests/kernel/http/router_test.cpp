// The route table on its own: requests are plain values, no sockets.
#include "kernel/http/router.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "kernel/http/url.hpp"

namespace helpdesk::kernel {
namespace {

using http::Method;

http::Request make_request(Method method, const std::string& target) {
  http::Request request;
  request.method = method;
  request.target = target;
  auto decoded = decode_target(target);
  request.path = decoded->path;
  request.query = decoded->query;
  request.request_id = "rid-1";
  return request;
}

http::Route route(Method method, std::string pattern, http::Handler handler, http::Access access = {}) {
  return {method, std::move(pattern), std::move(access), std::move(handler)};
}

// Answers with the route's name and its path parameters, so a test sees which route ran.
http::Handler named(std::string name) {
  return [name](const http::Request& request) {
    nlohmann::json body = {{"route", name}, {"params", request.path_params}};
    return http::Response::json(200, body);
  };
}

class RouteTableTest : public ::testing::Test {
 protected:
  http::Response call(Method method, const std::string& target) {
    auto request = make_request(method, target);
    return table_.dispatch(request);
  }
  static nlohmann::json json(const http::Response& response) { return nlohmann::json::parse(response.body); }
  static std::string header(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return {};
  }

  std::vector<http::Access> seen_access_;
  RouteTable table_{[this](http::Request& request, const http::Access& access) {
    seen_access_.push_back(access);
    if (access.who == http::Access::Who::token) {
      if (request.header("Authorization") != "Bearer good") throw unauthorized("a token is required");
      request.actor = {Actor::Kind::token, "t1", "token one", {access.scope}};
    }
  }};
};

TEST_F(RouteTableTest, MatchesParametersAndRest) {
  table_.add(route(Method::get, "/api/v1/tickets/{number}", named("ticket")), "core");
  table_.add(route(Method::get, "/files/{owner}/{path*}", named("files")), "core");

  auto ticket = json(call(Method::get, "/api/v1/tickets/000123"));
  EXPECT_EQ(ticket["route"], "ticket");
  EXPECT_EQ(ticket["params"]["number"], "000123");

  auto files = json(call(Method::get, "/files/alice/a/b/c.txt"));
  EXPECT_EQ(files["route"], "files");
  EXPECT_EQ(files["params"]["owner"], "alice");
  EXPECT_EQ(files["params"]["path"], "a/b/c.txt");

  EXPECT_EQ(json(call(Method::get, "/files/alice/"))["params"]["path"], "");
  EXPECT_EQ(call(Method::get, "/files/alice").status, 404);
  EXPECT_EQ(call(Method::get, "/api/v1/tickets/").status, 404);  // a parameter is never empty
  EXPECT_EQ(call(Method::get, "/api/v1/tickets/1/extra").status, 404);
}

TEST_F(RouteTableTest, LiteralBeatsParameterBeatsRest) {
  table_.add(route(Method::get, "/t/{rest*}", named("rest")), "core");
  table_.add(route(Method::get, "/t/{id}", named("param")), "core");
  table_.add(route(Method::get, "/t/search", named("literal")), "core");
  table_.add(route(Method::get, "/t/{id}/thread", named("thread")), "core");

  EXPECT_EQ(json(call(Method::get, "/t/search"))["route"], "literal");
  EXPECT_EQ(json(call(Method::get, "/t/42"))["route"], "param");
  EXPECT_EQ(json(call(Method::get, "/t/42/x"))["route"], "rest");
  EXPECT_EQ(json(call(Method::get, "/t/42/thread"))["route"], "thread");
}

TEST_F(RouteTableTest, NoRouteIs404WithTheRequestId) {
  auto response = call(Method::get, "/nowhere");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json(response)["error"]["code"], "not_found");
  EXPECT_EQ(json(response)["error"]["request_id"], "rid-1");
  EXPECT_EQ(header(response, "X-Request-Id"), "rid-1");
  EXPECT_EQ(header(response, "Content-Type"), "application/json");
}

TEST_F(RouteTableTest, WrongMethodIs405WithAllow) {
  table_.add(route(Method::get, "/t/{id}", named("get")), "core");
  table_.add(route(Method::del, "/t/{id}", named("delete")), "core");
  auto response = call(Method::post, "/t/1");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(json(response)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(header(response, "Allow"), "GET, HEAD, DELETE");
}

TEST_F(RouteTableTest, HeadFallsBackToGet) {
  table_.add(route(Method::get, "/t/{id}", named("get")), "core");
  auto response = call(Method::head, "/t/1");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json(response)["route"], "get");  // the server drops the body, not the router
}

TEST_F(RouteTableTest, ErrorBecomesItsStatusAndCode) {
  table_.add(route(Method::post, "/fail",
                   [](const http::Request&) -> http::Response {
                     throw Error(422, "invalid_topic", "no such help topic");
                   }),
             "core");
  auto response = call(Method::post, "/fail");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(json(response)["error"]["code"], "invalid_topic");
  EXPECT_EQ(json(response)["error"]["message"], "no such help topic");
  EXPECT_EQ(header(response, "X-Request-Id"), "rid-1");
}

TEST_F(RouteTableTest, OtherExceptionsAre500WithoutTheirMessage) {
  table_.add(route(Method::get, "/boom",
                   [](const http::Request&) -> http::Response {
                     throw std::runtime_error("secret database path /var/lib/x");
                   }),
             "core");
  auto response = call(Method::get, "/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(json(response)["error"]["code"], "internal_error");
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
}

TEST_F(RouteTableTest, HandlerErrorResponsesPassThrough) {
  table_.add(route(Method::get, "/teapot",
                   [](const http::Request&) { return http::Response::text(418, "short and stout"); }),
             "core");
  auto response = call(Method::get, "/teapot");
  EXPECT_EQ(response.status, 418);
  EXPECT_EQ(response.body, "short and stout");
  EXPECT_EQ(header(response, "X-Request-Id"), "rid-1");
}

TEST_F(RouteTableTest, AuthenticatesWithTheRoutesAccess) {
  table_.add(route(
                 Method::get, "/secure",
                 [](const http::Request& request) { return http::Response::text(200, request.actor.id); },
                 http::Access::token("tickets:read")),
             "core");
  auto denied = call(Method::get, "/secure");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(json(denied)["error"]["code"], "unauthorized");
  ASSERT_EQ(seen_access_.size(), 1u);
  EXPECT_EQ(seen_access_[0].who, http::Access::Who::token);
  EXPECT_EQ(seen_access_[0].scope, "tickets:read");

  auto request = make_request(Method::get, "/secure");
  request.headers["authorization"] = "Bearer good";
  auto allowed = table_.dispatch(request);
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.body, "t1");
}

TEST_F(RouteTableTest, RefusesDuplicatesAndMalformedPatterns) {
  table_.add(route(Method::get, "/t/{id}", named("a")), "one");
  auto status_of = [&](Method method, const std::string& pattern) {
    try {
      table_.add(route(method, pattern, named("b")), "two");
      return 0;
    } catch (const Error& e) {
      return e.status();
    }
  };
  EXPECT_EQ(status_of(Method::get, "/t/{id}"), 409);
  EXPECT_EQ(status_of(Method::get, "/t/{number}"), 409);  // matches the same paths
  EXPECT_EQ(status_of(Method::post, "/t/{id}"), 0);
  EXPECT_EQ(status_of(Method::get, "no-slash"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/{}"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/{*}"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/{rest*}/more"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/{a}/{a}"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/a{b}"), 400);
  EXPECT_EQ(status_of(Method::get, "/x/{open"), 400);
}

TEST_F(RouteTableTest, RemoveOwnerRollsBackItsRoutes) {
  table_.add(route(Method::get, "/a", named("a")), "plugin-a");
  table_.add(route(Method::get, "/b", named("b")), "plugin-b");
  table_.remove_owner("plugin-a");
  EXPECT_EQ(call(Method::get, "/a").status, 404);
  EXPECT_EQ(call(Method::get, "/b").status, 200);
  auto routes = table_.routes();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].method, "GET");
  EXPECT_EQ(routes[0].pattern, "/b");
  EXPECT_EQ(routes[0].owner, "plugin-b");
  table_.add(route(Method::get, "/a", named("a again")), "plugin-a");  // the pattern is free again
}

TEST_F(RouteTableTest, BodyLimitIsTheMatchedRoutes) {
  auto upload = route(Method::post, "/upload/{id}", named("upload"));
  upload.max_body = 1234;
  table_.add(std::move(upload), "core");
  EXPECT_EQ(table_.body_limit(Method::post, "/upload/7"), 1234u);
  EXPECT_EQ(table_.body_limit(Method::put, "/upload/7"), 0u);
  EXPECT_EQ(table_.body_limit(Method::post, "/elsewhere"), 0u);
}

class StaticFilesTest : public RouteTableTest {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("helpdesk-static-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base_);
    std::filesystem::create_directories(base_ / "web/css");
    std::filesystem::create_directories(base_ / "web/docs");
    write(base_ / "web/index.html", "<h1>home</h1>");
    write(base_ / "web/css/site.css", "body{}");
    write(base_ / "web/docs/index.html", "<h1>docs</h1>");
    write(base_ / "web/font.woff2", "wOF2");
    write(base_ / "web/blob.xyz", "raw");
    write(base_ / "secret.txt", "top secret");
    std::filesystem::create_symlink(base_ / "secret.txt", base_ / "web/link.txt");
    table_.add_static("/assets/", base_ / "web", "portal");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }
  static void write(const std::filesystem::path& file, const std::string& content) {
    std::ofstream(file) << content;
  }

  std::filesystem::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  auto css = call(Method::get, "/assets/css/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{}");
  EXPECT_EQ(header(css, "Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(header(call(Method::get, "/assets/font.woff2"), "Content-Type"), "font/woff2");
  EXPECT_EQ(header(call(Method::get, "/assets/blob.xyz"), "Content-Type"), "application/octet-stream");
  EXPECT_EQ(call(Method::head, "/assets/css/site.css").status, 200);
  EXPECT_TRUE(seen_access_.empty());  // static files are public
}

TEST_F(StaticFilesTest, ServesIndexForDirectories) {
  EXPECT_EQ(call(Method::get, "/assets").body, "<h1>home</h1>");
  EXPECT_EQ(call(Method::get, "/assets/").body, "<h1>home</h1>");
  EXPECT_EQ(call(Method::get, "/assets/docs").body, "<h1>docs</h1>");
  EXPECT_EQ(call(Method::get, "/assets/css/").status, 404);  // no index.html there
}

TEST_F(StaticFilesTest, RefusesTraversalAndLinksOutside) {
  EXPECT_EQ(call(Method::get, "/assets/../secret.txt").status, 404);
  EXPECT_EQ(call(Method::get, "/assets/css/../../secret.txt").status, 404);
  EXPECT_EQ(call(Method::get, "/assets/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(call(Method::get, "/assets//" + (base_ / "secret.txt").string()).status, 404);
  EXPECT_EQ(call(Method::get, "/assets/link.txt").status, 404);
  EXPECT_EQ(call(Method::get, "/assets/missing.js").status, 404);
}

TEST_F(StaticFilesTest, OtherMethodsAre405) {
  auto response = call(Method::post, "/assets/css/site.css");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(header(response, "Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, RoutesWinAndOwnersRollBack) {
  table_.add(route(Method::get, "/assets/special", named("route")), "core");
  EXPECT_EQ(json(call(Method::get, "/assets/special"))["route"], "route");
  EXPECT_THROW(table_.add_static("/assets", base_ / "web", "other"), Error);
  EXPECT_THROW(table_.add_static("/missing", base_ / "nope", "other"), Error);
  table_.remove_owner("portal");
  EXPECT_EQ(call(Method::get, "/assets/css/site.css").status, 404);
}

}  // namespace
}  // namespace helpdesk::kernel
