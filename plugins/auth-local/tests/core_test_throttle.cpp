// The login throttle with an injected clock: lockouts, their expiry, per-address counting,
// the memory bound and thread safety.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "address_key.hpp"
#include "login_throttle.hpp"

namespace auth_local {
namespace {

class Throttle : public ::testing::Test {
 protected:
  static ThrottleSettings settings() {
    ThrottleSettings s;
    s.max_failures_per_account = 3;
    s.max_failures_per_address = 5;
    s.window_seconds = 60;
    s.lockout_seconds = 300;
    s.max_entries = 64;
    return s;
  }
  std::int64_t now_ = 1'000'000;
  LoginThrottle throttle_{settings(), [this] { return now_; }};
};

bool allowed(const ThrottleDecision& d) { return std::holds_alternative<Allowed>(d); }

TEST_F(Throttle, LocksTheAccountAfterMaxFailuresAndShowsWhen) {
  EXPECT_TRUE(allowed(throttle_.check("jane@example.com", "192.0.2.1")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane@example.com", "192.0.2.1")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane@example.com", "192.0.2.2")));
  const ThrottleDecision third = throttle_.record_failure("JANE@example.com", "192.0.2.3");  // case-insensitive
  ASSERT_FALSE(allowed(third));
  const Locked& locked = std::get<Locked>(third);
  EXPECT_EQ(locked.until, now_ + 300);
  EXPECT_EQ(locked.scope, LockScope::account);
  EXPECT_NE(locked.reason.find("try again in 5 minutes"), std::string::npos) << locked.reason;
  // Locked from any address, and another account from the same addresses is not.
  EXPECT_FALSE(allowed(throttle_.check("jane@example.com", "198.51.100.9")));
  EXPECT_TRUE(allowed(throttle_.check("john@example.com", "192.0.2.1")));
}

TEST_F(Throttle, LockoutExpiresAndCountingStartsAfresh) {
  for (int i = 0; i < 3; ++i) throttle_.record_failure("jane", "192.0.2.1");
  now_ += 299;
  EXPECT_FALSE(allowed(throttle_.check("jane", "")));
  throttle_.record_failure("jane", "");  // failures during a lockout do not extend it
  now_ += 1;
  EXPECT_TRUE(allowed(throttle_.check("jane", "")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "")));
  EXPECT_FALSE(allowed(throttle_.record_failure("jane", "")));
}

TEST_F(Throttle, FailuresOutsideTheWindowDoNotAddUp) {
  throttle_.record_failure("jane", "");
  throttle_.record_failure("jane", "");
  now_ += 60;  // the window is over: a new one starts with this failure
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "")));
  EXPECT_FALSE(allowed(throttle_.record_failure("jane", "")));
}

TEST_F(Throttle, SuccessClearsTheAccountButNotTheAddress) {
  throttle_.record_failure("jane", "192.0.2.1");
  throttle_.record_failure("jane", "192.0.2.1");
  throttle_.record_success("jane", "192.0.2.1");
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "192.0.2.1")));
  EXPECT_TRUE(allowed(throttle_.record_failure("jane", "192.0.2.1")));  // 2 since the success
  // The address has now seen 4 failures; a success by another account does not reset it.
  throttle_.record_success("mallory", "192.0.2.1");
  const ThrottleDecision fifth = throttle_.record_failure("mallory", "192.0.2.1");
  ASSERT_FALSE(allowed(fifth));
  EXPECT_EQ(std::get<Locked>(fifth).scope, LockScope::address);
}

TEST_F(Throttle, AddressLockoutIsIndependentOfAccounts) {
  // Five different accounts (one failure each, none locked) from one address lock the address.
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(allowed(throttle_.record_failure("user" + std::to_string(i), "203.0.113.5")));
  }
  const ThrottleDecision d = throttle_.record_failure("user4", "203.0.113.5");
  ASSERT_FALSE(allowed(d));
  EXPECT_EQ(std::get<Locked>(d).scope, LockScope::address);
  EXPECT_NE(std::get<Locked>(d).reason.find("network address"), std::string::npos);
  EXPECT_FALSE(allowed(throttle_.check("fresh-account", "203.0.113.5")));
  EXPECT_TRUE(allowed(throttle_.check("user0", "203.0.113.6")));  // the accounts themselves are fine
  now_ += 300;
  EXPECT_TRUE(allowed(throttle_.check("fresh-account", "203.0.113.5")));
}

