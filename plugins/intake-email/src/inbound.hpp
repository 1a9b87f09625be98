#pragma once
// Incoming mail: the `helpdeskd pipe` command, osTicket's POST /api/tickets.email, and IMAP/POP3
// polling on the kernel's scheduler; each message parsed (mime/), checked (loops, bounces,
// auto-replies, bans, rate limit), threaded onto its ticket or opened as a new one, recorded in
// intake_email_messages/_fetched, or quarantined with the reason. (Implemented in inbound_*.cpp.)
#include <memory>

#include <nlohmann/json.hpp>

#include <helpdesk/plugin.hpp>

#include "common_settings.hpp"
#include "message_ids.hpp"

namespace intake_email {

class Inbound {
 public:
  // Reads and checks its settings (plugin.yaml "incoming"); throws std::invalid_argument naming
  // the setting (e.g. "accounts[1].url: …").
  Inbound(helpdesk::Host& host, const CommonSettings& common, helpdesk::Database& db, const MessageIds& ids);
  ~Inbound();
  // Registers the pipe command, the route, and (when host.serving()) the poll timers.
  void start();
  void stop();
  nlohmann::json health() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace intake_email
