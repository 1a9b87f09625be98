#pragma once
// Durable timers in the `timers` table. A background thread fires due timers whose kind has a
// handler: the handler runs, then the timer is marked done; a handler that throws is retried
// with exponential backoff (attempts and the last error are kept on the row). A timer due while
// the server was down fires after start.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include <helpdesk/scheduler.hpp>
#include <helpdesk/storage.hpp>

namespace helpdesk::kernel {

class DurableScheduler {
 public:
  using Clock = std::function<Timestamp()>;
  DurableScheduler(Database& db, Clock clock, std::shared_ptr<spdlog::logger> log);
  ~DurableScheduler();

  void on(const std::string& kind, std::function<void(const Timer&)> handler, const std::string& owner);
  void remove_owner(const std::string& owner);
  std::int64_t schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                        const std::string& key);
  bool cancel(std::int64_t id);
  Timestamp now() const { return clock_(); }

  void start();  // the firing thread; `poll` bounds how late a timer fires after its due time
  void stop();
  // Fires every timer due now (the thread calls this; tests with an injected clock call it directly).
  // Returns how many fired.
  int run_due();

 private:
  int run_due_batch();  // one query's worth (up to 100 timers)
  Database& db_;
  Clock clock_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, std::pair<std::string, std::function<void(const Timer&)>>> handlers_;  // kind -> owner, fn
  bool stopping_ = false;
  std::thread thread_;
  std::mutex run_mutex_;  // one run_due at a time
};

class OwnedScheduler : public Scheduler {
 public:
  OwnedScheduler(DurableScheduler& s, std::string owner, const bool& registration_open)
      : s_(s), owner_(std::move(owner)), open_(registration_open) {}
  void on(std::string kind, std::function<void(const Timer&)> handler) override;
  std::int64_t schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                        const std::string& key) override {
    return s_.schedule(kind, due_at, payload, key);
  }
  bool cancel(std::int64_t id) override { return s_.cancel(id); }
  Timestamp now() const override { return s_.now(); }

 private:
  DurableScheduler& s_;
  std::string owner_;
  const bool& open_;
};

}  // namespace helpdesk::kernel
