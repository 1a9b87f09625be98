#include "kernel/storage/reader_pool.hpp"

namespace helpdesk::kernel {

ReaderPool::ReaderPool(const std::filesystem::path& file, int connections, int busy_timeout_ms) {
  const int count = connections > 0 ? connections : 1;
  for (int i = 0; i < count; ++i) {
    all_.push_back(std::make_unique<SqliteConnection>(file, SqliteConnection::Mode::reader, busy_timeout_ms));
    idle_.push_back(all_.back().get());
  }
}

void ReaderPool::run(const std::function<void(Sql&)>& fn) {
  SqliteConnection* connection = take();
  struct Lease {
    ReaderPool& pool;
    SqliteConnection* connection;
    ~Lease() { pool.give_back(connection); }
  } lease{*this, connection};

  connection->control("BEGIN");
  try {
    fn(*connection);
  } catch (...) {
    connection->rollback_quietly();
    throw;
  }
  connection->control("COMMIT");
}

SqliteConnection* ReaderPool::take() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty(); });
  auto* connection = idle_.back();
  idle_.pop_back();
  return connection;
}

void ReaderPool::give_back(SqliteConnection* connection) {
  // A transaction left open (COMMIT failed) would make the next BEGIN on it fail.
  connection->rollback_quietly();
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(connection);
  }
  freed_.notify_one();
}

}  // namespace helpdesk::kernel
