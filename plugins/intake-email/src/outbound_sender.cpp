#include "outbound_sender.hpp"

#include "outbound_outbox.hpp"
#include "transport/smtp_sender.hpp"

namespace intake_email {
namespace {

using helpdesk::mail::TransportError;

// Failures of the relay itself (login, TLS, URL) rather than of one mail: like a relay that is
// down, they are retried and hold back the rest of the batch instead of failing every mail.
bool relay_problem(const TransportError& e) { return e.misconfigured() || e.temporary(); }

}  // namespace

OutboxSender::OutboxSender(const OutboundSettings& settings, helpdesk::Database& db,
                           std::shared_ptr<spdlog::logger> log)
    : settings_(settings), db_(db), log_(std::move(log)) {}

OutboxSender::~OutboxSender() = default;

helpdesk::mail::Endpoint OutboxSender::endpoint(helpdesk::Timestamp now) {
  helpdesk::mail::Endpoint e = settings_.smtp;
  if (settings_.smtp_oauth2) {
    if (helpdesk::mail::oauth2_needs_refresh(token_, now)) {
      auto request = *settings_.smtp_oauth2;
      if (!token_.refresh_token.empty()) request.refresh_token = token_.refresh_token;  // rotated
      token_ = helpdesk::mail::refresh_oauth2_token(request);
    }
    e.oauth2_bearer = token_.access_token;
  }
  return e;
}

void OutboxSender::note_error(const std::string& error) {
  std::lock_guard lock(mutex_);
  last_error_ = error;
}

BatchResult OutboxSender::send_due(helpdesk::Timestamp now, int limit) {
  BatchResult result;
  if (!settings_.smtp_configured) return result;
  std::vector<OutboxRow> rows;
  db_.read([&](helpdesk::Sql& sql) { rows = outbox::due(sql, now, limit); });
  if (rows.empty()) return result;

  std::unique_ptr<helpdesk::mail::SmtpSender> smtp;
  std::size_t i = 0;
  // After a failure of the relay, the rest wait as long as the row that met it.
  auto defer_from = [&](std::size_t first, helpdesk::Timestamp until) {
    db_.write([&](helpdesk::Sql& sql) {
      for (std::size_t k = first; k < rows.size(); ++k) outbox::defer(sql, rows[k].id, until);
    });
    result.deferred += static_cast<int>(rows.size() - first);
  };
  for (; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (!smtp) {
      try {
        smtp = std::make_unique<helpdesk::mail::SmtpSender>(endpoint(now));
      } catch (const std::exception& e) {  // the OAuth2 refresh failed: no mail is to blame
        const std::string error = std::string("smtp: cannot log in: ") + e.what();
        note_error(error);
        log_->error("{}; {} mail(s) wait", error, rows.size() - i);
        defer_from(i, now + retry_delay_seconds(1));
        break;
      }
    }
    try {
      smtp->send(row.envelope_from, row.recipients, row.raw);
    } catch (const TransportError& e) {
      smtp.reset();  // the connection may be unusable now
      const std::string error = e.what();
      note_error(error);
      if (!relay_problem(e)) {
        log_->error("mail {} failed for good: {}", row.message_id, error);
        db_.write([&](helpdesk::Sql& sql) { outbox::mark_failed(sql, row.id, row.attempts, error); });
        ++result.failed;
        continue;
      }
      bool failed = false;
      db_.write([&](helpdesk::Sql& sql) {
        failed = outbox::mark_attempt_failed(sql, row.id, row.attempts, settings_.max_attempts, error, now);
      });
      if (failed) {
        log_->error("mail {} failed after {} attempts: {}", row.message_id, row.attempts + 1, error);
        ++result.failed;
      } else {
        log_->warn("mail {} not sent (attempt {}), retrying in {} s: {}", row.message_id, row.attempts + 1,
                   retry_delay_seconds(row.attempts + 1), error);
        ++result.retried;
      }
      defer_from(i + 1, now + retry_delay_seconds(row.attempts + 1));
      break;
    } catch (const std::invalid_argument& e) {  // a row we cannot send at all (no recipient, bad address)
      const std::string error = e.what();
      note_error(error);
      log_->error("mail {} cannot be sent: {}", row.message_id, error);
      db_.write([&](helpdesk::Sql& sql) { outbox::mark_failed(sql, row.id, row.attempts, error); });
      ++result.failed;
      continue;
    }
    // Accepted by the relay: only now is it sent. A crash before this commit sends it again,
    // with the same Message-ID.
    db_.write([&](helpdesk::Sql& sql) { outbox::mark_sent(sql, row.id, now); });
    ++result.sent;
  }
  return result;
}

std::string OutboxSender::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace intake_email
