// Outgoing settings as the real server applies them: no relay keeps mail queued and says so, a
// bad setting fails the plugin naming the key, a template override with a typo is sent with the
// typo visible and logged once.
#include <gtest/gtest.h>

#include <set>

#include "outbound_support.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

using namespace outbound_test;
using helpdesk::mail::test::SmtpSink;

namespace {

nlohmann::json plugin_status(const Server& server, const std::string& name) {
  const auto body = server.get("/api/v1/system/plugins", admin_token).json();
  for (const auto& p : body["plugins"])
    if (p.value("name", std::string()) == name) return p;
  return nullptr;
}

std::string create(const Server& server, const std::string& name) {
  const auto r = server.post_ticket(
      {{"name", name}, {"email", "rita@example.org"}, {"subject", "Printer"}, {"message", "Blank pages."}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.body;
}

TEST(OutboundConfig, WithoutARelayMailIsQueuedAndHealthSaysWhy) {
  TempDir dir;
  Server server(dir.path(), config(0));
  create(server, "Rita");
  ASSERT_TRUE(eventually([&] { return outgoing_health(server)["pending"] == 1; })) << outgoing_health(server);
  const auto health = outgoing_health(server);
  EXPECT_EQ(health["smtp"], "smtp not configured");
  EXPECT_EQ(health["sent"], 0);
  EXPECT_NE(server.log().find("smtp not configured"), std::string::npos) << server.log();
}

TEST(OutboundConfig, AnUnusableSettingFailsThePluginNamingTheKey) {
  TempDir dir;
  Server server(dir.path(), config(0, "      smtp: {url: \"http://mail.example.com\"}\n"));
  const auto status = plugin_status(server, "intake-email");
  EXPECT_EQ(status["state"], "failed") << status;
  EXPECT_NE(status["error"].get<std::string>().find("smtp.url: must start with smtp:// or smtps://"), std::string::npos)
      << status;
}

TEST(OutboundConfig, OverriddenTemplateIsUsedAndAnUnknownPlaceholderIsLoggedOnce) {
  if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  SmtpSink sink;
  sink.start();
  TempDir dir;
  Server server(dir.path(), config(sink.port(),
                                   "      templates:\n"
                                   "        auto_response: {subject: \"Thanks {recipient.name} {ticket.subjct}\"}\n"));
  const std::string first = create(server, "Rita");
  const std::string second = create(server, "Rita");
  ASSERT_TRUE(eventually([&] { return sink.messages().size() == 2; })) << server.log();
  std::set<std::string> subjects;
  for (const auto& m : sink.messages()) subjects.insert(header(m, "Subject"));
  EXPECT_EQ(subjects, (std::set<std::string>{"[#" + first + "] Thanks Rita {ticket.subjct}",
                                             "[#" + second + "] Thanks Rita {ticket.subjct}"}));
  const std::string log = server.log();
  const auto at = log.find("unknown placeholder {ticket.subjct}");
  ASSERT_NE(at, std::string::npos) << log;
  EXPECT_EQ(log.find("unknown placeholder {ticket.subjct}", at + 1), std::string::npos) << "logged once: " << log;
}

}  // namespace
