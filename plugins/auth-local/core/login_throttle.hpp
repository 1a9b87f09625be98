#pragma once
// Login throttling: too many failed logins within a window lock an account, or an address, for
// a while. In memory, thread-safe and bounded; the state is plain data (snapshot/restore) so
// the plugin can persist lockouts across restarts later.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace auth_local {

struct ThrottleSettings {
  int max_failures_per_account = 5;
  int max_failures_per_address = 20;  // higher: many people may share one NAT address
  std::int64_t window_seconds = 15 * 60;
  std::int64_t lockout_seconds = 15 * 60;
  // Most entries kept per kind (accounts, addresses). At the bound, expired entries go first,
  // then the oldest unlocked ones, so a flood of new addresses or names can neither grow memory
  // nor lift an existing lockout unless it locks more than this many keys itself.
  std::size_t max_entries = 100'000;
};

// Throws std::invalid_argument naming the first setting that is not positive (max_entries: < 16).
void validate_throttle_settings(const ThrottleSettings& settings);

enum class LockScope { account, address };

struct Allowed {};
struct Locked {
  std::int64_t until = 0;  // unix seconds when attempts are allowed again
  LockScope scope = LockScope::account;
  std::string reason;      // for the person logging in, e.g. "Too many failed logins for this account; …"
};
using ThrottleDecision = std::variant<Allowed, Locked>;

// One tracked key: failures in the window that started at window_start; locked_until > now
// means locked (0 = never locked).
struct ThrottleEntry {
  std::string key;
  int failures = 0;
  std::int64_t window_start = 0;
  std::int64_t last_failure = 0;
  std::int64_t locked_until = 0;
};
struct ThrottleState {
  std::vector<ThrottleEntry> accounts;
  std::vector<ThrottleEntry> addresses;
};

class LoginThrottle {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds

  // Throws what validate_throttle_settings throws. The default clock is the system clock.
  explicit LoginThrottle(ThrottleSettings settings, Clock clock = {});

  // Whether a login attempt may go ahead. Accounts compare ASCII case-insensitively (emails);
  // pass addresses through address_key() so one IPv6 /64 counts as one address. An empty
  // account or address is not tracked.
  ThrottleDecision check(std::string_view account, std::string_view address) const;

  // Counts a failed attempt against both keys (also for accounts that do not exist, so the
  // lockout behaviour does not reveal which do) and returns check()'s answer afterwards.
  // Failures while a key is locked do not extend its lockout.
  ThrottleDecision record_failure(std::string_view account, std::string_view address);

  // Forgets the account's failures (and lock). The address count stays: otherwise an attacker
  // could reset it by logging in to an account of their own between guesses.
  void record_success(std::string_view account, std::string_view address);

  ThrottleState snapshot() const;
  void restore(const ThrottleState& state);  // replaces the current state

  std::size_t tracked_accounts() const;
  std::size_t tracked_addresses() const;

 private:
  struct Counter {
    int failures = 0;
    std::int64_t window_start = 0;
    std::int64_t last_failure = 0;
    std::int64_t locked_until = 0;
  };
  using Table = std::unordered_map<std::string, Counter>;

  ThrottleDecision decide(const std::string& account, std::string_view address, std::int64_t now) const;
  void count_failure(Table& table, const std::string& key, int max_failures, std::int64_t now);
  void make_room(Table& table, std::int64_t now);
  bool expired(const Counter& c, std::int64_t now) const;

  ThrottleSettings settings_;
  Clock clock_;
  mutable std::mutex mutex_;
  Table accounts_;
  Table addresses_;
};

}  // namespace auth_local
