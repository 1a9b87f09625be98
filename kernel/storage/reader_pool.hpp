#pragma once
// A fixed number of read-only connections. A read waits for a free one (so readers can never
// exhaust file handles or memory under load) and runs inside a deferred transaction, which gives
// it one consistent snapshot of committed data however many statements it runs.
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "kernel/storage/sqlite_connection.hpp"

namespace helpdesk::kernel {

class ReaderPool {
 public:
  // The file must already exist (the writer creates it). Throws Error 503 when it cannot open.
  ReaderPool(const std::filesystem::path& file, int connections, int busy_timeout_ms);

  // Runs `fn` on a free connection, blocking while all are busy; the connection goes back to
  // the pool also when `fn` throws. Rethrows what `fn` threw.
  void run(const std::function<void(Sql&)>& fn);

  std::size_t size() const { return all_.size(); }
  std::size_t idle() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
  }

 private:
  SqliteConnection* take();
  void give_back(SqliteConnection* connection);

  std::vector<std::unique_ptr<SqliteConnection>> all_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<SqliteConnection*> idle_;
};

}  // namespace helpdesk::kernel
