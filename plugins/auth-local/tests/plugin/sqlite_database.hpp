#pragma once
// A helpdesk::Database on a private in-memory SQLite connection, for unit tests on the FakeHost
// (which has no database of its own). write() runs in a transaction rolled back when `fn` throws;
// migrations are applied by apply(). One connection, serialised by a mutex: enough for tests.
#include <mutex>
#include <vector>

#include <sqlite3.h>

#include <helpdesk/storage.hpp>

namespace auth_test {

class SqliteDatabase : public helpdesk::Database {
 public:
  SqliteDatabase();
  ~SqliteDatabase() override;
  void apply(const std::vector<helpdesk::Migration>& migrations);
  void write(const std::function<void(helpdesk::Sql&)>& fn) override;
  void read(const std::function<void(helpdesk::Sql&)>& fn) override;

 private:
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace auth_test
