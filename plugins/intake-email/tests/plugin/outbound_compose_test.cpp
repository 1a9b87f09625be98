// A notice becomes a mail: the department's From, the subject token, the placeholders filled.
#include "outbound_compose.hpp"

#include <gtest/gtest.h>

#include "outbound_templates.hpp"

using namespace intake_email;
using nlohmann::json;

namespace {

const json catalog = {{"departments",
                       {{{"key", "support"}, {"name", "Customer Support"}, {"email", "support@example.com"}},
                        {{"key", "sales"}, {"name", "Sales"}}}},
                      {"statuses", {{{"key", "open"}, {"name", "Open"}}}},
                      {"priorities", {{{"key", "high"}, {"name", "High"}}}}};

helpdesk::Ticket ticket(std::string department = "support") {
  helpdesk::Ticket t;
  t.number = "000123";
  t.subject = "VPN drops";
  t.status = "open";
  t.priority = "high";
  t.department = std::move(department);
  t.due_at = 1795046400;  // 2026-11-19T00:00:00Z
  return t;
}

Notice notice(std::string template_name) {
  Notice n;
  n.template_name = std::move(template_name);
  n.recipient = {0, "Rita", "rita@example.org", ""};
  n.message = "It drops every hour.";
  n.author = "Alice Agent";
  return n;
}

TEST(OutboundCompose, DepartmentSendsWithTokenInSubjectAndPlaceholdersFilled) {
  const CommonSettings common;
  const auto settings = OutboundSettings::from_json(
      {{"from", "Help <help@example.com>"}, {"ticket_url", "https://h.example.com/t/{number}"}});
  const auto templates = load_templates(template_dir(), settings);
  const ComposeContext ctx{common, settings, templates, catalog};
  const auto c = compose(notice("agent_reply"), ticket(), ctx, 1000);
  EXPECT_EQ(c.mail.from.email, "support@example.com");
  EXPECT_EQ(c.mail.from.name, "Customer Support");
  EXPECT_EQ(c.mail.to.email, "rita@example.org");
  EXPECT_EQ(c.mail.subject, "[#000123] Re: VPN drops");
  EXPECT_NE(c.mail.body.find("It drops every hour."), std::string::npos) << c.mail.body;
  EXPECT_NE(c.mail.body.find("https://h.example.com/t/000123"), std::string::npos) << c.mail.body;
  EXPECT_EQ(c.mail.loop_id, "helpdesk");
  EXPECT_EQ(c.mail.date, 1000);
  EXPECT_TRUE(c.unknown_placeholders.empty());

  const auto values = placeholder_values(notice("overdue_alert"), ticket(), ctx);
  EXPECT_EQ(values.at("ticket.department"), "Customer Support");
  EXPECT_EQ(values.at("ticket.priority"), "High");
  EXPECT_EQ(values.at("ticket.status"), "Open");
  EXPECT_EQ(values.at("due_at"), "2026-11-19 00:00 UTC");
  EXPECT_EQ(values.at("recipient.name"), "Rita");
}

TEST(OutboundCompose, FallsBackToFromAndRefusesWithoutAnySender) {
  const CommonSettings common;
  const auto with_from = OutboundSettings::from_json({{"from", "Help <help@example.com>"}});
  const auto templates = load_templates(template_dir(), with_from);
  EXPECT_EQ(
      compose(notice("auto_response"), ticket("sales"), {common, with_from, templates, catalog}, 0).mail.from.email,
      "help@example.com");
  const OutboundSettings none = OutboundSettings::from_json(json::object());
  try {
    compose(notice("auto_response"), ticket("sales"), {common, none, templates, catalog}, 0);
    ADD_FAILURE() << "no sender must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sales"), std::string::npos) << e.what();
  }
  const ComposeContext ctx{common, with_from, templates, catalog};
  EXPECT_EQ(own_addresses(ctx), (std::set<std::string>{"help@example.com", "support@example.com"}));
}

TEST(OutboundCompose, OverriddenTemplateWithTypoAndExistingToken) {
  const CommonSettings common = CommonSettings::from_json({{"subject_token", "[Ticket {number}]"}});
  const auto settings = OutboundSettings::from_json(
      {{"templates",
        {{"agent_reply", {{"subject", "[Ticket {ticket.number}] {ticket.subjct}"}, {"body", "{message}"}}}}}});
  const auto templates = load_templates(template_dir(), settings);
  const auto c = compose(notice("agent_reply"), ticket(), {common, settings, templates, catalog}, 0);
  EXPECT_EQ(c.mail.subject, "[Ticket 000123] {ticket.subjct}") << "the token is not added twice";
  EXPECT_EQ(c.unknown_placeholders, std::vector<std::string>{"ticket.subjct"});
  EXPECT_EQ(c.mail.body, "It drops every hour.");
}

}  // namespace
