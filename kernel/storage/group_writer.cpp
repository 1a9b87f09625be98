#include "kernel/storage/group_writer.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "kernel/storage/sqlite_error.hpp"

namespace helpdesk::kernel {

// Lives on its caller's stack. The writer sets `done` and notifies under the queue mutex and
// touches nothing afterwards, so the caller may return (destroying it) as soon as it sees `done`.
struct GroupWriter::Pending {
  Pending(const Job* j, bool a) : job(j), alone(a) {}
  const Job* job;
  bool alone;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable finished;
};

GroupWriter::GroupWriter(SqliteConnection& connection, int max_batch)
    : connection_(connection),
      max_batch_(max_batch > 0 ? static_cast<std::size_t>(max_batch) : 1),
      thread_([this] { loop(); }) {}

GroupWriter::~GroupWriter() { stop(); }

void GroupWriter::run(const Job& job, bool alone) {
  if (on_writer_thread()) {
    throw Error(500, "storage_error",
                "write() or read() called from inside a write job: it would wait for its own "
                "transaction; do all the work in the one job");
  }
  Pending pending(&job, alone);
  {
    std::unique_lock lock(mutex_);
    if (stopping_) throw storage_unavailable("the database is closing");
    queue_.push_back(&pending);
    wake_.notify_one();
    pending.finished.wait(lock, [&pending] { return pending.done; });
  }
  if (pending.error) std::rethrow_exception(pending.error);
}

void GroupWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupWriter::loop() {
  std::vector<Pending*> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      take_batch(batch);
    }
    run_batch(batch);
    batch.clear();
  }
}

void GroupWriter::take_batch(std::vector<Pending*>& batch) {
  if (queue_.front()->alone) {
    batch.push_back(queue_.front());
    queue_.pop_front();
    return;
  }
  while (!queue_.empty() && batch.size() < max_batch_ && !queue_.front()->alone) {
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
}

void GroupWriter::run_batch(std::vector<Pending*>& batch) {
  try {
    // IMMEDIATE takes the write lock now, waiting up to the busy timeout for another process's
    // writer, instead of failing half-way through the jobs when a read lock cannot be upgraded.
    connection_.control("BEGIN IMMEDIATE");
  } catch (const std::exception& e) {
    fail_batch(batch, std::string("could not start a write transaction: ") + e.what());
    return;
  }
  for (auto* pending : batch) {
    if (!run_in_savepoint(*pending)) {
      connection_.rollback_quietly();
      fail_batch(batch, "the write transaction was lost and rolled back; nothing was saved");
      return;
    }
  }
  try {
    connection_.control("COMMIT");
  } catch (const std::exception& e) {
    connection_.rollback_quietly();
    fail_batch(batch, std::string("commit failed, nothing was saved: ") + e.what());
    return;
  }
  commits_.fetch_add(1, std::memory_order_relaxed);
  finish(batch);
}

// False when the shared transaction can no longer be trusted (SQLite rolled it back after an
// I/O error or a full disk, or a savepoint could not be undone).
bool GroupWriter::run_in_savepoint(Pending& pending) {
  try {
    connection_.control("SAVEPOINT job");
  } catch (...) {
    pending.error = std::current_exception();
    return false;
  }
  try {
    (*pending.job)(connection_);
    // Checked per job: left until COMMIT, one job's dangling reference would fail the batch.
    if (connection_.has_deferred_violations()) {
      throw conflict("FOREIGN KEY constraint failed (a deferred constraint was still violated when the "
                     "write ended)");
    }
    connection_.control("RELEASE job");
    return true;
  } catch (...) {
    pending.error = std::current_exception();
  }
  if (!connection_.in_transaction()) return false;
  try {
    connection_.control("ROLLBACK TO job");
    connection_.control("RELEASE job");
    return true;
  } catch (const std::exception& e) {
    spdlog::error("storage: could not roll back a failed write job: {}", e.what());
    return false;
  }
}

void GroupWriter::fail_batch(std::vector<Pending*>& batch, const std::string& why) {
  for (auto* pending : batch) {
    // A job's own error explains its failure best (and may be why the batch failed).
    if (!pending->error) pending->error = std::make_exception_ptr(storage_unavailable(why));
  }
  spdlog::error("storage: {} ({} write jobs failed)", why, batch.size());
  finish(batch);
}

void GroupWriter::finish(std::vector<Pending*>& batch) {
  std::lock_guard lock(mutex_);
  for (auto* pending : batch) {
    jobs_.fetch_add(1, std::memory_order_relaxed);  // before waking the caller, who may read it
    pending->done = true;
    pending->finished.notify_one();
  }
}

}  // namespace helpdesk::kernel
