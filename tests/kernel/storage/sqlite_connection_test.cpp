// SqliteConnection: values in and out, the statement cache, and what it refuses.
#include "kernel/storage/sqlite_connection.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "tests/kernel/storage/temp_database.hpp"

namespace helpdesk::kernel {
namespace {

using storage_test::TempDir;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SqliteConnection sql_{dir_.file(), SqliteConnection::Mode::writer, 1000};
};

TEST_F(SqliteConnectionTest, RoundTripsEveryValueType) {
  sql_.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)");
  const std::string with_nul("a\0b\xC3\xA9", 5);
  sql_.exec("INSERT INTO t VALUES (?, ?, ?, X'00FF10', ?)",
            {std::numeric_limits<std::int64_t>::min(), 2.5, with_nul, nullptr});
  sql_.exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            {std::numeric_limits<std::int64_t>::max(), -1e300, std::string(), std::string("\x01\x02", 2),
             nullptr});

  const auto rows = sql_.query("SELECT i, r, s, b, n FROM t ORDER BY rowid");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(rows[0].values[0]), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(std::get<double>(rows[0].values[1]), 2.5);
  EXPECT_EQ(std::get<std::string>(rows[0].values[2]), with_nul);
  EXPECT_EQ(std::get<std::string>(rows[0].values[3]), std::string("\x00\xFF\x10", 3));
  EXPECT_TRUE(rows[0].is_null(4));
  EXPECT_EQ(rows[1].integer(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(rows[1].real(1), -1e300);
  EXPECT_EQ(std::get<std::string>(rows[1].values[2]), "");
  EXPECT_EQ(rows[1].text(3), std::string("\x01\x02", 2));
  EXPECT_EQ(rows[1].text(4), "");
}

TEST_F(SqliteConnectionTest, NullParametersMatchIsNull) {
  sql_.exec("CREATE TABLE t (v TEXT)");
  sql_.exec("INSERT INTO t VALUES (?)", {nullptr});
  EXPECT_EQ(sql_.query_one("SELECT count(*) FROM t WHERE v IS ?", {nullptr})->integer(0), 1);
}

TEST_F(SqliteConnectionTest, QueryOneAndLastInsertId) {
  sql_.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  EXPECT_FALSE(sql_.query_one("SELECT id FROM t").has_value());
  sql_.exec("INSERT INTO t (name) VALUES (?)", {std::string("a")});
  sql_.exec("INSERT INTO t (name) VALUES (?)", {std::string("b")});
  const auto id = sql_.last_insert_id();
  EXPECT_EQ(id, 2);
  const auto row = sql_.query_one("SELECT name FROM t WHERE id = ?", {id});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "b");
  // query_one leaves the statement reset: the same text runs again at once.
  EXPECT_EQ(sql_.query_one("SELECT name FROM t WHERE id = ?", {std::int64_t{1}})->text(0), "a");
}

TEST_F(SqliteConnectionTest, ExecCountsOnlyItsOwnChanges) {
  sql_.exec("CREATE TABLE t (v INTEGER)");
  EXPECT_EQ(sql_.exec("INSERT INTO t VALUES (1), (2), (3)"), 3);
  EXPECT_EQ(sql_.exec("UPDATE t SET v = v + 1 WHERE v > ?", {std::int64_t{1}}), 2);
  EXPECT_EQ(sql_.exec("CREATE INDEX t_v ON t (v)"), 0);  // not the UPDATE's 2
  EXPECT_EQ(sql_.exec("DELETE FROM t WHERE v = 99"), 0);
}

TEST_F(SqliteConnectionTest, ReusesPreparedStatementsByText) {
  sql_.exec("CREATE TABLE t (v INTEGER)");
  const auto before = sql_.statements_prepared();
  for (std::int64_t i = 0; i < 100; ++i) sql_.exec("INSERT INTO t VALUES (?)", {i});
  EXPECT_EQ(sql_.statements_prepared(), before + 1);
  for (int i = 0; i < 10; ++i) sql_.query("SELECT v FROM t WHERE v < ?", {std::int64_t{5}});
  EXPECT_EQ(sql_.statements_prepared(), before + 2);
  EXPECT_EQ(sql_.query_one("SELECT count(*) FROM t")->integer(0), 100);
}

TEST_F(SqliteConnectionTest, CachedStatementSurvivesSchemaChange) {
  sql_.exec("CREATE TABLE t (v INTEGER)");
  sql_.exec("INSERT INTO t VALUES (1)");
  EXPECT_EQ(sql_.query("SELECT * FROM t")[0].values.size(), 1u);
  sql_.exec("ALTER TABLE t ADD COLUMN w TEXT");
  EXPECT_EQ(sql_.query("SELECT * FROM t")[0].values.size(), 2u);
}

