// The plugin's routes, started on the SDK's FakeHost (no kernel, no sockets).
#include <map>

#include <gtest/gtest.h>
#include <helpdesk/testing/fake_host.hpp>

#include "plugin.hpp"
#include "test_util.hpp"

namespace intake_api {
namespace {

using helpdesk::Actor;
using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;
using nlohmann::json;

// The request body of ANCHORS.md's benchmark (the same one osTicket was measured with).
const char* kBenchmarkBody = R"({"alert": false, "autorespond": false, "source": "API", "name": "Bench User",
 "email": "bench.user@example.com", "subject": "Bench ticket",
 "message": "data:text/plain,This is a benchmark ticket body.", "ip": "127.0.0.1"})";

std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class IntakeApi : public ::testing::Test {
 protected:
  void SetUp() override { host.start(plugin); }

  Response post(const std::string& body, const std::string& content_type = "application/json") {
    Request r;
    r.body = body;
    if (!content_type.empty()) r.headers["Content-Type"] = content_type;
    r.remote_address = "192.0.2.7";
    return host.router().call(Method::post, "/api/tickets.json", r);
  }
  Response post(const json& body) { return post(body.dump()); }
  Response get(const std::string& target) { return host.router().call(Method::get, target); }

  // A 4xx with the kernel's JSON error body, and no ticket created (beyond those seed() made).
  void expect_rejected(const Response& r, int status, const std::string& code, const std::string& text) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(header(r, "Content-Type"), "application/json");
    json body = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.contains("error")) << r.body;
    EXPECT_EQ(body["error"]["code"], code) << r.body;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(text), std::string::npos) << r.body;
    EXPECT_FALSE(body["error"]["request_id"].get<std::string>().empty());
    EXPECT_EQ(host.tickets().count("create"), seeded_);
  }

  // A created ticket's number, for the read routes.
  std::string seed(const json& extra = json::object()) {
    json body = {{"email", "ann@example.com"}, {"subject", "Seeded"}, {"message", "text"}};
    body.update(extra);
    Response r = post(body);
    EXPECT_EQ(r.status, 201) << r.body;
    ++seeded_;
    return r.body;
  }

  std::size_t seeded_ = 0;

  helpdesk::testing::FakeHost host;
  IntakeApiPlugin plugin;
};

TEST_F(IntakeApi, RegistersItsRoutesWithTheirAccess) {
  auto& router = host.router();
  ASSERT_EQ(router.routes().size(), 12u);
  auto* create = router.find(Method::post, "/api/tickets.json");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->access.who, Access::Who::api_key);
  EXPECT_EQ(create->access.scope, "can_create_tickets");
  for (const char* pattern :
       {"/api/v1/tickets", "/api/v1/tickets/{number}", "/api/v1/tickets/{number}/attachments/{id}"}) {
    auto* route = router.find(Method::get, pattern);
    ASSERT_TRUE(route) << pattern;
    EXPECT_EQ(route->access.who, Access::Who::signed_in);
    EXPECT_EQ(route->access.scope, "tickets:read");
    EXPECT_EQ(route->access.permission, "ticket.view");
    EXPECT_TRUE(route->access.agents && route->access.users);
  }
  // Each ticket change carries its own permission (PATCH cannot close or transfer).
  const std::map<std::string, std::string> permission_of = {
      {"/api/v1/tickets/{number}", "ticket.edit"},           {"/api/v1/tickets/{number}/reply", "ticket.reply"},
      {"/api/v1/tickets/{number}/notes", "ticket.note"},     {"/api/v1/tickets/{number}/assign", "ticket.assign"},
      {"/api/v1/tickets/{number}/transfer", "ticket.transfer"}, {"/api/v1/tickets/{number}/close", "ticket.close"},
      {"/api/v1/tickets/{number}/reopen", "ticket.close"}};
  for (const auto& [pattern, permission] : permission_of) {
    const auto* route = router.find(pattern == "/api/v1/tickets/{number}" ? Method::patch : Method::post, pattern);
    ASSERT_TRUE(route) << pattern;
    EXPECT_EQ(route->access.permission, permission) << pattern;
  }
  for (const auto& route : router.routes())
    if (route.method != Method::get && route.pattern.starts_with("/api/v1/")) {
      EXPECT_EQ(route.access.who, Access::Who::signed_in) << route.pattern;
      EXPECT_EQ(route.access.ticket_param, "number") << route.pattern;
      if (route.pattern.ends_with("/messages")) {
        EXPECT_TRUE(route.access.users && !route.access.agents);
      } else {
        EXPECT_EQ(route.access.scope, "tickets:write") << route.pattern;
        EXPECT_TRUE(route.access.agents && !route.access.users) << route.pattern;
      }
    }
}

