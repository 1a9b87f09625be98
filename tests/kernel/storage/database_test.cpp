// SqliteDatabase as plugins and the kernel use it: group commit, durability, failures that stay
// with the job that caused them, and calls that would deadlock refused.
#include "kernel/storage/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "kernel/storage/sqlite_connection.hpp"
#include "tests/kernel/storage/temp_database.hpp"

namespace helpdesk::kernel {
namespace {

using storage_test::count_rows;
using storage_test::options_for;
using storage_test::TempDir;

void create_table(Database& db) {
  db.write([](Sql& sql) {
    sql.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, who TEXT, n INTEGER)");
  });
}

TEST(SqliteDatabase, CreatesItsFolderAndRoundTripsThroughWriteAndRead) {
  TempDir dir;
  const auto file = dir.path() / "nested" / "data" / "helpdesk.db";
  SqliteDatabase db(options_for(file));
  EXPECT_EQ(db.file(), file);
  EXPECT_TRUE(std::filesystem::exists(file));
  create_table(db);

  std::int64_t id = 0;
  db.write([&](Sql& sql) {
    sql.exec("INSERT INTO t (who, n) VALUES (?, ?)", {std::string("ann"), std::int64_t{7}});
    id = sql.last_insert_id();
  });
  EXPECT_GT(id, 0);
  db.read([&](Sql& sql) {
    const auto row = sql.query_one("SELECT who, n FROM t WHERE id = ?", {id});
    ASSERT_TRUE(row);
    EXPECT_EQ(row->text(0), "ann");
    EXPECT_EQ(row->integer(1), 7);
  });
}

TEST(SqliteDatabase, ConcurrentWritersShareCommitsAndAllSurviveReopening) {
  TempDir dir;
  constexpr int kThreads = 32;
  constexpr int kWritesEach = 100;
  SqliteDatabase::Stats stats;
  std::chrono::duration<double> elapsed{};
  {
    SqliteDatabase db(options_for(dir.file()));
    create_table(db);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&db, t] {
        for (int i = 0; i < kWritesEach; ++i) {
          db.write([&](Sql& sql) {
            sql.exec("INSERT INTO t (who, n) VALUES (?, ?)",
                     {"thread " + std::to_string(t), std::int64_t{i}});
          });
        }
      });
    }
    for (auto& thread : threads) thread.join();
    elapsed = std::chrono::steady_clock::now() - start;
    stats = db.stats();
  }
  // For information only: never asserted (the machine is shared).
  std::cout << "[ info ] " << kThreads * kWritesEach << " durable writes in " << elapsed.count() << " s ("
            << kThreads * kWritesEach / elapsed.count() << "/s), " << stats.commits << " commits\n";

  EXPECT_EQ(stats.write_jobs, 1u + kThreads * kWritesEach);
  EXPECT_LT(stats.commits, stats.write_jobs);

  SqliteDatabase reopened(options_for(dir.file()));
  EXPECT_EQ(count_rows(reopened, "t"), kThreads * kWritesEach);
  reopened.read([&](Sql& sql) {
    EXPECT_EQ(sql.query_one("SELECT count(DISTINCT who) FROM t")->integer(0), kThreads);
    EXPECT_EQ(sql.query_one("SELECT count(*) FROM t WHERE n = 99")->integer(0), kThreads);
  });
}

TEST(SqliteDatabase, AcknowledgedWritesSurviveDestruction) {
  TempDir dir;
  {
    SqliteDatabase db(options_for(dir.file()));
    create_table(db);
    for (std::int64_t i = 0; i < 50; ++i) {
      db.write([&](Sql& sql) { sql.exec("INSERT INTO t (n) VALUES (?)", {i}); });
    }
  }
  SqliteDatabase db(options_for(dir.file()));
  EXPECT_EQ(count_rows(db, "t"), 50);
}