TEST_F(SqliteConnectionTest, ConstraintViolationIsConflictNamingTheSql) {
  sql_.exec("CREATE TABLE t (v INTEGER UNIQUE)");
  sql_.exec("INSERT INTO t VALUES (1)");
  try {
    sql_.exec("INSERT INTO t VALUES (?)", {std::int64_t{1}});
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.code(), "conflict");
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("INSERT INTO t VALUES (?)"), std::string::npos) << e.what();
  }
  // The failed statement was reset: the cache entry still works.
  EXPECT_EQ(sql_.exec("INSERT INTO t VALUES (?)", {std::int64_t{2}}), 1);
}

TEST_F(SqliteConnectionTest, ErrorsShowAtMostEightyCharactersOfSql) {
  const std::string sql = "SELEC " + std::string(200, 'x');
  try {
    sql_.query(sql);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(e.code(), "storage_error");
    const std::string what = e.what();
    EXPECT_NE(what.find("syntax error"), std::string::npos) << what;
    EXPECT_NE(what.find(sql.substr(0, 80)), std::string::npos) << what;
    EXPECT_EQ(what.find(sql.substr(0, 81)), std::string::npos) << what;
  }
}

TEST_F(SqliteConnectionTest, RefusesWrongParameterCount) {
  sql_.exec("CREATE TABLE t (a, b)");
  try {
    sql_.exec("INSERT INTO t VALUES (?, ?)", {std::int64_t{1}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_NE(std::string(e.what()).find("takes 2 parameters, 1 given"), std::string::npos) << e.what();
  }
}

TEST_F(SqliteConnectionTest, RefusesSeveralStatementsInOneCall) {
  sql_.exec("CREATE TABLE t (v);");  // a trailing semicolon is one statement
  EXPECT_THROW(sql_.exec("INSERT INTO t VALUES (1); DROP TABLE t"), Error);
  EXPECT_EQ(sql_.exec("INSERT INTO t VALUES (1); -- a comment"), 1);
  EXPECT_EQ(sql_.query_one("SELECT count(*) FROM t")->integer(0), 1);
}

TEST_F(SqliteConnectionTest, RefusesTransactionControlAndProtectedPragmas) {
  for (const char* sql : {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT x", "RELEASE x",
                          "PRAGMA synchronous=OFF", "PRAGMA journal_mode=DELETE", "PRAGMA foreign_keys=OFF",
                          "ATTACH 'other.db' AS other"}) {
    try {
      sql_.exec(sql);
      ADD_FAILURE() << sql << " was allowed";
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), 500) << sql;
      EXPECT_EQ(std::string(e.what()).find("not authorized"), std::string::npos) << e.what();
    }
  }
  // Reading settings is fine, and the settings are the ones we rely on.
  EXPECT_EQ(sql_.query_one("PRAGMA synchronous")->integer(0), 2);  // FULL
  EXPECT_EQ(sql_.query_one("PRAGMA journal_mode")->text(0), "wal");
  EXPECT_EQ(sql_.query_one("PRAGMA foreign_keys")->integer(0), 1);
  sql_.exec("CREATE TABLE t (v)");
  EXPECT_EQ(sql_.query("PRAGMA table_info(t)").size(), 1u);
}

TEST_F(SqliteConnectionTest, ScriptRunsStatementsInOrderAndNamesTheFailingOne) {
  sql_.exec_script(
      "-- a migration\n"
      "CREATE TABLE a (v INTEGER);\n"
      "INSERT INTO a VALUES (1);\n"
      "CREATE INDEX a_v ON a (v);\n");
  EXPECT_EQ(sql_.query_one("SELECT count(*) FROM a")->integer(0), 1);
  try {
    sql_.exec_script("INSERT INTO a VALUES (2);\nINSERT INTO missing VALUES (3);\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no such table: missing"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(in SQL: INSERT INTO missing"), std::string::npos) << e.what();
  }
}

TEST(SqliteConnectionOpen, ReaderIsReadOnly) {
  TempDir dir;
  SqliteConnection writer(dir.file(), SqliteConnection::Mode::writer, 1000);
  writer.exec("CREATE TABLE t (v)");
  SqliteConnection reader(dir.file(), SqliteConnection::Mode::reader, 1000);
  EXPECT_EQ(reader.query_one("SELECT count(*) FROM t")->integer(0), 0);
  EXPECT_THROW(reader.exec("INSERT INTO t VALUES (1)"), Error);
}

TEST(SqliteConnectionOpen, UnopenableFileIsStorageUnavailable) {
  TempDir dir;
  try {
    SqliteConnection reader(dir.file("missing.db"), SqliteConnection::Mode::reader, 1000);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.code(), "storage_unavailable");
    EXPECT_NE(std::string(e.what()).find("missing.db"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace helpdesk::kernel
