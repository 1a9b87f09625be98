#pragma once
// One SQLite connection, used by one thread at a time. Implements helpdesk::Sql with a cache of
// prepared statements keyed by their text. Transaction control (BEGIN, COMMIT, SAVEPOINT …),
// ATTACH and the pragmas the storage layer relies on are refused to the SQL it runs for others,
// because one job committing or turning off `synchronous` would break every other job's promise.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <helpdesk/error.hpp>
#include <helpdesk/storage.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace helpdesk::kernel {

class SqliteConnection final : public Sql {
 public:
  // writer: creates the file, switches it to WAL. reader: read-only, `query_only`; the file
  // must exist. Both: synchronous=FULL, foreign_keys=ON, the busy timeout.
  enum class Mode { writer, reader };

  // Throws Error 503 "storage_unavailable" when the file cannot be opened or set up.
  SqliteConnection(const std::filesystem::path& file, Mode mode, int busy_timeout_ms);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  std::int64_t exec(std::string_view sql, const std::vector<SqlValue>& params = {}) override;
  std::vector<SqlRow> query(std::string_view sql, const std::vector<SqlValue>& params = {}) override;
  std::optional<SqlRow> query_one(std::string_view sql, const std::vector<SqlValue>& params = {}) override;
  std::int64_t last_insert_id() override;

  // Runs one or more statements in order (a migration), without caching them. An error names
  // the statement that failed.
  void exec_script(std::string_view sql);
  // Runs one of the storage layer's own transaction statements (BEGIN, SAVEPOINT, COMMIT …).
  void control(std::string_view sql);
  // Rolls back whatever transaction is open; for failure paths, so it never throws.
  void rollback_quietly() noexcept;
  bool in_transaction() const;
  // True while the open transaction holds deferred foreign-key violations, which would make
  // COMMIT fail for everyone in the batch.
  bool has_deferred_violations() const;

  std::uint64_t statements_prepared() const { return prepared_; }
  std::size_t cached_statements() const { return cache_.size(); }

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3_stmt* cached(std::string_view sql);
  sqlite3_stmt* prepare(std::string_view sql, unsigned flags, const char** tail);
  int step(sqlite3_stmt* stmt, std::string_view sql);
  void setup(Mode mode, int busy_timeout_ms);
  void clear_cache() noexcept;
  static int authorize(void* self, int action, const char* a1, const char* a2, const char*, const char*);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
  bool control_allowed_ = false;
  std::string refused_;  // why the authorizer refused the statement being prepared
  std::uint64_t prepared_ = 0;
};

}  // namespace helpdesk::kernel
