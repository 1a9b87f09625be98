// The email ingestion benchmark (disabled in the normal run; bench/email.sh runs it): messages/s
// through POST /api/tickets.email (parse + store in the server), through `helpdeskd pipe` (one
// process per message, as an MTA runs it) and through IMAP polling of a real Dovecot.
// INBOUND_BENCH_COUNT sets the number of messages (default 200); INBOUND_BENCH_OUT names a file
// for the results as JSON. Nothing is asserted about speed.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "inbound_support.hpp"
#include "support/dovecot_server.hpp"
#include "support/peers.hpp"

using namespace inbound_test;

namespace {

using Clock = std::chrono::steady_clock;

int bench_count() {
  const char* v = std::getenv("INBOUND_BENCH_COUNT");
  return v ? std::max(1, std::atoi(v)) : 200;
}

std::string bench_message(const std::string& kind, int i) {
  return message("Sender " + std::to_string(i % 50) + " <sender" + std::to_string(i % 50) + "@example.org>",
                 kind + " benchmark message " + std::to_string(i), kind + std::to_string(i) + "@bench.example",
                 "Content-Type: text/plain; charset=utf-8\r\n",
                 "Hello,\r\n\r\nmy printer prints only blank pages since this morning. Could you have a look?\r\n\r\n"
                 "Thanks,\r\nSender\r\n");
}

const std::string bench_settings = "      rate_limit_per_hour: 0\n";

// Runs `work(i)` for i in [0, n) on `threads` threads; returns the seconds taken.
template <typename F>
double timed_parallel(int n, int threads, F work) {
  std::atomic<int> next{0};
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) work(i);
    });
  for (auto& t : pool) t.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST(InboundBench, DISABLED_MessagesPerSecond) {
  const int n = bench_count();
  nlohmann::json results = nlohmann::json::object();
  results["messages"] = n;

  {  // POST /api/tickets.email: the parse and store path inside the server.
    TempDir dir;
    Server server(dir.path(), email_config(bench_settings));
    std::atomic<int> failed{0};
    const double seconds = timed_parallel(n, 4, [&](int i) {
      const auto r = helpdesk::test::http_request(server.port(), "POST", "/api/tickets.email", bench_message("api", i),
                                                  {{"X-API-Key", helpdesk::test::api_key}});
      if (r.status != 201) ++failed;
    });
    EXPECT_EQ(failed, 0);
    results["api_per_s"] = n / seconds;
  }
  {  // helpdeskd pipe: a process per message (2 at a time, as a busy MTA would).
    TempDir dir;
    std::ofstream(dir.path() / "helpdesk.yaml") << email_config(bench_settings);
    {
      Server server(dir.path(), read_file(dir.path() / "helpdesk.yaml"));  // creates the database once
      server.terminate();
    }
    std::atomic<int> failed{0};
    const double seconds = timed_parallel(n, 2, [&](int i) {
      if (pipe_message(dir.path(), bench_message("pipe", i)).code != 0) ++failed;
    });
    EXPECT_EQ(failed, 0);
    results["pipe_per_s"] = n / seconds;
  }
  if (auto reason = helpdesk::mail::test::dovecot_unavailable(); reason.empty()) {
    helpdesk::mail::test::DovecotServer dovecot;
    dovecot.start();
    for (int i = 0; i < n; ++i) dovecot.deliver("alice", bench_message("imap", i));
    TempDir dir;
    const auto start = Clock::now();
    Server server(dir.path(), email_config(bench_settings +
                                           "      accounts:\n"
                                           "        - name: desk\n"
                                           "          url: imap://127.0.0.1:" + std::to_string(dovecot.imap_port()) + "/INBOX\n"
                                           "          username: alice\n"
                                           "          password: alice-secret\n"
                                           "          interval_seconds: 1\n"
                                           "          after_import: delete\n"));
    std::size_t imported = 0;
    while (imported < static_cast<std::size_t>(n) && Clock::now() - start < std::chrono::minutes(30)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      imported = dovecot.count_on_disk("alice") == 0 ? static_cast<std::size_t>(n) : imported;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    EXPECT_EQ(all_tickets(server).size(), static_cast<std::size_t>(n));
    results["imap_per_s"] = n / seconds;
  } else {
    results["imap_skipped"] = reason;
  }
  std::cout << "RESULTS " << results.dump() << "\n";
  if (const char* out = std::getenv("INBOUND_BENCH_OUT")) std::ofstream(out) << results.dump() << "\n";
}
