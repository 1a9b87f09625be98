#include "kernel/storage/sqlite_connection.hpp"

#include <sqlite3.h>

#include <memory>

#include <spdlog/spdlog.h>

#include "kernel/storage/sqlite_error.hpp"
#include "kernel/storage/sqlite_statement.hpp"

namespace helpdesk::kernel {

namespace {

// Enough for every statement a kernel and its plugins write with parameters; far past it, SQL is
// being built with values spliced in, and an unbounded cache would grow with every request.
constexpr std::size_t kMaxCachedStatements = 512;

// Settings the storage layer's promises rest on: durability, WAL, foreign keys, reader safety.
constexpr const char* kProtectedPragmas[] = {
    "journal_mode", "synchronous",  "query_only", "foreign_keys", "locking_mode",
    "writable_schema", "busy_timeout", "ignore_check_constraints", "mmap_size"};

std::string_view skip_blank(std::string_view sql) {
  const auto first = sql.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view() : sql.substr(first);
}

struct Finalize {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using OwnedStatement = std::unique_ptr<sqlite3_stmt, Finalize>;

}  // namespace

SqliteConnection::SqliteConnection(const std::filesystem::path& file, Mode mode, int busy_timeout_ms) {
  int flags = SQLITE_OPEN_NOMUTEX;  // one thread at a time; the pool and the writer see to that
  flags |= mode == Mode::writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw storage_unavailable("cannot open database " + file.string() + ": " + message);
  }
  try {
    setup(mode, busy_timeout_ms);
  } catch (const std::exception& e) {
    sqlite3_close_v2(db_);
    throw storage_unavailable("cannot set up database " + file.string() + ": " + e.what());
  }
}

SqliteConnection::~SqliteConnection() {
  clear_cache();
  sqlite3_close_v2(db_);
}

void SqliteConnection::setup(Mode mode, int busy_timeout_ms) {
  sqlite3_extended_result_codes(db_, 1);
  // Before anything else: switching to WAL needs a lock another process may hold.
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  if (mode == Mode::writer) {
    const auto row = query_one("PRAGMA journal_mode=WAL");
    if (!row || row->text(0) != "wal") {
      throw Error(503, "storage_unavailable", "the database cannot use WAL mode (journal_mode is " +
                                                  (row ? row->text(0) : std::string("unknown")) + ")");
    }
  }
  exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (mode == Mode::reader) exec_script("PRAGMA query_only=ON;");
  clear_cache();  // the setup statements are not worth keeping
  sqlite3_set_authorizer(db_, &SqliteConnection::authorize, this);
}

int SqliteConnection::authorize(void* self, int action, const char* a1, const char* a2, const char*,
                                const char*) {
  auto* connection = static_cast<SqliteConnection*>(self);
  if (connection->control_allowed_) return SQLITE_OK;
  switch (action) {
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
      connection->refused_ =
          "transaction statements are not allowed: write() and read() already run inside a "
          "transaction the storage layer manages";
      return SQLITE_DENY;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      connection->refused_ = "ATTACH and DETACH are not allowed";
      return SQLITE_DENY;
    case SQLITE_PRAGMA:
      if (a2 == nullptr) return SQLITE_OK;  // reading a setting, or a pragma without argument
      for (const char* name : kProtectedPragmas) {
        if (sqlite3_stricmp(a1, name) == 0) {
          connection->refused_ = std::string("PRAGMA ") + a1 + " is set by the storage layer";
          return SQLITE_DENY;
        }
      }
      return SQLITE_OK;
    default:
      return SQLITE_OK;
  }
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql, unsigned flags, const char** tail) {
  sqlite3_stmt* stmt = nullptr;
  refused_.clear();
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, tail);
  if (rc != SQLITE_OK) {
    if ((rc & 0xff) == SQLITE_AUTH && !refused_.empty()) throw sqlite_error(rc, refused_, skip_blank(sql));
    throw sqlite_error(db_, rc, skip_blank(sql));
  }
  if (stmt) ++prepared_;
  return stmt;
}

