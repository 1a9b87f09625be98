// Notifications from the real helpdeskd to a real SMTP server (aiosmtpd): the auto-response to a
// new ticket, and the agent's reply with the ids that make the user's next reply thread.
#include <gtest/gtest.h>

#include <set>

#include "outbound_support.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

using namespace outbound_test;
using helpdesk::mail::test::SmtpSink;
using nlohmann::json;

namespace {

class OutboundMail : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    sink_.start();
    server_ = std::make_unique<Server>(dir_.path(), config(sink_.port()));
  }

  std::string create_ticket() {
    const auto r = server_->post_ticket({{"name", "Rita Requester"},
                                         {"email", "rita@example.org"},
                                         {"subject", "Printer on floor 3"},
                                         {"message", "It prints blank pages."}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  }

  std::vector<std::string> mails_to_rita(std::size_t at_least) {
    std::vector<std::string> mails;
    eventually([&] {
      mails = addressed_to(sink_.messages(), "rita@example.org");
      return mails.size() >= at_least;
    });
    return mails;
  }

  TempDir dir_;
  SmtpSink sink_;
  std::unique_ptr<Server> server_;
};

TEST_F(OutboundMail, NewTicketAutoResponseArrivesWithTokenIdsAndLoopHeaders) {
  const std::string number = create_ticket();
  const auto mails = mails_to_rita(1);
  ASSERT_EQ(mails.size(), 1u) << server_->log();
  const std::string& mail = mails[0];
  EXPECT_EQ(header(mail, "Subject"), "[#" + number + "] We received your request: Printer on floor 3");
  EXPECT_EQ(header(mail, "From"), "\"Customer Support\" <support@example.com>") << "the department's address";
  EXPECT_EQ(header(mail, "Reply-To"), header(mail, "From"));
  EXPECT_EQ(header(mail, "X-MailFrom"), "support@example.com");
  EXPECT_EQ(header(mail, "X-RcptTo"), "rita@example.org");
  EXPECT_EQ(header(mail, "X-Helpdesk-Loop"), kInstance);
  EXPECT_EQ(header(mail, "Auto-Submitted"), "auto-replied");
  EXPECT_EQ(header(mail, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_NE(mail.find("https://help.example.com/tickets/" + number), std::string::npos) << mail;
  const auto id = verify_id(header(mail, "Message-ID"));
  ASSERT_TRUE(id) << "not signed with our secret: " << header(mail, "Message-ID");
  EXPECT_EQ(id->ticket, number);
  EXPECT_GT(id->entry, 0) << "the auto-response carries the ticket's first message";
  EXPECT_TRUE(header(mail, "In-Reply-To").empty()) << "nothing to answer yet (the ticket came over the API)";

  ASSERT_TRUE(eventually([&] { return outgoing_health(*server_)["sent"] == 1; })) << outgoing_health(*server_);
  const auto health = outgoing_health(*server_);
  EXPECT_EQ(health["pending"], 0);
  EXPECT_EQ(health["failed"], 0);
  EXPECT_TRUE(health["last_sent_at"].is_string()) << health;
}

TEST_F(OutboundMail, AgentReplyThreadsOnTheConversationAndIsRecorded) {
  const std::string number = create_ticket();
  const auto first = mails_to_rita(1);
  ASSERT_EQ(first.size(), 1u) << server_->log();
  const std::string auto_response_id = header(first[0], "Message-ID");

  const auto reply =
      helpdesk::test::http_request(server_->port(), "POST", "/api/v1/tickets/" + number + "/reply",
                                   R"({"message": "Please switch it off and on.\nRegards"})",
                                   {{"Authorization", "Bearer " + admin_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const long long entry_id = reply.json()["id"].get<long long>();

  const auto mails = mails_to_rita(2);
  ASSERT_EQ(mails.size(), 2u) << server_->log();
  const std::string& mail = header(mails[0], "Message-ID") == auto_response_id ? mails[1] : mails[0];
  EXPECT_EQ(header(mail, "Subject"), "[#" + number + "] Re: Printer on floor 3");
  EXPECT_EQ(header(mail, "Auto-Submitted"), "auto-generated");
  EXPECT_EQ(header(mail, "X-Helpdesk-Loop"), kInstance);
  EXPECT_NE(mail.find("Please switch it off and on."), std::string::npos) << mail;
  // Threading: the reply answers the last mail of the conversation, and a mail client replying
  // to it will put this Message-ID into its In-Reply-To, which names our ticket and entry.
  EXPECT_EQ(header(mail, "In-Reply-To"), auto_response_id);
  EXPECT_NE(header(mail, "References").find(auto_response_id), std::string::npos);
  const std::string message_id = header(mail, "Message-ID");
  const auto id = verify_id(message_id);
  ASSERT_TRUE(id) << message_id;
  EXPECT_EQ(id->ticket, number);
  EXPECT_EQ(id->entry, entry_id);
  // Recorded as ours, so inbound recognises the user's reply even without the signature.
  const std::string bare = message_id.substr(1, message_id.size() - 2);
  EXPECT_EQ(query(dir_.path(),
                  "SELECT direction, ticket_number, entry_id, source FROM intake_email_messages "
                  "WHERE message_id = '" +
                      bare + "'"),
            std::vector<std::string>{"out|" + number + "|" + std::to_string(entry_id) + "|agent_reply"});
  ASSERT_TRUE(eventually([&] { return outgoing_health(*server_)["sent"] == 2; })) << outgoing_health(*server_);
}

TEST_F(OutboundMail, AReplyAnswersTheRequestersLatestMailFirst) {
  const std::string number = create_ticket();
  const auto first = mails_to_rita(1);
  ASSERT_EQ(first.size(), 1u) << server_->log();
  const std::string auto_response_id = header(first[0], "Message-ID");
  // The requester answered by mail (the row inbound writes for a message it stored).
  query(dir_.path(),
        "INSERT INTO intake_email_messages (direction, message_id, ticket_number, entry_id, source, created_at) "
        "VALUES ('in', 'rita-answer-1@mail.example.org', '" +
            number + "', NULL, 'pipe', 0)");
  const auto reply = helpdesk::test::http_request(
      server_->port(), "POST", "/api/v1/tickets/" + number + "/reply", R"({"message": "Thanks, noted."})",
      {{"Authorization", "Bearer " + admin_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const auto mails = mails_to_rita(2);
  ASSERT_EQ(mails.size(), 2u);
  const std::string& mail = header(mails[0], "Message-ID") == auto_response_id ? mails[1] : mails[0];
  EXPECT_EQ(header(mail, "In-Reply-To"), "<rita-answer-1@mail.example.org>");
  // The thread's first mail (our auto-response), then what it answers, last.
  EXPECT_EQ(header(mail, "References"), auto_response_id + " <rita-answer-1@mail.example.org>");
}

TEST_F(OutboundMail, InternalNotesSendNothing) {
  const std::string number = create_ticket();
  ASSERT_EQ(mails_to_rita(1).size(), 1u);
  const auto note = helpdesk::test::http_request(
      server_->port(), "POST", "/api/v1/tickets/" + number + "/notes", R"({"message": "internal only"})",
      {{"Authorization", "Bearer " + admin_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(note.status, 201) << note.body;
  // A reply after the note: once its mail is there, the note's would have been queued before it.
  const auto reply = helpdesk::test::http_request(
      server_->port(), "POST", "/api/v1/tickets/" + number + "/reply", R"({"message": "Done."})",
      {{"Authorization", "Bearer " + admin_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  const auto mails = mails_to_rita(2);
  EXPECT_EQ(mails.size(), 2u);
  for (const auto& m : sink_.messages()) EXPECT_EQ(m.find("internal only"), std::string::npos) << m;
}

}  // namespace