TEST_F(IntakeApi, AcceptsTheBenchmarkBody) {
  Response r = post(std::string(kBenchmarkBody));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body, "000001");  // exactly the number, no newline, as osTicket answers
  EXPECT_EQ(header(r, "Content-Type"), "text/plain; charset=utf-8");
  auto created = host.tickets().created();
  ASSERT_EQ(created.size(), 1u);
  const auto& t = created[0];
  EXPECT_EQ(t.requester.name, "Bench User");
  EXPECT_EQ(t.requester.email, "bench.user@example.com");
  EXPECT_EQ(t.subject, "Bench ticket");
  EXPECT_EQ(t.body, "This is a benchmark ticket body.");
  EXPECT_EQ(t.body_format, "text");
  EXPECT_EQ(t.source, "API");
  EXPECT_EQ(t.ip, "127.0.0.1");
  EXPECT_FALSE(t.alert);
  EXPECT_FALSE(t.autorespond);
  EXPECT_EQ(post(std::string(kBenchmarkBody)).body, "000002");
}

TEST_F(IntakeApi, CreatesAsTheRequestsActor) {
  host.router().set_actor({Actor::Kind::api_key, "crm", "CRM integration", {"can_create_tickets"}});
  ASSERT_EQ(post(std::string(kBenchmarkBody)).status, 201);
  auto calls = host.tickets().calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].op, "create");
  EXPECT_EQ(calls[0].actor.kind, Actor::Kind::api_key);
  EXPECT_EQ(calls[0].actor.id, "crm");
}

TEST_F(IntakeApi, DefaultsIpToThePeerAddress) {
  ASSERT_EQ(post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}}).status, 201);
  EXPECT_EQ(host.tickets().created()[0].ip, "192.0.2.7");
}

TEST_F(IntakeApi, EveryMessageForm) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"Plain words, <b>not</b> HTML.", "Plain words, <b>not</b> HTML.", "text"},
      {"data:text/html;charset=utf-8,<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>", "html"},
      {"data:text/plain;base64," + test::base64("Decoded \xE2\x9C\x93"), "Decoded \xE2\x9C\x93", "text"},
      {"data:text/plain;charset=utf-8,caf%C3%A9%20au%20lait%0Aline%202", "caf\xC3\xA9 au lait\nline 2", "text"},
      {"data:text/html;base64," + test::base64("<i>x</i>"), "<i>x</i>", "html"},
  };
  for (const auto& [message, body, format] : cases) {
    Response r = post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", message}});
    ASSERT_EQ(r.status, 201) << message << ": " << r.body;
    auto detail = host.tickets().get(r.body);
    ASSERT_TRUE(detail);
    EXPECT_EQ(detail->thread.at(0).body, body) << message;
    EXPECT_EQ(detail->thread.at(0).format, format) << message;
  }
}

