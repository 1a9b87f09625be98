// Reads: a bounded pool, connections returned after exceptions, and snapshots of committed data.
#include "kernel/storage/reader_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "tests/kernel/storage/temp_database.hpp"

namespace helpdesk::kernel {
namespace {

using storage_test::count_rows;
using storage_test::options_for;
using storage_test::TempDir;

class ReaderPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_.exec("CREATE TABLE t (v INTEGER)"); }
  TempDir dir_;
  SqliteConnection writer_{dir_.file(), SqliteConnection::Mode::writer, 1000};
};

TEST_F(ReaderPoolTest, BlocksWhenEveryConnectionIsBusy) {
  ReaderPool pool(dir_.file(), 2, 1000);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto hold = [&] { pool.run([&](Sql&) { released.wait(); }); };
  auto first = std::async(std::launch::async, hold);
  auto second = std::async(std::launch::async, hold);
  while (pool.idle() > 0) std::this_thread::yield();

  std::atomic<bool> third_ran{false};
  auto third = std::async(std::launch::async, [&] { pool.run([&](Sql&) { third_ran = true; }); });
  // Not a timing assertion: a third connection would let it run at once; waiting a little
  // only gives a broken pool the chance to show itself.
  EXPECT_EQ(third.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  EXPECT_FALSE(third_ran);

  release.set_value();
  first.get();
  second.get();
  third.get();
  EXPECT_TRUE(third_ran);
  EXPECT_EQ(pool.idle(), 2u);
}

TEST_F(ReaderPoolTest, ReturnsConnectionsWhenReadsThrow) {
  ReaderPool pool(dir_.file(), 1, 1000);
  for (int i = 0; i < 5; ++i) {
    EXPECT_THROW(pool.run([](Sql& sql) {
      sql.query("SELECT v FROM t");
      throw std::runtime_error("read failed");
    }),
                 std::runtime_error);
    EXPECT_THROW(pool.run([](Sql& sql) { sql.query("SELECT nothing FROM nowhere"); }), Error);
  }
  EXPECT_EQ(pool.idle(), 1u);
  std::int64_t count = -1;
  pool.run([&](Sql& sql) { count = sql.query_one("SELECT count(*) FROM t")->integer(0); });
  EXPECT_EQ(count, 0);
}

TEST_F(ReaderPoolTest, ReadsCannotWrite) {
  ReaderPool pool(dir_.file(), 1, 1000);
  EXPECT_THROW(pool.run([](Sql& sql) { sql.exec("INSERT INTO t VALUES (1)"); }), Error);
  EXPECT_THROW(pool.run([](Sql& sql) { sql.exec("COMMIT"); }), Error);
  EXPECT_EQ(pool.idle(), 1u);
}

TEST(ReadSnapshots, ReadsSeeCommittedDataOnly) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  db.write([](Sql& sql) { sql.exec("CREATE TABLE t (v INTEGER)"); });

  std::promise<void> inserted;
  std::promise<void> finish;
  auto write = std::async(std::launch::async, [&] {
    db.write([&](Sql& sql) {
      sql.exec("INSERT INTO t VALUES (1)");
      inserted.set_value();
      finish.get_future().wait();
    });
  });
  inserted.get_future().wait();
  EXPECT_EQ(count_rows(db, "t"), 0);  // inserted, not committed
  finish.set_value();
  write.get();
  EXPECT_EQ(count_rows(db, "t"), 1);  // write() returned: committed and visible
}

TEST(ReadSnapshots, OneReadSeesOneSnapshot) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  db.write([](Sql& sql) { sql.exec("CREATE TABLE t (v INTEGER)"); });
  db.read([&](Sql& sql) {
    EXPECT_EQ(sql.query_one("SELECT count(*) FROM t")->integer(0), 0);
    // A commit from another thread in the middle of this read…
    std::async(std::launch::async, [&] {
      db.write([](Sql& w) { w.exec("INSERT INTO t VALUES (1)"); });
    }).get();
    // …is not seen until the next read.
    EXPECT_EQ(sql.query_one("SELECT count(*) FROM t")->integer(0), 0);
  });
  EXPECT_EQ(count_rows(db, "t"), 1);
}

}  // namespace
}  // namespace helpdesk::kernel
