#include "inbound_poll.hpp"

#include <algorithm>

#include "transport/imap_mailbox.hpp"
#include "transport/pop3_mailbox.hpp"

namespace intake_email {

using helpdesk::mail::TransportError;

void Poller::start() {
  host_.scheduler().on(poll_timer_kind, [this](const helpdesk::Timer& timer) {
    const auto* account = settings_.account(timer.key);
    if (!account) {
      host_.logger()->info("poll timer for account '{}', which is no longer configured: dropped", timer.key);
      return;
    }
    poll(*account);
    if (!stopping_)
      host_.scheduler().schedule(poll_timer_kind, host_.scheduler().now() + account->interval_seconds, {}, account->name);
  });
  if (!host_.serving()) return;
  // First poll soon after start; a pending timer of the same account is replaced.
  for (const auto& a : settings_.accounts)
    host_.scheduler().schedule(poll_timer_kind, host_.scheduler().now() + 1, {}, a.name);
}

void Poller::set_status(const std::string& account, const Status& status) {
  std::lock_guard lock(mutex_);
  status_[account] = status;
}

nlohmann::json Poller::health() const {
  std::lock_guard lock(mutex_);
  auto out = nlohmann::json::object();
  for (const auto& a : settings_.accounts) {
    auto it = status_.find(a.name);
    const Status s = it == status_.end() ? Status{} : it->second;
    out[a.name] = {{"last_poll", s.last_poll ? nlohmann::json(helpdesk::iso8601(s.last_poll)) : nlohmann::json(nullptr)},
                   {"last_error", s.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.last_error)},
                   {"imported", s.imported}};
  }
  return out;
}

std::string Poller::bearer(const MailAccount& account) {
  auto& store = processor_.store();
  const std::string key = "oauth2:" + account.name;
  helpdesk::mail::OAuth2Token token;
  if (auto saved = store.state(key)) {
    const auto j = nlohmann::json::parse(*saved, nullptr, false);
    if (j.is_object()) {
      token.access_token = j.value("access_token", "");
      token.expires_at = j.value("expires_at", std::int64_t{0});
      token.refresh_token = j.value("refresh_token", "");
    }
  }
  if (!helpdesk::mail::oauth2_needs_refresh(token, host_.scheduler().now())) return token.access_token;
  auto request = *account.oauth2;
  // A rotated refresh token replaces the configured one.
  if (!token.refresh_token.empty()) request.refresh_token = token.refresh_token;
  try {
    token = helpdesk::mail::refresh_oauth2_token(request);
  } catch (const TransportError& e) {
    host_.logger()->error("account {}: OAuth2 token refresh FAILED, mail is not being fetched{}: {}", account.name,
                          e.temporary() ? " (will retry)" : "; an admin must re-authorise the mailbox", e.what());
    throw TransportError(std::string("OAuth2 token refresh failed: ") + e.what(), e.temporary());
  }
  store.set_state(key, nlohmann::json{{"access_token", token.access_token},
                                      {"expires_at", token.expires_at},
                                      {"refresh_token", token.refresh_token}}
                           .dump());
  return token.access_token;
}

void Poller::poll(const MailAccount& account) {
  Status status;
  {
    std::lock_guard lock(mutex_);
    status = status_[account.name];
  }
  status.last_poll = host_.scheduler().now();
  try {
    auto endpoint = account.endpoint;
    endpoint.max_message_bytes = settings_.max_message_bytes;
    if (account.oauth2) endpoint.oauth2_bearer = bearer(account);
    if (account.pop3) poll_pop3(account, endpoint);
    else poll_imap(account, endpoint);
    status.last_error.clear();
  } catch (const std::exception& e) {
    status.last_error = e.what();
    host_.logger()->error("account {}: poll failed: {}", account.name, e.what());
  }
  status.imported = processor_.store().imported_count(account.name);
  set_status(account.name, status);
}

namespace {

// A message the mailbox will not hand over (e.g. too large) is recorded as quarantined so it
// does not block the account; its reason names the item.
bool refused_item(const TransportError& e) { return !e.temporary(); }

}  // namespace

