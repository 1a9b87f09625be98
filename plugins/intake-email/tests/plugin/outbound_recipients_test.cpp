// Who gets which notification, driven by the events the SDK's fake ticket service publishes.
#include "outbound_recipients.hpp"

#include <gtest/gtest.h>

#include <helpdesk/testing/fake_host.hpp>

using namespace intake_email;
using helpdesk::Actor;
using helpdesk::Event;
using helpdesk::Person;
using nlohmann::json;

namespace {

class Recipients : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = host_.directory().add_agent({0, "Alice Agent", "alice@example.com", ""}, "support");
    bob_ = host_.directory().add_agent({0, "Bob Agent", "Bob@Example.com", ""}, "support");
    host_.directory().add_agent({0, "Ivan IT", "ivan@example.com", ""}, "it");
    // An agent whose address is also the department's: never mailed (we would mail ourselves).
    host_.directory().add_agent({0, "Shared Box", "support@example.com", ""}, "support");
  }

  std::string create(bool alert = true, bool autorespond = true, Actor actor = {Actor::Kind::api_key, "k", "key", {}}) {
    helpdesk::NewTicket t;
    t.requester = {0, "Rita Requester", "rita@example.org", ""};
    t.subject = "Printer on floor 3";
    t.body = "It prints blank pages.";
    t.alert = alert;
    t.autorespond = autorespond;
    return host_.tickets().create(t, actor).number;
  }

  // The last published event of that name, with alert/autorespond as the kernel adds them.
  Event last(const char* name, bool alert = true, bool autorespond = true) {
    auto events = host_.events().published(name);
    EXPECT_FALSE(events.empty()) << name;
    Event e = events.back();
    if (e.name == helpdesk::events::ticket_created) {
      e.data["alert"] = alert;
      e.data["autorespond"] = autorespond;
    }
    return e;
  }

  std::vector<Notice> notices(const Event& e,
                              const OutboundSettings& settings = OutboundSettings::from_json(json::object())) {
    NoticeSources s{settings, host_.directory(), host_.tickets(), {"support@example.com", "help@example.com"}};
    return notices_for(e, s);
  }

  static std::vector<std::string> to(const std::vector<Notice>& ns, const std::string& template_name) {
    std::vector<std::string> out;
    for (const auto& n : ns)
      if (n.template_name == template_name) out.push_back(n.recipient.email);
    return out;
  }

  helpdesk::testing::FakeHost host_;
  Person alice_, bob_;
};

TEST_F(Recipients, NewTicketAutoRespondsToRequesterAndAlertsTheDepartment) {
  create();
  const auto ns = notices(last(helpdesk::events::ticket_created));
  EXPECT_EQ(to(ns, "auto_response"), std::vector<std::string>{"rita@example.org"});
  EXPECT_EQ(to(ns, "new_ticket_alert"), (std::vector<std::string>{"alice@example.com", "bob@example.com"}))
      << "IT's agent and our own address are left out; addresses are lower-cased";
  for (const auto& n : ns) {
    EXPECT_EQ(n.message, "It prints blank pages.");
    EXPECT_EQ(n.author, "Rita Requester");
    EXPECT_GT(n.entry_id, 0);
  }
  EXPECT_TRUE(ns.front().auto_reply) << "the auto-response is Auto-Submitted: auto-replied";
}

TEST_F(Recipients, FlagsSettingsAndImportsTurnNewTicketMailOff) {
  create(false, false);
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_created, false, false)).empty());
  create(true, true, Actor::system("import-csv"));
  EXPECT_TRUE(to(notices(last(helpdesk::events::ticket_created)), "auto_response").empty())
      << "imports get no auto-response";
  create();
  const auto off = OutboundSettings::from_json(
      {{"notifications", {{"new_ticket_autoresponse", false}, {"new_ticket_alert", false}}}});
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_created), off).empty());
}

