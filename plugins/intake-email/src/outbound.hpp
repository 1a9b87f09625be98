#pragma once
// Outgoing mail: notifications built from templates on ticket events (auto-response, agent reply,
// alerts to agents, overdue alerts), written to the durable outbox, and sent over SMTP by a
// scheduler timer with retries and backoff. Every mail gets a signed Message-ID (message_ids.hpp)
// recorded in intake_email_messages, the thread's References and the subject token, so replies
// thread. (Implemented in outbound_*.cpp.)
#include <memory>

#include <nlohmann/json.hpp>

#include <helpdesk/plugin.hpp>

#include "common_settings.hpp"
#include "message_ids.hpp"

namespace intake_email {

class Outbound {
 public:
  // Reads and checks its settings (plugin.yaml "outgoing"); throws std::invalid_argument naming
  // the setting.
  Outbound(helpdesk::Host& host, const CommonSettings& common, helpdesk::Database& db, const MessageIds& ids);
  ~Outbound();
  // Subscribes to the ticket and SLA events and registers the outbox timer.
  void start();
  void stop();
  nlohmann::json health() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake_email
