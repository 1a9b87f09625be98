// Other processes (`helpdeskd pipe`, importers) open the same file through their own
// SqliteDatabase; SQLite's locks and the busy timeout must serialise them without errors.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/kernel/storage/temp_database.hpp"

namespace helpdesk::kernel {
namespace {

using storage_test::count_rows;
using storage_test::options_for;
using storage_test::TempDir;

// Writes `threads` x `each` rows tagged `who`; returns how many writes failed.
int write_rows(SqliteDatabase& db, const std::string& who, int threads, int each) {
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < each; ++i) {
        try {
          db.write([&](Sql& sql) {
            sql.exec("INSERT INTO t (who, n) VALUES (?, ?)", {who, std::int64_t{t * each + i}});
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  return failures;
}

void create_table(const std::filesystem::path& file) {
  SqliteDatabase db(options_for(file));
  db.write([](Sql& sql) { sql.exec("CREATE TABLE t (who TEXT, n INTEGER, UNIQUE (who, n))"); });
}

TEST(TwoDatabasesOneFile, BothWriteConcurrentlyWithoutErrors) {
  TempDir dir;
  create_table(dir.file());
  SqliteDatabase server(options_for(dir.file()));
  SqliteDatabase pipe(options_for(dir.file()));
  int server_failures = 0;
  int pipe_failures = 0;
  std::thread a([&] { server_failures = write_rows(server, "server", 8, 50); });
  std::thread b([&] { pipe_failures = write_rows(pipe, "pipe", 8, 50); });
  a.join();
  b.join();
  EXPECT_EQ(server_failures, 0);
  EXPECT_EQ(pipe_failures, 0);
  EXPECT_EQ(count_rows(server, "t"), 800);
  EXPECT_EQ(count_rows(pipe, "t"), 800);  // each sees the other's commits
}

TEST(TwoDatabasesOneFile, ASecondProcessWritesAlongside) {
  TempDir dir;
  create_table(dir.file());
  // Forked before this process opens anything, so the child starts with no storage threads.
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    int failures = 1;
    try {
      SqliteDatabase db(options_for(dir.file()));
      failures = write_rows(db, "child", 4, 100);
    } catch (...) {
    }
    _exit(failures == 0 ? 0 : 1);
  }
  int parent_failures = -1;
  {
    SqliteDatabase db(options_for(dir.file()));
    parent_failures = write_rows(db, "parent", 4, 100);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child process had failed writes";
  EXPECT_EQ(parent_failures, 0);

  SqliteDatabase db(options_for(dir.file()));
  db.read([](Sql& sql) {
    EXPECT_EQ(sql.query_one("SELECT count(*) FROM t WHERE who = 'parent'")->integer(0), 400);
    EXPECT_EQ(sql.query_one("SELECT count(*) FROM t WHERE who = 'child'")->integer(0), 400);
  });
}

}  // namespace
}  // namespace helpdesk::kernel
