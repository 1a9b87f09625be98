#include "persistent_throttle.hpp"

#include <algorithm>

#include "accounts.hpp"
#include "address_key.hpp"
#include "json_fields.hpp"

namespace auth_local {
namespace {

std::vector<ThrottleEntry> rows_of(helpdesk::Sql& sql, const char* scope) {
  std::vector<ThrottleEntry> out;
  for (const auto& row : sql.query(
           "SELECT key, failures, window_start, last_failure, locked_until FROM auth_local_throttle WHERE scope = ?",
           {std::string(scope)}))
    out.push_back({row.text(0), static_cast<int>(row.integer(1)), row.integer(2), row.integer(3), row.integer(4)});
  return out;
}

void upsert(helpdesk::Sql& sql, const char* scope, const std::string& key, const std::vector<ThrottleEntry>& entries) {
  if (key.empty()) return;
  auto it = std::find_if(entries.begin(), entries.end(), [&](const ThrottleEntry& e) { return e.key == key; });
  sql.exec("DELETE FROM auth_local_throttle WHERE scope = ? AND key = ?", {std::string(scope), key});
  if (it == entries.end()) return;
  sql.exec(
      "INSERT INTO auth_local_throttle (scope, key, failures, window_start, last_failure, locked_until) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {std::string(scope), key, std::int64_t{it->failures}, it->window_start, it->last_failure, it->locked_until});
}

}  // namespace

PersistentThrottle::PersistentThrottle(helpdesk::Database& db, const ThrottleSettings& settings,
                                       LoginThrottle::Clock clock)
    : db_(db), throttle_(settings, clock), clock_(std::move(clock)) {
  ThrottleState state;
  db_.read([&](helpdesk::Sql& sql) {
    state.accounts = rows_of(sql, "account");
    state.addresses = rows_of(sql, "address");
  });
  throttle_.restore(state);
}

void PersistentThrottle::check(const std::string& account, const std::string& remote_address) {
  const auto decision = throttle_.check(lower(account), address_key(remote_address));
  if (const auto* locked = std::get_if<Locked>(&decision))
    throw LockedError(locked->reason, std::max<std::int64_t>(1, locked->until - clock_()));
}

void PersistentThrottle::failure(const std::string& account, const std::string& remote_address) {
  throttle_.record_failure(lower(account), address_key(remote_address));
  save(lower(account), address_key(remote_address));
}

void PersistentThrottle::success(const std::string& account, const std::string& remote_address) {
  throttle_.record_success(lower(account), address_key(remote_address));
  save(lower(account), address_key(remote_address));
}

void PersistentThrottle::save(const std::string& account, const std::string& address) {
  const ThrottleState state = throttle_.snapshot();
  db_.write([&](helpdesk::Sql& sql) {
    upsert(sql, "account", account, state.accounts);
    upsert(sql, "address", address, state.addresses);
  });
}

helpdesk::http::Handler with_retry_after(helpdesk::http::Handler handler) {
  return [handler = std::move(handler)](const helpdesk::http::Request& request) {
    try {
      return handler(request);
    } catch (const LockedError& e) {
      auto response = error_response(request, e);
      response.set_header("Retry-After", std::to_string(e.retry_after()));
      return response;
    }
  };
}

}  // namespace auth_local
