#pragma once
// The event bus. Events are published after the change they describe is committed and are
// delivered asynchronously, in publish order, on the kernel's event thread: a slow subscriber
// delays later events, never the request that caused them. A subscriber that throws is logged.
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "helpdesk/actor.hpp"
#include "helpdesk/tickets.hpp"

namespace helpdesk {

// The event names, the same in the SDK, Lua and the docs.
namespace events {
inline constexpr const char* ticket_created = "ticket.created";
inline constexpr const char* ticket_updated = "ticket.updated";
inline constexpr const char* ticket_replied = "ticket.replied";
inline constexpr const char* ticket_noted = "ticket.noted";
inline constexpr const char* ticket_assigned = "ticket.assigned";
inline constexpr const char* ticket_transferred = "ticket.transferred";
inline constexpr const char* ticket_status_changed = "ticket.status_changed";
inline constexpr const char* ticket_closed = "ticket.closed";
inline constexpr const char* ticket_reopened = "ticket.reopened";
inline constexpr const char* sla_warning = "sla.warning";
inline constexpr const char* sla_breached = "sla.breached";
inline constexpr const char* mail_received = "mail.received";
inline constexpr const char* mail_rejected = "mail.rejected";
}  // namespace events

struct Event {
  std::string name;
  std::string ticket_number;  // empty for events about no ticket
  nlohmann::json data = nlohmann::json::object();  // what changed: {"before": …, "after": …} or the entry
  Actor actor;
  Timestamp at = 0;
};

class EventBus {
 public:
  virtual ~EventBus() = default;
  // Calls `handler` for every event named `name` ("*" for all). Only while the plugin starts.
  virtual void subscribe(std::string name, std::function<void(const Event&)> handler) = 0;
  // Queues an event for delivery; returns at once.
  virtual void publish(Event event) = 0;
};

}  // namespace helpdesk
