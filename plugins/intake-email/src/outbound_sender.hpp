#pragma once
// Sends the outbox's due rows over SMTP, one connection per batch, and records each row's fate:
// sent only after the relay accepted it (at-least-once), a temporary failure retried with
// backoff until max_attempts, a permanent refusal of the mail failed at once.
#include <spdlog/logger.h>

#include <cstdint>
#include <helpdesk/storage.hpp>
#include <helpdesk/tickets.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "outbound_settings.hpp"

namespace intake_email {

struct BatchResult {
  int sent = 0, retried = 0, failed = 0, deferred = 0;
};

class OutboxSender {
 public:
  OutboxSender(const OutboundSettings& settings, helpdesk::Database& db, std::shared_ptr<spdlog::logger> log);
  ~OutboxSender();

  // Sends up to `limit` rows due at `now`. Without an SMTP relay it sends nothing (rows stay
  // pending). Database errors propagate (the scheduler retries the timer).
  BatchResult send_due(helpdesk::Timestamp now, int limit = 50);

  // The last failure seen by this process ("" when none).
  std::string last_error() const;

 private:
  // The relay endpoint, with a fresh XOAUTH2 bearer when smtp.oauth2 is set.
  helpdesk::mail::Endpoint endpoint(helpdesk::Timestamp now);
  void note_error(const std::string& error);

  const OutboundSettings& settings_;
  helpdesk::Database& db_;
  std::shared_ptr<spdlog::logger> log_;
  helpdesk::mail::OAuth2Token token_;  // scheduler thread only
  mutable std::mutex mutex_;           // guards last_error_ (health reads it)
  std::string last_error_;
};

}  // namespace intake_email
