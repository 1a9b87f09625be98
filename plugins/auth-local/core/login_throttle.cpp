#include "login_throttle.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace auth_local {

namespace {

std::string account_key(std::string_view account) {
  std::string key(account);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

std::int64_t system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string minutes_text(std::int64_t seconds) {
  const std::int64_t minutes = std::max<std::int64_t>(1, (seconds + 59) / 60);
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

}  // namespace

void validate_throttle_settings(const ThrottleSettings& s) {
  auto require = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("login throttle: ") + what);
  };
  require(s.max_failures_per_account > 0, "max_failures_per_account must be at least 1");
  require(s.max_failures_per_address > 0, "max_failures_per_address must be at least 1");
  require(s.window_seconds > 0, "window_seconds must be at least 1");
  require(s.lockout_seconds > 0, "lockout_seconds must be at least 1");
  require(s.max_entries >= 16, "max_entries must be at least 16");
}

LoginThrottle::LoginThrottle(ThrottleSettings settings, Clock clock)
    : settings_(settings), clock_(clock ? std::move(clock) : Clock(system_seconds)) {
  validate_throttle_settings(settings_);
}

bool LoginThrottle::expired(const Counter& c, std::int64_t now) const {
  return c.locked_until <= now && (c.failures == 0 || now - c.window_start >= settings_.window_seconds);
}

ThrottleDecision LoginThrottle::decide(const std::string& account, std::string_view address,
                                       std::int64_t now) const {
  Locked result;
  if (auto it = accounts_.find(account); !account.empty() && it != accounts_.end() && it->second.locked_until > now) {
    result = {it->second.locked_until, LockScope::account,
              "Too many failed logins for this account; try again in " +
                  minutes_text(it->second.locked_until - now) + " or reset your password."};
  }
  if (auto it = addresses_.find(std::string(address));
      !address.empty() && it != addresses_.end() && it->second.locked_until > now &&
      it->second.locked_until > result.until) {
    result = {it->second.locked_until, LockScope::address,
              "Too many failed logins from your network address; try again in " +
                  minutes_text(it->second.locked_until - now) + "."};
  }
  if (result.until == 0) return Allowed{};
  return result;
}

void LoginThrottle::count_failure(Table& table, const std::string& key, int max_failures, std::int64_t now) {
  if (key.empty()) return;
  auto it = table.find(key);
  if (it == table.end()) {
    make_room(table, now);
    it = table.emplace(key, Counter{}).first;
  }
  Counter& c = it->second;
  c.last_failure = now;
  if (c.locked_until > now) return;  // already locked: do not extend
  if (c.locked_until != 0 || c.failures == 0 || now - c.window_start >= settings_.window_seconds) {
    c = Counter{0, now, now, 0};  // a new window (also after a lockout ended)
  }
  if (++c.failures >= max_failures) {
    c.locked_until = now + settings_.lockout_seconds;
    c.failures = 0;
  }
}

void LoginThrottle::make_room(Table& table, std::int64_t now) {
  if (table.size() < settings_.max_entries) return;
  std::erase_if(table, [&](const auto& entry) { return expired(entry.second, now); });
  // Evict down to 7/8 of the bound, so the O(n) sweep runs once per n/8 insertions at most.
  const std::size_t target = settings_.max_entries - settings_.max_entries / 8;
  if (table.size() <= target) return;
  // Least valuable first: unlocked entries by oldest failure, then locks that end soonest.
  struct Candidate {
    bool locked;
    std::int64_t order;
    Table::iterator it;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(table.size());
  for (auto it = table.begin(); it != table.end(); ++it) {
    const bool locked = it->second.locked_until > now;
    candidates.push_back({locked, locked ? it->second.locked_until : it->second.last_failure, it});
  }
  const std::size_t evict = table.size() - target;
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(evict), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     return a.locked != b.locked ? !a.locked : a.order < b.order;
                   });
  for (std::size_t i = 0; i < evict; ++i) table.erase(candidates[i].it);
}

ThrottleDecision LoginThrottle::check(std::string_view account, std::string_view address) const {
  std::lock_guard lock(mutex_);
  return decide(account_key(account), address, clock_());
}

ThrottleDecision LoginThrottle::record_failure(std::string_view account, std::string_view address) {
  const std::string key = account_key(account);
  std::lock_guard lock(mutex_);
  const std::int64_t now = clock_();
  count_failure(accounts_, key, settings_.max_failures_per_account, now);
  count_failure(addresses_, std::string(address), settings_.max_failures_per_address, now);
  return decide(key, address, now);
}

void LoginThrottle::record_success(std::string_view account, std::string_view /*address*/) {
  const std::string key = account_key(account);
  std::lock_guard lock(mutex_);
  accounts_.erase(key);
}

ThrottleState LoginThrottle::snapshot() const {
  std::lock_guard lock(mutex_);
  auto dump = [](const Table& table) {
    std::vector<ThrottleEntry> out;
    out.reserve(table.size());
    for (const auto& [key, c] : table) out.push_back({key, c.failures, c.window_start, c.last_failure, c.locked_until});
    return out;
  };
  return {dump(accounts_), dump(addresses_)};
}

void LoginThrottle::restore(const ThrottleState& state) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = clock_();
  auto load = [&](Table& table, const std::vector<ThrottleEntry>& entries, bool is_account) {
    table.clear();
    for (const auto& e : entries) {
      if (e.key.empty()) continue;
      make_room(table, now);
      table[is_account ? account_key(e.key) : e.key] = {e.failures, e.window_start, e.last_failure, e.locked_until};
    }
  };
  load(accounts_, state.accounts, true);
  load(addresses_, state.addresses, false);
}

std::size_t LoginThrottle::tracked_accounts() const {
  std::lock_guard lock(mutex_);
  return accounts_.size();
}

std::size_t LoginThrottle::tracked_addresses() const {
  std::lock_guard lock(mutex_);
  return addresses_.size();
}

}  // namespace auth_local
