#include "kernel/core/scheduler.hpp"

#include <algorithm>

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {
namespace {
constexpr auto poll_interval = std::chrono::seconds(1);
constexpr std::int64_t max_backoff_seconds = 3600;

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "a non-standard exception";
  }
}
}  // namespace

DurableScheduler::DurableScheduler(Database& db, Clock clock, std::shared_ptr<spdlog::logger> log)
    : db_(db), clock_(std::move(clock)), log_(std::move(log)) {}

DurableScheduler::~DurableScheduler() { stop(); }

void DurableScheduler::on(const std::string& kind, std::function<void(const Timer&)> handler,
                          const std::string& owner) {
  std::lock_guard lock(mutex_);
  if (handlers_.count(kind)) throw conflict("timer kind '" + kind + "' already has a handler");
  handlers_[kind] = {owner, std::move(handler)};
}

void DurableScheduler::remove_owner(const std::string& owner) {
  std::lock_guard running(run_mutex_);  // a handler of this owner may be running: wait it out
  std::lock_guard lock(mutex_);
  std::erase_if(handlers_, [&](const auto& kv) { return kv.second.first == owner; });
}

std::int64_t DurableScheduler::schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                                        const std::string& key) {
  std::int64_t id = 0;
  db_.write([&](Sql& sql) {
    if (!key.empty())
      sql.exec("UPDATE timers SET state = 'cancelled' WHERE kind = ? AND key = ? AND state = 'pending' AND key <> ''", {kind, key});
    sql.exec("INSERT INTO timers (kind, key, due_at, payload) VALUES (?, ?, ?, ?)", {kind, key, due_at, payload.dump()});
    id = sql.last_insert_id();
  });
  wake_.notify_one();
  return id;
}

bool DurableScheduler::cancel(std::int64_t id) {
  std::int64_t changed = 0;
  db_.write([&](Sql& sql) {
    changed = sql.exec("UPDATE timers SET state = 'cancelled' WHERE id = ? AND state = 'pending'", {id});
  });
  return changed > 0;
}

int DurableScheduler::run_due_batch() {
  std::lock_guard run_lock(run_mutex_);
  std::map<std::string, std::function<void(const Timer&)>> handlers;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [kind, h] : handlers_) handlers[kind] = h.second;
  }
  if (handlers.empty()) return 0;
  std::string kinds;
  std::vector<SqlValue> params{clock_()};
  for (const auto& [kind, h] : handlers) {
    kinds += kinds.empty() ? "?" : ", ?";
    params.emplace_back(kind);
  }
  std::vector<Timer> due;
  db_.read([&](Sql& sql) {
    for (const auto& r : sql.query("SELECT id, kind, key, due_at, payload, attempts FROM timers WHERE state = 'pending' "
                                   "AND due_at <= ? AND kind IN (" + kinds + ") ORDER BY due_at, id LIMIT 100",
                                   params)) {
      Timer t{r.integer(0), r.text(1), r.text(2), r.integer(3), nlohmann::json::parse(r.text(4), nullptr, false)};
      due.push_back(std::move(t));
    }
  });
  int fired = 0;
  for (const auto& timer : due) {
    try {
      handlers.at(timer.kind)(timer);
      db_.write([&](Sql& sql) {
        sql.exec("UPDATE timers SET state = 'done', fired_at = ?, attempts = attempts + 1 WHERE id = ?",
                 {clock_(), timer.id});
      });
      ++fired;
    } catch (...) {
      const std::string error = describe_current_exception();
      log_->warn("timer {} ({}) failed: {}", timer.id, timer.kind, error);
      db_.write([&](Sql& sql) {
        auto row = sql.query_one("SELECT attempts FROM timers WHERE id = ?", {timer.id});
        const std::int64_t attempts = row ? row->integer(0) + 1 : 1;
        const std::int64_t backoff = std::min<std::int64_t>(max_backoff_seconds, std::int64_t{1} << std::min<std::int64_t>(attempts, 12));
        sql.exec("UPDATE timers SET attempts = ?, last_error = ?, due_at = ? WHERE id = ?",
                 {attempts, error, clock_() + backoff, timer.id});
      });
    }
  }
  return fired;
}

int DurableScheduler::run_due() {
  int total = 0;
  for (int round = 0; round < 10; ++round) {  // bounded: a handler cannot keep the thread forever
    const int fired = run_due_batch();
    total += fired;
    if (fired == 0) break;
  }
  return total;
}

void DurableScheduler::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        run_due();
      } catch (...) {
        log_->error("scheduler: {}", describe_current_exception());
      }
      lock.lock();
      wake_.wait_for(lock, poll_interval, [&] { return stopping_; });
    }
  });
}

void DurableScheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OwnedScheduler::on(std::string kind, std::function<void(const Timer&)> handler) {
  if (!open_) throw Error(500, "registration_closed", "plugin '" + owner_ + "' registered a timer handler after start");
  s_.on(kind, std::move(handler), owner_);
}

}  // namespace helpdesk::kernel