TEST_F(Recipients, AgentReplyGoesToRequesterAndCollaboratorsButNotesAndOwnMessagesDoNot) {
  const auto number = create();
  host_.tickets().add_collaborator(number, {0, "Carl Colleague", "carl@example.org", ""}, Actor::system("test"));
  host_.tickets().add_collaborator(number, {0, "Loop", "help@example.com", ""}, Actor::system("test"));
  host_.tickets().reply(number, {"We are on it.", "text", {}}, {Actor::Kind::agent, "1", "Alice Agent", {}});
  const auto ns = notices(last(helpdesk::events::ticket_replied));
  EXPECT_EQ(to(ns, "agent_reply"), (std::vector<std::string>{"rita@example.org", "carl@example.org"}));
  EXPECT_EQ(ns.at(0).message, "We are on it.");
  EXPECT_EQ(ns.at(0).author, "Alice Agent");
  EXPECT_FALSE(ns.at(0).auto_reply);

  host_.tickets().note(number, {"internal", "text", {}}, {Actor::Kind::agent, "1", "Alice Agent", {}});
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_noted)).empty());
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_replied),
                      OutboundSettings::from_json({{"notifications", {{"agent_reply", false}}}}))
                  .empty());
}

TEST_F(Recipients, UserMessageAlertsTheAssigneeElseTheDepartment) {
  const auto number = create();
  host_.tickets().add_message(number, {"<p>Any news?</p>", "html", {}}, {Actor::Kind::user, "9", "Rita Requester", {}});
  auto ns = notices(last(helpdesk::events::ticket_replied));
  EXPECT_EQ(to(ns, "new_message_alert"), (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  EXPECT_TRUE(to(ns, "agent_reply").empty()) << "the user's own message is not mailed back to them";
  EXPECT_EQ(ns.at(0).message.find("<p>"), std::string::npos) << "HTML bodies become text: " << ns.at(0).message;

  host_.tickets().assign(number, bob_.id, "", Actor::system("test"));
  host_.tickets().add_message(number, {"Hello?", "text", {}}, {Actor::Kind::user, "9", "Rita Requester", {}});
  ns = notices(last(helpdesk::events::ticket_replied));
  EXPECT_EQ(to(ns, "new_message_alert"), std::vector<std::string>{"bob@example.com"});
}

TEST_F(Recipients, AssignmentAlertsTheNewAssigneeOnly) {
  const auto number = create();
  host_.tickets().assign(number, alice_.id, "", {Actor::Kind::agent, "2", "Bob Agent", {}});
  auto ns = notices(last(helpdesk::events::ticket_assigned));
  ASSERT_EQ(to(ns, "assignment_alert"), std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(ns.at(0).author, "Bob Agent");
  host_.tickets().assign(number, alice_.id, "level-2", Actor::system("test"));
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_assigned)).empty()) << "same agent, only the team changed";
  host_.tickets().assign(number, std::nullopt, "", Actor::system("test"));
  EXPECT_TRUE(notices(last(helpdesk::events::ticket_assigned)).empty()) << "unassigned";
}

TEST_F(Recipients, BreachAlertsThePeopleTheSlaNamesSkippingUnusableAddresses) {
  const auto number = create();
  Event e{helpdesk::events::sla_breached,
          number,
          {{"target", "resolution"},
           {"due_at", "2026-11-27T14:00:00Z"},
           {"notify",
            {{{"who", "assignee"}, {"email", "alice@example.com"}, {"name", "Alice Agent"}},
             {{"who", "manager"}, {"email", "ALICE@example.com"}, {"name", "Alice again"}},
             {{"who", "nobody"}, {"email", ""}, {"name", "No Mail"}},
             {{"who", "evil"}, {"email", "x@example.com\r\nBcc: y@evil.test"}, {"name", "Evil"}},
             {{"who", "department"}, {"email", "support@example.com"}, {"name", "Us"}}}}},
          Actor::system("sla"),
          0};
  const auto ns = notices(e);
  ASSERT_EQ(to(ns, "overdue_alert"), std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(ns.at(0).due_at, "2026-11-27T14:00:00Z");
}

}  // namespace
