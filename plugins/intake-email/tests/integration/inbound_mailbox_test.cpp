// IMAP and POP3 polling with a real Dovecot: delivered mail becomes tickets, after_import is
// applied only after the record, a reply delivered later threads, and a restart does not import
// anything twice.
#include <chrono>
#include <thread>

#include "inbound_support.hpp"
#include "support/dovecot_server.hpp"
#include "support/peers.hpp"

using namespace inbound_test;
using helpdesk::mail::test::DovecotServer;

namespace {

// Polls the API until `n` tickets exist (or 30 s pass); returns what is there.
nlohmann::json wait_for_tickets(const Server& server, std::size_t n) {
  nlohmann::json all;
  for (int i = 0; i < 300; ++i) {
    all = all_tickets(server);
    if (all.size() >= n) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return all;
}

std::string account_yaml(const std::string& url, const std::string& after_import, const std::string& extra = "") {
  return "      accounts:\n"
         "        - name: desk\n"
         "          url: " + url + "\n"
         "          username: alice\n"
         "          password: alice-secret\n"
         "          department: it\n"
         "          interval_seconds: 1\n"
         "          after_import: " + after_import + "\n" + extra;
}

class InboundMailbox : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = helpdesk::mail::test::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    dovecot_ = std::make_unique<DovecotServer>();
    dovecot_->start();
  }
  std::string imap_url() { return "imap://127.0.0.1:" + std::to_string(dovecot_->imap_port()) + "/INBOX"; }
  std::string pop3_url() { return "pop3://127.0.0.1:" + std::to_string(dovecot_->pop3_port()); }
  TempDir dir_;
  std::unique_ptr<DovecotServer> dovecot_;
};

}  // namespace

TEST_F(InboundMailbox, ImapImportsMovesThreadsAndNeverTwice) {
  for (int i = 0; i < 3; ++i)
    dovecot_->deliver("alice", message("User " + std::to_string(i) + " <user" + std::to_string(i) + "@example.org>",
                                       "IMAP question " + std::to_string(i), "imap" + std::to_string(i) + "@example.org"));
  const auto config = email_config(account_yaml(imap_url(), "move", "          move_to: Imported\n"));
  std::string first;
  {
    Server server(dir_.path(), config);
    auto tickets = wait_for_tickets(server, 3);
    ASSERT_EQ(tickets.size(), 3u) << server.log();
    for (const auto& t : tickets) {
      EXPECT_EQ(t["department"], "it");
      EXPECT_EQ(t["source"], "Email");
      if (t["subject"] == "IMAP question 0") first = t["number"];
    }
    ASSERT_FALSE(first.empty());
    // Moved only after the record: wait for the INBOX to empty.
    for (int i = 0; i < 100 && dovecot_->count_on_disk("alice") > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(dovecot_->count_on_disk("alice"), 0u);
    EXPECT_EQ(dovecot_->count_on_disk("alice", "Imported"), 3u);

    // A reply delivered later threads onto the first ticket.
    dovecot_->deliver("alice", message("user0@example.org", "Re: IMAP question 0", "imap-reply@example.org",
                                       "In-Reply-To: <imap0@example.org>\r\n", "Still broken.\r\n"));
    nlohmann::json t;
    for (int i = 0; i < 100; ++i) {
      t = ticket(server, first);
      if (t["thread"].size() >= 2) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(t["thread"].size(), 2u) << server.log();
    EXPECT_EQ(t["thread"][1]["body"], "Still broken.");
    const auto plugins = server.get("/api/v1/system/plugins", helpdesk::test::admin_token);
    EXPECT_NE(plugins.body.find("\"imported\""), std::string::npos) << plugins.body;
    EXPECT_EQ(server.terminate(), 0);
  }
  // The messages went back into the INBOX (as a user might move them): recorded, not imported again.
  Server server(dir_.path(), email_config(account_yaml(imap_url(), "keep")));
  dovecot_->deliver("alice", message("late@example.org", "Late one", "late@example.org"));
  const auto tickets = wait_for_tickets(server, 4);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // more polls: nothing else may appear
  EXPECT_EQ(all_tickets(server).size(), 4u) << server.log();
  EXPECT_EQ(ticket(server, first)["thread"].size(), 2u);
}

TEST_F(InboundMailbox, Pop3ImportsDeletesAndNeverTwice) {
  for (int i = 0; i < 3; ++i)
    dovecot_->deliver("alice", message("pop" + std::to_string(i) + "@example.org", "POP question " + std::to_string(i),
                                       "pop" + std::to_string(i) + "@example.org"));
  {
    Server server(dir_.path(), email_config(account_yaml(pop3_url(), "keep")));
    ASSERT_EQ(wait_for_tickets(server, 3).size(), 3u) << server.log();
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_EQ(all_tickets(server).size(), 3u) << "kept messages are recorded by UIDL, not imported again";
    EXPECT_EQ(dovecot_->count_on_disk("alice"), 3u);
    EXPECT_EQ(server.terminate(), 0);
  }
  Server server(dir_.path(), email_config(account_yaml(pop3_url(), "delete")));
  dovecot_->deliver("alice", message("pop9@example.org", "POP question 9", "pop9@example.org"));
  ASSERT_EQ(wait_for_tickets(server, 4).size(), 4u) << server.log();
  for (int i = 0; i < 100 && dovecot_->count_on_disk("alice") > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(dovecot_->count_on_disk("alice"), 0u) << "after_import: delete removes recorded messages too";
  EXPECT_EQ(all_tickets(server).size(), 4u);
}
