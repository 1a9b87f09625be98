// The SDK's fake host keeps the kernel's contracts that plugin tests rely on.
#include <gtest/gtest.h>
#include <helpdesk/testing/fake_host.hpp>

namespace {

using helpdesk::Actor;
using helpdesk::Error;
using helpdesk::Event;
using helpdesk::NewTicket;
using helpdesk::ReplyInput;
using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;
using helpdesk::testing::FakeHost;
using nlohmann::json;

NewTicket ticket(std::string email = "ann@example.com") {
  NewTicket t;
  t.requester.email = std::move(email);
  t.subject = "Subject";
  t.body = "Body";
  return t;
}

// A plugin that registers one of everything.
class Recorder : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override {
    host.router().add({Method::get, "/things/{id}", Access::anyone(), [](const Request& r) {
                         if (r.path_param("id") == "boom") throw std::runtime_error("secret detail");
                         if (r.path_param("id") == "gone") throw helpdesk::not_found("no such thing");
                         return Response::json(200, {{"id", r.path_param("id")}, {"q", r.query_param("q")},
                                                     {"actor", helpdesk::to_string(r.actor.kind)}});
                       }});
    host.router().add({Method::get, "/files/{rest*}", Access::token("files:read"),
                       [](const Request& r) { return Response::text(200, r.path_param("rest")); }});
    host.router().add({Method::post, "/small", Access::anyone(), [](const Request&) { return Response::text(200, "ok"); },
                       4});
    host.events().subscribe(helpdesk::events::ticket_created, [this](const Event& e) { seen.push_back(e.name); });
    host.scheduler().on("test.tick", [this](const helpdesk::Timer& t) { ticks.push_back(t.payload); });
    host.logger()->warn("started {}", host.instance_name());
  }
  std::vector<std::string> seen;
  std::vector<json> ticks;
};

TEST(FakeHost, RegistrationClosesAfterStart) {
  FakeHost host("rec", {{"a", 1}});
  Recorder plugin;
  host.start(plugin);
  EXPECT_EQ(host.settings()["a"], 1);
  EXPECT_THROW(host.router().add({Method::get, "/late", Access::anyone(), [](const Request&) { return Response{}; }}),
               Error);
  EXPECT_THROW(host.events().subscribe("*", [](const Event&) {}), Error);
  EXPECT_THROW(host.scheduler().on("late", [](const helpdesk::Timer&) {}), Error);
  EXPECT_EQ(host.logged(), std::vector<std::string>{"warning: started rec"});
}

TEST(FakeHost, DuplicateRoutesAreRefused) {
  FakeHost host;
  auto route = helpdesk::http::Route{Method::get, "/x", Access::anyone(), [](const Request&) { return Response{}; }};
  host.router().add(route);
  try {
    host.router().add(route);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
  }
}

TEST(FakeRouter, MatchesParamsQueryAndAnswersLikeTheKernel) {
  FakeHost host;
  Recorder plugin;
  host.start(plugin);
  auto& router = host.router();

  Response r = router.call(Method::get, "/things/42?q=a%20b");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"id", "42"}, {"q", "a b"}, {"actor", "anonymous"}}));
  EXPECT_FALSE(r.headers.empty());

  EXPECT_EQ(router.call(Method::get, "/files/a/b/c.txt").body, "a/b/c.txt");

  r = router.call(Method::get, "/things/gone");
  EXPECT_EQ(r.status, 404);
  json err = json::parse(r.body)["error"];
  EXPECT_EQ(err["code"], "not_found");
  EXPECT_EQ(err["message"], "no such thing");
  bool has_id = false;
  for (const auto& [k, v] : r.headers) has_id |= k == "X-Request-Id" && v == err["request_id"];
  EXPECT_TRUE(has_id);

  r = router.call(Method::get, "/things/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);  // internals stay inside

  EXPECT_EQ(router.call(Method::get, "/nowhere").status, 404);
  EXPECT_EQ(router.call(Method::del, "/things/1").status, 405);
  EXPECT_EQ(router.call(Method::get, "/things/1/extra").status, 404);

  Request big;
  big.body = "12345";
  EXPECT_EQ(router.call(Method::post, "/small", big).status, 413);
}

