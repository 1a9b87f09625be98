// The osTicket-compatible intake and the read API, over real HTTP against the real helpdeskd and
// the real intake-api library.
#include <gtest/gtest.h>

#include <map>

#include <set>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new Server(dir_->path(), test_config());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static json base() {
    return {{"name", "Ada Lovelace"}, {"email", "ada@example.com"}, {"subject", "Engine jammed"},
            {"message", "The analytical engine stopped."}, {"ip", "127.0.0.1"}};
  }
  // Creates a ticket and returns its number (asserting 201 and a plain-text number body).
  static std::string create(const json& body) {
    auto r = server_->post_ticket(body);
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("content-type").rfind("text/plain", 0), 0u) << r.header("content-type");
    return r.body;
  }
  static json read(const std::string& number) {
    auto r = server_->get("/api/v1/tickets/" + number);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static int ticket_count() {
    int count = 0;
    std::string cursor;
    do {
      auto r = server_->get("/api/v1/tickets?limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      auto j = r.json();
      count += static_cast<int>(j["tickets"].size());
      cursor = j["next_cursor"].is_null() ? "" : j["next_cursor"].get<std::string>();
    } while (!cursor.empty());
    return count;
  }
  static void expect_refused(const Response& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object() && j.contains("error")) << r.body;
    EXPECT_EQ(j["error"]["code"], code) << r.body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(j["error"]["request_id"], r.header("x-request-id"));
  }

  static TempDir* dir_;
  static Server* server_;
};
TempDir* ApiTest::dir_ = nullptr;
Server* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthAndReadiness) {
  EXPECT_EQ(http_request(server_->port(), "GET", "/healthz").status, 200);
  auto r = http_request(server_->port(), "GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("x-request-id").empty());
}

TEST_F(ApiTest, PlainMessageIsStoredAsText) {
  const auto number = create(base());
  EXPECT_EQ(number.size(), 6u) << number;
  auto t = read(number);
  EXPECT_EQ(t["subject"], "Engine jammed");
  EXPECT_EQ(t["requester"]["email"], "ada@example.com");
  EXPECT_EQ(t["requester"]["name"], "Ada Lovelace");
  EXPECT_EQ(t["status"], "open");
  EXPECT_EQ(t["priority"], "normal");
  EXPECT_EQ(t["department"], "support");
  EXPECT_EQ(t["source"], "API");
  ASSERT_EQ(t["thread"].size(), 1u);
  EXPECT_EQ(t["thread"][0]["kind"], "message");
  EXPECT_EQ(t["thread"][0]["body"], "The analytical engine stopped.");
  EXPECT_EQ(t["thread"][0]["format"], "text");
}

TEST_F(ApiTest, HtmlDataUrlMessage) {
  auto body = base();
  body["message"] = "data:text/html;charset=utf-8,<p>Hello <b>there</b></p>";
  auto t = read(create(body));
  EXPECT_EQ(t["thread"][0]["body"], "<p>Hello <b>there</b></p>");
  EXPECT_EQ(t["thread"][0]["format"], "html");
}

TEST_F(ApiTest, Base64TextDataUrlMessage) {
  auto body = base();
  body["message"] = "data:text/plain;base64,SGVsbG8sIHfDtnJsZCE=";  // "Hello, wörld!"
  auto t = read(create(body));
  EXPECT_EQ(t["thread"][0]["body"], "Hello, w\xc3\xb6rld!");
  EXPECT_EQ(t["thread"][0]["format"], "text");
}

TEST_F(ApiTest, AttachmentsInBothFormsReadBackIdentical) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  auto body = base();
  body["attachments"] = json::array({
      {{"shot.png", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}},
      {{"name", "notes.txt"}, {"data", "bG9nIGxpbmUgMQpsb2cgbGluZSAy"}, {"type", "text/plain"}, {"encoding", "base64"}},
  });
  const auto number = create(body);
  auto t = read(number);
  const auto& files = t["thread"][0]["attachments"];
  ASSERT_EQ(files.size(), 2u) << t.dump();
  EXPECT_EQ(files[0]["filename"], "shot.png");
  EXPECT_EQ(files[0]["content_type"], "image/png");
  EXPECT_EQ(files[1]["filename"], "notes.txt");
  auto f0 = server_->get("/api/v1/tickets/" + number + "/attachments/" + std::to_string(files[0]["id"].get<int>()));
  EXPECT_EQ(f0.status, 200);
  EXPECT_EQ(f0.body, png);
  auto f1 = server_->get("/api/v1/tickets/" + number + "/attachments/" + std::to_string(files[1]["id"].get<int>()));
  EXPECT_EQ(f1.body, "log line 1\nlog line 2");
}

TEST_F(ApiTest, TopicPriorityAndCustomFields) {
  auto body = base();
  body["topicId"] = 11;
  body["system"] = "vpn";
  body["username"] = "ada";
  body["favourite_colour"] = "green";  // unknown fields are ignored, as osTicket does
  auto t = read(create(body));
  EXPECT_EQ(t["topic"], "access");
  EXPECT_EQ(t["department"], "it");
  EXPECT_EQ(t["priority"], "high");
  EXPECT_EQ(t["fields"]["system"], "vpn");
  EXPECT_EQ(t["fields"]["username"], "ada");
  EXPECT_FALSE(t["fields"].contains("favourite_colour"));

  auto by_id = base();
  by_id["priorityId"] = 4;
  EXPECT_EQ(read(create(by_id))["priority"], "critical");
  auto by_name = base();
  by_name["priority"] = "Low";
  EXPECT_EQ(read(create(by_name))["priority"], "low");
}

