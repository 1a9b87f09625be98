// SqliteDatabase::migrate: each step once, recorded, atomic, and refused when out of order.
#include <gtest/gtest.h>

#include "tests/kernel/storage/temp_database.hpp"

namespace helpdesk::kernel {
namespace {

using storage_test::options_for;
using storage_test::TempDir;

const std::vector<Migration> kTicketsV2 = {
    {1, "init", "CREATE TABLE demo_ticket (id INTEGER PRIMARY KEY, subject TEXT NOT NULL);\n"
                "CREATE INDEX demo_ticket_subject ON demo_ticket (subject);"},
    {2, "seed", "INSERT INTO demo_ticket (subject) VALUES ('welcome');"},
};

bool has_table(SqliteDatabase& db, const std::string& name) {
  bool found = false;
  db.read([&](Sql& sql) {
    found = sql.query_one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {name})
                .has_value();
  });
  return found;
}

TEST(Migrations, AppliesEachOnceAndRecordsVersions) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  EXPECT_EQ(db.schema_version("demo"), 0);  // before schema_versions exists
  db.migrate("demo", kTicketsV2);
  EXPECT_EQ(db.schema_version("demo"), 2);
  EXPECT_EQ(db.schema_version("other"), 0);

  db.read([](Sql& sql) {
    const auto rows = sql.query(
        "SELECT version, name, applied_at FROM schema_versions WHERE component = 'demo' ORDER BY version");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].integer(0), 1);
    EXPECT_EQ(rows[0].text(1), "init");
    EXPECT_EQ(rows[1].text(1), "seed");
    EXPECT_GT(rows[1].integer(2), 1700000000);
  });

  const auto commits = db.stats().commits;
  db.migrate("demo", kTicketsV2);  // a re-run is a no-op
  EXPECT_EQ(storage_test::count_rows(db, "demo_ticket"), 1);
  EXPECT_EQ(db.stats().commits - commits, 1u);  // just the CREATE TABLE IF NOT EXISTS
}

TEST(Migrations, AppliesOnlyNewStepsAfterAnUpgrade) {
  TempDir dir;
  {
    SqliteDatabase db(options_for(dir.file()));
    db.migrate("demo", {kTicketsV2[0]});
    EXPECT_EQ(db.schema_version("demo"), 1);
  }
  SqliteDatabase db(options_for(dir.file()));
  auto v3 = kTicketsV2;
  v3.push_back({3, "priority", "ALTER TABLE demo_ticket ADD COLUMN priority TEXT DEFAULT 'Normal';"});
  db.migrate("demo", v3);
  EXPECT_EQ(db.schema_version("demo"), 3);
  db.read([](Sql& sql) {
    EXPECT_EQ(sql.query_one("SELECT priority FROM demo_ticket WHERE subject = 'welcome'")->text(0), "Normal");
  });
}

TEST(Migrations, FailingStepAppliesNothingAndNamesItself) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  auto migrations = kTicketsV2;
  migrations.push_back({3, "broken",
                        "CREATE TABLE demo_half (v INTEGER);\n"
                        "INSERT INTO demo_ticket (subject) VALUES ('half');\n"
                        "INSERT INTO demo_nowhere VALUES (1);"});
  migrations.push_back({4, "after", "CREATE TABLE demo_after (v INTEGER);"});
  try {
    db.migrate("demo", migrations);
    FAIL();
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("migration demo 3_broken failed: ", 0), 0u) << what;
    EXPECT_NE(what.find("no such table: demo_nowhere"), std::string::npos) << what;
  }
  EXPECT_EQ(db.schema_version("demo"), 2);
  EXPECT_FALSE(has_table(db, "demo_half"));
  EXPECT_FALSE(has_table(db, "demo_after"));
  EXPECT_EQ(storage_test::count_rows(db, "demo_ticket"), 1);

  migrations[2].sql = "CREATE TABLE demo_half (v INTEGER);";  // fixed in the next release
  db.migrate("demo", migrations);
  EXPECT_EQ(db.schema_version("demo"), 4);
  EXPECT_TRUE(has_table(db, "demo_after"));
}

TEST(Migrations, TransactionStatementsInAStepAreRefused) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  EXPECT_THROW(db.migrate("demo", {{1, "own_tx", "BEGIN; CREATE TABLE demo_x (v); COMMIT;"}}), Error);
  EXPECT_EQ(db.schema_version("demo"), 0);
  EXPECT_FALSE(has_table(db, "demo_x"));
}

TEST(Migrations, RefusesListsOutOfOrder) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  auto refused = [&](const std::vector<Migration>& migrations, const std::string& expected) {
    try {
      db.migrate("demo", migrations);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  refused({{1, "a", "CREATE TABLE demo_a (v);"}, {1, "b", "CREATE TABLE demo_b (v);"}},
          "version 1 appears twice (1_a, 1_b)");
  refused({{2, "b", "CREATE TABLE demo_b (v);"}, {1, "a", "CREATE TABLE demo_a (v);"}},
          "1_a comes after 2_b");
  refused({{0, "zero", "CREATE TABLE demo_z (v);"}}, "versions start at 1");
  EXPECT_FALSE(has_table(db, "demo_a"));
  EXPECT_FALSE(has_table(db, "demo_b"));
  EXPECT_EQ(db.schema_version("demo"), 0);
}

TEST(Migrations, ComponentsAreIndependent) {
  TempDir dir;
  SqliteDatabase db(options_for(dir.file()));
  db.migrate("kernel", {{1, "init", "CREATE TABLE ticket (id INTEGER PRIMARY KEY);"}});
  db.migrate("intake_api", {{1, "init", "CREATE TABLE intake_api_key (id INTEGER PRIMARY KEY);"},
                            {2, "ip", "ALTER TABLE intake_api_key ADD COLUMN ip TEXT;"}});
  EXPECT_EQ(db.schema_version("kernel"), 1);
  EXPECT_EQ(db.schema_version("intake_api"), 2);
}

}  // namespace
}  // namespace helpdesk::kernel