TEST_F(IntakeApi, AttachmentsReadBackByteIdentical) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18);
  const std::string blob = test::all_bytes();
  Response r = post(json{{"email", "a@example.com"},
                         {"subject", "files"},
                         {"message", "see attached"},
                         {"attachments",
                          {{{"screen shot.png", "data:image/png;base64," + test::base64(png)}},
                           {{"name", "dump.bin"}, {"data", test::base64(blob)}, {"type", "application/x-dump"},
                            {"encoding", "base64"}},
                           {{"name", "r\xC3\xA9sum\xC3\xA9.txt"}, {"data", "data:text/plain,caf%C3%A9"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string number = r.body;

  auto created = host.tickets().created().at(0).attachments;
  ASSERT_EQ(created.size(), 3u);
  EXPECT_EQ(created[0].data, png);
  EXPECT_EQ(created[1].data, blob);

  Response detail = get("/api/v1/tickets/" + number);
  ASSERT_EQ(detail.status, 200) << detail.body;
  json files = json::parse(detail.body)["thread"][0]["attachments"];
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0]["filename"], "screen shot.png");
  EXPECT_EQ(files[0]["content_type"], "image/png");
  EXPECT_EQ(files[1]["size"], blob.size());

  Response f0 = get("/api/v1/tickets/" + number + "/attachments/" + std::to_string(files[0]["id"].get<int>()));
  ASSERT_EQ(f0.status, 200) << f0.body;
  EXPECT_EQ(f0.body, png);
  EXPECT_EQ(header(f0, "Content-Type"), "image/png");
  EXPECT_EQ(header(f0, "Content-Disposition"), "attachment; filename=\"screen shot.png\"");
  EXPECT_EQ(header(f0, "X-Content-Type-Options"), "nosniff");

  Response f1 = get("/api/v1/tickets/" + number + "/attachments/" + std::to_string(files[1]["id"].get<int>()));
  EXPECT_EQ(f1.body, blob);
  EXPECT_EQ(header(f1, "Content-Type"), "application/x-dump");

  Response f2 = get("/api/v1/tickets/" + number + "/attachments/" + std::to_string(files[2]["id"].get<int>()));
  EXPECT_EQ(f2.body, "caf\xC3\xA9");
  EXPECT_EQ(header(f2, "Content-Disposition"),
            "attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
}

TEST(ContentDisposition, QuotesSafely) {
  EXPECT_EQ(content_disposition("report.pdf"), "attachment; filename=\"report.pdf\"");
  EXPECT_EQ(content_disposition("a\"b\\c\r\n.txt"), "attachment; filename=\"a_b_c__.txt\"");
  EXPECT_EQ(content_disposition(std::string("\xE2\x82\xAC \0.txt", 9)),
            "attachment; filename=\"_ _.txt\"; filename*=UTF-8''%E2%82%AC%20%00.txt");
}

TEST_F(IntakeApi, AttachmentMustBelongToTheTicket) {
  std::string with_file = seed({{"attachments", {{{"a.txt", "data:,secret"}}}}});
  std::string other = seed();
  auto id = host.tickets().get(with_file)->thread[0].attachments[0].id;
  EXPECT_EQ(get("/api/v1/tickets/" + with_file + "/attachments/" + std::to_string(id)).status, 200);
  expect_rejected(get("/api/v1/tickets/" + other + "/attachments/" + std::to_string(id)), 404, "not_found", "attachment");
  expect_rejected(get("/api/v1/tickets/" + with_file + "/attachments/999"), 404, "not_found", "attachment 999");
  expect_rejected(get("/api/v1/tickets/" + with_file + "/attachments/abc"), 404, "not_found", "attachment abc");
  expect_rejected(get("/api/v1/tickets/999999/attachments/1"), 404, "not_found", "ticket 999999");
}

TEST_F(IntakeApi, TopicAndPriorityMappingPassThrough) {
  ASSERT_EQ(post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"topicId", "10"},
                      {"priority", "High"}})
                .status,
            201);
  ASSERT_EQ(post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"topicId", 1},
                      {"priorityId", 4}})
                .status,
            201);
  ASSERT_EQ(post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"priority", 1}}).status, 201);
  auto created = host.tickets().created();
  EXPECT_EQ(created[0].topic_id, 10);
  EXPECT_EQ(created[0].priority, "High");
  EXPECT_EQ(created[1].topic_id, 1);
  EXPECT_EQ(created[1].priority_id, 4);
  EXPECT_EQ(created[2].priority_id, 1);

  auto first = host.tickets().get("000001")->ticket;  // resolved by the (fake) ticket service
  EXPECT_EQ(first.topic, "problem");
  EXPECT_EQ(first.department, "it");
  EXPECT_EQ(first.priority, "high");
  EXPECT_EQ(host.tickets().get("000002")->ticket.priority, "critical");
  EXPECT_EQ(host.tickets().get("000003")->ticket.priority, "low");
}

TEST_F(IntakeApi, ServiceRefusalsPassThrough) {
  Response r = post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"topicId", 99}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_field");  // the service knows no topic 99
  host.tickets().fail_next(helpdesk::Error(503, "unavailable", "storage is unavailable"));
  r = post(std::string(kBenchmarkBody));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(plugin.health()["requests_rejected"], 2);
  EXPECT_EQ(plugin.health()["tickets_created"], 0);
}

TEST_F(IntakeApi, AlertAndAutorespondReachTheService) {
  post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}});
  post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"alert", "false"}, {"autorespond", 0}});
  post(json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"alert", 1}, {"autorespond", "true"}});
  auto created = host.tickets().created();
  ASSERT_EQ(created.size(), 3u);
  EXPECT_TRUE(created[0].alert && created[0].autorespond);
  EXPECT_FALSE(created[1].alert || created[1].autorespond);
  EXPECT_TRUE(created[2].alert && created[2].autorespond);
}