TEST_F(Throttle, ReportsTheLaterOfTwoLocks) {
  for (int i = 0; i < 3; ++i) throttle_.record_failure("jane", "");  // account locked until now+300
  now_ += 10;
  for (int i = 0; i < 5; ++i) throttle_.record_failure("other" + std::to_string(i), "192.0.2.77");
  const ThrottleDecision d = throttle_.check("jane", "192.0.2.77");
  ASSERT_FALSE(allowed(d));
  EXPECT_EQ(std::get<Locked>(d).scope, LockScope::address);
  EXPECT_EQ(std::get<Locked>(d).until, now_ + 300);
}

TEST_F(Throttle, AFloodOfDistinctKeysStaysBounded) {
  for (int i = 0; i < 10'000; ++i) {
    throttle_.record_failure("guess" + std::to_string(i), "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
    now_ += i % 2;
  }
  EXPECT_LE(throttle_.tracked_accounts(), 64u);
  EXPECT_LE(throttle_.tracked_addresses(), 64u);
  EXPECT_GT(throttle_.tracked_accounts(), 0u);  // pruning keeps recent entries, not nothing
}

TEST_F(Throttle, EvictsUnlockedEntriesBeforeLockedOnes) {
  for (int i = 0; i < 3; ++i) throttle_.record_failure("victim", "");
  // Within the victim's lockout, a thousand new names push the table past its bound.
  for (int i = 0; i < 1000; ++i) throttle_.record_failure("guess" + std::to_string(i), "");
  EXPECT_LE(throttle_.tracked_accounts(), 64u);
  EXPECT_FALSE(allowed(throttle_.check("victim", "")));
}

TEST_F(Throttle, SnapshotRestoresIntoAFreshThrottle) {
  for (int i = 0; i < 3; ++i) throttle_.record_failure("jane", "192.0.2.1");
  throttle_.record_failure("john", "");
  const ThrottleState state = throttle_.snapshot();
  EXPECT_EQ(state.accounts.size(), 2u);
  EXPECT_EQ(state.addresses.size(), 1u);

  LoginThrottle restored(settings(), [this] { return now_; });
  restored.restore(state);
  EXPECT_FALSE(allowed(restored.check("jane", "")));
  EXPECT_TRUE(allowed(restored.record_failure("john", "")));
  EXPECT_FALSE(allowed(restored.record_failure("john", "")));  // john's earlier failure survived
}

TEST_F(Throttle, IsSafeUnderConcurrentUse) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string account = "user" + std::to_string((t * 7 + i) % 100);
        throttle_.record_failure(account, "192.0.2." + std::to_string(i % 200));
        (void)throttle_.check(account, "192.0.2.1");
        if (i % 5 == 0) throttle_.record_success(account, "");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(throttle_.tracked_accounts(), 64u);
  EXPECT_LE(throttle_.tracked_addresses(), 64u);
}

TEST(ThrottleSettingsCheck, NamesTheBadSetting) {
  ThrottleSettings s;
  s.window_seconds = 0;
  try {
    LoginThrottle throttle(s);
    FAIL() << "window_seconds 0 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("window_seconds"), std::string::npos) << e.what();
  }
  s = {};
  s.max_entries = 3;
  EXPECT_THROW(validate_throttle_settings(s), std::invalid_argument);
}

TEST(AddressKey, GroupsIpv6By64AndUnmapsIpv4) {
  EXPECT_EQ(address_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(address_key("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_key("2001:DB8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_key("2001:db8:1:3::1"), "2001:db8:1:3::/64");
  EXPECT_EQ(address_key("not-an-ip"), "not-an-ip");
}

}  // namespace
}  // namespace auth_local
