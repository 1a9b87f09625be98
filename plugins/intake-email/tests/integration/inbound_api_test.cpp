// osTicket's POST /api/tickets.email on the real server: 201 with the number; replies (by a stored
// Message-ID or the subject token) land on the same ticket when the sender is allowed there; a
// stranger or a forged signed id opens a new ticket; refusals answer 4xx with the kernel's error.
#include "inbound_support.hpp"

using namespace inbound_test;
using helpdesk::test::Response;

namespace {

class InboundApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(dir_.path(), email_config("      secret: integration-secret-0123456789\n"
                                                                 "      rate_limit_per_hour: 5\n"
                                                                 "      banned_senders: [\"@banned.example\"]\n"));
  }
  Response post(const std::string& raw, const std::string& key = helpdesk::test::api_key) {
    return helpdesk::test::http_request(server_->port(), "POST", "/api/tickets.email", raw,
                                        {{"X-API-Key", key}, {"Content-Type", "message/rfc822"}});
  }
  std::string created(const std::string& raw) {
    const auto r = post(raw);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  }
  TempDir dir_;
  std::unique_ptr<Server> server_;
};

}  // namespace

TEST_F(InboundApi, RepliesThreadOnlyForAllowedSenders) {
  const auto number = created(message("Ann <ann@example.org>", "Laptop will not boot", "a1@example.org",
                                      "Cc: Bob <bob@example.org>, support@example.com\r\n"));
  ASSERT_FALSE(number.empty());
  auto t = ticket(*server_, number);
  EXPECT_EQ(t["subject"], "Laptop will not boot");
  EXPECT_EQ(t["source"], "Email");

  // The requester's reply by In-Reply-To (a stored id): same ticket, the quote trimmed.
  EXPECT_EQ(created(message("ann@example.org", "Re: Laptop will not boot", "a2@example.org",
                            "In-Reply-To: <a1@example.org>\r\nReferences: <a1@example.org>\r\n",
                            "It beeps three times now.\r\n\r\nOn Tue, Ann wrote:\r\n> Laptop will not boot\r\n")),
            number);
  // By the subject token only.
  EXPECT_EQ(created(message("ann@example.org", "Re: [#" + number + "] Laptop", "a3@example.org")), number);
  // Bob was in Cc of the first mail: a collaborator, so his reply threads too.
  EXPECT_EQ(created(message("bob@example.org", "Re: Laptop will not boot", "b1@example.org",
                            "In-Reply-To: <a1@example.org>\r\n")),
            number);
  t = ticket(*server_, number);
  ASSERT_EQ(t["thread"].size(), 4u) << t.dump();
  EXPECT_EQ(t["thread"][1]["body"], "It beeps three times now.");
  EXPECT_EQ(t["thread"][1]["kind"], "message");

  // A stranger pointing at the ticket opens a new one.
  const auto stranger = created(message("eve@example.net", "Re: [#" + number + "] Laptop", "e1@example.net",
                                        "In-Reply-To: <a1@example.org>\r\n"));
  EXPECT_NE(stranger, number);
  EXPECT_EQ(ticket(*server_, stranger)["requester"]["email"], "eve@example.net");

  // A forged "signed" id naming the ticket is not trusted even from the requester.
  const auto forged = created(message("ann@example.org", "Another question", "a4@example.org",
                                      "In-Reply-To: <" + number + ".1.k3J9xQ2m.1f0c9a7be21d4c58@helpdesk.invalid>\r\n"));
  EXPECT_NE(forged, number);
  EXPECT_EQ(ticket(*server_, number)["thread"].size(), 4u);

  // The same message twice: the same number, stored once.
  EXPECT_EQ(created(message("ann@example.org", "Re: [#" + number + "] Laptop", "a3@example.org")), number);
  EXPECT_EQ(ticket(*server_, number)["thread"].size(), 4u);
}

TEST_F(InboundApi, AMessageWithoutMessageIdIsKnownByItsBytes) {
  const std::string raw = "From: Dora <dora@example.org>\r\nTo: support@example.com\r\nSubject: No id here\r\n"
                          "Date: Wed, 25 Nov 2026 11:00:00 +0000\r\n\r\nMy mailer sends no Message-ID.\r\n";
  const auto first = created(raw);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(created(raw), first) << "a retry of the same bytes is the same ticket";
  EXPECT_EQ(ticket(*server_, first)["thread"].size(), 1u);
  // Other bytes (another body) are another message.
  const auto other = created("From: Dora <dora@example.org>\r\nTo: support@example.com\r\nSubject: No id here\r\n"
                             "Date: Wed, 25 Nov 2026 11:05:00 +0000\r\n\r\nAnd a second one.\r\n");
  EXPECT_NE(other, first);
}

TEST_F(InboundApi, RefusalsAnswerWithTheKernelErrorFormat) {
  auto r = post(message("x@banned.example", "Offer", "x1@banned.example"));
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "forbidden");

  r = post(corpus("bounce_dsn_postfix.eml"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "mail_ignored");

  r = post(corpus("malformed_no_from.eml"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "mail_quarantined");

  r = post(message("a@example.org", "x", "k1@example.org"), "wrong-key-0123456789abcdef");
  EXPECT_EQ(r.status, 401) << r.body;

  // rate_limit_per_hour 5: the sixth message of one sender is quarantined.
  for (int i = 0; i < 5; ++i) created(message("busy@example.org", "Question " + std::to_string(i), "q" + std::to_string(i) + "@example.org"));
  r = post(message("busy@example.org", "Question 6", "q6@example.org"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("rate limit"), std::string::npos) << r.body;

  const auto q = server_->get("/api/v1/email/quarantine", helpdesk::test::admin_token);
  ASSERT_EQ(q.status, 200) << q.body;
  ASSERT_EQ(q.json()["items"].size(), 2u) << q.body;
  EXPECT_EQ(q.json()["items"][0]["sender"], "busy@example.org") << "newest first";
  EXPECT_EQ(q.json()["items"][0]["subject"], "Question 6");
  EXPECT_EQ(q.json()["items"][1]["source"], "api");
  EXPECT_NE(q.json()["items"][1]["reason"].get<std::string>().find("From"), std::string::npos) << q.body;
}

TEST(InboundApiAgents, AnAgentsEmailReplyIsAnAgentReply) {
  TempDir dir;
  Server server(dir.path(), helpdesk::test::test_config("  - name: intake-api\n  - name: intake-email\n", "demo: true\n"));
  auto post = [&](const std::string& raw) {
    return helpdesk::test::http_request(server.port(), "POST", "/api/tickets.email", raw,
                                        {{"X-API-Key", helpdesk::test::api_key}});
  };
  const auto created = post(message("Ann <ann@example.org>", "Monitor flickers", "m1@example.org"));
  ASSERT_EQ(created.status, 201) << created.body;
  // agent@example.com is a demo agent: not on the ticket, yet allowed, and it is an agent reply.
  const auto reply = post(message("Demo Agent <agent@example.com>", "Re: [#" + created.body + "] Monitor flickers",
                                  "r1@example.com", "", "Please try another cable.\r\n"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.body, created.body);
  const auto t = ticket(server, created.body);
  ASSERT_EQ(t["thread"].size(), 2u) << t.dump();
  EXPECT_EQ(t["thread"][1]["kind"], "response");
  EXPECT_EQ(t["thread"][1]["author"], "Demo Agent");
}