TEST_F(ApiTest, AnchorsBenchmarkBodyIsAccepted) {
  const json body = json::parse(R"({"alert": false, "autorespond": false, "source": "API", "name": "Bench User",
      "email": "bench.user@example.com", "subject": "Bench ticket",
      "message": "data:text/plain,This is a benchmark ticket body.", "ip": "127.0.0.1"})");
  auto t = read(create(body));
  EXPECT_EQ(t["thread"][0]["body"], "This is a benchmark ticket body.");
}

TEST_F(ApiTest, BadRequestsGetJsonErrorsAndCreateNothing) {
  const int before = ticket_count();
  const auto port = server_->port();
  const std::map<std::string, std::string> key{{"X-API-Key", api_key}, {"Content-Type", "application/json"}};

  expect_refused(http_request(port, "POST", "/api/tickets.json", "{\"name\": ", key), 400, "invalid_json");
  auto missing = base();
  missing.erase("subject");
  expect_refused(server_->post_ticket(missing), 400, "missing_field");
  auto wrong_type = base();
  wrong_type["subject"] = json::array({1, 2});
  expect_refused(server_->post_ticket(wrong_type), 400, "invalid_field");
  auto bad_email = base();
  bad_email["email"] = "not an address";
  expect_refused(server_->post_ticket(bad_email), 400, "invalid_field");
  auto bad_b64 = base();
  bad_b64["attachments"] = json::array({{{"x.png", "data:image/png;base64,@@@not base64@@@"}}});
  expect_refused(server_->post_ticket(bad_b64), 400, "invalid_base64");
  auto bad_choice = base();
  bad_choice["topicId"] = 11;
  bad_choice["system"] = "mainframe";
  expect_refused(server_->post_ticket(bad_choice), 400, "invalid_field");
  auto bad_topic = base();
  bad_topic["topicId"] = 999;
  expect_refused(server_->post_ticket(bad_topic), 400, "invalid_field");

  expect_refused(server_->post_ticket(base(), "wrong-key-0123456789"), 401, "unauthorized");
  expect_refused(http_request(port, "POST", "/api/tickets.json", base().dump()), 401, "unauthorized");
  expect_refused(server_->post_ticket(base(), "it-elsewhere-key-0123456789abcdef"), 403, "address_not_allowed");

  const std::string big(2 * 1024 * 1024, 'x');
  auto huge = http_request(port, "POST", "/api/tickets.json", big, key);
  EXPECT_EQ(huge.status, 413) << huge.body;

  EXPECT_EQ(ticket_count(), before);
}

TEST_F(ApiTest, ReadApiNeedsAScopedToken) {
  create(base());
  EXPECT_EQ(http_request(server_->port(), "GET", "/api/v1/tickets").status, 401);
  EXPECT_EQ(server_->get("/api/v1/tickets", "nope-0123456789").status, 401);
  EXPECT_EQ(server_->get("/api/v1/tickets", admin_token).status, 200);  // admin holds every scope
  EXPECT_EQ(server_->get("/api/v1/tickets/999999").status, 404);
  EXPECT_EQ(server_->get("/api/v1/system/plugins").status, 403);  // the read token is not admin
}

TEST_F(ApiTest, ListFiltersAndPagesWithoutGapsOrRepeats) {
  for (int i = 0; i < 7; ++i) {
    auto body = base();
    body["email"] = "pager@example.com";
    body["subject"] = "page " + std::to_string(i);
    create(body);
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = server_->get("/api/v1/tickets?requester=pager@example.com&limit=3" +
                          (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    for (const auto& t : j["tickets"]) EXPECT_TRUE(seen.insert(t["number"].get<std::string>()).second);
    cursor = j["next_cursor"].is_null() ? "" : j["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(server_->get("/api/v1/tickets?limit=0").status, 400);
  EXPECT_EQ(server_->get("/api/v1/tickets?sort=colour").status, 400);
  EXPECT_EQ(server_->get("/api/v1/tickets?cursor=garbage").status, 400);
}

TEST(RestWrites, AgentsChangeTicketsWithAWriteTokenAndReadersCannot) {
  TempDir dir;
  Server server(dir.path(), test_config());
  auto created = server.post_ticket({{"name", "Ada"}, {"email", "ada@example.com"}, {"subject", "VPN"}, {"message", "Down."}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string n = created.body;
  auto auth = [](const std::string& token) { return std::map<std::string, std::string>{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}; };
  auto reply = http_request(server.port(), "POST", "/api/v1/tickets/" + n + "/reply", R"({"message": "Fixed."})", auth(admin_token));
  EXPECT_EQ(reply.status, 201) << reply.body;
  auto patch = http_request(server.port(), "PATCH", "/api/v1/tickets/" + n, R"({"priority": "critical", "status": "resolved"})", auth(admin_token));
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.json()["priority"], "critical");
  EXPECT_EQ(patch.json()["state"], "resolved");
  auto denied = http_request(server.port(), "POST", "/api/v1/tickets/" + n + "/notes", R"({"message": "x"})", auth(read_token));
  EXPECT_EQ(denied.status, 403) << denied.body;
  const json found = server.get("/api/v1/tickets?q=fixed").json();  // full text, in the reply
  ASSERT_EQ(found["tickets"].size(), 1u) << found;
  EXPECT_EQ(found["tickets"][0]["number"], n);
  EXPECT_EQ(server.get("/api/v1/tickets?q=nowhere").json()["tickets"].size(), 0u);
  auto detail = server.get("/api/v1/tickets/" + n).json();
  ASSERT_EQ(detail["thread"].size(), 2u);
  EXPECT_EQ(detail["thread"][1]["kind"], "response");
}

}  // namespace