TEST_F(IntakeApi, CustomFieldsPassThroughAndUnknownKeysAreNotFatal) {
  Response r = post(json{{"email", "a@example.com"},
                         {"subject", "s"},
                         {"message", "m"},
                         {"serial_number", "SN-1"},
                         {"affected_users", 12},
                         {"no_such_form_field", {{"nested", true}}},
                         {"thread_entry_recipients", json::object()}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(host.tickets().created()[0].fields,
            json({{"serial_number", "SN-1"}, {"affected_users", 12}, {"no_such_form_field", {{"nested", true}}}}));
  EXPECT_TRUE(host.logged_contains("affected_users, no_such_form_field, serial_number")) << host.logged().size();
  EXPECT_TRUE(host.logged_contains("thread_entry_recipients"));
}

TEST(IntakeApiSettings, LogUnknownFieldsOff) {
  helpdesk::testing::FakeHost host("intake", {{"log_unknown_fields", false}});
  IntakeApiPlugin plugin;
  host.start(plugin);
  Request r;
  r.body = json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}, {"custom", 1}}.dump();
  ASSERT_EQ(host.router().call(Method::post, "/api/tickets.json", r).status, 201);
  EXPECT_FALSE(host.logged_contains("custom"));
  EXPECT_EQ(host.tickets().created()[0].fields, json({{"custom", 1}}));
}

TEST(IntakeApiSettings, MaxAttachmentsFromSettings) {
  helpdesk::testing::FakeHost host("intake", {{"max_attachments", 1}});
  IntakeApiPlugin plugin;
  host.start(plugin);
  Request r;
  r.body = json{{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"},
                {"attachments", {{{"a", "data:,1"}}, {{"b", "data:,2"}}}}}
               .dump();
  Response res = host.router().call(Method::post, "/api/tickets.json", r);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "too_many_attachments");
  EXPECT_EQ(host.tickets().count("create"), 0u);
}

TEST(IntakeApiSettings, BadSettingsFailTheStart) {
  helpdesk::testing::FakeHost host("intake", {{"max_attachments", "lots"}});
  IntakeApiPlugin plugin;
  EXPECT_THROW(host.start(plugin), helpdesk::Error);
  EXPECT_TRUE(host.router().routes().empty());
}

TEST_F(IntakeApi, MalformedJson) {
  expect_rejected(post(std::string(R"({"email": "a@example.com", "subject": )")), 400, "invalid_json", "JSON");
  expect_rejected(post(std::string("")), 400, "invalid_json", "JSON");
  expect_rejected(post(std::string(R"(["a@example.com"])")), 400, "invalid_request", "JSON object");
}

TEST_F(IntakeApi, MissingFields) {
  expect_rejected(post(json{{"subject", "s"}, {"message", "m"}}), 400, "missing_field", "'email'");
  expect_rejected(post(json{{"email", "a@example.com"}, {"message", "m"}}), 400, "missing_field", "'subject'");
  expect_rejected(post(json{{"email", "a@example.com"}, {"subject", "s"}}), 400, "missing_field", "'message'");
}

TEST_F(IntakeApi, WrongTypes) {
  json base = {{"email", "a@example.com"}, {"subject", "s"}, {"message", "m"}};
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
           {"subject", 5}, {"topicId", "general"}, {"alert", "maybe"}, {"attachments", "file"}, {"priority", 1.5}}) {
    json body = base;
    body[key] = value;
    expect_rejected(post(body), 400, "invalid_field", "'" + key + "'");
  }
}

TEST_F(IntakeApi, BadEmail) {
  expect_rejected(post(json{{"email", "ann at example.com"}, {"subject", "s"}, {"message", "m"}}), 400,
                  "invalid_field", "'email'");
}

TEST_F(IntakeApi, BrokenBase64) {
  json body = {{"email", "a@example.com"},
               {"subject", "s"},
               {"message", "m"},
               {"attachments", {{{"file.png", "data:image/png;base64,iVBORw0KGgo=AAAA"}}}}};
  expect_rejected(post(body), 400, "invalid_base64", "\"file.png\"");
  body.erase("attachments");
  body["message"] = "data:text/plain;base64,not base64!";
  expect_rejected(post(body), 400, "invalid_base64", "'message'");
}

TEST_F(IntakeApi, XmlIsRefusedWith415) {
  const std::string xml = R"(<?xml version="1.0"?><ticket><email>a@example.com</email></ticket>)";
  expect_rejected(post(xml, "application/xml"), 415, "unsupported_media_type", "Content-Type: application/json");
  expect_rejected(post(xml, "text/xml; charset=utf-8"), 415, "unsupported_media_type", "only JSON is supported");
  expect_rejected(post(xml, ""), 415, "unsupported_media_type", "only JSON is supported");
  // osTicket's own clients often send JSON without a JSON content type (curl -d); that is fine.
  EXPECT_EQ(post(std::string(kBenchmarkBody), "application/x-www-form-urlencoded").status, 201);
}