TEST(FakeRouter, ChecksAccess) {
  FakeHost host;
  Recorder plugin;
  host.start(plugin);
  auto& router = host.router();
  EXPECT_EQ(router.call(Method::get, "/files/x").status, 200);  // default actor meets the route
  router.set_actor({});
  EXPECT_EQ(router.call(Method::get, "/files/x").status, 401);
  router.set_actor({Actor::Kind::token, "t", "t", {"other"}});
  EXPECT_EQ(router.call(Method::get, "/files/x").status, 403);
  router.set_actor({Actor::Kind::token, "t", "t", {"admin"}});
  EXPECT_EQ(router.call(Method::get, "/files/x").status, 200);
  router.clear_actor();
  EXPECT_EQ(router.call(Method::get, "/files/x").status, 200);
}

TEST(FakeTicketService, CreatesValidatesAndRecords) {
  FakeHost host;
  auto& tickets = host.tickets();
  auto t = tickets.create(ticket(), Actor::system("test"));
  EXPECT_EQ(t.number, "000001");
  EXPECT_EQ(t.status, "open");
  EXPECT_EQ(t.priority, "normal");
  EXPECT_EQ(t.department, "support");
  EXPECT_EQ(t.requester.name, "ann");
  EXPECT_EQ(tickets.create(ticket("bob@example.com"), Actor::system("test")).number, "000002");

  for (auto broken : {&NewTicket::subject, &NewTicket::body}) {
    NewTicket bad = ticket();
    bad.*broken = " ";
    EXPECT_THROW(tickets.create(bad, Actor::system("test")), Error);
  }
  EXPECT_THROW(tickets.create(ticket(""), Actor::system("test")), Error);
  NewTicket bad_priority = ticket();
  bad_priority.priority_id = 9;
  EXPECT_THROW(tickets.create(bad_priority, Actor::system("test")), Error);

  EXPECT_EQ(tickets.count("create"), 6u);
  EXPECT_EQ(tickets.created().size(), 2u);
  auto calls = tickets.calls();
  EXPECT_TRUE(calls[0].ok);
  EXPECT_FALSE(calls[2].ok);
  EXPECT_EQ(calls[0].number, "000001");
}

TEST(FakeTicketService, LifecyclePublishesEvents) {
  FakeHost host;
  Recorder plugin;
  host.start(plugin);
  auto& tickets = host.tickets();
  const Actor agent{Actor::Kind::agent, "7", "Agent Seven", {}};
  auto number = tickets.create(ticket(), agent).number;
  EXPECT_EQ(plugin.seen, std::vector<std::string>{"ticket.created"});

  tickets.reply(number, ReplyInput{"Hello", "text", {}}, agent);
  tickets.note(number, ReplyInput{"Internal", "text", {}}, agent);
  EXPECT_EQ(tickets.assign(number, 7, "l2", agent).assignee_id, 7);
  EXPECT_EQ(tickets.transfer(number, "it", agent).department, "it");
  EXPECT_THROW(tickets.transfer(number, "nowhere", agent), Error);
  EXPECT_EQ(tickets.set_status(number, "resolved", agent).state, "resolved");
  tickets.add_message(number, ReplyInput{"Still broken", "text", {}}, Actor{});  // reopens
  EXPECT_EQ(tickets.get(number)->ticket.state, "open");
  EXPECT_EQ(tickets.close(number, agent).state, "closed");
  try {
    tickets.close(number, agent);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
  }
  EXPECT_EQ(tickets.reopen(number, agent).state, "open");

  std::vector<std::string> names;
  for (const auto& e : host.events().published()) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ticket.created", "ticket.replied", "ticket.noted", "ticket.assigned",
                                             "ticket.transferred", "ticket.status_changed", "ticket.replied",
                                             "ticket.reopened", "ticket.closed", "ticket.reopened"}));
  EXPECT_EQ(host.events().published("ticket.assigned")[0].actor.id, "7");
  auto thread = tickets.get(number)->thread;
  ASSERT_EQ(thread.size(), 4u);
  EXPECT_EQ(thread[1].kind, "response");
  EXPECT_EQ(thread[2].kind, "note");
  EXPECT_THROW(tickets.reply("999999", ReplyInput{"x", "text", {}}, agent), Error);
}