TEST(SqliteDatabase, ThrowingJobKeepsItsExceptionAndLosesOnlyItsRows) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  create_table(db);
  struct Custom : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  EXPECT_THROW(db.write([](Sql& sql) {
    sql.exec("INSERT INTO t (n) VALUES (1)");
    throw Custom("custom failure");
  }),
               Custom);
  try {
    db.write([](Sql& sql) { throw not_found("no such ticket"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_STREQ(e.what(), "no such ticket");
  }
  db.write([](Sql& sql) { sql.exec("INSERT INTO t (n) VALUES (2)"); });
  db.read([](Sql& sql) {
    const auto rows = sql.query("SELECT n FROM t");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].integer(0), 2);
  });
}

TEST(SqliteDatabase, ConstraintViolationIsConflict) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  db.write([](Sql& sql) { sql.exec("CREATE TABLE u (email TEXT UNIQUE)"); });
  db.write([](Sql& sql) { sql.exec("INSERT INTO u VALUES (?)", {std::string("a@example.com")}); });
  try {
    db.write([](Sql& sql) { sql.exec("INSERT INTO u VALUES (?)", {std::string("a@example.com")}); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.code(), "conflict");
    EXPECT_NE(std::string(e.what()).find("u.email"), std::string::npos) << e.what();
  }
}

TEST(SqliteDatabase, ForeignKeysAreEnforced) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  db.write([](Sql& sql) {
    sql.exec("CREATE TABLE p (id INTEGER PRIMARY KEY)");
    sql.exec("CREATE TABLE c (p INTEGER REFERENCES p (id))");
  });
  try {
    db.write([](Sql& sql) { sql.exec("INSERT INTO c VALUES (5)"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
  }
}

TEST(SqliteDatabase, NestedCallsThrowInsteadOfHanging) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  create_table(db);
  auto expect_refused = [](const std::function<void()>& call) {
    try {
      call();
      ADD_FAILURE() << "nested call was allowed";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), 500);
      EXPECT_NE(std::string(e.what()).find("from inside"), std::string::npos) << e.what();
    }
  };
  expect_refused([&] { db.write([&](Sql&) { db.write([](Sql&) {}); }); });
  expect_refused([&] { db.write([&](Sql&) { db.read([](Sql&) {}); }); });
  expect_refused([&] { db.read([&](Sql&) { db.read([](Sql&) {}); }); });
  expect_refused([&] { db.read([&](Sql&) { db.write([](Sql&) {}); }); });
  expect_refused([&] { db.write([&](Sql&) { db.schema_version("x"); }); });

  // A nested call caught inside the job leaves the outer job intact.
  db.write([&](Sql& sql) {
    sql.exec("INSERT INTO t (n) VALUES (1)");
    try {
      db.write([](Sql&) {});
    } catch (const Error&) {
    }
  });
  EXPECT_EQ(count_rows(db, "t"), 1);
  EXPECT_NO_THROW(db.read([](Sql&) {}));  // the marks were cleared
}

TEST(SqliteDatabase, WholeBatchFailsWithStorageUnavailableWhenTheLockCannotBeTaken) {
  TempDir dir;
  auto options = options_for(dir.file());
  options.busy_timeout_ms = 50;
  SqliteDatabase db(options);
  create_table(db);

  // Another process's writer holding the write lock past our busy timeout.
  SqliteConnection other(dir.file(), SqliteConnection::Mode::writer, 50);
  other.control("BEGIN IMMEDIATE");
  try {
    db.write([](Sql& sql) { sql.exec("INSERT INTO t (n) VALUES (1)"); });
    FAIL() << "a write was acknowledged without a commit";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.code(), "storage_unavailable");
  }
  other.control("ROLLBACK");

  db.write([](Sql& sql) { sql.exec("INSERT INTO t (n) VALUES (2)"); });
  db.read([](Sql& sql) {
    const auto rows = sql.query("SELECT n FROM t");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].integer(0), 2);
  });
}

TEST(SqliteDatabase, UnopenableFileIsStorageUnavailable) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("a-folder.db"));
  try {
    SqliteDatabase db(options_for(dir.file("a-folder.db")));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.code(), "storage_unavailable");
  }
}

}  // namespace
}  // namespace helpdesk::kernel