sqlite3_stmt* SqliteConnection::cached(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;

  const char* tail = nullptr;
  OwnedStatement stmt(prepare(sql, SQLITE_PREPARE_PERSISTENT, &tail));
  if (!stmt) throw sqlite_error(SQLITE_MISUSE, "no statement in the SQL", sql);
  // Only the first statement would run; refuse rather than silently drop the rest.
  const std::string_view rest(tail, sql.data() + sql.size() - tail);
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_stmt* extra = nullptr;
    const int rc = sqlite3_prepare_v3(db_, rest.data(), static_cast<int>(rest.size()), 0, &extra, nullptr);
    sqlite3_finalize(extra);
    if (rc != SQLITE_OK || extra) {
      throw sqlite_error(SQLITE_MISUSE, "one statement per call (several are for migrations)", sql);
    }
  }
  if (cache_.size() >= kMaxCachedStatements) {
    spdlog::warn("storage: {} distinct statements on one connection; dropping the statement cache "
                 "(is SQL being built with values instead of ? parameters?)",
                 cache_.size());
    clear_cache();
  }
  auto* raw = stmt.release();
  cache_.emplace(std::string(sql), raw);
  return raw;
}

int SqliteConnection::step(sqlite3_stmt* stmt, std::string_view sql) {
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return rc;
  throw sqlite_error(db_, rc, sql);
}

std::int64_t SqliteConnection::exec(std::string_view sql, const std::vector<SqlValue>& params) {
  auto* stmt = cached(sql);
  StatementUse use(stmt);
  bind_params(stmt, params, sql);
  // changes() keeps the count of the last INSERT/UPDATE/DELETE, so a DDL statement or a SELECT
  // would report someone else's rows; the total tells whether this statement changed any.
  const auto before = sqlite3_total_changes64(db_);
  while (step(stmt, sql) == SQLITE_ROW) {
  }
  return sqlite3_total_changes64(db_) == before ? 0 : sqlite3_changes64(db_);
}

std::vector<SqlRow> SqliteConnection::query(std::string_view sql, const std::vector<SqlValue>& params) {
  auto* stmt = cached(sql);
  StatementUse use(stmt);
  bind_params(stmt, params, sql);
  std::vector<SqlRow> rows;
  while (step(stmt, sql) == SQLITE_ROW) rows.push_back(read_row(stmt));
  return rows;
}

std::optional<SqlRow> SqliteConnection::query_one(std::string_view sql, const std::vector<SqlValue>& params) {
  auto* stmt = cached(sql);
  StatementUse use(stmt);
  bind_params(stmt, params, sql);
  if (step(stmt, sql) == SQLITE_ROW) return read_row(stmt);
  return std::nullopt;
}

std::int64_t SqliteConnection::last_insert_id() { return sqlite3_last_insert_rowid(db_); }

void SqliteConnection::exec_script(std::string_view sql) {
  std::string_view rest = sql;
  while (!skip_blank(rest).empty()) {
    const char* tail = nullptr;
    OwnedStatement stmt(prepare(rest, 0, &tail));
    const auto used = static_cast<std::size_t>(tail - rest.data());
    const std::string_view current = skip_blank(rest.substr(0, used));
    rest.remove_prefix(used);
    if (!stmt) continue;  // only comments left
    while (step(stmt.get(), current) == SQLITE_ROW) {
    }
    if (used == 0) break;
  }
}

void SqliteConnection::control(std::string_view sql) {
  control_allowed_ = true;
  struct Restore {
    bool& flag;
    ~Restore() { flag = false; }
  } restore{control_allowed_};
  auto* stmt = cached(sql);
  StatementUse use(stmt);
  step(stmt, sql);
}

void SqliteConnection::rollback_quietly() noexcept {
  if (!in_transaction()) return;
  control_allowed_ = true;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  control_allowed_ = false;
}

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

bool SqliteConnection::has_deferred_violations() const {
  int current = 0;
  int highest = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0);
  return current > 0;
}

void SqliteConnection::clear_cache() noexcept {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
}

}  // namespace helpdesk::kernel
