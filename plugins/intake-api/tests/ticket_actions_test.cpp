// The REST API's ticket changes on the SDK's FakeHost: each action reaches the ticket service,
// bad bodies are refused by name, and a read-only token cannot write.
#include <gtest/gtest.h>
#include <helpdesk/testing/fake_host.hpp>

#include "plugin.hpp"

namespace intake_api {
namespace {

using helpdesk::Actor;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;
using nlohmann::json;

class TicketActions : public ::testing::Test {
 protected:
  void SetUp() override {
    host.start(plugin);
    helpdesk::NewTicket t;
    t.requester = {0, "Ada", "ada@example.com", ""};
    t.subject = "VPN down";
    t.body = "Since 9:00.";
    number = host.tickets().create(t, Actor::system("test")).number;
  }
  Response call(Method m, const std::string& path, const json& body) {
    Request r;
    r.body = body.dump();
    return host.router().call(m, path, r);
  }
  std::string code(const Response& r) { return json::parse(r.body)["error"]["code"]; }

  helpdesk::testing::FakeHost host;
  IntakeApiPlugin plugin;
  std::string number;
};

TEST_F(TicketActions, ReplyNoteUpdateAssignCloseReopen) {
  auto reply = call(Method::post, "/api/v1/tickets/" + number + "/reply", {{"message", "Restarted the gateway."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(json::parse(reply.body)["kind"], "response");
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/notes", {{"message", "Vendor ticket 77."}}).status, 201);

  auto patched = call(Method::patch, "/api/v1/tickets/" + number, {{"priority", "High"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body)["priority"], "high");
  auto moved = call(Method::post, "/api/v1/tickets/" + number + "/transfer", {{"department", "it"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(json::parse(moved.body)["department"], "it");

  const auto grace = host.directory().add_agent({0, "Grace", "grace@example.com", ""}, "it");
  auto assigned = call(Method::post, "/api/v1/tickets/" + number + "/assign", {{"agent_email", "Grace@example.com"}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(host.tickets().calls().back().args["agent_id"], grace.id);

  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/close", json::object()).status, 200);
  EXPECT_EQ(host.tickets().get(number)->ticket.state, "closed");
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/reopen", json::object()).status, 200);
  EXPECT_EQ(host.tickets().get(number)->ticket.state, "open");
}

TEST_F(TicketActions, BadBodiesAndUnknownTicketsAreRefusedByName) {
  auto missing = call(Method::post, "/api/v1/tickets/" + number + "/reply", json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(code(missing), "missing_field");
  auto typo = call(Method::patch, "/api/v1/tickets/" + number, {{"priorty", "high"}});
  EXPECT_EQ(typo.status, 400);
  EXPECT_NE(typo.body.find("unknown field 'priorty'"), std::string::npos) << typo.body;
  auto nobody = call(Method::post, "/api/v1/tickets/" + number + "/assign", {{"agent_email", "nobody@example.com"}});
  EXPECT_EQ(nobody.status, 400);
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/999999/reply", {{"message", "x"}}).status, 404);
  EXPECT_EQ(call(Method::patch, "/api/v1/tickets/" + number, json::object()).status, 400);
}

TEST_F(TicketActions, AReadTokenCannotWrite) {
  host.router().set_actor(Actor{Actor::Kind::token, "reader", "reader", {"tickets:read"}});
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/reply", {{"message", "x"}}).status, 403);
}

TEST_F(TicketActions, PatchChangesNothingWhenAnyValueIsRefused) {
  const auto before = host.tickets().calls().size();
  auto bad = call(Method::patch, "/api/v1/tickets/" + number, {{"priority", "high"}, {"status", "nonsense"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("unknown status 'nonsense'"), std::string::npos) << bad.body;
  // Closing and transfers have their own routes (and permissions): PATCH refuses them.
  auto closing = call(Method::patch, "/api/v1/tickets/" + number, {{"priority", "high"}, {"status", "closed"}});
  EXPECT_EQ(closing.status, 400) << closing.body;
  EXPECT_NE(closing.body.find("/close (permission ticket.close)"), std::string::npos) << closing.body;
  auto moving = call(Method::patch, "/api/v1/tickets/" + number, {{"priority", "high"}, {"department", "it"}});
  EXPECT_EQ(moving.status, 400) << moving.body;
  EXPECT_NE(moving.body.find("/transfer"), std::string::npos) << moving.body;
  EXPECT_EQ(host.tickets().get(number)->ticket.priority, "normal");
  // A transfer names its department, known, and nothing else.
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/transfer", json::object()).status, 400);
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/transfer", {{"department", "nowhere"}}).status, 400);
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/transfer", {{"department", "it"}, {"team", "x"}}).status, 400);
  EXPECT_EQ(call(Method::post, "/api/v1/tickets/" + number + "/transfer", {{"department", 3}}).status, 400);
  EXPECT_EQ(host.tickets().get(number)->ticket.department, "support");
  for (std::size_t i = before; i < host.tickets().calls().size(); ++i)
    EXPECT_NE(host.tickets().calls()[i].op, "set_priority") << "nothing was applied";
}

}  // namespace
}  // namespace intake_api