void Poller::poll_imap(const MailAccount& account, helpdesk::mail::Endpoint endpoint) {
  helpdesk::mail::ImapMailbox mailbox(std::move(endpoint));
  auto& store = processor_.store();
  const auto uidvalidity = static_cast<std::int64_t>(mailbox.uidvalidity());
  const auto uids = mailbox.uids();
  // Flag/move/delete what is recorded, then mark it cleaned, a chunk per commit.
  std::vector<FetchKey> recorded;
  auto clean_recorded = [&] {
    std::vector<FetchKey> cleaned;
    for (const auto& key : recorded) {
      const auto uid = std::stoull(key.uid);
      if (std::binary_search(uids.begin(), uids.end(), uid)) {
        if (account.after_import == "seen") mailbox.add_flag(uid, "\\Seen");
        else if (account.after_import == "move") mailbox.move(uid, account.move_to);
        else if (account.after_import == "delete") mailbox.remove(uid);
      }
      cleaned.push_back(key);
    }
    store.mark_cleaned(cleaned);
    recorded.clear();
  };
  // Recorded before a crash but not yet flagged/moved/deleted.
  for (const auto& uid : store.uncleaned(account.name, uidvalidity)) recorded.push_back({account.name, uidvalidity, uid});
  clean_recorded();
  const auto done = store.fetched_uids(account.name, uidvalidity);
  for (const auto uid : uids) {
    if (stopping_) break;
    const std::string key = std::to_string(uid);
    if (done.count(key)) continue;
    Source source{account.name, account.department, account.topic, FetchKey{account.name, uidvalidity, key}};
    std::string raw;
    try {
      raw = mailbox.fetch(uid);
    } catch (const TransportError& e) {
      if (!refused_item(e)) throw;
      store.quarantine(account.name, "IMAP UID " + key + " could not be fetched: " + e.what(), "", "", "", source.fetch,
                       host_.scheduler().now(), "unreadable");
      // Left in the mailbox untouched (we never read it): recorded as done with, not cleaned up.
      store.mark_cleaned({*source.fetch});
      continue;
    }
    processor_.process(raw, source);
    recorded.push_back(*source.fetch);
    if (recorded.size() >= 50) clean_recorded();
  }
  clean_recorded();
}

void Poller::poll_pop3(const MailAccount& account, helpdesk::mail::Endpoint endpoint) {
  helpdesk::mail::Pop3Mailbox mailbox(std::move(endpoint));
  auto& store = processor_.store();
  const bool remove = account.after_import == "delete";
  const auto done = store.fetched_uids(account.name, 0);
  const auto pending = store.uncleaned(account.name, 0);
  std::vector<FetchKey> to_clean;
  for (const auto& entry : mailbox.list()) {
    if (stopping_) break;
    FetchKey key{account.name, 0, entry.uidl};
    if (auto d = done.find(entry.uidl); d != done.end()) {
      // Recorded means processed: with delete, anything recorded goes (also what an earlier
      // "keep" left, or a crash left before its DELE took effect), except what we never read.
      if (remove && d->second != "unreadable") mailbox.remove(entry.number);
      if (std::find(pending.begin(), pending.end(), entry.uidl) != pending.end()) to_clean.push_back(key);
      continue;
    }
    Source source{account.name, account.department, account.topic, key};
    std::string raw;
    try {
      raw = mailbox.retrieve(entry.number);
    } catch (const TransportError& e) {
      if (!refused_item(e)) throw;
      store.quarantine(account.name, "POP3 message " + entry.uidl + " could not be retrieved: " + e.what(), "", "", "",
                       key, host_.scheduler().now(), "unreadable");
      store.mark_cleaned({key});
      continue;
    }
    processor_.process(raw, source);
    if (remove) mailbox.remove(entry.number);
    to_clean.push_back(key);
  }
  mailbox.close();  // applies the removals
  store.mark_cleaned(to_clean);
}

}  // namespace intake_email