TEST_F(IntakeApi, AccessIsCheckedBeforeTheHandler) {
  host.router().set_actor({Actor::Kind::api_key, "reporting", "reporting", {"can_exec_cron"}});
  expect_rejected(post(std::string(kBenchmarkBody)), 403, "forbidden", "can_create_tickets");
  host.router().set_actor({});
  expect_rejected(post(std::string(kBenchmarkBody)), 401, "unauthorized", "API key");
  host.router().set_actor({Actor::Kind::token, "t", "t", {"tickets:read"}});
  expect_rejected(post(std::string(kBenchmarkBody)), 401, "unauthorized", "API key");
  EXPECT_EQ(get("/api/v1/tickets").status, 200);
  host.router().set_actor({Actor::Kind::token, "t", "t", {"tickets:write"}});
  EXPECT_EQ(get("/api/v1/tickets").status, 403);
}

TEST_F(IntakeApi, GetTicket) {
  std::string number = seed({{"name", "Ann"}, {"serial", "SN-9"}});
  Response r = get("/api/v1/tickets/" + number);
  ASSERT_EQ(r.status, 200) << r.body;
  json t = json::parse(r.body);
  EXPECT_EQ(t["number"], number);
  EXPECT_EQ(t["subject"], "Seeded");
  EXPECT_EQ(t["requester"]["email"], "ann@example.com");
  EXPECT_EQ(t["requester"]["name"], "Ann");
  EXPECT_EQ(t["fields"]["serial"], "SN-9");
  ASSERT_EQ(t["thread"].size(), 1u);
  EXPECT_EQ(t["thread"][0]["kind"], "message");
  EXPECT_EQ(t["thread"][0]["body"], "text");
  expect_rejected(get("/api/v1/tickets/424242"), 404, "not_found", "424242");
}

TEST_F(IntakeApi, ListTickets) {
  seed({{"priority", "high"}});
  seed({{"email", "bob@example.com"}});
  seed({{"priority", "low"}, {"topicId", 10}});

  json all = json::parse(get("/api/v1/tickets").body);
  ASSERT_EQ(all["tickets"].size(), 3u);
  EXPECT_EQ(all["tickets"][0]["number"], "000003");  // newest first by default
  EXPECT_TRUE(all["next_cursor"].is_null());

  json page1 = json::parse(get("/api/v1/tickets?limit=2&sort=number&order=asc").body);
  ASSERT_EQ(page1["tickets"].size(), 2u);
  EXPECT_EQ(page1["tickets"][0]["number"], "000001");
  ASSERT_TRUE(page1["next_cursor"].is_string());
  json page2 = json::parse(
      get("/api/v1/tickets?limit=2&sort=number&order=asc&cursor=" + page1["next_cursor"].get<std::string>()).body);
  ASSERT_EQ(page2["tickets"].size(), 1u);
  EXPECT_EQ(page2["tickets"][0]["number"], "000003");
  EXPECT_TRUE(page2["next_cursor"].is_null());

  EXPECT_EQ(json::parse(get("/api/v1/tickets?priority=high").body)["tickets"].size(), 1u);
  EXPECT_EQ(json::parse(get("/api/v1/tickets?requester=bob%40example.com").body)["tickets"].size(), 1u);
  EXPECT_EQ(json::parse(get("/api/v1/tickets?department=it&state=open").body)["tickets"].size(), 1u);
  EXPECT_EQ(json::parse(get("/api/v1/tickets?state=closed").body)["tickets"].size(), 0u);

  host.tickets().clear_calls();
  get("/api/v1/tickets?status=open&topic=problem&assignee=7&sort=priority&order=asc&limit=5");
  auto calls = host.tickets().calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].args["status"], "open");
  EXPECT_EQ(calls[0].args["topic"], "problem");
  EXPECT_EQ(calls[0].args["assignee_id"], 7);
  EXPECT_EQ(calls[0].args["sort"], "priority");
  EXPECT_EQ(calls[0].args["descending"], false);
  EXPECT_EQ(calls[0].args["limit"], 5);
}

TEST_F(IntakeApi, ListRefusesBadParametersNamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"limit=0", "'limit'"},          {"limit=101", "'limit'"},   {"limit=ten", "'limit'"},
      {"order=up", "'order'"},         {"sort=size", "'sort'"},    {"state=pending", "'state'"},
      {"assignee=bob", "'assignee'"},  {"stauts=open", "'stauts'"},
  };
  for (const auto& [query, name] : cases) expect_rejected(get("/api/v1/tickets?" + query), 400, "invalid_param", name);
  expect_rejected(get("/api/v1/tickets?cursor=garbage"), 400, "invalid_cursor", "cursor");
}

}  // namespace
}  // namespace intake_api
