// SLA over real HTTP with the shipped config (office hours in Europe/Berlin, the standard plan's
// policy script, the escalate-breach trigger). Time comes from a clock file the test moves while
// helpdeskd is stopped: each step falls due during a restart and fires when the server is back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

// UTC unix seconds of a Berlin wall-clock time in winter (UTC+1).
std::int64_t berlin_winter(int y, int mo, int d, int h, int mi = 0, int s = 0) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h - 1;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(timegm(&tm));
}

class ClockFile {
 public:
  explicit ClockFile(const fs::path& file) : file_(file) { ::setenv("HELPDESK_TEST_CLOCK_FILE", file.c_str(), 1); }
  ~ClockFile() { ::unsetenv("HELPDESK_TEST_CLOCK_FILE"); }
  void set(std::int64_t t) { std::ofstream(file_) << t; }

 private:
  fs::path file_;
};

// Polls the ticket until `done` holds (the scheduler fires at start, asynchronously).
json wait_for(const Server& server, const std::string& number, const std::function<bool(const json&)>& done) {
  json t;
  for (int i = 0; i < 200; ++i) {
    auto r = server.get("/api/v1/tickets/" + number, demo_admin_token);
    if (r.status == 200) {
      t = r.json();
      if (done(t)) return t;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "ticket " << number << " never reached the expected state: " << t.dump();
  return t;
}

bool has_tag(const json& t, const std::string& tag) {
  for (const auto& x : t["tags"])
    if (x == tag) return true;
  return false;
}

TEST(SlaOverHttp, StepsFireAtBusinessHourTimesAcrossRestarts) {
  TempDir dir;
  ClockFile clock(dir.path() / "clock");
  // Thursday 2026-11-26, 17:00 in Berlin: one office hour left that day.
  clock.set(berlin_winter(2026, 11, 26, 17));
  std::string number;
  {
    Server server(dir.path(), shipped_config());
    auto r = server.post_ticket({{"name", "Rita"}, {"email", "rita@example.com"}, {"subject", "Printer on floor 3"},
                                 {"message", "The printer prints blank pages."}},
                                demo_api_key);
    ASSERT_EQ(r.status, 201) << r.body;
    number = r.body;
    const auto t = server.get("/api/v1/tickets/" + number, demo_admin_token).json();
    EXPECT_EQ(t["priority"], "normal");
    EXPECT_EQ(t["sla_plan"], "standard");
    // 8 business hours: Thu 17-18, then Fri 08-15.
    EXPECT_EQ(t["first_response_due_at"], "2026-11-27T14:00:00Z");
    // 24 business hours: Thu 1 + Fri 8 + Mon 10 + Tue 5 (until 13:00).
    EXPECT_EQ(t["due_at"], "2026-12-01T12:00:00Z");
    EXPECT_EQ(t["is_overdue"], false);
    ASSERT_EQ(server.terminate(), 0);
  }
  {
    // Friday 15:00:01: the first response is overdue. The trigger raises the priority to high,
    // which the policy turns into a 16-hour resolution target (due Monday 15:00).
    clock.set(berlin_winter(2026, 11, 27, 15, 0, 1));
    Server server(dir.path(), shipped_config());
    const auto t = wait_for(server, number, [](const json& t) { return has_tag(t, "sla:breached"); });
    EXPECT_EQ(t["priority"], "high");
    EXPECT_EQ(t["is_overdue"], false) << "only the resolution breach marks the ticket overdue";
    EXPECT_TRUE(t["team"].is_null()) << t;
    const auto recomputed = wait_for(server, number, [](const json& t) { return t["due_at"] == "2026-11-30T14:00:00Z"; });
    EXPECT_EQ(recomputed["due_at"], "2026-11-30T14:00:00Z");
    ASSERT_EQ(server.terminate(), 0);
  }
  {
    // Monday 15:00:01: resolution breached. Overdue, and escalated to Level 2.
    clock.set(berlin_winter(2026, 11, 30, 15, 0, 1));
    Server server(dir.path(), shipped_config());
    const auto t = wait_for(server, number, [](const json& t) { return t["is_overdue"] == true && t["team"] == "level-2"; });
    EXPECT_EQ(t["is_overdue"], true);
    EXPECT_EQ(t["team"], "level-2");
    ASSERT_EQ(server.terminate(), 0);
  }
}

TEST(SlaOverHttp, RulesCheckCompilesThePolicyScripts) {
  TempDir dir;
  const auto file = dir.path() / "helpdesk.yaml";
  std::ofstream(file) << shipped_config();
  std::string out;
  EXPECT_EQ(run_command({helpdeskd_path().string(), "rules", "check", "--config", file.string()}, out), 0) << out;
  EXPECT_NE(out.find("1 SLA policy(s) checked, 0 problem(s)"), std::string::npos) << out;
}

}  // namespace
