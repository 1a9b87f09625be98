#pragma once
// Mailbox polling on the kernel's durable timers: one "intake-email.poll" timer per account,
// rescheduled after each poll. What is processed is recorded before the mailbox is touched.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "inbound_process.hpp"

namespace intake_email {

inline constexpr const char* poll_timer_kind = "intake-email.poll";

class Poller {
 public:
  Poller(helpdesk::Host& host, const InboundSettings& settings, Processor& processor)
      : host_(host), settings_(settings), processor_(processor) {}
  // Registers the timer handler; when serving, schedules each account's first poll.
  void start();
  void stop() { stopping_ = true; }
  // Polls one account now (the timer handler; also for tests). Never throws: errors are kept
  // for health() and logged.
  void poll(const MailAccount& account);
  nlohmann::json health() const;

 private:
  struct Status {
    std::int64_t last_poll = 0;
    std::string last_error;
    std::int64_t imported = 0;
  };
  void poll_imap(const MailAccount& account, helpdesk::mail::Endpoint endpoint);
  void poll_pop3(const MailAccount& account, helpdesk::mail::Endpoint endpoint);
  // The bearer for an OAuth2 account, refreshed (and kept in intake_email_state) when needed.
  std::string bearer(const MailAccount& account);
  void set_status(const std::string& account, const Status& status);

  helpdesk::Host& host_;
  const InboundSettings& settings_;
  Processor& processor_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::map<std::string, Status> status_;
};

}  // namespace intake_email
