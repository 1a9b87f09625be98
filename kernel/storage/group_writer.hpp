#pragma once
// The one writer: a thread that takes every queued write job (up to max_batch), runs each in a
// SAVEPOINT of one shared transaction and commits once, so concurrent callers share one fsync
// (see ANCHORS: 6.5k commits/s against 113k rows/s when 32 rows share a commit). A job's
// failure rolls back only its savepoint; a failed BEGIN or COMMIT fails the whole batch, so a
// caller is never told "done" about something that is not on disk.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kernel/storage/sqlite_connection.hpp"

namespace helpdesk::kernel {

class GroupWriter {
 public:
  using Job = std::function<void(SqliteConnection&)>;

  // `connection` is used only by the writer's thread from now on, and must outlive it.
  GroupWriter(SqliteConnection& connection, int max_batch);
  ~GroupWriter();  // stop()
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  // Runs `job` in the next transaction and returns once that transaction is durable. Rethrows
  // what `job` threw (its changes rolled back), or Error 503 when the transaction could not be
  // committed. `alone` gives the job a transaction of its own (migrations). Throws Error 500
  // when called from inside a job (it would wait for itself), 503 once stop() has begun.
  void run(const Job& job, bool alone = false);

  // Refuses new jobs, finishes the queued ones, joins the thread. Idempotent.
  void stop();

  bool on_writer_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
  std::uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }
  std::uint64_t jobs() const { return jobs_.load(std::memory_order_relaxed); }
  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

 private:
  struct Pending;

  void loop();
  void take_batch(std::vector<Pending*>& batch);
  void run_batch(std::vector<Pending*>& batch);
  bool run_in_savepoint(Pending& pending);
  void fail_batch(std::vector<Pending*>& batch, const std::string& why);
  void finish(std::vector<Pending*>& batch);

  SqliteConnection& connection_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;  // each lives on its caller's stack until the caller is woken
  bool stopping_ = false;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> jobs_{0};
  std::thread thread_;  // last, so it starts after everything it uses exists
};

}  // namespace helpdesk::kernel
