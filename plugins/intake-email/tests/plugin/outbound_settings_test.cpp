// Outgoing settings: defaults, and every unusable value refused with its key first.
#include "outbound_settings.hpp"

#include <gtest/gtest.h>

using namespace intake_email;
using nlohmann::json;

namespace {

std::string error_of(const json& settings) {
  try {
    OutboundSettings::from_json(settings);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(OutboundSettings, DefaultsSendNothingButQueueEverything) {
  const auto s = OutboundSettings::from_json(json::object());
  EXPECT_FALSE(s.smtp_configured);
  EXPECT_TRUE(s.from.empty());
  EXPECT_EQ(s.max_attempts, 30);
  for (auto n : kNotifications) EXPECT_TRUE(s.enabled(n)) << n;
  EXPECT_FALSE(OutboundSettings::from_json({{"smtp", json::object()}}).smtp_configured) << "empty map = not configured";
}

TEST(OutboundSettings, ReadsRelayFromSwitchesAndOverrides) {
  const auto s = OutboundSettings::from_json(
      {{"smtp", {{"url", "smtps://mail.example.com:465"}, {"username", "u"}, {"password", "p"}, {"verify_tls", false}}},
       {"from", "\"Help Desk\" <Help@Example.com>"},
       {"notifications", {{"agent_reply", false}}},
       {"templates", {{"agent_reply", {{"subject", "Answer: {ticket.subject}"}}}}},
       {"ticket_url", "https://help.example.com/t/{number}"},
       {"max_attempts", 3}});
  EXPECT_TRUE(s.smtp_configured);
  EXPECT_EQ(s.smtp.url, "smtps://mail.example.com:465");
  EXPECT_FALSE(s.smtp.verify_tls);
  EXPECT_EQ(s.from.name, "Help Desk");
  EXPECT_EQ(s.from.email, "help@example.com");
  EXPECT_FALSE(s.enabled("agent_reply"));
  EXPECT_TRUE(s.enabled("overdue_alert"));
  EXPECT_EQ(*s.template_subjects.at("agent_reply"), "Answer: {ticket.subject}");
  EXPECT_FALSE(s.template_bodies.count("agent_reply"));
  EXPECT_EQ(s.max_attempts, 3);
}

TEST(OutboundSettings, RefusalsNameTheSetting) {
  EXPECT_EQ(error_of({{"smtp", {{"url", "http://x"}}}}).rfind("smtp.url: ", 0), 0u)
      << error_of({{"smtp", {{"url", "http://x"}}}});
  EXPECT_EQ(error_of({{"smtp", {{"username", "u"}}}}).rfind("smtp.url: is required", 0), 0u);
  EXPECT_EQ(error_of({{"smtp", {{"url", "smtp://x"}, {"port", 25}}}}).rfind("smtp.port: unknown", 0), 0u);
  EXPECT_EQ(error_of({{"smtp", {{"url", "smtp://x"}, {"starttls", "yes"}}}}).rfind("smtp.starttls: ", 0), 0u);
  EXPECT_EQ(error_of({{"smtp", {{"url", "smtp://x"}, {"oauth2", {{"token_url", "https://t"}}}}}})
                .rfind("smtp.oauth2.client_id: ", 0),
            0u);
  EXPECT_EQ(error_of({{"from", "not an address"}}).rfind("from: ", 0), 0u);
  EXPECT_EQ(error_of({{"from", "a@example.com\r\nBcc: x@evil.test"}}).rfind("from: ", 0), 0u);
  EXPECT_EQ(error_of({{"notifications", {{"agent_replies", true}}}}).rfind("notifications.agent_replies: unknown", 0),
            0u);
  EXPECT_EQ(error_of({{"notifications", {{"agent_reply", "no"}}}}).rfind("notifications.agent_reply: ", 0), 0u);
  EXPECT_EQ(error_of({{"templates", {{"welcome", {{"body", "x"}}}}}}).rfind("templates.welcome: unknown", 0), 0u);
  EXPECT_EQ(
      error_of({{"templates", {{"agent_reply", {{"subject", "a\nb"}}}}}}).rfind("templates.agent_reply.subject: ", 0),
      0u);
  EXPECT_EQ(error_of({{"templates", {{"agent_reply", {{"text", "x"}}}}}}).rfind("templates.agent_reply.text: ", 0), 0u);
  EXPECT_EQ(error_of({{"max_attempts", 0}}).rfind("max_attempts: ", 0), 0u);
  EXPECT_EQ(error_of({{"ticket_url", "https://x/{number} y"}}).rfind("ticket_url: ", 0), 0u);
}

TEST(OutboundSettings, MailboxParsing) {
  EXPECT_EQ(parse_mailbox("a@example.com")->email, "a@example.com");
  EXPECT_EQ(parse_mailbox("Ann Lee <Ann@Example.com>")->name, "Ann Lee");
  EXPECT_FALSE(parse_mailbox("Ann <ann@example.com> trailing"));
  EXPECT_FALSE(parse_mailbox("ann@example.com, bob@example.com"));
  EXPECT_FALSE(parse_mailbox("<ann@example.com\n>"));
  EXPECT_FALSE(plausible_address(""));
  EXPECT_FALSE(plausible_address("a@b@c"));
  EXPECT_FALSE(plausible_address("a b@c"));
  EXPECT_TRUE(plausible_address("first.last+tag@sub.example.com"));
}

}  // namespace
