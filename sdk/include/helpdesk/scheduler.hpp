#pragma once
// Durable timers. A timer is a row in the kernel's database: it survives restarts, a timer that
// fell due while the server was down fires at start, and each fires once (its handler runs, then
// the timer is marked done in the same commit as nothing else; a crash in between fires it again,
// so handlers whose effect leaves the process must be idempotent).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "helpdesk/tickets.hpp"

namespace helpdesk {

struct Timer {
  std::int64_t id = 0;
  std::string kind;  // e.g. "intake-email.poll"
  std::string key;   // optional dedupe key: scheduling a kind+key that is pending replaces it
  Timestamp due_at = 0;
  nlohmann::json payload = nlohmann::json::object();
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Handles timers of `kind` (only while the plugin starts; one handler per kind). Runs on the
  // scheduler's thread; a handler that throws has its timer retried with backoff.
  virtual void on(std::string kind, std::function<void(const Timer&)> handler) = 0;
  // Durably schedules a timer and returns its id.
  virtual std::int64_t schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                                const std::string& key = {}) = 0;
  // Cancels a pending timer; false if it had already fired or does not exist.
  virtual bool cancel(std::int64_t id) = 0;
  // The clock timers are measured against (injectable in tests).
  virtual Timestamp now() const = 0;
};

}  // namespace helpdesk