TEST(FakeTicketService, StoresAttachmentsWithTheirHash) {
  FakeHost host;
  NewTicket t = ticket();
  t.attachments.push_back({"a.txt", "text/plain", "abc"});
  auto number = host.tickets().create(t, Actor{}).number;
  auto info = host.tickets().get(number)->thread[0].attachments.at(0);
  EXPECT_EQ(info.size, 3);
  EXPECT_EQ(info.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(host.tickets().attachment_data(info.id), "abc");
  EXPECT_FALSE(host.tickets().attachment_data(info.id + 1));
}

TEST(FakeTicketService, FailNext) {
  FakeHost host;
  host.tickets().fail_next(Error(503, "unavailable", "down"));
  EXPECT_THROW(host.tickets().create(ticket(), Actor{}), Error);
  EXPECT_NO_THROW(host.tickets().create(ticket(), Actor{}));
  EXPECT_TRUE(host.events().published("ticket.created").size() == 1);
}

TEST(FakeEventBus, DeliversInPublishOrderAndSurvivesThrowingSubscribers) {
  FakeHost host;
  auto& bus = host.events();
  std::vector<std::string> order;
  bus.subscribe("a", [&](const Event&) {
    order.push_back("a");
    bus.publish({"b", "", json::object(), {}, 0});
    order.push_back("a-done");
  });
  bus.subscribe("b", [&](const Event&) { order.push_back("b"); });
  bus.subscribe("*", [&](const Event& e) { throw std::runtime_error("bad subscriber on " + e.name); });
  bus.publish({"a", "", json::object(), {}, 0});
  EXPECT_EQ(order, (std::vector<std::string>{"a", "a-done", "b"}));
  EXPECT_TRUE(host.logged_contains("bad subscriber on a"));
  EXPECT_EQ(bus.published().size(), 2u);
}

TEST(FakeScheduler, FiresDueTimersWhenAsked) {
  FakeHost host;
  Recorder plugin;
  host.start(plugin);
  auto& s = host.scheduler();
  const auto t0 = s.now();
  s.schedule("test.tick", t0 + 60, {{"n", 1}});
  s.schedule("test.tick", t0 + 30, {{"n", 0}});
  s.schedule("test.tick", t0 + 90, {{"n", 2}}, "dedupe");
  s.schedule("test.tick", t0 + 10, {{"n", 3}}, "dedupe");  // replaces the pending one with that key
  auto cancelled = s.schedule("test.tick", t0, {{"n", 9}});
  EXPECT_TRUE(s.cancel(cancelled));
  EXPECT_FALSE(s.cancel(cancelled));
  EXPECT_EQ(s.run_due(), 0);
  s.advance(60);
  EXPECT_EQ(s.run_due(), 3);
  EXPECT_EQ(plugin.ticks, (std::vector<json>{{{"n", 3}}, {{"n", 0}}, {{"n", 1}}}));
  EXPECT_TRUE(s.pending().empty());
  EXPECT_EQ(s.scheduled().size(), 5u);
}

TEST(FakeHost, DatabaseIsNotThereUnlessInstalled) {
  FakeHost host;
  try {
    host.database({{1, "001_init", "CREATE TABLE x (a INTEGER)"}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 501);
    EXPECT_EQ(std::string(e.what()), "FakeHost has no database; test storage through the kernel");
  }
  EXPECT_EQ(host.migrations().size(), 1u);
}

TEST(FakeHost, CatalogDefaults) {
  FakeHost host;
  const auto first = host.catalog();
  EXPECT_EQ(host.catalog(), first) << "shared, not copied";
  const auto& c = *first;
  EXPECT_EQ(c["departments"].size(), 2u);
  EXPECT_EQ(c["priorities"][3]["key"], "critical");
  EXPECT_EQ(c["priorities"][3]["id"], 4);
  EXPECT_EQ(c["help_topics"][1]["id"], 10);
  json custom = {{"departments", {{{"key", "sales"}, {"name", "Sales"}}}}, {"priorities", json::array()}};
  host.set_catalog(custom);
  EXPECT_EQ(host.tickets().create(ticket(), Actor{}).department, "sales");
}

}  // namespace

namespace {

TEST(FakeHost, RenamingKeepsTheLog) {
  helpdesk::testing::FakeHost host;
  host.logger()->info("a");
  host.set_instance_name("renamed");
  host.logger()->debug("b");
  EXPECT_EQ(host.logger()->name(), "renamed");
  EXPECT_EQ(host.instance_name(), "renamed");
  EXPECT_EQ(host.logged(), (std::vector<std::string>{"info: a", "debug: b"}));
  host.clear_log();
  EXPECT_TRUE(host.logged().empty());
}

}  // namespace
