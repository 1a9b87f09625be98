// The SMTP relay is down while tickets are created: the mails wait in the outbox and, once the
// relay is back and their retry is due, every one arrives exactly once. Time is moved with the
// kernel's test clock file instead of waiting out the backoff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "outbound_support.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

using namespace outbound_test;
using helpdesk::mail::test::SmtpSink;

namespace {

class ClockFile {
 public:
  explicit ClockFile(const fs::path& file) : file_(file) { ::setenv("HELPDESK_TEST_CLOCK_FILE", file.c_str(), 1); }
  ~ClockFile() { ::unsetenv("HELPDESK_TEST_CLOCK_FILE"); }
  void set(std::int64_t t) {
    const auto tmp = file_.string() + ".tmp";
    std::ofstream(tmp) << t;
    fs::rename(tmp, file_);  // the server never reads half a number
  }

 private:
  fs::path file_;
};

TEST(OutboundOutage, MailQueuedWhileTheRelayIsDownArrivesExactlyOnceWhenItIsBack) {
  if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  const std::int64_t t0 = 1795046400;  // 2026-11-19T00:00:00Z
  clock.set(t0);
  SmtpSink sink;
  sink.start();  // to learn its port
  sink.stop();
  Server server(dir.path(), config(sink.port()));

  std::set<std::string> numbers;
  for (int i = 0; i < 5; ++i) {
    const auto r = server.post_ticket({{"name", "User " + std::to_string(i)},
                                       {"email", "user" + std::to_string(i) + "@example.org"},
                                       {"subject", "Outage " + std::to_string(i)},
                                       {"message", "Mail server down?"}});
    ASSERT_EQ(r.status, 201) << r.body;
    numbers.insert(r.body);
  }
  // All five queued, and the relay was tried and found down.
  ASSERT_TRUE(eventually([&] {
    const auto h = outgoing_health(server);
    return h.is_object() && h["pending"] == 5 && h["last_error"].is_string();
  })) << outgoing_health(server);
  EXPECT_EQ(outgoing_health(server)["sent"], 0);
  EXPECT_NE(outgoing_health(server)["last_error"].get<std::string>().find("127.0.0.1"), std::string::npos)
      << "the error names the relay: " << outgoing_health(server);

  sink.start();              // same port
  clock.set(t0 + 2 * 3600);  // past any backoff (at most an hour)
  ASSERT_TRUE(eventually([&] { return outgoing_health(server)["sent"] == 5; }))
      << outgoing_health(server) << server.log();
  EXPECT_EQ(outgoing_health(server)["pending"], 0);
  EXPECT_EQ(outgoing_health(server)["failed"], 0);

  const auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 5u);
  std::set<std::string> ids, subjects_seen;
  for (const auto& m : messages) {
    ids.insert(header(m, "Message-ID"));
    const auto id = verify_id(header(m, "Message-ID"));
    ASSERT_TRUE(id) << m;
    EXPECT_TRUE(numbers.count(id->ticket)) << id->ticket;
    subjects_seen.insert(id->ticket);
  }
  EXPECT_EQ(ids.size(), 5u) << "each mail once";
  EXPECT_EQ(subjects_seen, numbers) << "one auto-response per ticket";
  // The failed attempts were counted on the rows they met (the others waited behind them).
  EXPECT_EQ(
      query(dir.path(),
            "SELECT COUNT(*), MIN(attempts) >= 1, MAX(attempts) >= 2 FROM intake_email_outbox WHERE state = 'sent'"),
      std::vector<std::string>{"5|1|1"});
}

}  // namespace
