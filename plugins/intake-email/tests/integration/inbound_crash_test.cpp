// Crash safety of IMAP polling: 100 messages, the server SIGKILLed at a few moments while it
// imports, restarted each time; at the end exactly one ticket per message, none lost, none twice.
#include <chrono>
#include <set>
#include <thread>

#include "inbound_support.hpp"
#include "support/dovecot_server.hpp"
#include "support/peers.hpp"

using namespace inbound_test;
using helpdesk::mail::test::DovecotServer;

TEST(InboundCrash, KilledWhileImportingLosesAndDuplicatesNothing) {
  if (auto reason = helpdesk::mail::test::dovecot_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  DovecotServer dovecot;
  dovecot.start();
  constexpr int count = 100;
  for (int i = 0; i < count; ++i)
    dovecot.deliver("alice", message("crash" + std::to_string(i % 7) + "@example.org", "Crash message " + std::to_string(i),
                                     "crash" + std::to_string(i) + "@example.org"));
  TempDir dir;
  const auto config = email_config(
      "      rate_limit_per_hour: 0\n"
      "      accounts:\n"
      "        - name: desk\n"
      "          url: imap://127.0.0.1:" + std::to_string(dovecot.imap_port()) + "/INBOX\n"
      "          username: alice\n"
      "          password: alice-secret\n"
      "          interval_seconds: 1\n"
      "          after_import: delete\n");
  // Kill at different moments: soon after start, and after some tickets exist.
  int killed_mid_import = 0;
  for (int round = 0; round < 4; ++round) {
    Server server(dir.path(), config);
    const std::size_t target = static_cast<std::size_t>(10 + round * 20);
    std::size_t seen = 0;
    for (int i = 0; i < 200; ++i) {
      seen = all_tickets(server).size();
      if (seen >= target) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20 + round * 7));
    }
    server.kill_hard();
    if (seen > 0 && seen < static_cast<std::size_t>(count)) ++killed_mid_import;
  }
  EXPECT_GT(killed_mid_import, 0) << "no kill fell inside the import; the test proved nothing";
  Server server(dir.path(), config);
  nlohmann::json tickets;
  for (int i = 0; i < 600; ++i) {
    tickets = all_tickets(server);
    if (tickets.size() >= static_cast<std::size_t>(count) && dovecot.count_on_disk("alice") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::multiset<std::string> subjects;
  for (const auto& t : tickets) subjects.insert(t["subject"].get<std::string>());
  for (int i = 0; i < count; ++i)
    EXPECT_EQ(subjects.count("Crash message " + std::to_string(i)), 1u) << "message " << i;
  EXPECT_EQ(tickets.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(dovecot.count_on_disk("alice"), 0u) << "every recorded message is deleted in the end";
}
