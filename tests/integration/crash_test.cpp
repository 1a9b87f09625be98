// Durability: a 201 means the ticket is on disk. Many clients create tickets, the server is
// SIGKILLed mid-load, restarted on the same data, and every acknowledged ticket is there.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "harness.hpp"

using namespace helpdesk::test;

TEST(CrashSafety, EveryAcknowledgedTicketSurvivesSigkill) {
  TempDir dir;
  std::vector<std::string> acknowledged;
  std::mutex mutex;
  {
    Server server(dir.path(), test_config());
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c)
      clients.emplace_back([&, c] {
        for (int i = 0; !stop && i < 2000; ++i) {
          try {
            auto r = server.post_ticket({{"name", "Crash " + std::to_string(c)},
                                         {"email", "crash" + std::to_string(c) + "@example.com"},
                                         {"subject", "ticket " + std::to_string(i)},
                                         {"message", "body"}});
            if (r.status == 201) {
              std::lock_guard lock(mutex);
              acknowledged.push_back(r.body);
            }
          } catch (const std::exception&) {
            // the server died under us: expected
          }
        }
      });
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= 300) break;
    }
    server.kill_hard();
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GE(acknowledged.size(), 300u);

  Server again(dir.path(), "");
  for (const auto& number : acknowledged) {
    auto r = again.get("/api/v1/tickets/" + number);
    ASSERT_EQ(r.status, 200) << "ticket " << number << " was acknowledged but is gone";
  }
  // Numbers stay unique and sequential after the crash.
  auto r = again.post_ticket({{"name", "After"}, {"email", "after@example.com"}, {"subject", "s"}, {"message", "m"}});
  ASSERT_EQ(r.status, 201);
  for (const auto& number : acknowledged) EXPECT_NE(number, r.body);
}
