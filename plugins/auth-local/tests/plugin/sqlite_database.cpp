#include "sqlite_database.hpp"

#include <stdexcept>
#include <string>

namespace auth_test {
namespace {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db) + " in " + std::string(sql));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  void bind(const std::vector<helpdesk::SqlValue>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      const auto& v = params[i];
      if (auto p = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(stmt_, at, *p);
      else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(stmt_, at, *d);
      else if (auto s = std::get_if<std::string>(&v)) sqlite3_bind_text(stmt_, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else sqlite3_bind_null(stmt_, at);
    }
  }
  std::vector<helpdesk::SqlRow> rows() {
    std::vector<helpdesk::SqlRow> out;
    for (int rc = sqlite3_step(stmt_);; rc = sqlite3_step(stmt_)) {
      if (rc == SQLITE_DONE) return out;
      if (rc != SQLITE_ROW) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_));
      helpdesk::SqlRow row;
      for (int c = 0; c < sqlite3_column_count(stmt_); ++c) {
        switch (sqlite3_column_type(stmt_, c)) {
          case SQLITE_INTEGER: row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt_, c))); break;
          case SQLITE_FLOAT: row.values.emplace_back(sqlite3_column_double(stmt_, c)); break;
          case SQLITE_NULL: row.values.emplace_back(nullptr); break;
          default:
            row.values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c)),
                                                static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))));
        }
      }
      out.push_back(std::move(row));
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection : public helpdesk::Sql {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  std::int64_t exec(std::string_view sql, const std::vector<helpdesk::SqlValue>& params) override {
    Statement s(db_, sql);
    s.bind(params);
    s.rows();
    return sqlite3_changes(db_);
  }
  std::vector<helpdesk::SqlRow> query(std::string_view sql, const std::vector<helpdesk::SqlValue>& params) override {
    Statement s(db_, sql);
    s.bind(params);
    return s.rows();
  }
  std::optional<helpdesk::SqlRow> query_one(std::string_view sql, const std::vector<helpdesk::SqlValue>& params) override {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  }
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_;
};

void run(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + message);
  }
}

}  // namespace

SqliteDatabase::SqliteDatabase() {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("cannot open an in-memory SQLite database");
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::apply(const std::vector<helpdesk::Migration>& migrations) {
  std::lock_guard lock(mutex_);
  for (const auto& m : migrations) run(db_, m.sql);
}

void SqliteDatabase::write(const std::function<void(helpdesk::Sql&)>& fn) {
  std::lock_guard lock(mutex_);
  run(db_, "BEGIN");
  try {
    Connection c(db_);
    fn(c);
  } catch (...) {
    run(db_, "ROLLBACK");
    throw;
  }
  run(db_, "COMMIT");
}

void SqliteDatabase::read(const std::function<void(helpdesk::Sql&)>& fn) {
  std::lock_guard lock(mutex_);
  Connection c(db_);
  fn(c);
}

}  // namespace auth_test
